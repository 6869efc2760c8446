//! Issue 15 items 3–5 on the real binary: regional labels are read, local ones are declared in
//! perf.toml, an unknown label, a missing column or a form without units is said once per
//! file, a blank template row once, forms without a plan get no S006, messages and help lines
//! read well; and the reviewer's checks (I021, I022, P007, C012–C015) fire on the issue's own
//! examples.

// Fixture set-up helpers may panic: a failed set-up is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use crate::common::{perf_in, stdout};

/// The head of a clean project (budget 520 万元, a plan), then `rows` as its indicators.
fn project(title: &str, plan: bool, rows: &str) -> String {
    let plan = if plan {
        "[plan]\n3 = 25\n6 = 50\n10 = 80\n12 = 100\n"
    } else {
        ""
    };
    format!(
        "[project]\nname = \"{title}\"\ndepartment = \"示例区教育局\"\nyear = 2024\n\
         purpose = \"用于发放家庭经济困难学生生活补助。\"\n\
         goals = [\"及时足额发放学生资助资金，资助家庭经济困难学生1200人以上。\"]\n\n\
         [budget]\ntotal = 520\nfiscal = 520\n\n{plan}\n{rows}"
    )
}

/// One `[[indicator]]` with a basis.
fn row(level1: &str, level2: &str, name: &str, target: &str) -> String {
    format!(
        "[[indicator]]\nlevel1 = \"{level1}\"\nlevel2 = \"{level2}\"\nname = \"{name}\"\n\
         target = \"{target}\"\nbasis = \"计划标准\"\n\n"
    )
}

/// The usual six rows of a clean table, with `一级` labels given.
fn six(output: &str, effect: &str, effect2: &str) -> String {
    [
        row(output, "数量指标", "资助学生人数", "≥1200人"),
        row(output, "质量指标", "资助资金发放准确率", "=100%"),
        row(output, "时效指标", "资助资金发放完成时间", "2024年12月底前"),
        row(output, "成本指标", "资助补助资金总额", "≤520万元"),
        row(effect, effect2, "家庭经济困难学生应助尽助率", "≥98%"),
        row(
            "满意度指标",
            "服务对象满意度指标",
            "受助学生及家长满意度",
            "≥90%",
        ),
    ]
    .concat()
}

/// A folder with `files` (name, text) and optionally a perf.toml.
fn tree(files: &[(&str, String)], config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    if let Some(config) = config {
        std::fs::write(dir.path().join("perf.toml"), config).unwrap();
    }
    dir
}

/// Exit status and the concise lines of `perf validate .`, without X002 (no department file).
fn run(dir: &Path) -> (Option<i32>, Vec<String>) {
    let output = perf_in(dir, &["validate", ".", "--format", "concise"]);
    let lines = stdout(&output)
        .lines()
        .filter(|l| l.contains(": ") && !l.contains("[X002]"))
        .map(str::to_owned)
        .collect();
    (output.status.code(), lines)
}

fn codes(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| l.split('[').nth(1)?.split(']').next().map(str::to_owned))
        .collect()
}

#[test]
fn regional_labels_of_published_forms_are_read() {
    let text = project(
        "四川旧表样",
        true,
        &six("项目完成指标", "项目效益指标", "社会、经济、生态效益指标"),
    );
    let city = project(
        "市表样",
        true,
        &six("预期产出指标", "效益指标", "社会效益指标"),
    );
    let dir = tree(&[("a.toml", text), ("b.toml", city)], None);
    let (status, lines) = run(dir.path());
    assert_eq!(codes(&lines), Vec::<String>::new(), "{lines:?}");
    assert_eq!(status, Some(0));
}

#[test]
fn an_unknown_label_is_one_finding_and_its_rows_still_count() {
    let text = project(
        "投入表",
        true,
        &six("完成情况指标", "效益指标", "社会效益指标"),
    );
    let dir = tree(&[("a.toml", text)], None);
    let (_, lines) = run(dir.path());
    // One I001 for the four rows, and no P002 for 数量/质量/时效/成本 "missing".
    assert_eq!(codes(&lines), ["I001"], "{lines:?}");
    assert!(
        lines[0].contains("完成情况指标") && lines[0].contains("4 行"),
        "{lines:?}"
    );
}

