//! Writes a realistic budget tree for benchmarks and tests:
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --projects 100000 --seed 7 --out DIR
//! ```
//!
//! Departments are folders with a `department.toml`; projects have 6–12 indicators in Chinese,
//! 2–4 KB each, and use every target form the grammar reads. A known share of files
//! (`--defect-percent`, default 3) get one defect each; `DIR/manifest.json` lists the findings
//! (file, code) `perf validate DIR` must report — every other file must produce none at all.
//! With `--findings realistic` every project file instead gets several defects at the rates of
//! published tables (about 4 findings a file: missing 指标值确定依据, plan lag, no unit, `=100%`
//! satisfaction, missing purpose, notes, a few duplicates), still all listed in the manifest.
//! The same seed gives the same tree, byte for byte.

#![allow(clippy::print_stdout, clippy::print_stderr, missing_docs, dead_code)]

mod defects;
mod project;
mod render;
mod targets;
mod words;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use rayon::prelude::*;
use serde::Serialize;

use self::defects::Defect;
use self::project::Project;
use self::targets::decimal;

/// A small deterministic generator (SplitMix64): no dependency, same stream on every platform.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// Uniform in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let i = self.below(items.len() as u64) as usize;
        &items[i]
    }
}

/// What to generate.
pub(crate) struct Args {
    pub(crate) projects: usize,
    pub(crate) seed: u64,
    pub(crate) out: PathBuf,
    pub(crate) defect_percent: f64,
    pub(crate) year: i64,
    /// `--findings realistic`: every file gets several defects at the rates of published
    /// tables, instead of `defect_percent` of the files getting one each.
    pub(crate) realistic: bool,
}

impl Args {
    /// `projects` projects from `seed` into `out`, 3% with defects.
    pub(crate) fn new(projects: usize, seed: u64, out: PathBuf) -> Self {
        Self {
            projects,
            seed,
            out,
            defect_percent: 3.0,
            year: 2024,
            realistic: false,
        }
    }
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args::new(1000, 7, PathBuf::new());
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--projects" => args.projects = value()?.parse()?,
            "--seed" => args.seed = value()?.parse()?,
            "--out" => args.out = value()?.into(),
            "--defect-percent" => args.defect_percent = value()?.parse()?,
            "--year" => args.year = value()?.parse()?,
            "--findings" => {
                args.realistic = match value()?.as_str() {
                    "realistic" => true,
                    "sparse" => false,
                    other => bail!("--findings takes realistic or sparse, not {other}"),
                }
            }
            _ => bail!(
                "usage: gen_corpus --projects N [--seed S] --out DIR [--defect-percent P] [--year Y] [--findings realistic|sparse]"
            ),
        }
    }
    if args.out.as_os_str().is_empty() {
        bail!("--out DIR is required");
    }
    Ok(args)
}

/// One expected finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
struct Expected {
    file: String,
    code: String,
    defect: String,
}

#[derive(Serialize)]
pub(crate) struct Manifest {
    seed: u64,
    projects: usize,
    departments: usize,
    files: usize,
    bytes: u64,
    defect_percent: f64,
    defective_files: usize,
    /// Every finding `perf validate` must report, by file (relative to the tree) and code.
    findings: Vec<Expected>,
}

/// What a department's generation produced.
struct DeptOutcome {
    files: usize,
    bytes: u64,
    defective: usize,
    findings: Vec<Expected>,
}

fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    let manifest = generate(&args)?;
    println!(
        "wrote {} files ({} departments, {} projects, {:.1} MB) to {}; {} files with defects, {} expected findings in manifest.json",
        manifest.files,
        manifest.departments,
        manifest.projects,
        manifest.bytes as f64 / 1e6,
        args.out.display(),
        manifest.defective_files,
        manifest.findings.len()
    );
    Ok(())
}

