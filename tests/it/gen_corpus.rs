//! The benchmark corpus generator (`examples/gen_corpus`): on a small generated tree,
//! `perf validate` reports exactly the findings the manifest lists (file and code, notes
//! included) — every clean file has none at all — and the same seed writes the same bytes.

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
    let output = Command::new(generator())
        .args([
            "--projects",
            projects,
            "--seed",
            seed,
            "--defect-percent",
            defects,
        ])
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

#[test]
fn validate_finds_exactly_the_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tree");
    // A fifth of the files get a defect, so every kind of defect appears at least once.
    generate(&dir, "200", "7", "20");
    let manifest = manifest(&dir);
    let expected: BTreeSet<(String, String)> = manifest["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_owned(),
                f["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let kinds: BTreeSet<&str> = manifest["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["defect"].as_str())
        .collect();
    assert!(kinds.len() >= 30, "defect kinds seen: {kinds:?}");

    let output = perf(&["validate", "--format", "jsonl", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let found: BTreeSet<(String, String)> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let d: serde_json::Value = serde_json::from_str(line).unwrap();
            let file = Path::new(d["file"].as_str().unwrap())
                .strip_prefix(&dir)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned();
            (file, d["code"].as_str().unwrap().to_owned())
        })
        .collect();
    let missing: Vec<_> = expected.difference(&found).collect();
    let extra: Vec<_> = found.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}\nextra {extra:?}"
    );
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
