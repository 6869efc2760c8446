//! How `perf validate` reads real-table targets (issues 15 and 20, docs/targets.md): bare
//! numbers by their direction, lookalike comparators, durations that are no dates, date
//! ranges, and actuals that restate their targets. Each case is one indicator row added to
//! the clean E006 fixture's project (year closed, so E006 looks at every actual).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::perf_in;
use serde_json::Value;

/// A closed-year project with one indicator row (`target`, optional `actual`, `name`).
fn project(name: &str, level2: &str, target: &str, actual: Option<&str>) -> String {
    let actual = actual.map_or(String::new(), |a| format!("actual = \"{a}\"\n"));
    let level1 = if level2.contains("满意") {
        "满意度指标"
    } else {
        "产出指标"
    };
    format!(
        r#"[project]
name = "读数夹具"
department = "示例区教育局"
year = 2024
purpose = "用于发放家庭经济困难学生生活补助及国家助学金。"
goals = ["按照资助标准及时足额发放学生资助资金。"]

[budget]
total = 520
fiscal = 500
other = 20

[plan]
3 = 25
6 = 50
10 = 80
12 = 100

[execution]
spent = {{ 3 = 130, 6 = 260, 10 = 416, 12 = 510 }}

[[indicator]]
level1 = "{level1}"
level2 = "{level2}"
name = "{name}"
target = "{target}"
basis = "计划标准"
{actual}"#
    )
}

/// The findings (code, message) of `perf validate` on that one project.
fn findings(name: &str, level2: &str, target: &str, actual: Option<&str>) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("department.toml"),
        "[department]\nname = \"示例区教育局\"\nyear = 2024\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("p.toml"),
        project(name, level2, target, actual),
    )
    .unwrap();
    let output = perf_in(dir.path(), &["validate", "--format", "json", "p.toml"]);
    let doc: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        // Coverage of the one-row table is not what these tests look at.
        .filter(|(code, _)| !code.starts_with('P'))
        .collect()
}

fn codes(found: &[(String, String)]) -> Vec<&str> {
    found.iter().map(|(c, _)| c.as_str()).collect()
}

#[test]
fn a_bare_rate_above_its_target_is_met_not_missed() {
    // Issue 20: `95%` with 100% is met on a 率 row; E006 must not say 未达到.
    let found = findings("资助资金发放准确率", "质量指标", "95%", Some("100%"));
    assert!(!codes(&found).contains(&"E006"), "{found:?}");
    // Below the floor it is missed, and said so.
    let found = findings("资助资金发放准确率", "质量指标", "95%", Some("90%"));
    let e006 = found.iter().find(|(c, _)| c == "E006").expect("E006");
    assert!(e006.1.contains("未达到"), "{found:?}");
}

#[test]
fn a_bare_ceiling_below_its_target_is_met() {
    let found = findings("审批办理时间", "时效指标", "30天", Some("25天"));
    assert!(!codes(&found).contains(&"E006"), "{found:?}");
}

#[test]
fn a_bare_number_of_unknown_direction_differs_not_misses() {
    // Neither the name nor a unit tells the direction: compared as `=`, and E006 says
    // the actual differs (not that it misses, which would be false above the target).
    let found = findings("修建道路工程", "质量指标", "52", Some("60"));
    let e006 = found.iter().find(|(c, _)| c == "E006").expect("E006");
    assert!(e006.1.contains("不一致"), "{found:?}");
    assert!(!e006.1.contains("未达到"), "{found:?}");
}

#[test]
fn a_bare_number_on_a_quantity_row_is_a_floor() {
    // The same `52` under 数量指标 is a floor: 60 meets it.
    let found = findings("修建道路工程", "数量指标", "52", Some("60"));
    assert!(!codes(&found).contains(&"E006"), "{found:?}");
    let found = findings("修建道路工程", "数量指标", "52", Some("10"));
    let e006 = found.iter().find(|(c, _)| c == "E006").expect("E006");
    assert!(e006.1.contains("未达到"), "{found:?}");
}

#[test]
fn i012_says_how_a_bare_count_is_read() {
    let found = findings("资助学生人数", "数量指标", "1200人", Some("1250人"));
    let i012 = found.iter().find(|(c, _)| c == "I012").expect("I012");
    assert!(i012.1.contains("≥1200人"), "{found:?}");
    assert!(i012.1.contains("人数"), "{found:?}");
    assert!(!codes(&found).contains(&"E006"), "{found:?}");
}