#[test]
fn framework_aliases_in_perf_toml_declare_local_labels() {
    let text = project(
        "本地表样",
        true,
        &six("完成情况指标", "效果情况", "社会效益指标"),
    );
    let config = "[framework]\npreset = \"lenient\"\n\n[framework.aliases]\n\
                  \"完成情况指标\" = \"产出指标\"\n\"效果情况\" = \"效益指标\"\n";
    let dir = tree(&[("a.toml", text)], Some(config));
    let (status, lines) = run(dir.path());
    assert_eq!(codes(&lines), Vec::<String>::new(), "{lines:?}");
    assert_eq!(status, Some(0));
    // `perf config` shows them, in a form perf.toml accepts.
    let config_out = stdout(&perf_in(dir.path(), &["config"]));
    assert!(
        config_out.contains("[framework.aliases]")
            && config_out.contains("\"完成情况指标\" = \"产出指标\""),
        "{config_out}"
    );

    // An alias naming no label perf knows is refused with its place (exit 2).
    let bad = "[framework.aliases]\n\"完成情况指标\" = \"完成指标\"\n";
    std::fs::write(dir.path().join("perf.toml"), bad).unwrap();
    let output = perf_in(dir.path(), &["validate", "."]);
    assert_eq!(output.status.code(), Some(2));
    let err = crate::common::stderr(&output);
    assert!(
        err.contains("perf.toml:2") && err.contains("完成指标"),
        "{err}"
    );
}

#[test]
fn a_total_row_among_cost_rows_is_not_added_to_its_components() {
    let mut rows = six("产出指标", "效益指标", "社会效益指标");
    rows.push_str(&row("产出指标", "成本指标", "教材费", "≤200万元"));
    rows.push_str(&row("产出指标", "成本指标", "生活补助", "≤320万元"));
    rows.push_str(&row("产出指标", "成本指标", "其他", "≤0万元"));
    let text = project("成本分解", true, &rows);
    let dir = tree(&[("a.toml", text)], None);
    let (status, lines) = run(dir.path());
    assert!(!codes(&lines).contains(&"C011".to_owned()), "{lines:?}");
    assert_eq!(status, Some(0), "{lines:?}");
}

#[test]
fn a_column_absent_from_the_whole_form_is_one_finding() {
    let rows = six("产出指标", "效益指标", "社会效益指标").replace("basis = \"计划标准\"\n", "");
    let dir = tree(&[("a.toml", project("无依据列", true, &rows))], None);
    let (_, lines) = run(dir.path());
    assert_eq!(codes(&lines), ["I014"], "{lines:?}");
    assert!(lines[0].contains("6 个指标"), "{lines:?}");
}

#[test]
fn a_form_that_writes_no_units_is_one_finding() {
    // Real form 61 writes `100` for its rates and `43.2` for its amount: one fact, said once.
    let mut rows = six("产出指标", "效益指标", "社会效益指标");
    for (from, to) in [
        ("≥1200人", "≥1200"),
        ("=100%", "=100"),
        ("≤520万元", "≤520"),
        ("≥98%", "≥98"),
        ("≥90%", "≥90"),
    ] {
        rows = rows.replacen(&format!("\"{from}\""), &format!("\"{to}\""), 1);
    }
    let dir = tree(&[("a.toml", project("无单位", true, &rows))], None);
    let (_, lines) = run(dir.path());
    let i013: Vec<&String> = lines.iter().filter(|l| l.contains("[I013]")).collect();
    assert_eq!(i013.len(), 1, "{lines:?}");
    assert!(
        i013[0].contains("本表的数值指标值都没有单位：4 个指标（如“≥1200”）"),
        "{lines:?}"
    );
    // The bare cost amount is still its own finding (C006), not part of the count.
    assert!(codes(&lines).contains(&"C006".to_owned()), "{lines:?}");
}

#[test]
fn a_blank_template_row_is_one_finding() {
    let mut rows = six("产出指标", "效益指标", "社会效益指标");
    rows.push_str(
        "[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"\"\ntarget = \"\"\n",
    );
    let dir = tree(&[("a.toml", project("空白行", true, &rows))], None);
    let (_, lines) = run(dir.path());
    assert_eq!(codes(&lines), ["I020"], "{lines:?}");
    assert!(lines[0].contains("空白行"), "{lines:?}");
}

