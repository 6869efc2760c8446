//! The benchmark corpus generator (`examples/gen_corpus`): on a small generated tree,
//! `perf validate` reports exactly the findings the manifest lists (file and code, notes
//! included) — every clean file has none at all — and the same seed writes the same bytes;
//! `--findings realistic` puts several findings in every file and still lists them all.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{perf, stderr};

/// The generator, built by `cargo test` with the other examples (or built here if not).
fn generator() -> PathBuf {
    let perf = PathBuf::from(env!("CARGO_BIN_EXE_perf"));
    let dir = perf.parent().expect("target dir");
    let exe = dir
        .join("examples")
        .join(format!("gen_corpus{}", std::env::consts::EXE_SUFFIX));
    if !exe.is_file() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--example", "gen_corpus"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building the gen_corpus example");
    }
    exe
}

fn generate(out: &Path, projects: &str, seed: &str, defects: &str) {
    generate_with(
        out,
        &[
            "--projects",
            projects,
            "--seed",
            seed,
            "--defect-percent",
            defects,
        ],
    );
}

pub(crate) fn generate_with(out: &Path, args: &[&str]) {
    let output = Command::new(generator())
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .expect("gen_corpus runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn manifest(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("manifest.json")).expect("manifest written");
    serde_json::from_str(&text).expect("manifest is JSON")
}

/// The (file, code) pairs the manifest lists.
fn expected(manifest: &serde_json::Value) -> BTreeSet<(String, String)> {
    manifest["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_owned(),
                f["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The (file, code) pairs `perf validate --format jsonl` reports on `dir`, and how many
/// findings there were.
fn found(dir: &Path) -> (BTreeSet<(String, String)>, usize) {
    let output = perf(&["validate", "--format", "jsonl", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let pairs = stdout
        .lines()
        .map(|line| {
            let d: serde_json::Value = serde_json::from_str(line).unwrap();
            let file = Path::new(d["file"].as_str().unwrap())
                .strip_prefix(dir)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned();
            (file, d["code"].as_str().unwrap().to_owned())
        })
        .collect();
    (pairs, stdout.lines().count())
}

fn assert_same(expected: &BTreeSet<(String, String)>, found: &BTreeSet<(String, String)>) {
    let missing: Vec<_> = expected.difference(found).collect();
    let extra: Vec<_> = found.difference(expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}\nextra {extra:?}"
    );
}

#[test]
fn validate_finds_exactly_the_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tree");
    // A fifth of the files get a defect, so every kind of defect appears at least once.
    generate(&dir, "200", "7", "20");
    let manifest = manifest(&dir);
    let expected = expected(&manifest);
    let kinds: BTreeSet<&str> = manifest["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["defect"].as_str())
        .collect();
    assert!(kinds.len() >= 30, "defect kinds seen: {kinds:?}");
    assert_same(&expected, &found(&dir).0);
}

/// `--findings realistic`: every project file has findings, several on average (published
/// tables have 4–8), of the kinds real tables have, and the manifest still lists them all.
#[test]
fn a_realistic_tree_has_findings_in_every_file_and_the_manifest_lists_them() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("realistic");
    generate_with(
        &dir,
        &[
            "--projects",
            "300",
            "--seed",
            "13",
            "--findings",
            "realistic",
        ],
    );
    let manifest = manifest(&dir);
    let expected = expected(&manifest);
    let (found, count) = found(&dir);
    assert_same(&expected, &found);
    let projects = manifest["projects"].as_u64().unwrap() as usize;
    let files_with_findings: BTreeSet<&str> = found
        .iter()
        .map(|(f, _)| f.as_str())
        .filter(|f| !f.ends_with("department.toml"))
        .collect();
    assert!(
        files_with_findings.len() >= projects,
        "{files_with_findings:?}"
    );
    let per_file = count as f64 / projects as f64;
    assert!(
        (3.0..=8.0).contains(&per_file),
        "{per_file} findings a file"
    );
    let codes: BTreeSet<&str> = found.iter().map(|(_, c)| c.as_str()).collect();
    for code in [
        "I014", "S005", "S006", "I008", "I013", "P005", "P006", "X001",
    ] {
        assert!(codes.contains(code), "{code} missing from {codes:?}");
    }
}

#[test]
fn a_clean_tree_has_no_finding_at_all() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("clean");
    generate(&dir, "300", "11", "0");
    let output = perf(&["validate", "--format", "concise", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        output.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(
        stderr(&output).contains("0 个错误，0 个警告"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_same_seed_writes_the_same_tree() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    generate(&a, "60", "3", "10");
    generate(&b, "60", "3", "10");
    let files = |root: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut out: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        out.sort();
        out
    };
    let (fa, fb) = (files(&a), files(&b));
    assert!(fa.len() > 60);
    assert!(fa == fb, "two runs with seed 3 differ");
}
