//! `perf validate` end to end: the bundled budgets/, the clean examples/, and exit statuses.

use crate::common::{perf, perf_in, stderr, stdout};

#[test]
fn budgets_report_the_seed_mistakes_and_exit_one() {
    let output = perf(&["validate", "--format", "concise"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    insta::assert_snapshot!("validate_budgets_concise", stdout(&output));
    assert!(
        stderr(&output).contains("检查了 8 个文件：1 个错误，11 个警告"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn budgets_human_output_underlines_the_value() {
    let output = perf(&["validate", "budgets/"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("validate_budgets_human", stdout(&output));
}

#[test]
fn examples_pass_with_no_finding() {
    let output = perf(&["validate", "examples/"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "");
    assert!(stderr(&output).contains("0 个错误，0 个警告"));
}

#[test]
fn json_output_is_one_document() {
    let output = perf(&[
        "validate",
        "--format",
        "json",
        "budgets/高新区人社局/被征地农民社会保障费.toml",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["files"], 1);
    assert_eq!(doc["errors"], 1);
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"C001") && codes.contains(&"I008"),
        "{codes:?}"
    );
    let c001 = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "C001")
        .unwrap();
    assert_eq!(
        (c001["line"].as_u64(), c001["column"].as_u64()),
        (Some(54), Some(10))
    );
    assert_eq!(c001["severity"], "error");
}

#[test]
fn a_missing_path_exits_two_and_names_it() {
    let output = perf(&["validate", "no/such/dir"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no/such/dir"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_tree_without_budget_files_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("readme.txt"), "not a budget").unwrap();
    let output = perf_in(dir.path(), &["validate", "."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("没有找到预算文件"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_default_path_is_budgets() {
    let dir = tempfile::tempdir().unwrap();
    let output = perf_in(dir.path(), &["validate"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("budgets"), "{}", stderr(&output));
}

/// Issue 18: outside the budget repository a bare "路径不存在：budgets" left users guessing.
#[test]
fn outside_a_repository_says_where_it_looked_and_what_to_pass() {
    let dir = tempfile::tempdir().unwrap();
    let output = perf_in(dir.path(), &["validate"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    let cwd = dir.path().canonicalize().unwrap();
    assert!(err.contains(&cwd.display().to_string()), "{err}");
    assert!(err.contains("perf validate 路径/到/预算目录"), "{err}");
    assert!(!err.contains("路径不存在"), "{err}");
}

#[test]
fn a_missing_path_does_not_stop_the_others() {
    let output = perf(&[
        "validate",
        "--format",
        "concise",
        "no/such/dir",
        "examples/",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("检查了 9 个文件"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn every_problem_of_a_file_is_reported_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("坏文件.toml");
    std::fs::write(
        &file,
        "[project]\nname = \"某项目\"\ndepartment = \"某局\"\nyear = \"2024年\"\ngoals = [\"目标\"]\n\n\
         [budget]\ntotal = 100\nfiscall = 100\n\n[plan]\n3 = 30\n6 = 20\n13 = 100\n",
    )
    .unwrap();
    let output = perf_in(
        dir.path(),
        &["validate", "--format", "concise", "坏文件.toml"],
    );
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    for code in ["F004", "F002", "F003", "S003", "S001", "S004"] {
        assert!(
            text.contains(&format!("[{code}]")),
            "{code} missing from:\n{text}"
        );
    }
    let human = stdout(&perf_in(dir.path(), &["validate", "坏文件.toml"]));
    assert!(human.contains("是否应为 `fiscal`"), "{human}");
}

#[test]
fn bom_and_crlf_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let clean = std::fs::read_to_string("examples/示例区教育局/学生资助补助经费.toml").unwrap();
    let crlf = format!("\u{feff}{}", clean.replace('\n', "\r\n"));
    std::fs::write(dir.path().join("p.toml"), crlf).unwrap();
    let output = perf_in(dir.path(), &["validate", "--format", "concise", "p.toml"]);
    let text = stdout(&output);
    assert!(!text.contains("[F"), "{text}");
}
