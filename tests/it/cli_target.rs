//! `perf target`: how perf reads a 指标值, in text and JSON.

#![allow(clippy::unwrap_used)]

use crate::common::{perf, stdout};

#[test]
fn explains_a_compound_value() {
    let output = perf(&[
        "target",
        "≥1,346.5万平方米",
        "≤50万元/月",
        "80%-90%",
        "200人",
    ]);
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!("target_text", stdout(&output));
}

#[test]
fn json_lists_one_reading_per_value() {
    let output = perf(&[
        "target",
        "--format",
        "json",
        "≧85%",
        "2024年12月底前",
        "良好",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc[0]["comparator"], "≥");
    assert_eq!(doc[0]["value"], "85");
    assert_eq!(doc[0]["unit"], "%");
    assert_eq!(doc[1]["kind"], "time");
    assert_eq!(doc[2]["kind"], "graded");
}

#[test]
fn an_unreadable_value_exits_one() {
    let output = perf(&["target", "≧个"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("比较符后面没有数值"));
}

#[test]
fn a_date_that_does_not_exist_is_refused() {
    for raw in [
        "2024年13月32日前",
        "2023年2月29日前",
        "2024年4月31日",
        "5季度",
    ] {
        let output = perf(&["target", raw]);
        assert_eq!(output.status.code(), Some(1), "{raw}");
        let text = stdout(&output);
        assert!(text.contains("日期不存在"), "{raw}: {text}");
    }
    // Real dates and durations read as time limits.
    let output = perf(&["target", "2024年2月29日前", "6月30日前", "18月内", "45日内"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn an_impossible_deadline_in_a_budget_file_is_i005() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/示例区教育局/学生资助补助经费.toml"),
    )
    .unwrap()
    .replace("2024年12月底前", "2024年13月32日前");
    assert!(text.contains("2024年13月32日前"));
    std::fs::write(dir.path().join("a.toml"), text).unwrap();
    let output = crate::common::perf_in(dir.path(), &["validate", "--format", "concise", "a.toml"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains("error[I005] 指标值“2024年13月32日前”无法解析：日期不存在"),
        "{text}"
    );
}
