//! Monitoring and totals across budget years (issue 15 item 6): every monitor row says the
//! month its data is as of, older data is flagged stale and never relabelled, a year not yet
//! begun is 未开始 (not `0月底`), and no 合计 of `perf summary`, `perf monitor` or `perf report`
//! adds budgets of different years.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};

use crate::common::{perf, stderr, stdout};
use serde_json::Value;

const DEPT: &str = "示例区人力资源和社会保障局";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// examples/示例区人力资源和社会保障局 copied into `dir/<name>` as department `name` of `year`,
/// its spending records cut after `last_month`.
fn department(dir: &Path, name: &str, year: i64, last_month: i64) -> PathBuf {
    let to = dir.join(name);
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(root().join("examples").join(DEPT)).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut doc: toml_edit::DocumentMut = text.parse().unwrap();
        for key in ["project", "department"] {
            if let Some(table) = doc.get_mut(key).and_then(|t| t.as_table_mut()) {
                table.insert("year", toml_edit::value(year));
                let field = if key == "project" {
                    "department"
                } else {
                    "name"
                };
                table.insert(field, toml_edit::value(name));
                table.remove("aliases");
            }
        }
        if let Some(spent) = doc
            .get_mut("execution")
            .and_then(|e| e.get_mut("spent"))
            .and_then(|s| s.as_inline_table_mut())
        {
            spent.retain(|month, _| month.parse::<i64>().unwrap() <= last_month);
        }
        std::fs::write(to.join(path.file_name().unwrap()), doc.to_string()).unwrap();
    }
    to
}

