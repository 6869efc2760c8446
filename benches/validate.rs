//! Benchmarks (divan): load + validate and the department summary on generated trees of 1k
//! and 10k projects (written to a temporary folder when the run starts), the whole-tree load
//! that `show`/`report` use, for comparison, and the target parser alone. `cargo bench`;
//! whole-process numbers are in docs/performance.md (scripts/bench.sh).

#![allow(
    missing_docs,
    clippy::expect_used,
    clippy::unwrap_used,
    unreachable_pub
)]

#[path = "../examples/gen_corpus/main.rs"]
#[allow(unreachable_pub)]
mod gen_corpus;

use std::path::PathBuf;
use std::sync::OnceLock;

use divan::Bencher;
use perf::config::Config;
use perf::model::target::Target;
use perf::source::lower::Lowered;
use perf::summary::DEFAULT_MONTHS;

fn main() {
    divan::main();
}

/// The generated trees, made once per run (seed 7, 3% with defects).
fn tree(projects: usize) -> PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().expect("a temporary folder"));
    let out = dir.path().join(projects.to_string());
    if !out.exists() {
        gen_corpus::generate(&gen_corpus::Args::new(projects, 7, out.clone()))
            .expect("the corpus is written");
    }
    out
}

#[divan::bench(args = [1000, 10000], sample_count = 10, sample_size = 1)]
fn load_and_validate(bencher: Bencher, projects: usize) {
    let paths = vec![tree(projects)];
    let config = Config::default();
    bencher.bench(|| {
        perf::check::check(&paths, &config, perf::check::Scope::Findings)
            .diagnostics
            .len()
    });
}

#[divan::bench(args = [1000, 10000], sample_count = 10, sample_size = 1)]
fn summary_by_department(bencher: Bencher, projects: usize) {
    let paths = vec![tree(projects)];
    bencher.bench(|| {
        perf::summary::fold::departments(
            &paths,
            perf::source::ReadOptions::default(),
            None,
            &DEFAULT_MONTHS,
            false,
        )
        .summary
        .project_count()
    });
}

/// What `show`, `report` and `export` do: keep every file and project.
#[divan::bench(args = [1000], sample_count = 10, sample_size = 1)]
fn load_whole_tree(bencher: Bencher, projects: usize) {
    let paths = vec![tree(projects)];
    bencher.bench(|| perf::source::load(&paths).projects.len());
}

/// The texts of the 1k tree, read once.
fn texts() -> &'static [String] {
    static TEXTS: OnceLock<Vec<String>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        walkdir::WalkDir::new(tree(1000))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
            .filter_map(|e| String::from_utf8(std::fs::read(e.path()).ok()?).ok())
            .collect()
    })
}

/// Runs `each` on every file of the 1k tree, counting files.
fn per_file(bencher: Bencher, each: impl Fn(&str) -> usize + Sync) {
    let texts = texts();
    bencher
        .counter(divan::counter::ItemsCount::new(texts.len()))
        .bench(|| texts.iter().map(|t| each(t)).sum::<usize>());
}

/// The `toml` crate's parser alone (`toml::de::DeTable`: spanned, borrowed tables), on every
/// file of the 1k tree; perf uses it only for files its own readers give up on.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn toml_parse_1k_files(bencher: Bencher) {
    per_file(bencher, |t| toml::de::DeTable::parse_recoverable(t).1.len());
}

/// How perf reads TOML (`source::doc::parse`: the hand-written scanner of src/source/scan.rs,
/// falling back to the others), on every file of the 1k tree.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn doc_parse_1k_files(bencher: Bencher) {
    per_file(bencher, |t| {
        perf::source::doc::parse(t).map_or(0, |t| t.len())
    });
}

/// The second way alone: the one-pass builder over `toml_parser`'s events
/// (`source::doc::parse_fast`, what `doc::parse` was before the scanner), for comparison.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn doc_parse_builder_1k_files(bencher: Bencher) {
    per_file(bencher, |t| {
        perf::source::doc::parse_fast(t).map_or(0, |t| t.len())
    });
}

/// Parsing and lowering to the model (what `read_file` does after reading), on the 1k tree.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn parse_and_lower_1k_files(bencher: Bencher) {
    per_file(bencher, |t| {
        let mut sink = perf::source::fields::Sink::new(perf::diag::FileId(0));
        let lowered = perf::source::parse_and_lower(t, &mut sink);
        sink.items.len() + usize::from(matches!(lowered, Lowered::Unknown))
    });
}

/// Every form of 指标值 the grammar reads (src/model/target/tests.rs), parsed in turn.
const TARGETS: &[&str] = &[
    "≧5个",
    "≧85%",
    "=7000万元",
    "≤2800万元",
    ">95%",
    "=100%",
    "≧50",
    "≧20000人",
    "2024年12月底前",
    "是",
    "及时发放",
    "≥100人次",
    ">=90%",
    "＞=90%",
    "⩾3期",
    "≦10天",
    "<=5%",
    "不低于90%",
    "不少于200人",
    "至少2次",
    "不超过500万元",
    "最多4篇",
    "高于上年",
    "100人以上",
    "90%及以上",
    "3个工作日以内",
    "15个工作日内",
    "≥１２０人",
    "≥1,346.5万平方米",
    "≥1，200人",
    "≤2.5亿元",
    "≥0.5万人",
    "=98.5%",
    "≥2次/月",
    "≤50万元/年",
    "≤50万/月",
    "≤500元/人",
    "=800元/亩",
    "≤300元/人·月",
    "≥1次/季度",
    "≥95％",
    "≥95百分比",
    "5个",
    "100%",
    "4000万元",
    "12",
    "80%-90%",
    "5~8个",
    "3至5次",
    "10-20万元",
    "90%-80%",
    "2024年1月--2024年11月",
    "按月",
    "每季度",
    "否",
    "优",
    "基本达到",
    "有所提升",
    "控制在预算内",
    "",
    "——",
    "/",
    "无",
    "≧个",
    "≥5个3",
    "不低于上年",
];

#[divan::bench]
fn target_parser(bencher: Bencher) {
    bencher
        .counter(divan::counter::ItemsCount::new(TARGETS.len()))
        .bench(|| {
            TARGETS
                .iter()
                .map(|t| Target::parse(*divan::black_box(t)))
                .filter(|t| t.quantity().is_some())
                .count()
        });
}
