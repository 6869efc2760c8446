//! The E rules on projects built in code: each rule's edges, and the data that keeps it quiet.

use rust_decimal::Decimal;

use crate::diag::FileId;
use crate::model::budget::Budget;
use crate::model::execution::{
    Execution, Explanation, GradeMark, Likelihood, ReasonCategory, SpentPoint,
};
use crate::model::money::MoneyUnit;
use crate::model::project::{Indicator, Project};
use crate::model::spans::ProjectSpans;
use crate::model::target::Target;
use crate::rules::{Settings, check_project};
use crate::source::LoadedProject;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn spent(points: &[(u32, &str)]) -> Execution {
    Execution::new(
        points
            .iter()
            .map(|&(month, amount)| SpentPoint {
                month,
                amount: d(amount),
            })
            .collect(),
    )
}

fn project(execution: Option<Execution>, indicators: Vec<Indicator>) -> Project {
    Project {
        name: "项目".into(),
        budget: Some(Budget {
            unit: MoneyUnit::Wan,
            total: d("100"),
            fiscal: Some(d("100")),
            other: None,
            sources: Vec::new(),
            items: Vec::new(),
        }),
        indicators,
        execution,
        ..Project::default()
    }
}

fn row(target: &str, actual: Option<&str>) -> Indicator {
    let mut i = Indicator::new("产出指标", "数量指标", "人数", target);
    i.progress.actual = actual.map(Target::parse);
    i
}

fn explained() -> Explanation {
    Explanation {
        reason: Some("原因".into()),
        category: Some(ReasonCategory::Other),
        measure: Some("措施".into()),
    }
}

/// The E codes the project gets, in order.
fn codes(p: Project) -> Vec<&'static str> {
    let loaded = LoadedProject {
        file: FileId(0),
        project: p,
        spans: ProjectSpans::default(),
    };
    check_project(&loaded, &Settings::default())
        .into_iter()
        .map(|d| d.rule.code)
        .filter(|c| c.starts_with('E'))
        .collect()
}

#[test]
fn e001_spending_that_goes_down_or_over() {
    assert_eq!(
        codes(project(
            Some(spent(&[(3, "20"), (6, "50"), (12, "100")])),
            vec![]
        )),
        [] as [&str; 0]
    );
    assert_eq!(
        codes(project(Some(spent(&[(3, "20"), (6, "15")])), vec![])),
        ["E001"]
    );
    // Over the budget: reported once, at the first month over.
    assert_eq!(
        codes(project(Some(spent(&[(6, "101"), (12, "120")])), vec![])),
        ["E001"]
    );
    // An adjusted budget raises the ceiling.
    let mut e = spent(&[(6, "101")]);
    e.adjusted_budget = Some(d("110"));
    assert!(codes(project(Some(e), vec![])).is_empty());
    // A forecast over the adjusted budget.
    let mut e = spent(&[(6, "50")]);
    e.forecast = Some(d("100.01"));
    assert_eq!(codes(project(Some(e), vec![])), ["E001"]);
}

#[test]
fn e002_needs_both_reason_and_measure() {
    let mut i = row("≥10人", Some("4人"));
    i.progress.likelihood = Some(Likelihood::Impossible);
    assert_eq!(codes(project(None, vec![i.clone()])), ["E002"]);
    i.progress.explanation.reason = Some("原因".into());
    assert_eq!(codes(project(None, vec![i.clone()])), ["E002"]);
    i.progress.explanation.measure = Some("   ".into());
    assert_eq!(codes(project(None, vec![i.clone()])), ["E002"]);
    i.progress.explanation.measure = Some("措施".into());
    assert!(codes(project(None, vec![i.clone()])).is_empty());
    i.progress.likelihood = Some(Likelihood::Certain);
    i.progress.explanation = Explanation::default();
    assert!(codes(project(None, vec![i])).is_empty());
}

#[test]
fn e003_units_that_cannot_be_compared() {
    let cases: &[(&str, &str, bool)] = &[
        ("≥1200人", "1180人", false),
        ("≥1万人", "9800人", false),
        ("≤100万元", "980000元", false),
        ("≥1200人", "1180人次", true),
        // A unitless number is read in the target's unit (E014), words the 自评 word table
        // decides are scored by it (E013): neither is an E003 error.
        ("≥95%", "96", false),
        ("≥95%", "基本完成", false),
        ("≥95%", "详见附件", true),
        ("70%-85%", "80%", false),
        ("70%-85%", "80个", true),
        ("是", "是", false),
        ("是", "已完成", false),
        ("是", "详见附件", true),
        // Qualitative targets take any text.
        ("2024年12月底前", "2024年11月完成", false),
    ];
    for &(target, actual, fires) in cases {
        let got = codes(project(None, vec![row(target, Some(actual))]));
        assert_eq!(got.contains(&"E003"), fires, "{target} / {actual}: {got:?}");
    }
}

