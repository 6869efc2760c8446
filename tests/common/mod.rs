//! Helpers shared by the CLI tests: run the real `perf` binary from the repository root.

#![allow(dead_code, unreachable_pub, clippy::expect_used)]

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

/// Runs `perf` with `args` in the repository root (so paths in output are stable).
pub fn perf(args: &[&str]) -> Output {
    perf_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Runs `perf` with `args` in `dir`, without colour and with a fixed environment.
pub fn perf_in(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("perf")
        .expect("the perf binary is built")
        .current_dir(dir)
        .env_remove("PERF_LANG")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("perf runs")
}

/// Stdout as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

/// Stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}