/// Writes the tree and its manifest; benches call this directly.
pub(crate) fn generate(args: &Args) -> anyhow::Result<Manifest> {
    if args.out.exists() && std::fs::read_dir(&args.out)?.next().is_some() {
        bail!("{} exists and is not empty", args.out.display());
    }
    std::fs::create_dir_all(&args.out)?;
    let mut rng = Rng::new(args.seed);
    let mut sizes = Vec::new();
    let mut left = args.projects;
    while left > 0 {
        let size = (rng.range(20, 150) as usize).min(left);
        sizes.push(size);
        left -= size;
    }
    // Exactly round(N × percent) projects get a defect, kinds handed out in turn.
    let wanted = ((args.projects as f64) * args.defect_percent / 100.0).round() as usize;
    let mut order: Vec<usize> = (0..args.projects).collect();
    for i in 0..wanted.min(args.projects) {
        let j = i + rng.below((args.projects - i) as u64) as usize;
        order.swap(i, j);
    }
    let mut chosen: Vec<usize> = order.into_iter().take(wanted).collect();
    chosen.sort_unstable();
    let mut defects: Vec<Vec<Defect>> = vec![Vec::new(); args.projects];
    if args.realistic {
        for d in &mut defects {
            *d = defects::realistic(&mut rng);
        }
    } else {
        for (k, &i) in chosen.iter().enumerate() {
            defects[i] = vec![defects::ALL[k % defects::ALL.len()]];
        }
    }
    let dept_wanted = ((sizes.len() as f64) * args.defect_percent / 100.0).round() as usize;
    let dept_wanted = dept_wanted.max(usize::from(args.defect_percent > 0.0));
    let mut dept_defect = vec![false; sizes.len()];
    for _ in 0..dept_wanted.min(sizes.len()) {
        let i = rng.below(sizes.len() as u64) as usize;
        dept_defect[i] = true;
    }
    let mut start = 0;
    let jobs: Vec<(usize, usize, usize)> = sizes
        .iter()
        .enumerate()
        .map(|(d, &size)| {
            let job = (d, start, size);
            start += size;
            job
        })
        .collect();
    let outcomes: Vec<DeptOutcome> = jobs
        .par_iter()
        .map(|&(d, start, size)| {
            let seed = args.seed ^ (d as u64 + 1).wrapping_mul(0xA24B_AED4_963E_E407);
            department(
                args,
                Rng::new(seed),
                d,
                &defects[start..start + size],
                dept_defect[d],
            )
        })
        .collect::<anyhow::Result<_>>()?;
    let mut findings: Vec<Expected> = outcomes.iter().flat_map(|o| o.findings.clone()).collect();
    findings.sort();
    findings.dedup();
    let manifest = Manifest {
        seed: args.seed,
        projects: args.projects,
        departments: sizes.len(),
        files: outcomes.iter().map(|o| o.files).sum(),
        bytes: outcomes.iter().map(|o| o.bytes).sum(),
        defect_percent: args.defect_percent,
        defective_files: outcomes.iter().map(|o| o.defective).sum(),
        findings,
    };
    std::fs::write(
        args.out.join("manifest.json"),
        serde_json::to_vec_pretty(&manifest)?,
    )?;
    Ok(manifest)
}

fn department_name(d: usize) -> (String, String) {
    let regions = words::REGIONS.len();
    let agencies = words::AGENCIES.len();
    let region = words::REGIONS[d % regions];
    let (agency, short) = words::AGENCIES[(d / regions) % agencies];
    let round = d / (regions * agencies);
    let region_short = region.trim_end_matches(['区', '县']);
    if round == 0 {
        (
            format!("{region}{agency}"),
            format!("{region_short}{short}"),
        )
    } else {
        (
            format!("{region}第{}片区{agency}", round + 1),
            format!("{region_short}{}片{short}", round + 1),
        )
    }
}

/// A project as perf's cross-file rules see it.
struct Seen {
    file: String,
    department: String,
    year: i64,
    name: String,
    code: String,
    micro_wan: i128,
}

fn department(
    args: &Args,
    mut rng: Rng,
    d: usize,
    defects: &[Vec<Defect>],
    budget_defect: bool,
) -> anyhow::Result<DeptOutcome> {
    let (name, alias) = department_name(d);
    let dir = args.out.join(&name);
    std::fs::create_dir_all(&dir)?;
    let code = format!("D{:04}", d + 1);
    let mut projects: Vec<(Project, Vec<Defect>)> = Vec::new();
    for (i, list) in defects.iter().enumerate() {
        let mut p = project::build(&mut rng, &name, &code, i, args.year, !list.is_empty());
        for defect in list {
            defect.before_finish(&mut p, &mut rng);
        }
        project::finish(&mut rng, &mut p);
        for defect in list {
            defect.after_finish(&mut p, &mut rng);
        }
        projects.push((p, list.clone()));
    }
    // A duplicate code takes the code of the first clean project (in file order).
    let donor = projects
        .iter()
        .filter(|(_, d)| d.is_empty())
        .map(|(p, _)| (p.file_name.clone(), p.code.clone()))
        .min();
    for (p, list) in &mut projects {
        if list.contains(&Defect::DuplicateCode) {
            match &donor {
                Some((_, code)) => p.code = code.clone(),
                None => list.retain(|d| *d != Defect::DuplicateCode),
            }
        }
    }
    let mut copies = Vec::new();
    for (p, list) in &projects {
        if list.contains(&Defect::DuplicateProject) {
            let mut copy = p.clone();
            copy.file_name = format!("{}（调整）.toml", p.name);
            copy.code = format!("{}B", p.code);
            // The copy has the original's other defects (and their findings) too.
            let rest: Vec<Defect> = list
                .iter()
                .copied()
                .filter(|d| *d != Defect::DuplicateProject)
                .collect();
            copies.push((copy, rest));
        }
    }
    // Copies without defects of their own are defective as duplicates (counted below
    // otherwise).
    let copy_count = copies.iter().filter(|(_, list)| list.is_empty()).count();
    projects.extend(copies);

    let mut outcome = DeptOutcome {
        files: 0,
        bytes: 0,
        defective: copy_count,
        findings: Vec::new(),
    };
    let rel = |file: &str| format!("{name}/{file}");
    let mut seen = Vec::new();
    for (p, list) in &projects {
        let mut text = render::render(&mut rng, p);
        if p.crlf {
            text = text.replace('\n', "\r\n");
        }
        if p.bom {
            text.insert(0, '\u{feff}');
        }
        let mut bytes = text.into_bytes();
        for defect in list {
            bytes = defect.corrupt(bytes);
        }
        write(&dir.join(&p.file_name), &bytes, &mut outcome)?;
        if !list.is_empty() {
            outcome.defective += 1;
        }
        for defect in list {
            for code in defect.codes() {
                outcome.findings.push(Expected {
                    file: rel(&p.file_name),
                    code: (*code).into(),
                    defect: defect.name(),
                });
            }
        }
        if list.iter().all(|d| d.lowers()) {
            seen.push(Seen {
                file: p.file_name.clone(),
                department: p.department.clone(),
                year: p.year,
                name: p.name.clone(),
                code: p.code.clone(),
                micro_wan: p.budget.total_micro_wan(),
            });
        }
    }
    seen.sort_by(|a, b| a.file.as_bytes().cmp(b.file.as_bytes()));
    let declared = cross_findings(&seen, &name, args.year, &rel, &mut outcome.findings);
    let declared = declared + if budget_defect { 1_000_000 } else { 0 };
    if budget_defect {
        outcome.defective += 1;
        outcome.findings.push(Expected {
            file: rel("department.toml"),
            code: "X004".into(),
            defect: "department-budget".into(),
        });
    }
    let text = department_file(&mut rng, &name, &alias, args.year, declared, &projects);
    write(&dir.join("department.toml"), text.as_bytes(), &mut outcome)?;
    Ok(outcome)
}