#[test]
fn forms_that_never_carry_a_plan_get_no_s006() {
    let rows = six("产出指标", "效益指标", "社会效益指标");
    let monitor = project("学生资助绩效监控表", false, &rows);
    let dir = tree(&[("a.toml", monitor)], None);
    assert_eq!(codes(&run(dir.path()).1), Vec::<String>::new());

    let plain = project("学生资助", false, &rows);
    let dir = tree(&[("a.toml", plain.clone())], None);
    assert_eq!(codes(&run(dir.path()).1), ["S006"]);
    let dir = tree(&[("a.toml", plain)], Some("require_plan = false\n"));
    assert_eq!(codes(&run(dir.path()).1), Vec::<String>::new());

    // An imported 自评表 keeps neither word in its name or title: it is known by the results
    // it records (real forms 60–68).
    let evaluated = project("学生资助", false, &rows).replacen(
        "target = \"≥1200人\"\n",
        "target = \"≥1200人\"\nactual = \"1250人\"\n",
        1,
    );
    let dir = tree(&[("a.toml", evaluated)], None);
    assert_eq!(codes(&run(dir.path()).1), Vec::<String>::new());
}

#[test]
fn messages_read_well_when_a_name_or_value_is_empty() {
    let mut rows = six("产出指标", "效益指标", "社会效益指标");
    rows.push_str(&row("产出指标", "数量指标", "", "——"));
    rows.push_str(&row("产出指标", "数量指标", "培训人次", ""));
    // An unnamed cost row with a value: the cost rules name it by its place.
    rows.push_str(&row("产出指标", "成本指标", "", "≥50万元"));
    let dir = tree(&[("a.toml", project("空名", true, &rows))], None);
    let output = perf_in(dir.path(), &["validate", "."]);
    let text = stdout(&output);
    assert!(text.contains("I006"), "{text}");
    assert!(
        text.contains("C004") && text.contains("第 9 个指标（未命名）"),
        "{text}"
    );
    assert!(
        !text.contains("“”"),
        "an empty name or value shows as “”:\n{text}"
    );
}

#[test]
fn no_help_line_suggests_a_cap_of_zero() {
    let text = project(
        "预算为零",
        true,
        &six("产出指标", "效益指标", "社会效益指标"),
    )
    .replace("total = 520\nfiscal = 520", "total = 0\nfiscal = 0");
    let dir = tree(&[("a.toml", text)], None);
    let output = perf_in(dir.path(), &["validate", "."]);
    let text = stdout(&output);
    assert!(text.contains("C003"), "{text}");
    assert!(!text.contains("≤0万元"), "{text}");
}

/// The concise lines of `perf validate` on one project built from `rows` (with `extra`
/// appended to the file) and an optional perf.toml.
fn lines_of(rows: &str, extra: &str, config: Option<&str>) -> Vec<String> {
    let text = format!("{}\n{extra}", project("复核", true, rows));
    let dir = tree(&[("a.toml", text)], config);
    run(dir.path()).1
}

/// The six clean rows with the row named `name` given another `target`.
fn with_target(name: &str, target: &str) -> String {
    let rows = six("产出指标", "效益指标", "社会效益指标");
    let at = rows.find(&format!("name = \"{name}\"")).unwrap();
    let start = at + rows[at..].find("target = \"").unwrap() + "target = \"".len();
    let end = start + rows[start..].find('"').unwrap();
    format!("{}{target}{}", &rows[..start], &rows[end..])
}

#[test]
fn vague_qualitative_targets_are_flagged_and_their_level_is_configurable() {
    for word in ["效果明显", "有效提升", "进一步提高", "明显改善"] {
        let rows = with_target("家庭经济困难学生应助尽助率", word);
        let lines = lines_of(&rows, "", None);
        assert_eq!(codes(&lines), ["I021"], "{word}: {lines:?}");
        assert!(lines[0].contains(word), "{lines:?}");
    }
    // A number is a standard: `比上年提高5个百分点` is not vague.
    let rows = with_target("家庭经济困难学生应助尽助率", "比上年进一步提高5个百分点");
    assert!(!codes(&lines_of(&rows, "", None)).contains(&"I021".to_owned()));
    // Like every rule, its level is set in perf.toml.
    let rows = with_target("家庭经济困难学生应助尽助率", "效果明显");
    let lines = lines_of(&rows, "", Some("[rules]\nI021 = \"error\"\n"));
    assert!(lines[0].contains("error[I021]"), "{lines:?}");
    assert!(lines_of(&rows, "", Some("[rules]\ntarget-vague = \"allow\"\n")).is_empty());
}

