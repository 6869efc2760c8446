//! `perf monitor` end to end on the example department with a year of execution data
//! (examples/示例区人力资源和社会保障局): statuses at fixed as-of dates, every format, the
//! date boundaries, configured bands, and bad input.

// A harness fails by panicking; helpers that are not `#[test]` functions are outside clippy's
// allow-*-in-tests settings.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use crate::common::{perf, perf_in, stderr, stdout};
use serde_json::Value;

const DEPT: &str = "示例区人力资源和社会保障局";

#[test]
fn department_rows_at_mid_year() {
    let output = perf(&["monitor", "examples/", "--as-of", "2024-06-30"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("1340.00") && text.contains("567.00") && text.contains("42.31%"));
    insta::assert_snapshot!("monitor_departments_table", text);
}

#[test]
fn projects_and_indicators_of_one_department() {
    let output = perf(&[
        "monitor",
        "examples/",
        "--dept",
        "示例区人社",
        "--as-of",
        "2024-06-30",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    // Every status at 6月底: 就业创业补贴 正常, 职业技能培训补贴 关注, 信息化建设 预警.
    for expected in ["正常", "关注", "预警", "绩效目标实现情况", "不适用"] {
        assert!(text.contains(expected), "{expected} missing:\n{text}");
    }
    insta::assert_snapshot!("monitor_dept_table", text);
}

#[test]
fn markdown_and_csv() {
    let markdown = perf(&[
        "monitor",
        "examples/",
        "--dept",
        DEPT,
        "--as-of",
        "2024-03-31",
        "--format",
        "markdown",
    ]);
    assert_eq!(markdown.status.code(), Some(0), "{}", stderr(&markdown));
    insta::assert_snapshot!("monitor_dept_markdown", stdout(&markdown));
    let csv = perf(&[
        "monitor",
        "examples/",
        "--dept",
        DEPT,
        "--as-of",
        "2024-09-30",
        "--format",
        "csv",
    ]);
    assert_eq!(csv.status.code(), Some(0), "{}", stderr(&csv));
    let text = stdout(&csv);
    // CSV holds one table: the projects, percentages without the % sign.
    assert!(text.starts_with("项目,截至,调整后预算,"), "{text}");
    assert!(!text.contains("绩效目标实现情况"));
    insta::assert_snapshot!("monitor_dept_csv", text);
    let indicators = perf(&[
        "monitor",
        "examples/",
        "--dept",
        DEPT,
        "--as-of",
        "2024-09-30",
        "--format",
        "csv",
        "--by",
        "indicator",
    ]);
    let text = stdout(&indicators);
    assert!(text.starts_with("项目,一级指标,"), "{text}");
    assert!(
        text.contains("职业技能培训补贴,产出指标,数量指标,新型学徒制培训人数,≥200人,—,不适用"),
        "{text}"
    );
}

fn json(args: &[&str]) -> Value {
    let output = perf(args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).expect("JSON on stdout")
}

fn project<'a>(view: &'a Value, name: &str) -> &'a Value {
    view["departments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["projects"].as_array().unwrap())
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{name} not in {view}"))
}

#[test]
fn json_keeps_every_figure() {
    let view = json(&[
        "monitor",
        "examples/",
        "--as-of",
        "2024-06-30",
        "--format",
        "json",
    ]);
    assert_eq!(view["as_of"], "2024-06-30");
    let p = project(&view, "职业技能培训补贴");
    // Adjusted budget 280: 102 ÷ 280 = 36.43%; plan 45; 序时进度 50.
    assert_eq!(p["budget"], "280");
    assert_eq!(p["rate"], "36.43");
    assert_eq!(p["planned"], "45.00");
    assert_eq!(p["gap_plan"], "-8.57");
    assert_eq!(p["gap_elapsed"], "-13.57");
    assert_eq!(p["status"], "watch");
    assert_eq!(p["status_zh"], "关注");
    assert_eq!(p["forecast_rate"], "100.00");
    let rows = p["indicators"].as_array().unwrap();
    assert_eq!(rows[0]["likelihood"], "有可能");
    assert_eq!(rows[0]["reason_category"], "制度保障");
    assert_eq!(rows[0]["completion"], "85.00");
    assert_eq!(rows[1]["applicable"], false);
    // The education department has no [execution]: listed, not shown.
    let left: Vec<&str> = view["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["department"].as_str().unwrap())
        .collect();
    assert_eq!(left, ["示例区教育局"; 3]);
}

#[test]
fn as_of_boundaries() {
    let status = |date: &str, name: &str| {
        let view = json(&["monitor", "examples/", "--as-of", date, "--format", "json"]);
        let p = project(&view, name);
        (
            p["data_month"].as_u64(),
            p["spent"].as_str().unwrap().to_owned(),
            p["status_zh"].as_str().unwrap().to_owned(),
        )
    };
    // Inside January: no month closed, nothing due, no status.
    assert_eq!(
        status("2024-01-15", "就业创业补贴"),
        (None, "0".into(), "—".into())
    );
    // The last day of January closes it: monthly data for 就业创业补贴.
    assert_eq!(
        status("2024-01-31", "就业创业补贴"),
        (Some(1), "40".into(), "正常".into())
    );
    // Before the first checkpoint (March) of a quarterly project: nothing recorded yet,
    // 序时进度 16.67% → 关注.
    assert_eq!(
        status("2024-02-29", "劳动保障监察执法"),
        (None, "0".into(), "关注".into())
    );
    // A day short of a month end counts the month before.
    assert_eq!(status("2024-06-29", "人力资源市场信息化建设").0, Some(3));
    assert_eq!(status("2024-06-30", "人力资源市场信息化建设").0, Some(6));
    // After the year: the year-end figures.
    assert_eq!(
        status("2025-02-01", "人力资源市场信息化建设"),
        (Some(12), "168".into(), "关注".into())
    );
    // `2024-06` means the end of June.
    assert_eq!(status("2024-06", "人力资源市场信息化建设").2, "预警");
}

#[test]
fn bands_come_from_perf_toml() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(DEPT);
    let target = dir.path().join(DEPT);
    std::fs::create_dir(&target).unwrap();
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, target.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        dir.path().join("perf.toml"),
        "[thresholds]\nwatch_lag_points = 30\nalert_lag_points = 40\n",
    )
    .unwrap();
    let output = perf_in(
        dir.path(),
        &["monitor", ".", "--as-of", "2024-06-30", "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let view: Value = serde_json::from_str(&stdout(&output)).unwrap();
    // 30 points behind 序时进度 (信息化建设) is no longer over the 关注 line.
    assert_eq!(
        project(&view, "人力资源市场信息化建设")["status_zh"],
        "正常"
    );
    assert_eq!(project(&view, "职业技能培训补贴")["status_zh"], "正常");
}

#[test]
fn bad_input_exits_2() {
    let output = perf(&["monitor", "examples/", "--as-of", "2024-02-30"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("2024-02-30"),
        "{}",
        stderr(&output)
    );
    let output = perf(&["monitor", "examples/", "--dept", "不存在的局"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("找不到部门"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn trees_without_execution_data_say_so() {
    let output = perf(&["monitor", "budgets/", "--as-of", "2024-06-30"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    assert!(
        stderr(&output).contains("没有含执行数据"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn as_of_defaults_to_today() {
    let output = perf(&["monitor", "examples/", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let view: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let as_of = view["as_of"].as_str().unwrap();
    assert_eq!(as_of.len(), 10, "{as_of}");
    assert!(as_of.as_bytes()[4] == b'-' && as_of.as_bytes()[7] == b'-');
}

#[test]
fn execution_errors_are_noted_on_stderr() {
    let output = perf(&["monitor", "tests/rules/E001.toml", "--as-of", "2024-06-30"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("E001"), "{}", stderr(&output));
}
