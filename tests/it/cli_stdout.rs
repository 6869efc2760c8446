//! Exit codes that stay true when stdout misbehaves (issue 14 part 4): a reader that stops
//! early (`| head -1`) ends the output quietly but the status still reflects the findings; a
//! stdout closed before perf starts (`>&-`) or one that cannot take the bytes (`/dev/full`)
//! is exit 2 with a message.

#![allow(clippy::unwrap_used)]

use std::process::{Command, Output};

/// Runs `script` in bash with `set -o pipefail`, `$PERF` the binary, in the repository root.
fn bash(script: &str) -> Output {
    Command::new("bash")
        .arg("-c")
        .arg(format!("set -o pipefail; {script}"))
        .env("PERF", env!("CARGO_BIN_EXE_perf"))
        .env_remove("PERF_LANG")
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_reader_that_stops_early_keeps_the_findings_status() {
    // budgets/ holds an error (C001): exit 1 even though head closes the pipe after one line.
    for format in ["human", "concise", "json", "sarif"] {
        let out = bash(&format!(
            "\"$PERF\" validate budgets --format {format} | head -1 >/dev/null"
        ));
        assert_eq!(
            out.status.code(),
            Some(1),
            "{format}: {}",
            text(&out.stderr)
        );
        assert!(
            !text(&out.stderr).contains("error:"),
            "{}",
            text(&out.stderr)
        );
    }
    // No findings at error level: the pipe closing early still exits 0.
    let out = bash("\"$PERF\" rules | head -1 >/dev/null");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_pipe_closed_before_the_first_write_keeps_the_findings_status() {
    // The reading end is gone before perf writes a byte: every write is a broken pipe.
    for (args, code) in [
        (&["validate", "budgets"][..], 1),
        (&["validate", "budgets", "--exit-zero"], 0),
        (&["summary"], 0),
        (&["rules", "--markdown"], 0),
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_perf"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            !text(&out.stderr).contains("error:"),
            "{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn a_closed_stdout_is_a_failure_with_a_message() {
    for command in ["export --format json", "summary", "show 被征地"] {
        let out = bash(&format!("\"$PERF\" {command} >&-"));
        assert_eq!(out.status.code(), Some(2), "{command}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains("标准输出已关闭"), "{command}: {stderr}");
    }
    // A command whose product is its exit status keeps it: scripts run validate with a
    // read-write /dev/null (Python's subprocess.DEVNULL), which looks like a closed stdout.
    let out = bash("\"$PERF\" validate budgets --format concise >&-");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let out = bash("\"$PERF\" validate examples <>/dev/null 1>&0");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // A user's own /dev/null is not a closed stdout.
    let out = bash("\"$PERF\" summary >/dev/null");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Writing to a file instead needs no stdout.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.json");
    let out = bash(&format!(
        "\"$PERF\" export --format json -o '{}' >&-",
        file.display()
    ));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_full_disk_on_stdout_is_exit_2_in_one_clean_message() {
    for command in ["summary", "export --format json", "validate budgets"] {
        let out = bash(&format!("\"$PERF\" {command} >/dev/full"));
        assert_eq!(out.status.code(), Some(2), "{command}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("无法写出到标准输出：磁盘已满"),
            "{command}: {stderr}"
        );
        assert!(!stderr.contains("os error"), "{command}: {stderr}");
        assert!(!stderr.contains("No space"), "{command}: {stderr}");
    }
}

#[test]
fn os_errors_on_reading_are_one_chinese_phrase() {
    let dir = tempfile::tempdir().unwrap();
    let out = bash(&format!(
        "\"$PERF\" config --config '{}'",
        dir.path().display()
    ));
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("是目录，不是文件"), "{stderr}");
    assert!(!stderr.contains("os error"), "{stderr}");
}