fn json(args: &[&str]) -> Value {
    let output = perf(args);
    assert!(output.status.code().unwrap() <= 1, "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).unwrap()
}

#[test]
fn june_data_of_a_past_year_is_shown_as_june_and_flagged_stale() {
    let dir = tempfile::tempdir().unwrap();
    let tree = department(dir.path(), "往年局", 2023, 6);
    let tree = tree.to_str().unwrap();
    let output = perf(&["monitor", tree, "--as-of", "2024-06-30"]);
    let table = stdout(&output);
    assert!(table.contains("6月底（滞后）"), "{table}");
    assert!(!table.contains("12月底"), "June data relabelled: {table}");
    assert!(table.contains("“滞后”表示执行数只记到该月"), "{table}");
    let view = json(&["monitor", tree, "--as-of", "2024-06-30", "--format", "json"]);
    let d = &view["departments"][0];
    assert_eq!(d["month"], 12);
    assert_eq!(d["data_month"], 6);
    assert_eq!(d["stale"], true);
    // Compared with June's 序时进度, not December's 100%.
    assert_eq!(d["totals"]["elapsed"], "50.00");
    assert_eq!(d["totals"]["gap_elapsed"], "-7.69");
    assert_eq!(d["totals"]["status_zh"], "正常");
    for p in d["projects"].as_array().unwrap() {
        assert_eq!(p["data_month"], 6, "{p}");
        assert_eq!(p["stale"], true, "{p}");
        assert_eq!(p["elapsed"], "50.00", "{p}");
    }
}

#[test]
fn a_year_not_begun_is_not_started_not_month_zero() {
    let output = perf(&["monitor", "examples/", "--as-of", "2019-06-30"]);
    let table = stdout(&output);
    assert!(!table.contains("0月底"), "{table}");
    assert!(table.contains("未开始"), "{table}");
    let view = json(&[
        "monitor",
        "examples/",
        "--as-of",
        "2019-06-30",
        "--format",
        "json",
    ]);
    // Nothing is due yet: no status.
    assert_eq!(view["departments"][0]["totals"]["status_zh"], "—");
    let projects = perf(&[
        "monitor",
        "examples/",
        "--as-of",
        "2019-06-30",
        "--by",
        "project",
    ]);
    assert!(
        !stdout(&projects).contains("0月底"),
        "{}",
        stdout(&projects)
    );
}

/// Two departments of different years: 2023 (data to June) and 2024 (the example's data).
fn two_years(dir: &Path) -> PathBuf {
    department(dir, "甲局", 2023, 6);
    department(dir, "乙局", 2024, 12);
    dir.to_path_buf()
}

#[test]
fn summary_never_adds_budgets_of_different_years() {
    let dir = tempfile::tempdir().unwrap();
    let tree = two_years(dir.path());
    let tree = tree.to_str().unwrap();
    let output = perf(&["summary", tree]);
    let table = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for want in ["2023年合计", "2024年合计", "不同年度的预算不相加"] {
        assert!(table.contains(want), "{want}: {table}");
    }
    // One year's budget is 1360.00; the two years together (2720.00) are never shown.
    assert!(!table.contains("2720.00"), "{table}");
    let view = json(&["summary", tree, "--format", "json"]);
    assert!(view.get("totals").is_none(), "{view}");
    let years: Vec<i64> = view["by_year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2023, 2024]);
    assert_eq!(view["by_year"][0]["total"], "1360");
    // Shares are of each year's total.
    let shares = json(&["summary", tree, "--percent", "--format", "json"]);
    for d in shares["departments"].as_array().unwrap() {
        assert_eq!(d["share"], "100.00", "{d}");
    }
    // Projects, CSV: the same year rows.
    let csv = stdout(&perf(&[
        "summary", tree, "--by", "project", "--format", "csv",
    ]));
    assert!(csv.contains("2023年合计"), "{csv}");
    assert!(!csv.contains("2720"), "{csv}");
}

#[test]
fn monitor_totals_each_year_apart() {
    let dir = tempfile::tempdir().unwrap();
    let tree = two_years(dir.path());
    let tree = tree.to_str().unwrap();
    let table = stdout(&perf(&["monitor", tree, "--as-of", "2024-06-30"]));
    for want in [
        "2023年合计",
        "2024年合计",
        "不同年度的预算不相加",
        "6月底（滞后）",
    ] {
        assert!(table.contains(want), "{want}: {table}");
    }
    // 1340.00 per year; never 2680.00.
    assert!(!table.contains("2680.00"), "{table}");
    let view = json(&["monitor", tree, "--as-of", "2024-06-30", "--format", "json"]);
    assert!(view["totals"].is_null(), "{view}");
    assert_eq!(view["by_year"].as_array().unwrap().len(), 2);
    assert_eq!(view["by_year"][0]["budget"], "1340.00");
}

#[test]
fn the_report_totals_each_year_and_dates_monitoring_by_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let tree = two_years(dir.path());
    let out = dir.path().join("report.html");
    let output = perf(&[
        "report",
        tree.to_str().unwrap(),
        "--as-of",
        "2024-06-30",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        output.status.code().map(|c| c <= 1),
        Some(true),
        "{}",
        stderr(&output)
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.contains("2023年：4 个项目 · 预算数合计 <strong>1360.00</strong>"),
        "cover"
    );
    assert!(
        html.contains("2024年：4 个项目 · 预算数合计 <strong>1360.00</strong>"),
        "cover"
    );
    assert!(!html.contains("2720.00"), "two years added up");
    // The 2023 section is dated by its data (June 2023), flagged, not by the report's date.
    assert!(
        html.contains(
            "甲局 2023年 绩效运行监控（截至 2023年6月底，数据滞后：报告日期 2024-06-30）"
        ),
        "2023 heading"
    );
    assert!(
        html.contains("乙局 2024年 绩效运行监控（截至 2024年6月底）"),
        "2024 heading"
    );
}

#[test]
fn a_past_year_in_the_report_is_dated_by_its_year_end_not_today() {
    let dir = tempfile::tempdir().unwrap();
    let tree = department(dir.path(), "旧局", 2019, 12);
    let out = dir.path().join("report.html");
    // No --as-of: today.
    let output = perf(&[
        "report",
        tree.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        output.status.code().map(|c| c <= 1),
        Some(true),
        "{}",
        stderr(&output)
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.contains("旧局 2019年 绩效运行监控（截至 2019年12月底）"),
        "heading"
    );
}

#[test]
fn inside_the_year_older_records_are_flagged_and_the_department_counts_them() {
    // At the end of August the monthly project has August's figure, the quarterly ones
    // June's: those rows say 6月底（滞后） with June's 序时进度, never 8月底.
    let table = stdout(&perf(&[
        "monitor",
        "examples/",
        "--as-of",
        "2024-08-31",
        "--by",
        "project",
    ]));
    let row = |name: &str| {
        table
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name}: {table}"))
            .to_owned()
    };
    let stale = row("人力资源市场信息化建设");
    assert!(
        stale.contains("6月底（滞后）") && stale.contains("50.00%"),
        "{stale}"
    );
    let current = row("就业创业补贴");
    assert!(
        current.contains("8月底") && !current.contains("滞后"),
        "{current}"
    );
    let departments = stdout(&perf(&["monitor", "examples/", "--as-of", "2024-08-31"]));
    assert!(
        departments.contains("8月底（3 个项目滞后）"),
        "{departments}"
    );
}

#[test]
fn the_excel_summary_sheet_totals_each_year_apart() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let tree = two_years(&dir.path().join("tree"));
    let out = dir.path().join("x.xlsx");
    let output = perf(&[
        "export",
        tree.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let sheet = book.worksheet_range("汇总").unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(<[Data]>::to_vec).collect();
    let labelled = |label: &str| {
        rows.iter()
            .find(|r| r.first() == Some(&Data::String(label.into())))
            .cloned()
            .unwrap_or_else(|| panic!("no {label} row"))
    };
    assert_eq!(labelled("2023年合计").get(3), Some(&Data::Float(1360.0)));
    assert_eq!(labelled("2024年合计").get(3), Some(&Data::Float(1360.0)));
    let last = rows.last().unwrap();
    assert_eq!(last.first(), Some(&Data::String("合计".into())));
    assert!(!last.contains(&Data::Float(2720.0)), "{last:?}");
}
