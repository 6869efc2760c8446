//! `perf score` on 自评表 as units fill them (issues 15 and 20): the repros from the issues,
//! run through the real binary — a bare target scored in proportion (10号), a blank template
//! row that no longer throws the written weights away, no grade mid-year or without actuals,
//! and the unit's own total beside perf's.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use crate::common::{perf_in, stderr, stdout};
use serde_json::Value;

const HEAD: &str = "[project]\nname = \"测试项目\"\ndepartment = \"测试局\"\nyear = 2023\ngoals = [\"目标\"]\n\n[budget]\ntotal = 100\n";

fn row(level1: &str, level2: &str, name: &str, target: &str, rest: &str) -> String {
    format!(
        "\n[[indicator]]\nlevel1 = \"{level1}\"\nlevel2 = \"{level2}\"\nname = \"{name}\"\ntarget = \"{target}\"\n{rest}"
    )
}

/// Writes one project file and returns `perf score --format json` on it.
fn score(body: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("项目.toml"), format!("{HEAD}{body}")).unwrap();
    let output = perf_in(dir.path(), &["score", "--format", "json", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let view: Value = serde_json::from_str(&stdout(&output)).unwrap();
    view["projects"][0].clone()
}

fn score_text(body: &str, args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("项目.toml"), format!("{HEAD}{body}")).unwrap();
    let mut all = vec!["score", "."];
    all.extend_from_slice(args);
    let output = perf_in(dir.path(), &all);
    stdout(&output)
}

/// Issue 20: `52` with `10` scored 0; 10号 gives 20 × 10 ÷ 52 = 3.85. `95%` with `100%` scored
/// 0; it is met. With 执行率 100% (10) and the other rows met: 10 + 3.85 + 30 + 40 = 83.85.
#[test]
fn bare_targets_score_in_proportion() {
    let body = [
        row(
            "产出指标",
            "数量指标",
            "培训场次",
            "52场",
            "actual = \"10场\"\nweight = 20\n",
        ),
        row(
            "产出指标",
            "质量指标",
            "合格率",
            "95%",
            "actual = \"100%\"\nweight = 30\n",
        ),
        row(
            "效益指标",
            "社会效益指标",
            "政策知晓率",
            "≥85%",
            "actual = \"90\"\nweight = 30\n",
        ),
        row(
            "满意度指标",
            "服务对象满意度指标",
            "满意度",
            "≥90%",
            "actual = \"达到预期\"\nweight = 10\n",
        ),
        "\n[execution]\nspent = { 12 = 100 }\n".to_owned(),
    ]
    .concat();
    let p = score(&body);
    let scores: Vec<&str> = p["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["score"].as_str().unwrap())
        .collect();
    assert_eq!(scores, ["10.00", "3.85", "30.00", "30.00", "10.00"]);
    assert_eq!(
        (p["total"].as_str(), p["grade"].as_str()),
        (Some("83.85"), Some("良"))
    );
    let explain = score_text(&body, &["--explain"]);
    assert!(
        explain.contains("指标值未写比较符，按正向指标计"),
        "{explain}"
    );
    assert!(explain.contains("实际完成值未写单位"), "{explain}");
    assert!(explain.contains("按文字对照表为达成"), "{explain}");
}

/// Issue 15: one blank row without a weight threw away every written weight (a table whose own
/// 得分 adds to 80 scored 11.11 差). The written 90 + 10 now stand: 10 + 40 + 30 + 0 = 80.
#[test]
fn a_blank_row_keeps_the_written_weights() {
    let body = [
        row(
            "产出指标",
            "数量指标",
            "人数",
            "≥100人",
            "actual = \"100人\"\nweight = 40\n",
        ),
        row(
            "效益指标",
            "社会效益指标",
            "覆盖率",
            "≥90%",
            "actual = \"95%\"\nweight = 30\n",
        ),
        row(
            "满意度指标",
            "服务对象满意度指标",
            "满意度",
            "≥90%",
            "actual = \"未达到\"\nweight = 20\n",
        ),
        row("产出指标", "质量指标", "", "", ""),
        "\n[execution]\nspent = { 12 = 100 }\nself_total = 80\n".to_owned(),
    ]
    .concat();
    let p = score(&body);
    assert_eq!(
        (p["total"].as_str(), p["grade"].as_str()),
        (Some("80.00"), Some("良"))
    );
    assert_eq!(p["rows"][4]["status"], "blank");
    let table = score_text(&body, &[]);
    // The unit's own total beside perf's, with the difference.
    assert!(
        table.contains("单位自评") && table.contains("差额"),
        "{table}"
    );
}

/// No grade before December's 执行数, none without actuals — never 差 for want of data.
#[test]
fn no_grade_mid_year_or_without_actuals() {
    let mid = [
        row(
            "产出指标",
            "数量指标",
            "人数",
            "≥100人",
            "actual = \"40人\"\n",
        ),
        "\n[execution]\nspent = { 6 = 30 }\n".to_owned(),
    ]
    .concat();
    let p = score(&mid);
    assert_eq!(p["grade"], "未到评价期");
    assert!(p["why_ungraded"].as_str().unwrap().contains("6 月底"));
    let none = [
        row("产出指标", "数量指标", "人数", "≥100人", ""),
        "\n[execution]\nspent = { 12 = 100 }\n".to_owned(),
    ]
    .concat();
    let p = score(&none);
    assert_eq!(p["grade"], "未评价");
    let table = score_text(&none, &[]);
    assert!(
        table.contains("未评价——没有任何指标的实际完成值或自评等级"),
        "{table}"
    );
}

/// An actual that restates its target is not graded, and validate says E011.
#[test]
fn a_restated_actual_is_not_graded() {
    let body = [
        row(
            "产出指标",
            "数量指标",
            "道路长度",
            "≥266米",
            "actual = \"≥266米\"\n",
        ),
        "\n[execution]\nspent = { 12 = 100 }\n".to_owned(),
    ]
    .concat();
    let p = score(&body);
    assert_eq!(p["grade"], "未评价");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("项目.toml"), format!("{HEAD}{body}")).unwrap();
    let output = perf_in(dir.path(), &["validate", "--format", "concise", "."]);
    assert!(
        stdout(&output).contains("error[E011]"),
        "{}",
        stdout(&output)
    );
}

/// A deadline against the month the actual names (the real table 65: `11月底前` / `10月`):
/// on time scores in full, late scores nothing, each said in `--explain`.
#[test]
fn a_deadline_is_met_by_a_month_not_after_it() {
    let body = [
        row(
            "产出指标",
            "时效指标",
            "业务培训时限",
            "11月底前",
            "actual = \"10月\"\nweight = 45\n",
        ),
        row(
            "产出指标",
            "时效指标",
            "系统上线时间",
            "2024年10月底前",
            "actual = \"2024年12月上线\"\nweight = 45\n",
        ),
        "\n[execution]\nspent = { 12 = 100 }\n".to_owned(),
    ]
    .concat();
    let p = score(&body);
    let scores: Vec<&str> = p["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["score"].as_str().unwrap())
        .collect();
    assert_eq!(scores, ["10.00", "45.00", "0.00"]);
    let explain = score_text(&body, &["--explain"]);
    assert!(
        explain.contains("实际“10月”，时限“11月底前”：按期"),
        "{explain}"
    );
    assert!(
        explain.contains("实际“2024年12月上线”，时限“2024年10月底前”：逾期"),
        "{explain}"
    );
}
