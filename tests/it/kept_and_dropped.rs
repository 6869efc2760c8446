//! One check pipeline, two drivers: projects kept in memory (`Session::load`, for show, report,
//! export, the workbench) or dropped after the fold (`perf::check::check_each` behind `perf
//! validate`, and `check` for the formats that need one sorted list) give the same findings
//! (rule, severity, file, span, message, help); `perf summary` by department
//! (`perf::summary::fold`) gives the table loading the whole tree gives. Run on every rule
//! fixture, the bundled trees and a generated tree with defects of every kind.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use perf::check::Scope;
use perf::config::Config;
use perf::i18n::Lang;
use perf::report::Rows;
use perf::report::grid::summary_grid;
use perf::session::Session;
use perf::source::load;
use perf::summary::{DEFAULT_MONTHS, Filter, summarise};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Findings as comparable rows: file path, code, severity, span, message, help.
type Row = (
    String,
    &'static str,
    String,
    Option<(usize, usize)>,
    String,
    Option<String>,
);

fn rows(files: &[perf::source::file::SourceFile], ds: &[perf::diag::Diagnostic]) -> Vec<Row> {
    ds.iter()
        .map(|d| {
            (
                files[d.file.0].path.display().to_string(),
                d.rule.code,
                d.severity.to_string(),
                d.span.as_ref().map(|s| (s.start, s.end)),
                d.message.clone(),
                d.help.clone(),
            )
        })
        .collect()
}

fn assert_same_findings(paths: &[PathBuf]) {
    let config = Config::default();
    let judged = Session::with_config(paths, config.clone()).load();
    let (workspace, loaded) = (judged.workspace, judged.diagnostics);
    // Findings handed over as files are checked: the same findings, each file's own in path
    // order, then the rest (cross-file and files with suppressions) in path order.
    let mut streamed: Vec<Row> = Vec::new();
    let mut texts = true;
    let finished = perf::check::check_each(
        paths,
        &config,
        |files, ds| {
            let with_texts = ds.iter().all(|d| {
                let file = &files[d.file.0];
                let loaded = workspace.files.iter().find(|f| f.path == file.path);
                file.text.is_some() == loaded.is_some_and(|f| f.text.is_some())
            });
            (with_texts, rows(files, ds))
        },
        |(with_texts, batch)| {
            texts &= with_texts;
            streamed.extend(batch);
        },
    );
    assert!(texts, "{paths:?}: a finding's file without its text");
    assert_eq!(finished.checked, workspace.files.len());
    let mut sorted = streamed.clone();
    sorted.sort();
    let mut expected = rows(&workspace.files, &loaded);
    expected.sort();
    assert_eq!(expected, sorted, "{paths:?} streamed");
    for scope in [Scope::Findings, Scope::EveryFile] {
        let mut checked = perf::check::check(paths, &config, scope);
        perf::source::stream::refill_texts(&mut checked.files, &checked.diagnostics);
        assert_eq!(
            rows(&workspace.files, &loaded),
            rows(&checked.files, &checked.diagnostics),
            "{paths:?} {scope:?}"
        );
        assert_eq!(checked.checked, workspace.files.len());
        if scope == Scope::EveryFile {
            let all: Vec<_> = workspace.files.iter().map(|f| &f.path).collect();
            let kept: Vec<_> = checked.files.iter().map(|f| &f.path).collect();
            assert_eq!(kept, all, "{paths:?}");
        } else {
            // Only the files findings or suppressions point into are kept.
            assert!(
                checked
                    .files
                    .iter()
                    .enumerate()
                    .all(|(i, f)| !f.suppressions.is_empty()
                        || checked.diagnostics.iter().any(|d| d.file.0 == i)),
                "{paths:?}"
            );
        }
        // Every file a finding points into has its text, for rendering.
        for d in &checked.diagnostics {
            let file = &checked.files[d.file.0];
            let loaded = workspace.files.iter().find(|f| f.path == file.path);
            assert_eq!(
                file.text.is_some(),
                loaded.is_some_and(|f| f.text.is_some()),
                "{}",
                file.path.display()
            );
        }
    }
}

fn assert_same_department_table(paths: &[PathBuf], year: Option<i64>, shares: bool) {
    let workspace = load(paths);
    let filter = Filter {
        departments: Vec::new(),
        year,
    };
    let mut exact = summarise(&workspace, &filter, &DEFAULT_MONTHS);
    if shares {
        exact.add_shares();
    }
    let loaded = exact.rounded();
    let view = perf::summary::fold::departments(
        paths,
        perf::source::ReadOptions::default(),
        year,
        &DEFAULT_MONTHS,
        shares,
    );
    for combined in [true, false] {
        assert_eq!(
            summary_grid(&loaded, Rows::Departments, combined, Lang::Zh),
            summary_grid(&view.summary, Rows::Departments, combined, Lang::Zh),
            "{paths:?}"
        );
    }
    assert_eq!(loaded.left_out, view.summary.left_out);
    assert_eq!(loaded.totals, view.summary.totals);
    assert_eq!(loaded.by_year, view.summary.by_year);
}

#[test]
fn every_rule_fixture_gives_the_same_findings() {
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root().join("tests/rules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() > 40);
    for fixture in &fixtures {
        assert_same_findings(std::slice::from_ref(fixture));
        // The streamed summary does not build indicator rows: broken rows change no total
        // and no file's being left out.
        assert_same_department_table(std::slice::from_ref(fixture), None, true);
    }
    // All of them together: the cross-file rules see one tree.
    assert_same_findings(&fixtures);
    assert_same_department_table(&fixtures, None, false);
}

#[test]
fn the_bundled_trees_give_the_same_findings_and_totals() {
    for tree in ["budgets", "examples", "tests/fixtures"] {
        let paths = vec![root().join(tree)];
        assert_same_findings(&paths);
        assert_same_department_table(&paths, None, false);
        assert_same_department_table(&paths, None, true);
        assert_same_department_table(&paths, Some(2024), false);
    }
}

#[test]
fn a_generated_tree_gives_the_same_findings_and_totals() {
    let perf = PathBuf::from(env!("CARGO_BIN_EXE_perf"));
    let exe = perf
        .parent()
        .unwrap()
        .join("examples")
        .join(format!("gen_corpus{}", std::env::consts::EXE_SUFFIX));
    if !exe.is_file() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--example", "gen_corpus"])
            .current_dir(root())
            .status()
            .unwrap();
        assert!(status.success());
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tree");
    let status = Command::new(exe)
        .args(["--projects", "400", "--seed", "5", "--defect-percent", "15"])
        .arg("--out")
        .arg(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    let paths = vec![dir];
    assert_same_findings(&paths);
    assert_same_department_table(&paths, None, true);
    assert_same_department_table(&paths, Some(2023), false);
}