/// X001 (same department, year and name), X002, X003 and X005 as perf's cross-file rules
/// find them in path order; returns the sum of the department's projects (millionths of 万元).
fn cross_findings(
    seen: &[Seen],
    department: &str,
    year: i64,
    rel: &dyn Fn(&str) -> String,
    out: &mut Vec<Expected>,
) -> i128 {
    let mut push = |file: &str, code: &str, defect: &str| {
        out.push(Expected {
            file: rel(file),
            code: code.into(),
            defect: defect.into(),
        });
    };
    let mut keys: BTreeMap<(&str, i64, &str), usize> = BTreeMap::new();
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut sum = 0;
    for s in seen {
        let key = (s.department.as_str(), s.year, s.name.as_str());
        if keys.insert(key, 0).is_some() {
            push(&s.file, "X001", "duplicate-project");
        }
        if codes.insert(s.code.as_str(), 0).is_some() {
            push(&s.file, "X005", "duplicate-code");
        }
        if s.department != department {
            push(&s.file, "X002", "department-missing");
        } else if s.year != year {
            push(&s.file, "X003", "department-year");
        } else {
            sum += s.micro_wan;
        }
    }
    sum
}

fn department_file(
    rng: &mut Rng,
    name: &str,
    alias: &str,
    year: i64,
    micro_wan: i128,
    projects: &[(Project, Vec<Defect>)],
) -> String {
    let mut s = String::new();
    s.push_str("[department]\n");
    s.push_str(&format!("name = \"{name}\"\n"));
    s.push_str(&format!("aliases = [\"{alias}\"]\n"));
    s.push_str(&format!("year = {year}\n"));
    s.push_str(&format!("budget = \"{}\"\n", decimal(micro_wan, 6)));
    s.push_str("overall = [\n");
    for g in words::DEPARTMENT_GOALS
        .iter()
        .take(2 + rng.below(2) as usize)
    {
        s.push_str(&format!("  \"{g}\",\n"));
    }
    s.push_str("]\nmeasures = [\n");
    for m in words::MEASURES.iter().take(3 + rng.below(2) as usize) {
        s.push_str(&format!("  \"{m}\",\n"));
    }
    s.push_str("]\n");
    for (p, _) in projects.iter().take(3) {
        s.push_str("\n[[objective]]\n");
        s.push_str(&format!("title = \"做好{}工作\"\n", p.name));
        if let Some(purpose) = &p.purpose {
            s.push_str(&format!(
                "goal = \"{}\"\n",
                purpose.trim_start_matches("用于")
            ));
        }
        s.push_str(&format!(
            "indicator = \"{}，{}。\"\n",
            p.rows.first().map_or("", |r| r.name.as_str()),
            p.rows.first().map_or("", |r| r.target.as_str())
        ));
    }
    s
}

fn write(path: &Path, bytes: &[u8], outcome: &mut DeptOutcome) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))?;
    outcome.files += 1;
    outcome.bytes += bytes.len() as u64;
    Ok(())
}