#[test]
fn a_closed_year_without_any_actual_is_one_finding() {
    let rows = six("产出指标", "效益指标", "社会效益指标");
    let lines = lines_of(&rows, "[execution]\nspent = { 6 = 260, 12 = 515 }\n", None);
    assert_eq!(codes(&lines), ["P007"], "{lines:?}");
    // Mid-year, nothing is missing yet.
    let lines = lines_of(&rows, "[execution]\nspent = { 6 = 260 }\n", None);
    assert!(!codes(&lines).contains(&"P007".to_owned()), "{lines:?}");
}

#[test]
fn a_unit_cost_without_its_currency_is_said_so() {
    let rows = with_target("资助补助资金总额", "≤28.40/株");
    let lines = lines_of(&rows, "", None);
    // Not C010 "不是金额": the 元 is missing.
    assert_eq!(codes(&lines), ["C012"], "{lines:?}");
    assert!(lines[0].contains("≤28.40/株"), "{lines:?}");
}

#[test]
fn a_unit_cost_explaining_a_small_share_of_the_budget_is_noted() {
    // The repro: 1600元/亩 × 700亩 = 112万 of 854万.
    let rows = six("产出指标", "效益指标", "社会效益指标")
        .replace("≥1200人", "≥700亩")
        .replace("≤520万元", "≤1600元/亩");
    let text = project("高标准农田", true, &rows)
        .replace("total = 520\nfiscal = 520", "total = 854\nfiscal = 854");
    let dir = tree(&[("a.toml", text)], None);
    let lines = run(dir.path()).1;
    assert_eq!(codes(&lines), ["C013"], "{lines:?}");
    assert!(
        lines[0].contains("112 万元")
            && lines[0].contains("854 万元")
            && lines[0].contains("13.1%"),
        "{lines:?}"
    );
    // The threshold is in perf.toml.
    std::fs::write(
        dir.path().join("perf.toml"),
        "[thresholds]\nunit_cost_share_min = 10\n",
    )
    .unwrap();
    assert!(run(dir.path()).1.is_empty());
}

#[test]
fn a_completion_date_after_the_period_is_flagged() {
    let rows = with_target("资助资金发放完成时间", "2025年3月底前");
    let text = project("跨年", true, &rows).replace(
        "year = 2024\n",
        "year = 2024\nperiod = \"2024-01/2024-12\"\n",
    );
    let dir = tree(&[("a.toml", text.clone())], None);
    let lines = run(dir.path()).1;
    assert_eq!(codes(&lines), ["I022"], "{lines:?}");
    // Within the period: nothing.
    let inside = text.replace("2025年3月底前", "2024年11月底前");
    let dir = tree(&[("a.toml", inside)], None);
    assert!(run(dir.path()).1.is_empty());
}

#[test]
fn economic_income_above_the_budget_and_effects_in_cost_rows_are_noted() {
    // The repro: 80万 of added income from a 50万 grant.
    let mut rows = six("产出指标", "效益指标", "社会效益指标").replace("≤520万元", "≤50万元");
    rows.push_str(&row("效益指标", "经济效益指标", "农户新增收入", "≥80万元"));
    let text = project("增收", true, &rows)
        .replace("total = 520\nfiscal = 520", "total = 50\nfiscal = 50");
    let dir = tree(&[("a.toml", text)], None);
    let lines = run(dir.path()).1;
    assert_eq!(codes(&lines), ["C014"], "{lines:?}");
    assert!(
        lines[0].starts_with("./a.toml") && lines[0].contains("note"),
        "{lines:?}"
    );

    let rows = six("产出指标", "效益指标", "社会效益指标")
        .replace("name = \"资助补助资金总额\"", "name = \"群众满意度提升\"");
    let lines = lines_of(&rows, "", None);
    assert_eq!(codes(&lines), ["C015"], "{lines:?}");
}
