//! `perf validate --changed-since REV`: only files changed since a revision are reported,
//! while cross-file rules still see the whole tree.

// Fixture set-up helpers may panic: a failed set-up is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use crate::common::{perf_in, stderr, stdout};

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

/// A repository holding the seed tree, committed.
fn seeded_repo() -> tempfile::TempDir {
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
    dir
}

#[test]
fn the_repositorys_fsmonitor_command_is_never_run() {
    let dir = seeded_repo();
    let marker = dir.path().join("MARKER");
    let hook = dir.path().join("hook.sh");
    std::fs::write(
        &hook,
        format!("#!/bin/sh\ntouch '{}'\nexit 1\n", marker.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    git(
        dir.path(),
        &["config", "core.fsmonitor", hook.to_str().unwrap()],
    );
    // Make sure git itself would run it: the test is only worth something if it can fail.
    git(dir.path(), &["diff", "--name-only", "HEAD"]);
    assert!(marker.exists(), "git runs core.fsmonitor");
    std::fs::remove_file(&marker).unwrap();

    let output = perf_in(
        dir.path(),
        &["validate", "--changed-since", "HEAD", "budgets"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        !marker.exists(),
        "perf validate --changed-since ran core.fsmonitor"
    );
    let output = perf_in(dir.path(), &["diff"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!marker.exists(), "perf diff ran core.fsmonitor");
}

#[test]
fn diff_refuses_an_oversize_committed_file_unread() {
    let dir = seeded_repo();
    std::fs::write(dir.path().join("perf.toml"), "[limits]\nmax_file_mb = 1\n").unwrap();
    // Two megabytes that are not TOML: read, they would be a syntax error (F001), not F009.
    let big = dir.path().join("budgets/高新区人社局/big.toml");
    std::fs::write(&big, "x".repeat(2 * 1024 * 1024)).unwrap();
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "big"]);
    std::fs::write(&big, "x".repeat(3 * 1024 * 1024)).unwrap();
    let output = perf_in(dir.path(), &["diff"]);
    let text = stdout(&output);
    assert!(!text.contains("F001"), "the blob was read: {text}");
    assert!(text.contains("文件有 2.0 MB，超过上限 1.0 MB"), "{text}");
    // Replaced by a small file: the F009 of the old side is fixed.
    std::fs::write(&big, "[project]\nname = \"x\"\n").unwrap();
    let output = perf_in(dir.path(), &["diff"]);
    let text = stdout(&output);
    assert!(
        text.contains("error[F009] budgets/高新区人社局/big.toml"),
        "{text}"
    );
    assert!(text.contains("超过上限 1.0 MB"), "{text}");
}

#[test]
fn a_bare_repository_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "--bare"]);
    for args in [&["diff"][..], &["validate", "--changed-since", "HEAD", "."]] {
        let output = perf_in(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let text = stderr(&output);
        assert!(text.contains("裸仓库"), "{args:?}: {text}");
        assert!(!text.contains("不在 git 仓库中"), "{args:?}: {text}");
    }
}

/// Issue 18: the GitHub example's annotate step, run as the runner would run it, on a pull
/// request that edits a file under a Chinese folder name. The earlier `git diff --name-only |
/// xargs` step got quoted paths (`"budgets/\351\253\230…"`), perf said 路径不存在 and xargs
/// exited 123.
#[test]
fn the_github_example_annotates_a_change_under_a_chinese_folder() {
    let workflow = std::fs::read_to_string("examples/ci/github-actions.yml").unwrap();
    let step = workflow
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("run: perf validate") && l.contains("--format github"))
        .expect("the annotate step")
        .trim_start_matches("run: ")
        .replace("${{ github.base_ref }}", "main");

    let dir = seeded_repo();
    git(
        dir.path(),
        &["update-ref", "refs/remotes/origin/main", "HEAD"],
    );
    let file = dir.path().join("budgets/高新区人社局/人才发展资金.toml");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("fiscal = 2800", "fiscal = 2700\nother = 0");
    std::fs::write(&file, text).unwrap();
    git(dir.path(), &["commit", "-q", "-am", "pr"]);

    let bin = Path::new(env!("CARGO_BIN_EXE_perf")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let output = Command::new("sh")
        .current_dir(dir.path())
        .env("PATH", path)
        .env_remove("PERF_LANG")
        .args(["-c", &step])
        .output()
        .unwrap();
    let out = stdout(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{step}\n{out}\n{}",
        stderr(&output)
    );
    assert!(
        out.contains("::error file=budgets/高新区人社局/人才发展资金.toml,")
            && out.contains("title=B001 "),
        "{out}"
    );
    assert!(
        out.lines().all(|l| l.contains("人才发展资金.toml")),
        "only the changed file: {out}"
    );
}
