//! `perf score` end to end on the example department with a year of execution data: every
//! grade (优/良/中/差), `--explain` with the formula of every line, every format, configured
//! weights, and trees without data.

// A harness fails by panicking; helpers that are not `#[test]` functions are outside clippy's
// allow-*-in-tests settings.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use crate::common::{perf, perf_in, stderr, stdout};
use serde_json::Value;

const DEPT: &str = "示例区人力资源和社会保障局";

#[test]
fn every_grade_on_the_example() {
    let output = perf(&["score", "examples/"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    // 历史数据迁移准确率 `=100%` at 99.6% scores 12.45 of 12.50 (10号: in proportion), so the
    // example has no 中 since the `=` rule.
    for expected in ["99.63", "89.72", "83.46", "52.44", "优", "良", "差"] {
        assert!(text.contains(expected), "{expected} missing:\n{text}");
    }
    // The education department has no 自评 data: named in a note, not scored.
    assert!(text.contains("3 个项目没有执行或自评数据"), "{text}");
    insta::assert_snapshot!("score_table", text);
}

#[test]
fn explain_shows_every_formula() {
    let output = perf(&["score", "examples/", "--dept", "示例区人社", "--explain"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "正向 B/A",
        "反向 A/B",
        "等于：达到得满分",
        "区间：区间内得满分",
        "是/否：一致得满分",
        "定性分档",
        "不适用（applicable = false），剔除",
        "B/A = 5100 ÷ 6000 = 85.00%；得分 = 9.09 × 85.00% = 7.73",
        "执行率 = 执行数 168.00 ÷ 调整后预算数 200.00 = 84.00%；得分 = 10.00 × 84.00% = 8.40",
        // 劳动保障监察执法: weights written to 100 are the whole score (one convention with I018).
        "各指标权重合计 100，预算执行率不另计分",
    ] {
        assert!(text.contains(expected), "{expected} missing:\n{text}");
    }
    insta::assert_snapshot!("score_explain_table", text);
}

#[test]
fn markdown_and_csv() {
    let markdown = perf(&["score", "examples/", "--dept", DEPT, "--format", "markdown"]);
    assert_eq!(markdown.status.code(), Some(0), "{}", stderr(&markdown));
    insta::assert_snapshot!("score_markdown", stdout(&markdown));
    let csv = perf(&[
        "score",
        "examples/",
        "--dept",
        DEPT,
        "--explain",
        "--format",
        "csv",
    ]);
    assert_eq!(csv.status.code(), Some(0), "{}", stderr(&csv));
    let text = stdout(&csv);
    // One table with a 项目 column: every line of every project.
    assert!(text.starts_with("项目,一级指标,二级指标,"), "{text}");
    // Header, 8 + 9 + 9 + 10 lines (预算执行率 and the indicators of each), the total.
    assert_eq!(text.lines().count(), 1 + 8 + 9 + 9 + 10 + 1, "{text}");
    insta::assert_snapshot!("score_explain_csv", text);
}

#[test]
fn json_carries_the_inputs_of_every_line() {
    let output = perf(&["score", "examples/", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let view: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let projects = view["projects"].as_array().unwrap();
    let p = projects
        .iter()
        .find(|p| p["name"] == "劳动保障监察执法")
        .unwrap();
    assert_eq!(
        (p["total"].as_str(), p["grade"].as_str()),
        (Some("52.44"), Some("差"))
    );
    assert_eq!(p["weights_from"], "indicator");
    let rows = p["rows"].as_array().unwrap();
    // 预算执行率: A = 60 (万元), B = 60; the written weights add up to 100, so it has none.
    assert_eq!(rows[0]["method"], "budget-rate");
    assert_eq!(
        (rows[0]["a"].as_str(), rows[0]["b"].as_str()),
        (Some("60"), Some("60"))
    );
    assert_eq!(rows[0]["raw_weight"], "0");
    assert_eq!(rows[0]["weight"], "0.00");
    // 反向: ≤30日, 60日 → 50%.
    let late = rows
        .iter()
        .find(|r| r["name"] == "投诉举报处理时限")
        .unwrap();
    assert_eq!(late["method"], "negative");
    assert_eq!(late["ratio"], "0.50");
    assert_eq!(late["score"], "5.00");
    let weights: f64 = rows
        .iter()
        .filter_map(|r| r["weight"].as_str())
        .map(|w| w.parse::<f64>().unwrap())
        .sum();
    assert!((weights - 100.0).abs() < 1e-9, "{weights}");
    assert_eq!(view["unscored"].as_array().unwrap().len(), 3);
    // A row marked not applicable is dropped: no weight, no score.
    let training = projects
        .iter()
        .find(|p| p["name"] == "职业技能培训补贴")
        .unwrap();
    let dropped = training["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "新型学徒制培训人数")
        .unwrap();
    assert_eq!(dropped["status"], "not-applicable");
    assert!(dropped["weight"].is_null() && dropped["score"].is_null());
}

#[test]
fn weights_come_from_perf_toml() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(DEPT);
    let target = dir.path().join(DEPT);
    std::fs::create_dir(&target).unwrap();
    std::fs::copy(
        root.join("就业创业补贴.toml"),
        target.join("就业创业补贴.toml"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("perf.toml"),
        "[thresholds]\nweight_budget_rate = 20\nweight_output = 40\nweight_effect = 30\nweight_satisfaction = 10\n",
    )
    .unwrap();
    let output = perf_in(dir.path(), &["score", ".", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let view: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let p = &view["projects"][0];
    // 预算执行率 20 × 99% = 19.80; 产出 40 over 5 rows = 8 each (146 ÷ 150 → 7.79).
    assert_eq!(p["rows"][0]["score"], "19.80");
    assert_eq!(p["rows"][2]["weight"], "8.00");
    assert_eq!(p["rows"][2]["score"], "7.79");
    assert_eq!(p["total"], "99.59");
}

#[test]
fn trees_without_data_say_so() {
    let output = perf(&["score", "budgets/"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    assert!(
        stderr(&output).contains("没有含执行或自评数据"),
        "{}",
        stderr(&output)
    );
    let output = perf(&["score", "examples/", "--dept", "不存在的局"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn execution_errors_are_noted_on_stderr() {
    let output = perf(&["score", "tests/rules/E003.toml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("E003"), "{}", stderr(&output));
    // The unit mismatch leaves the row without a score, and says why.
    let explain = perf(&["score", "tests/rules/E003.toml", "--explain"]);
    assert!(
        stdout(&explain).contains("单位不一致"),
        "{}",
        stdout(&explain)
    );
}

/// Issue 18: `perf score --help` mentioned a `--by` that score does not have.
#[test]
fn score_help_mentions_no_by_option() {
    let output = perf(&["score", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = stdout(&output);
    assert!(help.contains("--explain"), "{help}");
    assert!(!help.contains("--by"), "{help}");
}
