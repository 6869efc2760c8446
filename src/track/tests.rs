//! Monitoring at as-of dates around month ends, before the first checkpoint and after the
//! year, and a department's totals from rounded rows — worked out by hand.

use super::*;
use crate::diag::FileId;
use crate::model::budget::Budget;
use crate::model::execution::{Execution, SpentPoint};
use crate::model::money::MoneyUnit;
use crate::model::plan::{PlanPoint, SpendingPlan};
use crate::model::spans::ProjectSpans;
use crate::source::LoadedProject;
use crate::track::status::Status;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn project(
    name: &str,
    unit: MoneyUnit,
    total: &str,
    plan: &[(i64, i64)],
    spent: &[(u32, &str)],
) -> Project {
    let mut execution = Execution::new(
        spent
            .iter()
            .map(|&(month, amount)| SpentPoint {
                month,
                amount: d(amount),
            })
            .collect(),
    );
    execution.forecast = Some(d(total));
    Project {
        name: name.into(),
        department: "测试局".into(),
        year: Some(2024),
        budget: Some(Budget {
            unit,
            total: d(total),
            fiscal: Some(d(total)),
            other: None,
            sources: Vec::new(),
            items: Vec::new(),
        }),
        plan: Some(SpendingPlan::new(
            plan.iter()
                .map(|&(month, p)| PlanPoint {
                    month,
                    percent: p.into(),
                })
                .collect(),
        )),
        execution: Some(execution),
        ..Project::default()
    }
}

fn workspace(projects: Vec<Project>) -> Workspace {
    Workspace {
        projects: projects
            .into_iter()
            .map(|project| LoadedProject {
                file: FileId(0),
                project,
                spans: ProjectSpans::default(),
            })
            .collect(),
        ..Workspace::default()
    }
}

/// 1200 万元; plan 20/50/80/100 at 3/6/10/12; spent 200, 540, 900, 1180 at 3/6/9/12.
fn main_project() -> Project {
    project(
        "主项目",
        MoneyUnit::Wan,
        "1200",
        &[(3, 20), (6, 50), (10, 80), (12, 100)],
        &[(3, "200"), (6, "540"), (9, "900"), (12, "1180")],
    )
}

fn at(date: &str) -> ProjectMonitor {
    let report = monitor(
        &workspace(vec![main_project()]),
        &Filter::default(),
        date.parse().unwrap(),
        &ExecutionSettings::default(),
    );
    report
        .departments
        .into_iter()
        .flat_map(|d| d.projects)
        .next()
        .unwrap()
}

/// An as-of date and what it should show: data month, spent, 执行率, planned, 序时进度, status.
type Case = (
    &'static str,
    Option<u32>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Status,
);

#[test]
fn as_of_boundaries() {
    // (date, data month, spent, 执行率, planned, 序时进度, status)
    let cases: &[Case] = &[
        // Before the year: nothing is due, nothing is late, and no status (issue 15: the
        // year has not begun, so there is nothing to grade).
        (
            "2023-12-31",
            None,
            "0",
            "0.00",
            "0.00",
            "0.00",
            Status::Unknown,
        ),
        // Inside January: no month has closed yet (no status, as before the year).
        (
            "2024-01-15",
            None,
            "0",
            "0.00",
            "0.00",
            "0.00",
            Status::Unknown,
        ),
        // February closed, before the first checkpoint (March): no spending recorded, no
        // plan due, but 序时进度 is 16.67%: a lag of 16.67 points is 关注.
        (
            "2024-02-29",
            None,
            "0",
            "0.00",
            "0.00",
            "16.67",
            Status::Watch,
        ),
        // The day before a month end still counts the month before.
        (
            "2024-03-30",
            None,
            "0",
            "0.00",
            "0.00",
            "16.67",
            Status::Watch,
        ),
        // On the month end: 200 ÷ 1200 = 16.67%; 3.33 behind plan, 8.33 behind 序时进度.
        (
            "2024-03-31",
            Some(3),
            "200",
            "16.67",
            "20.00",
            "25.00",
            Status::Normal,
        ),
        (
            "2024-06-30",
            Some(6),
            "540",
            "45.00",
            "50.00",
            "50.00",
            Status::Normal,
        ),
        // End of August: the latest record is June's. The row is as of June (flagged stale),
        // compared with June's plan and 序时进度 — never relabelled August with 66.67 and a
        // 预警 that only says the data stops in June (issue 15).
        (
            "2024-08-31",
            Some(6),
            "540",
            "45.00",
            "50.00",
            "50.00",
            Status::Normal,
        ),
        // September's record; the plan still says 50 (the 10月 checkpoint is not due).
        (
            "2024-09-30",
            Some(9),
            "900",
            "75.00",
            "50.00",
            "75.00",
            Status::Normal,
        ),
        (
            "2024-12-31",
            Some(12),
            "1180",
            "98.33",
            "100.00",
            "100.00",
            Status::Normal,
        ),
        // After the year: the year-end figures.
        (
            "2025-03-01",
            Some(12),
            "1180",
            "98.33",
            "100.00",
            "100.00",
            Status::Normal,
        ),
    ];
    assert!(at("2024-08-31").stale);
    assert!(!at("2024-09-30").stale);
    assert!(!at("2024-02-29").stale, "no record yet is not stale data");
    for &(date, month, spent, rate, planned, elapsed, status) in cases {
        let p = at(date);
        let f = &p.figures;
        assert_eq!(p.data_month, month, "{date}");
        assert_eq!(f.spent, d(spent), "{date}");
        assert_eq!(f.rate, Some(d(rate)), "{date}");
        assert_eq!(f.planned, Some(d(planned)), "{date}");
        assert_eq!(f.elapsed, d(elapsed), "{date}");
        assert_eq!(f.status, status, "{date}");
    }
}

