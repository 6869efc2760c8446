//! `perf validate --changed-since REV`: only files changed since a revision are reported,
//! while cross-file rules still see the whole tree.

// Fixture set-up helpers may panic: a failed set-up is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Command;

use common::{perf_in, stderr, stdout};

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=perf",
            "-c",
            "user.email=perf@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn reports_only_changed_files() {
    let dir = tempfile::tempdir().unwrap();
    let dept = dir.path().join("budgets/高新区人社局");
    std::fs::create_dir_all(&dept).unwrap();
    for entry in std::fs::read_dir("budgets/高新区人社局").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dept.join(path.file_name().unwrap())).unwrap();
    }
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "seed"]);

    // Nothing changed yet: nothing to report, success.
    let output = perf_in(
        dir.path(),
        &[
            "validate",
            "--format",
            "concise",
            "--changed-since",
            "HEAD",
            "budgets",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");

    // Edit one file: only its findings show; the department file is still found (no X002).
    let file = dept.join("人才发展资金.toml");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("fiscal = 2800", "fiscal = 2700\nother = 0");
    std::fs::write(&file, text).unwrap();
    let output = perf_in(
        dir.path(),
        &[
            "validate",
            "--format",
            "concise",
            "--changed-since",
            "HEAD",
            "budgets",
        ],
    );
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.lines().all(|l| l.contains("人才发展资金.toml")),
        "{text}"
    );
    assert!(text.contains("[B001]") && !text.contains("X002"), "{text}");
    assert!(
        stderr(&output).contains("检查了 1 个文件"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_bad_revision_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("budgets/某局")).unwrap();
    std::fs::copy(
        "examples/示例区教育局/学生资助补助经费.toml",
        dir.path().join("budgets/某局/a.toml"),
    )
    .unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "x"]);
    let output = perf_in(
        dir.path(),
        &["validate", "--changed-since", "no-such-rev", "budgets"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no-such-rev"),
        "{}",
        stderr(&output)
    );
}