#[test]
fn i008_never_says_an_equals_sign_was_written_for_a_bare_percent() {
    // Issue 15 item 4: a bare `90%` on a 满意度 row is a floor, and fine.
    let found = findings("受助学生及家长满意度", "服务对象满意度指标", "90%", None);
    assert!(found.iter().all(|(_, m)| !m.contains("等号")), "{found:?}");
    assert!(!codes(&found).contains(&"I008"), "{found:?}");
    // A bare value below the floor is reported with what it is read as.
    let found = findings("受助学生及家长满意度", "服务对象满意度指标", "70%", None);
    let i008 = found.iter().find(|(c, _)| c == "I008").expect("I008");
    assert!(
        i008.1.contains("≥70%") && !i008.1.contains("等号"),
        "{found:?}"
    );
    // An explicit `=90%` still is.
    let found = findings("受助学生及家长满意度", "服务对象满意度指标", "=90%", None);
    let i008 = found.iter().find(|(c, _)| c == "I008").expect("I008");
    assert!(i008.1.contains("等号"), "{found:?}");
}

#[test]
fn lookalike_comparators_compare() {
    // `═100%` (box drawing) is `=100%`: 98% against it differs, and is reported.
    let found = findings("资助资金发放准确率", "质量指标", "═100%", Some("98%"));
    assert!(codes(&found).contains(&"E006"), "{found:?}");
    for target in [
        "≧９５％",
        "＞＝95%",
        "=>95%",
        "不低于95%",
        "95%以上",
        "达到95%",
    ] {
        let found = findings("资助资金发放准确率", "质量指标", target, Some("96%"));
        assert!(
            !codes(&found)
                .iter()
                .any(|c| ["E003", "E006", "I005", "I013"].contains(c)),
            "{target}: {found:?}"
        );
        let found = findings("资助资金发放准确率", "质量指标", target, Some("90%"));
        assert!(codes(&found).contains(&"E006"), "{target}: {found:?}");
    }
    let found = findings(
        "审批办理时限",
        "时效指标",
        "3个工作日以内",
        Some("5个工作日"),
    );
    assert!(codes(&found).contains(&"E006"), "{found:?}");
}

#[test]
fn durations_are_no_dates() {
    // Issue 20 item 4: `15年` of service life is a duration, comparable with `≥15年`.
    for (target, actual) in [
        ("≥15年", "15年"),
        ("15年", "15年"),
        ("≥2年", "2年"),
        ("≤3个月", "3个月"),
        ("12个月内", "10个月"),
    ] {
        let found = findings("设备使用年限", "质量指标", target, Some(actual));
        assert!(
            !codes(&found).iter().any(|c| ["E003", "I005"].contains(c)),
            "{target} / {actual}: {found:?}"
        );
    }
}

#[test]
fn date_ranges_and_invalid_dates() {
    // Issue 15 item 5: a date range is a time limit, not a unitless number.
    for target in ["2023.07-2024.01", "2024年3月至6月", "2024-06-30"] {
        let found = findings("项目实施期限", "时效指标", target, None);
        assert!(
            !codes(&found).iter().any(|c| ["I005", "I013"].contains(c)),
            "{target}: {found:?}"
        );
    }
    for (target, why) in [
        ("2024年13月32日前", "日期不存在"),
        ("2023.13-2024.01", "日期不存在"),
        ("2024.01-2023.07", "结束早于开始"),
        ("2024年6月至3月", "结束早于开始"),
    ] {
        let found = findings("项目实施期限", "时效指标", target, None);
        let i005 = found.iter().find(|(c, _)| c == "I005").expect("I005");
        assert!(i005.1.contains(why), "{target}: {found:?}");
    }
}

#[test]
fn an_actual_that_restates_its_target_is_reported() {
    // Issue 20 item 3: `≥266米` in the actual column is no measurement.
    let found = findings("新建道路长度", "数量指标", "≥266米", Some("≥266米"));
    let e011 = found.iter().find(|(c, _)| c == "E011").expect("E011");
    assert!(e011.1.contains("照抄"), "{found:?}");
    let found = findings("验收合格率", "质量指标", "≥95%", Some("≥90%"));
    assert!(codes(&found).contains(&"E011"), "{found:?}");
    // A deadline copied word for word is no completion date.
    let found = findings(
        "资助资金发放完成时间",
        "时效指标",
        "2024年12月底前",
        Some("2024年12月底前"),
    );
    assert!(codes(&found).contains(&"E011"), "{found:?}");
    let found = findings(
        "资助资金发放完成时间",
        "时效指标",
        "2024年12月底前",
        Some("2024年11月"),
    );
    assert!(!codes(&found).contains(&"E011"), "{found:?}");
    // Under an empty target the message names no empty target.
    let found = findings("验收合格率", "质量指标", "——", Some("≥90%"));
    let e011 = found.iter().find(|(c, _)| c == "E011").expect("E011");
    assert!(
        !e011.1.contains("“——”") && !e011.1.contains("“”"),
        "{found:?}"
    );
    // A measurement equal to the target is none.
    let found = findings("新建道路长度", "数量指标", "≥266米", Some("266米"));
    assert!(!codes(&found).contains(&"E011"), "{found:?}");
}
