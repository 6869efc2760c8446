//! `perf new`: skeletons that load, are already formatted, and point `perf validate` at every
//! blank still to fill; `--from` copies a project with its money cleared; nothing is ever
//! overwritten.

// A harness fails by panicking; the helpers below are not `#[test]` functions, so clippy's
// allow-*-in-tests settings do not reach them.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use crate::common::{perf_in, stderr, stdout};
use perf::source::load;

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    perf_in(dir, args)
}

#[test]
fn a_new_department_and_project_load_and_are_canonical() {
    let dir = tempfile::tempdir().unwrap();
    let d = run(
        dir.path(),
        &[
            "new",
            "department",
            "--name",
            "示例区民政局",
            "--alias",
            "民政局",
            "--year",
            "2025",
        ],
    );
    assert_eq!(d.status.code(), Some(0), "{}", stderr(&d));
    // --dept takes the short name; the file goes into the department's folder.
    let p = run(
        dir.path(),
        &[
            "new",
            "project",
            "--dept",
            "民政局",
            "--name",
            "临时救助资金",
        ],
    );
    assert_eq!(p.status.code(), Some(0), "{}", stderr(&p));
    let file = dir.path().join("budgets/示例区民政局/临时救助资金.toml");
    assert!(stderr(&p).contains("已创建"), "{}", stderr(&p));
    let workspace = load(&[dir.path().join("budgets")]);
    assert!(
        workspace.diagnostics.is_empty(),
        "{:?}",
        workspace.diagnostics
    );
    let project = &workspace.projects[0].project;
    assert_eq!(project.department, "示例区民政局");
    assert_eq!(project.year, Some(2025), "the department's year");
    let rows: Vec<(&str, &str)> = project
        .indicators
        .iter()
        .map(|r| (&*r.level1_label, &*r.level2_label))
        .collect();
    assert_eq!(
        rows,
        [
            ("产出指标", "数量指标"),
            ("产出指标", "质量指标"),
            ("产出指标", "时效指标"),
            ("产出指标", "成本指标"),
            ("效益指标", "社会效益指标"),
            ("满意度指标", "服务对象满意度指标"),
        ]
    );
    let months: Vec<i64> = project
        .plan
        .as_ref()
        .unwrap()
        .points
        .iter()
        .map(|p| p.month)
        .collect();
    assert_eq!(months, [3, 6, 10, 12]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("# 预算数："), "keys are explained:\n{text}");
    let check = run(dir.path(), &["fmt", "--check", "budgets"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    // The blanks are findings, not structural errors: every one is pointed at.
    let validate = run(dir.path(), &["validate", "budgets", "--format", "concise"]);
    let out = stdout(&validate);
    assert_eq!(validate.status.code(), Some(1));
    // Issue 15: each empty skeleton row is one blank-row finding (I020), not I020 + I006.
    assert!(out.contains("error[I020]"), "{out}");
    assert!(!out.contains("[I006]"), "{out}");
    // Issue 18: the skeleton's `total = 0` is a finding, so it cannot pass CI unfilled.
    assert!(out.contains("error[B006]"), "{out}");
    // …and so are the department skeleton's empty overall target and objective.
    assert!(out.contains("error[X006]"), "{out}");
    assert!(!out.contains("[F00"), "{out}");
}

#[test]
fn the_101_framework_gets_cost_as_a_first_level_indicator() {
    let dir = tempfile::tempdir().unwrap();
    let p = run(
        dir.path(),
        &[
            "new",
            "project",
            "--dept",
            "某局",
            "--name",
            "某项目",
            "--year",
            "2025",
            "--framework",
            "101",
        ],
    );
    assert_eq!(p.status.code(), Some(0), "{}", stderr(&p));
    let text = std::fs::read_to_string(dir.path().join("budgets/某局/某项目.toml")).unwrap();
    assert!(
        text.contains("level1 = \"成本指标\"\nlevel2 = \"经济成本指标\""),
        "{text}"
    );
}

#[test]
fn an_existing_file_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "new",
        "project",
        "--dept",
        "某局",
        "--name",
        "某项目",
        "--year",
        "2025",
    ];
    assert_eq!(run(dir.path(), &args).status.code(), Some(0));
    let file = dir.path().join("budgets/某局/某项目.toml");
    std::fs::write(&file, "# 已经填好\n").unwrap();
    let again = run(dir.path(), &args);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("已存在"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "# 已经填好\n");
}

#[test]
fn the_year_is_required_without_a_department_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = run(
        dir.path(),
        &["new", "project", "--dept", "某局", "--name", "某项目"],
    );
    assert_eq!(p.status.code(), Some(2));
    assert!(stderr(&p).contains("--year"), "{}", stderr(&p));
}

#[test]
fn from_copies_the_structure_with_the_money_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let source =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("budgets/高新区人社局/人才发展资金.toml");
    let p = run(
        dir.path(),
        &[
            "new",
            "project",
            "--dept",
            "高新区人社局",
            "--name",
            "人才发展资金（2025）",
            "--year",
            "2025",
            "--from",
            source.to_str().unwrap(),
        ],
    );
    assert_eq!(p.status.code(), Some(0), "{}", stderr(&p));
    let file = dir
        .path()
        .join("budgets/高新区人社局/人才发展资金（2025）.toml");
    let copied = load(std::slice::from_ref(&file));
    assert!(copied.diagnostics.is_empty(), "{:?}", copied.diagnostics);
    let new = &copied.projects[0].project;
    let old = &load(&[source]).projects[0].project;
    assert_eq!(new.year, Some(2025));
    assert_eq!(new.goals, old.goals);
    assert_eq!(new.indicators.len(), old.indicators.len());
    let budget = new.budget.as_ref().unwrap();
    assert!(budget.total.is_zero() && budget.fiscal.is_some_and(|f| f.is_zero()));
    let plan: Vec<String> = new
        .plan
        .as_ref()
        .unwrap()
        .points
        .iter()
        .map(|p| p.percent.to_string())
        .collect();
    assert_eq!(plan, ["0", "0", "0", "100"]);
    // The money cost row (≤2800万元) is blank; the other targets are kept.
    let cost = new.indicators.iter().find(|r| r.is_money_cost()).unwrap();
    assert_eq!(cost.target.raw, "");
    assert!(new.indicators.iter().any(|r| r.target.raw == "≧200人"));
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("金额已清空")
    );
}