#[test]
fn e004_year_end_rate_below_ninety_without_reason() {
    assert_eq!(
        codes(project(Some(spent(&[(12, "89.99")])), vec![])),
        ["E004"]
    );
    assert!(codes(project(Some(spent(&[(12, "90")])), vec![])).is_empty());
    // Not the year end yet.
    assert!(codes(project(Some(spent(&[(11, "50")])), vec![])).is_empty());
    let mut e = spent(&[(12, "50")]);
    e.explanation = explained();
    assert!(codes(project(Some(e), vec![])).is_empty());
    // Against the adjusted budget: 85 of 90 is 94.4%.
    let mut e = spent(&[(12, "85")]);
    e.adjusted_budget = Some(d("90"));
    assert!(codes(project(Some(e), vec![])).is_empty());
}

#[test]
fn e005_only_far_above_a_positive_target() {
    assert!(codes(project(None, vec![row("≥100人", Some("120人"))])).is_empty());
    assert_eq!(
        codes(project(None, vec![row("≥100人", Some("121人"))])),
        ["E005"]
    );
    // Far under a cap is not “too low a target”.
    assert!(codes(project(None, vec![row("≤100万元", Some("50万元"))])).is_empty());
}

#[test]
fn e006_missed_or_dropped_rows_at_year_end() {
    let closed = || Some(spent(&[(12, "100")]));
    assert_eq!(
        codes(project(closed(), vec![row("≥100人", Some("99人"))])),
        ["E006"]
    );
    // Mid-year, a shortfall is progress, not a miss.
    assert!(
        codes(project(
            Some(spent(&[(6, "50")])),
            vec![row("≥100人", Some("60人"))]
        ))
        .is_empty()
    );
    assert!(codes(project(closed(), vec![row("≥100人", Some("100人"))])).is_empty());
    let mut missed = row("≥100人", Some("99人"));
    missed.progress.explanation = explained();
    assert!(codes(project(closed(), vec![missed])).is_empty());
    let mut dropped = row("≥100人", None);
    dropped.progress.applicable = false;
    assert_eq!(codes(project(closed(), vec![dropped])), ["E006"]);
    let mut graded = row("及时发放", None);
    graded.progress.grade = GradeMark::parse("部分达成 60%");
    assert_eq!(codes(project(closed(), vec![graded.clone()])), ["E006"]);
    graded.progress.grade = GradeMark::parse("达成 80%");
    assert!(codes(project(closed(), vec![graded])).is_empty());
}

#[test]
fn e007_percentages_inside_their_band() {
    let cases: &[(&str, bool)] = &[
        ("达成 80%", false),
        ("达成 100%", false),
        ("达成 79%", true),
        ("部分达成 50%", false),
        ("部分达成 79.99%", false),
        ("部分达成 80%", true),
        ("部分达成 49%", true),
        ("未达成 49.9%", false),
        ("未达成 50%", true),
        ("部分达成", false),
    ];
    for &(grade, fires) in cases {
        let mut i = row("及时发放", None);
        i.progress.grade = GradeMark::parse(grade);
        let got = codes(project(None, vec![i]));
        assert_eq!(got.contains(&"E007"), fires, "{grade}: {got:?}");
    }
}

/// Issue 20: a bare target (`95%`) read as `=` made E006 say “未达到” where the actual was
/// above it. It is read by direction now: 100% meets 95%; 90% misses it.
#[test]
fn e006_reads_a_bare_target_by_direction() {
    let closed = || Some(spent(&[(12, "100")]));
    assert!(codes(project(closed(), vec![row("95%", Some("100%"))])).is_empty());
    assert_eq!(
        codes(project(closed(), vec![row("95%", Some("90%"))])),
        ["E006"]
    );
}

#[test]
fn e014_is_said_once_when_no_actual_of_the_form_has_a_unit() {
    // One bare actual read in its target's unit: a note on the row.
    let one = project(None, vec![row("≥50人", Some("50"))]);
    assert_eq!(codes(one), ["E014"]);
    // Every numeric actual bare (real forms 60 and 66): one note for the form.
    let bare = vec![
        row("≥50人", Some("50")),
        row("≥95%", Some("96")),
        row("≤90万元", Some("90")),
    ];
    assert_eq!(codes(project(None, bare.clone())), ["E014"]);
    let loaded = LoadedProject {
        file: FileId(0),
        project: project(None, bare.clone()),
        spans: ProjectSpans::default(),
    };
    let findings = check_project(&loaded, &Settings::default());
    let e014 = findings.iter().find(|d| d.rule.code == "E014").unwrap();
    assert!(e014.message.contains("3 个数值"), "{e014:?}");
    // Its help speaks of every row, not of "this row".
    assert!(
        e014.help.as_deref().is_some_and(|h| h.contains("各行")),
        "{e014:?}"
    );
    // One actual written with its unit: the form writes units, each bare one is its own.
    let mut mixed = bare;
    mixed.push(row("≥1000人", Some("1200人")));
    assert_eq!(codes(project(None, mixed)), ["E014", "E014", "E014"]);
}
