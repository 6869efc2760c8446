//! `perf target`: how perf reads a 指标值, in text and JSON.

mod common;

use common::{perf, stdout};

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
