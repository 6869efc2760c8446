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

/// The projects (by file name) and departments of a tree, asserting it loads with no
/// structural finding: what import tests compare with what they expect.
pub fn load_model(
    dir: &Path,
) -> (
    std::collections::BTreeMap<String, perf::model::project::Project>,
    Vec<perf::model::department::Department>,
) {
    let workspace = perf::source::load(&[dir.to_path_buf()]);
    assert!(workspace.errors.is_empty(), "{:?}", workspace.errors);
    assert!(
        workspace.diagnostics.is_empty(),
        "structural findings in {}: {:?}",
        dir.display(),
        workspace.diagnostics
    );
    let projects = workspace
        .projects
        .iter()
        .filter_map(|p| {
            let name = workspace
                .file(p.file)?
                .path
                .file_name()?
                .to_string_lossy()
                .into_owned();
            Some((name, p.project.clone()))
        })
        .collect();
    let departments = workspace
        .departments
        .iter()
        .map(|d| d.department.clone())
        .collect();
    (projects, departments)
}
