//! `perf validate` as issue 16 has it. Findings are written as files are checked: each file's
//! own findings in path order, then the cross-file findings and those of files with inline
//! suppressions (docs/output.md). A rule set to `allow` for every file is not run (its findings are never made, let alone
//! held), a rule allowed in `[rules]` but turned back on by an override still runs for the
//! files the override matches, and one table with many findings is reported in full, each at
//! its own line (the positions are found through a line index, not a scan per finding).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use crate::common::{perf_in, stderr, stdout};

/// A project whose `[plan]` has `months` keys, every one out of 1–12 (S001 each).
fn big_plan(months: usize) -> String {
    let mut text = String::from(
        "[project]\nname = \"大表\"\ndepartment = \"部门\"\nyear = 2024\npurpose = \"用于测试\"\n\
         goals = [\"完成测试\"]\n\n[budget]\ntotal = 100\nfiscal = 100\nother = 0\n\n[plan]\n",
    );
    for m in 0..months {
        text.push_str(&format!("{} = 50\n", m + 13));
    }
    text
}

fn tree(dir: &Path, config: &str) {
    let department = dir.join("budgets/部门");
    std::fs::create_dir_all(&department).unwrap();
    std::fs::write(department.join("大表.toml"), big_plan(5000)).unwrap();
    std::fs::create_dir_all(dir.join("budgets/旧")).unwrap();
    std::fs::write(dir.join("budgets/旧/大表.toml"), big_plan(3)).unwrap();
    std::fs::write(dir.join("perf.toml"), config).unwrap();
}

fn count(output: &str, code: &str) -> usize {
    output.matches(&format!("[{code}]")).count()
}

#[test]
fn every_finding_of_a_big_table_is_reported_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path(), "");
    let output = perf_in(dir.path(), &["validate", "--format", "concise"]);
    let out = stdout(&output);
    assert_eq!(count(&out, "S001"), 5003, "{}", stderr(&output));
    // Line 14 holds month 13 (the first key), line 5013 the last of 5,000.
    assert!(out.contains("部门/大表.toml:14:1: error[S001]"), "{out}");
    assert!(out.contains("部门/大表.toml:5013:1: error[S001]"), "{out}");
}

#[test]
fn a_rule_allowed_on_the_command_line_reports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path(), "");
    let output = perf_in(
        dir.path(),
        &["validate", "--format", "concise", "--allow", "S001"],
    );
    let out = stdout(&output);
    assert_eq!(count(&out, "S001"), 0, "{out}");
    assert!(count(&out, "S004") > 0, "other plan rules still run: {out}");
}

#[test]
fn an_override_turns_an_allowed_rule_back_on_for_its_files() {
    let dir = tempfile::tempdir().unwrap();
    tree(
        dir.path(),
        "[rules]\nS001 = \"allow\"\n\n[[overrides]]\npaths = [\"budgets/旧/**\"]\nrules = { S001 = \"warn\" }\n",
    );
    let output = perf_in(dir.path(), &["validate", "--format", "concise"]);
    let out = stdout(&output);
    assert_eq!(count(&out, "S001"), 3, "{out}\n{}", stderr(&output));
    assert!(
        out.lines()
            .filter(|l| l.contains("[S001]"))
            .all(|l| l.contains("旧") && l.contains("warning")),
        "{out}"
    );
}

/// Two copies of one project (X001 on the second) and a file after them with a finding of its
/// own: the own findings come first, in path order, the cross-file one after them.
#[test]
fn own_findings_stream_in_path_order_and_cross_file_ones_follow() {
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path(), "");
    let budgets = dir.path().join("budgets/部门");
    std::fs::write(budgets.join("大表.toml"), big_plan(2)).unwrap();
    std::fs::write(budgets.join("副本.toml"), big_plan(2)).unwrap();
    let output = perf_in(
        dir.path(),
        &["validate", "--format", "concise", "budgets/部门"],
    );
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    let position = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} not in {out}"))
    };
    let last_own = lines.iter().rposition(|l| l.contains("[S001]")).unwrap();
    assert!(position("副本.toml") < position("大表.toml:"), "{out}");
    assert!(last_own < position("[X001]"), "{out}");
    assert!(position("[X002]") > last_own, "{out}");
    assert!(
        stderr(&output).contains("检查了 2 个文件"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_department_files_own_blanks_come_with_it_in_path_order() {
    // X006 reads one department file alone: it is reported in the per-file step, at the
    // department file's place in path order — before the findings of files after it — and
    // not held back with the cross-file findings (docs/output.md).
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("budgets/部门");
    std::fs::create_dir_all(&folder).unwrap();
    let department = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules/X006/department.toml"),
    )
    .unwrap()
    .replace("示例市教育局（X006）", "部门");
    std::fs::write(folder.join("a-department.toml"), department).unwrap();
    std::fs::write(folder.join("b-大表.toml"), big_plan(2)).unwrap();
    std::fs::write(folder.join("c-副本.toml"), big_plan(2)).unwrap();
    let output = perf_in(dir.path(), &["validate", "--format", "concise", "budgets"]);
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    let first = |code: &str| {
        lines
            .iter()
            .position(|l| l.contains(&format!("[{code}]")))
            .unwrap_or_else(|| panic!("{code} not in {out}"))
    };
    assert_eq!(count(&out, "X006"), 3, "{out}");
    let last_x006 = lines.iter().rposition(|l| l.contains("[X006]")).unwrap();
    assert!(
        lines[..=last_x006]
            .iter()
            .all(|l| l.contains("a-department.toml")),
        "{out}"
    );
    assert!(last_x006 < first("S001"), "{out}");
    // The duplicate project is still a cross-file finding, written after every file's own.
    let last_own = lines.iter().rposition(|l| l.contains("[S001]")).unwrap();
    assert!(last_own < first("X001"), "{out}");
}