#[test]
fn department_totals_add_up_rounded_rows() {
    // A second project written in 元: 1 234 567 元 = 123.4567 万元 (shown 123.46); by June
    // 617 283.5 元 = 61.728 35 万元 (shown 61.73); its plan says 40% by June.
    let second = project(
        "元项目",
        MoneyUnit::Yuan,
        "1234567",
        &[(6, 40), (12, 100)],
        &[(6, "617283.5")],
    );
    let mut third = main_project();
    third.name = "无执行数据".into();
    third.execution = None;
    let report = monitor(
        &workspace(vec![main_project(), second, third]),
        &Filter::default(),
        "2024-06-30".parse().unwrap(),
        &ExecutionSettings::default(),
    );
    let dept = report.departments.first().unwrap();
    assert_eq!(dept.projects.len(), 2);
    let t = &dept.totals;
    // 1200 + 123.46; 540 + 61.73; 601.73 ÷ 1323.46 = 45.466…%.
    assert_eq!((t.budget, t.spent), (d("1323.46"), d("601.73")));
    assert_eq!(t.rate, Some(d("45.47")));
    // Planned: 1200 × 50% = 600 and 123.46 × 40% = 49.384 → 49.38; 649.38 ÷ 1323.46.
    assert_eq!(t.planned, Some(d("49.07")));
    assert_eq!(
        (t.gap_plan, t.gap_elapsed),
        (Some(d("-3.60")), Some(d("-4.53")))
    );
    assert_eq!(t.status, Status::Normal);
    assert_eq!(report.totals.as_ref(), Some(t));
    assert_eq!(
        report
            .left_out
            .iter()
            .map(|l| l.name.as_str())
            .collect::<Vec<_>>(),
        ["无执行数据"]
    );
}

#[test]
fn adjusted_budget_and_forecast() {
    let mut p = main_project();
    if let Some(e) = p.execution.as_mut() {
        e.adjusted_budget = Some(d("1000"));
        e.forecast = Some(d("950"));
    }
    let report = monitor(
        &workspace(vec![p]),
        &Filter::default(),
        "2024-06-30".parse().unwrap(),
        &ExecutionSettings::default(),
    );
    let row = report
        .departments
        .first()
        .and_then(|d| d.projects.first())
        .unwrap();
    // 540 ÷ 1000 = 54%; forecast 950 ÷ 1000 = 95%.
    assert_eq!(row.figures.rate, Some(d("54.00")));
    assert_eq!(row.forecast_rate, Some(d("95.00")));
}

#[test]
fn configured_bands() {
    let settings = ExecutionSettings {
        watch_lag_points: d("3"),
        alert_lag_points: d("8"),
        ..ExecutionSettings::default()
    };
    let report = monitor(
        &workspace(vec![main_project()]),
        &Filter::default(),
        "2024-03-31".parse().unwrap(),
        &settings,
    );
    // 8.33 behind 序时进度: over 8 → 预警 under these bands.
    let row = report
        .departments
        .first()
        .and_then(|d| d.projects.first())
        .unwrap();
    assert_eq!(row.figures.status, Status::Alert);
}

#[test]
fn absurd_amounts_do_not_panic() {
    let huge = "79228162514264337593543950335";
    let mut a = project("甲", MoneyUnit::Wan, huge, &[(6, 50)], &[(6, huge)]);
    a.plan = Some(SpendingPlan::new(vec![PlanPoint {
        month: 6,
        percent: Decimal::MIN,
    }]));
    let b = project("乙", MoneyUnit::Wan, huge, &[(6, 50)], &[(6, huge)]);
    let report = monitor(
        &workspace(vec![a, b]),
        &Filter::default(),
        "2024-06-30".parse().unwrap(),
        &ExecutionSettings::default(),
    );
    assert_eq!(
        report.departments.first().map(|d| d.projects.len()),
        Some(2)
    );
}
