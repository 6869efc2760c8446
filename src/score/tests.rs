//! Weights, rescaling, rounding, totals and grades, worked out by hand.

use super::*;
use crate::diag::FileId;
use crate::model::budget::Budget;
use crate::model::execution::{Execution, SpentPoint};
use crate::model::money::MoneyUnit;
use crate::model::project::{Indicator, Project};
use crate::model::spans::ProjectSpans;
use crate::model::target::Target;
use crate::source::LoadedProject;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn indicator(level1: &str, level2: &str, name: &str, target: &str, actual: &str) -> Indicator {
    let mut i = Indicator::new(level1, level2, name, target);
    i.progress.actual = Some(Target::parse(actual));
    i
}

/// Budget 100 万元, 90 spent by December (执行率 90%); two 产出 rows, one 效益, one 满意度.
fn project() -> Project {
    let mut execution = Execution::new(vec![SpentPoint {
        month: 12,
        amount: d("90"),
    }]);
    execution.adjusted_budget = None;
    Project {
        name: "测试项目".into(),
        department: "测试局".into(),
        year: Some(2024),
        budget: Some(Budget {
            unit: MoneyUnit::Wan,
            total: d("100"),
            fiscal: Some(d("100")),
            other: None,
            sources: Vec::new(),
            items: Vec::new(),
        }),
        indicators: vec![
            indicator("产出指标", "数量指标", "人数", "≥100人", "80人"),
            indicator("产出指标", "成本指标", "成本", "≤100万元", "90万元"),
            indicator("效益指标", "社会效益指标", "运行", "是", "是"),
            indicator("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "85%"),
        ],
        execution: Some(execution),
        ..Project::default()
    }
}

fn scores(p: &ProjectScore) -> Vec<(Option<Decimal>, Option<Decimal>)> {
    p.rows.iter().map(|r| (r.weight, r.score)).collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(Option<Decimal>, Option<Decimal>)> {
    list.iter().map(|(w, s)| (Some(d(w)), Some(d(s)))).collect()
}

#[test]
fn default_weights_spread_over_each_level1() {
    let p = project::score_project(&project(), &ExecutionSettings::default());
    // 预算执行率 10 × 90% = 9; 产出 50 over two rows: 25 × 80% = 20 and 25 (capped);
    // 效益 30 (是 = 是); 满意度 10 × (85 ÷ 90 = 94.44%) = 9.444 → 9.44.
    assert_eq!(
        scores(&p),
        pairs(&[
            ("10.00", "9.00"),
            ("25.00", "20.00"),
            ("25.00", "25.00"),
            ("30.00", "30.00"),
            ("10.00", "9.44")
        ])
    );
    assert_eq!((p.total, p.grade), (d("93.44"), "优"));
    assert_eq!(p.weights_from, "default");
    assert_eq!(p.data_month, Some(12));
    let groups: Vec<(&str, Decimal, Decimal)> = p
        .groups
        .iter()
        .map(|g| (g.group, g.weight, g.score))
        .collect();
    assert_eq!(
        groups,
        [
            ("预算执行率", d("10"), d("9")),
            ("产出指标", d("50"), d("45")),
            ("效益指标", d("30"), d("30")),
            ("满意度指标", d("10"), d("9.44")),
        ]
    );
    assert!(p.notes.is_empty(), "{:?}", p.notes);
    assert_eq!(
        p.rows.get(1).map(|r| r.explain.as_str()),
        Some("B/A = 80 ÷ 100 = 80.00%；得分 = 25.00 × 80.00% = 20.00")
    );
}

#[test]
fn a_dropped_row_rescales_the_rest_to_100() {
    let mut project = project();
    if let Some(first) = project.indicators.first_mut() {
        first.progress.applicable = false;
    }
    let p = project::score_project(&project, &ExecutionSettings::default());
    // Raw weights 10, 25, 30, 10 (75 in all) → × 100/75: 13.333…, 33.333…, 40, 13.333…;
    // cents by largest remainder: the missing cent goes to the first tie, 预算执行率.
    // Scores: 13.34 × 90% = 12.006 → 12.01; 33.33; 40; 13.33 × 94.44% = 12.589 → 12.59.
    let expected = vec![
        (Some(d("13.34")), Some(d("12.01"))),
        (None, None),
        (Some(d("33.33")), Some(d("33.33"))),
        (Some(d("40.00")), Some(d("40.00"))),
        (Some(d("13.33")), Some(d("12.59"))),
    ];
    assert_eq!(scores(&p), expected);
    assert_eq!((p.total, p.grade), (d("97.93"), "优"));
    assert_eq!(
        p.rows.get(1).map(|r| r.status),
        Some(RowStatus::NotApplicable)
    );
    assert_eq!(p.notes.len(), 2, "{:?}", p.notes);
}

#[test]
fn indicator_weights_are_used_when_every_row_has_one() {
    let mut project = project();
    for (i, w) in project.indicators.iter_mut().zip(["30", "30", "20", "10"]) {
        i.weight = Some(d(w));
    }
    let p = project::score_project(&project, &ExecutionSettings::default());
    // 10 + 90 = 100: no rescaling. 30 × 80% = 24; 30; 20; 10 × 94.44% = 9.44.
    assert_eq!(
        scores(&p),
        pairs(&[
            ("10.00", "9.00"),
            ("30.00", "24.00"),
            ("30.00", "30.00"),
            ("20.00", "20.00"),
            ("10.00", "9.44")
        ])
    );
    assert_eq!((p.total, p.weights_from), (d("92.44"), "indicator"));

    // Weights adding up to 100 are the whole score: 预算执行率 gets 0 (the convention shared
    // with I018). 40 × 80% = 32; 30; 20; 10 × 94.44% = 9.44 → 91.44.
    for (i, w) in project.indicators.iter_mut().zip(["40", "30", "20", "10"]) {
        i.weight = Some(d(w));
    }
    let p = project::score_project(&project, &ExecutionSettings::default());
    assert_eq!(
        scores(&p),
        pairs(&[
            ("0.00", "0.00"),
            ("40.00", "32.00"),
            ("30.00", "30.00"),
            ("20.00", "20.00"),
            ("10.00", "9.44")
        ])
    );
    assert_eq!(p.total, d("91.44"));
    assert!(
        p.notes.iter().any(|n| n.contains("预算执行率不另计分")),
        "{:?}",
        p.notes
    );

    // Any other total (110) is I018 and rescales: everything × 100/120.
    for (i, w) in project.indicators.iter_mut().zip(["50", "30", "20", "10"]) {
        i.weight = Some(d(w));
    }
    let p = project::score_project(&project, &ExecutionSettings::default());
    let weights: Vec<Option<Decimal>> = p.rows.iter().map(|r| r.weight).collect();
    // 8.333…, 41.666…, 25, 16.666…, 8.333…: floors add up to 99.98; the two largest
    // remainders (.0066 of the 41.66 and 16.66 rows) get the missing cents.
    assert_eq!(
        weights,
        ["8.33", "41.67", "25.00", "16.67", "8.33"]
            .map(|w| Some(d(w)))
            .to_vec()
    );
    assert!(
        p.notes.iter().any(|n| n.contains("100 ÷ 120")),
        "{:?}",
        p.notes
    );
}

#[test]
fn written_weights_are_kept_when_some_rows_have_none() {
    let mut project = project();
    if let Some(first) = project.indicators.first_mut() {
        first.weight = Some(d("40"));
    }
    let p = project::score_project(&project, &ExecutionSettings::default());
    // 100 − 10 (预算执行率) − 40 = 50 left for three rows: 16.666… each → 16.67, 16.67,
    // 16.66 (largest remainder, ties in file order). Scores: 9; 40 × 80% = 32; 16.67;
    // 16.67; 16.66 × 94.44% = 15.7337 → 15.73. Total 90.07.
    assert_eq!(
        scores(&p),
        pairs(&[
            ("10.00", "9.00"),
            ("40.00", "32.00"),
            ("16.67", "16.67"),
            ("16.67", "16.67"),
            ("16.66", "15.73")
        ])
    );
    assert_eq!(p.weights_from, "indicator");
    assert_eq!(p.total, d("90.07"));
    assert!(
        p.notes.iter().any(|n| n.contains("3 个指标没有权重")),
        "{:?}",
        p.notes
    );
}

#[test]
fn missing_data_scores_zero_but_keeps_its_weight() {
    let mut project = project();
    if let Some(first) = project.indicators.first_mut() {
        first.progress.actual = None;
    }
    project.execution = None;
    let p = project::score_project(&project, &ExecutionSettings::default());
    // 93.44 − 9 (no 执行数) − 20 (no actual) = 64.44.
    assert_eq!((p.total, p.grade), (d("64.44"), "中"));
    let statuses: Vec<RowStatus> = p.rows.iter().map(|r| r.status).collect();
    use RowStatus::{Missing, Scored};
    assert_eq!(statuses, [Missing, Missing, Scored, Scored, Scored]);
    assert_eq!(p.rows.first().and_then(|r| r.score), Some(d("0.00")));
}

#[test]
fn configured_weights_change_the_split() {
    let settings = ExecutionSettings {
        weight_budget_rate: d("20"),
        weight_output: d("40"),
        weight_effect: d("40"),
        weight_satisfaction: Decimal::ZERO,
        ..ExecutionSettings::default()
    };
    let p = project::score_project(&project(), &settings);
    // 20 × 90% = 18; 20 × 80% = 16; 20; 40; 满意度 weight 0 scores 0.
    assert_eq!(
        scores(&p),
        pairs(&[
            ("20.00", "18.00"),
            ("20.00", "16.00"),
            ("20.00", "20.00"),
            ("40.00", "40.00"),
            ("0.00", "0.00")
        ])
    );
    assert_eq!(p.total, d("94.00"));
}

#[test]
fn grades_at_their_boundaries() {
    let cases = [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ];
    for (total, grade) in cases {
        assert_eq!(grade_of(d(total)), grade, "{total}");
    }
}

#[test]
fn projects_without_data_are_listed_not_scored() {
    let mut bare = project();
    bare.name = "没有数据".into();
    bare.execution = None;
    for i in &mut bare.indicators {
        i.progress.actual = None;
    }
    let loaded = |project| LoadedProject {
        file: FileId(0),
        project,
        spans: ProjectSpans::default(),
    };
    let workspace = Workspace {
        projects: vec![loaded(project()), loaded(bare)],
        ..Workspace::default()
    };
    let report = score(
        &workspace,
        &Filter::default(),
        &ExecutionSettings::default(),
    );
    assert_eq!(report.projects.len(), 1);
    assert_eq!(
        report
            .unscored
            .iter()
            .map(|u| u.name.as_str())
            .collect::<Vec<_>>(),
        ["没有数据"]
    );
    let other = Filter {
        departments: vec!["别的局".into()],
        year: None,
    };
    let report = score(&workspace, &other, &ExecutionSettings::default());
    assert!(report.projects.is_empty() && report.unscored.is_empty());
}

#[test]
fn absurd_numbers_do_not_panic() {
    let mut p = project();
    for i in &mut p.indicators {
        i.weight = Some(Decimal::MAX);
        i.progress.actual = Some(Target::parse("79228162514264337593543950335人"));
    }
    if let Some(e) = p.execution.as_mut() {
        e.adjusted_budget = Some(d("0.0000000000000000000000001"));
        e.spent = vec![SpentPoint {
            month: 12,
            amount: Decimal::MAX,
        }];
    }
    let s = project::score_project(&p, &ExecutionSettings::default());
    // Weights too large to add up are not shared out: nothing is scored, nothing panics.
    assert!(s.rows.iter().all(|r| r.weight.is_none()), "{:?}", s.rows);
    assert_eq!(s.total, d("0.00"));
}

/// The case: one blank template row without a weight used to throw every written
/// weight away. Blank rows now take no part, and the written 90 + 10 stand.
#[test]
fn a_blank_row_keeps_the_written_weights() {
    let mut project = project();
    for (i, w) in project.indicators.iter_mut().zip(["30", "30", "20", "10"]) {
        i.weight = Some(d(w));
    }
    project
        .indicators
        .push(Indicator::new("产出指标", "数量指标", "", ""));
    let p = project::score_project(&project, &ExecutionSettings::default());
    // As with no blank row: 9 + 24 + 30 + 20 + 9.44 = 92.44; the blank row has no weight.
    assert_eq!((p.total, p.grade), (d("92.44"), "优"));
    assert_eq!(
        p.rows.last().map(|r| (r.status, r.weight)),
        Some((RowStatus::Blank, None))
    );
    assert!(
        p.notes.iter().any(|n| n.contains("1 个空白行")),
        "{:?}",
        p.notes
    );
}

/// No grade before the year is over, none without actuals, none when actuals restate targets.
#[test]
fn grades_wait_for_the_year_and_for_actuals() {
    let cases: &[(&str, &str, &str)] = &[
        ("mid-year", NOT_YET, "截至 6 月底"),
        ("no actuals", UNGRADED, "没有任何指标的实际完成值"),
        ("restated", UNGRADED, "照抄了指标值"),
    ];
    for &(case, grade, why) in cases {
        let mut project = project();
        match case {
            "mid-year" => {
                project.execution = Some(Execution::new(vec![SpentPoint {
                    month: 6,
                    amount: d("30"),
                }]));
            }
            "no actuals" => {
                for i in &mut project.indicators {
                    i.progress.actual = None;
                }
            }
            _ => {
                if let Some(first) = project.indicators.first_mut() {
                    first.progress.actual = Some(Target::parse("≥100人"));
                }
            }
        }
        let p = project::score_project(&project, &ExecutionSettings::default());
        assert_eq!(p.grade, grade, "{case}");
        let said = p.why_ungraded.unwrap_or_default();
        assert!(said.contains(why), "{case}: {said}");
    }
}
