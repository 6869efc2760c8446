//! 绩效运行监控 (“双监控”, `perf monitor`): 预算执行 against the plan and 序时进度, and each
//! indicator's progress, at an as-of date — as a plain `Serialize` view (docs/monitoring.md).
//!
//! Pure: the date comes in as a value (the CLI reads the clock), nothing is printed. Amounts
//! are in 万元. A project row keeps its amounts exact; a department's amounts are the sums of
//! its project rows rounded to cents (四舍五入), so a displayed total equals the sum of the
//! displayed rows, and its percentages are computed from those totals.

pub mod date;
pub mod status;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::money::{percent_of, round2};
use crate::model::project::{Indicator, Project};
use crate::rules::ExecutionSettings;
use crate::score::formulas::{Assessed, assess};
use crate::source::Workspace;
use crate::summary::Filter;
use crate::track::date::Date;
use crate::track::status::{Figures, percent2};

/// One indicator's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorProgress {
    /// 一级指标 as written.
    pub level1: String,
    /// 二级指标 as written.
    pub level2: String,
    /// 三级指标.
    pub name: String,
    /// 指标值 as written.
    pub target: String,
    /// 实际完成值 as written.
    pub actual: Option<String>,
    /// 自评等级 as written (`部分达成 70%`).
    pub grade: Option<String>,
    /// Completion in % (0.01), uncapped (the 自评 formula of the row; a grade's %).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub completion: Option<Decimal>,
    /// False when the row is marked `applicable = false`.
    pub applicable: bool,
    /// 完成目标可能性.
    pub likelihood: Option<&'static str>,
    /// 原因类别.
    pub reason_category: Option<&'static str>,
    /// 偏差原因.
    pub reason: Option<String>,
    /// 改进措施.
    pub measure: Option<String>,
}

/// One project at the as-of date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectMonitor {
    /// 项目名称.
    pub name: String,
    /// The file.
    pub file: String,
    /// The month of the 执行数 used (the last record at or before the as-of month).
    pub data_month: Option<u32>,
    /// Budget, spending, rates, gaps and status.
    #[serde(flatten)]
    pub figures: Figures,
    /// 全年预计执行数 in 万元.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub forecast: Option<Decimal>,
    /// The forecast as a % of the budget.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub forecast_rate: Option<Decimal>,
    /// 偏差原因 of the 执行率, from `[execution]`.
    pub reason: Option<String>,
    /// Each indicator, in file order.
    pub indicators: Vec<IndicatorProgress>,
}

/// A department in one year at the as-of date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DepartmentMonitor {
    /// 部门名称.
    pub name: String,
    /// 预算年度.
    pub year: i64,
    /// Months of the year closed by the as-of date (0..=12).
    pub month: u32,
    /// Its projects with `[execution]`, in path order.
    pub projects: Vec<ProjectMonitor>,
    /// The department's figures over those projects.
    pub totals: Figures,
    /// Projects without a `[plan]`: left out of the planned %.
    pub plan_unknown: usize,
}

/// A project `perf monitor` cannot show, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// 主管部门.
    pub department: String,
    /// 项目名称.
    pub name: String,
    /// The file.
    pub file: String,
    /// Why, in Chinese.
    pub reason: &'static str,
}

/// Monitoring of the projects selected, at one date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonitorReport {
    /// The as-of date.
    pub as_of: String,
    /// One entry per department and year, sorted by name then year.
    pub departments: Vec<DepartmentMonitor>,
    /// The figures over every department shown, when they share one as-of month (one year);
    /// `None` when they do not, as plans of different years cannot be added up.
    pub totals: Option<Figures>,
    /// Projects without execution data or without a budget or year.
    pub left_out: Vec<LeftOut>,
}

/// Builds the monitoring view of `workspace` at `as_of`.
pub fn monitor(
    workspace: &Workspace,
    filter: &Filter,
    as_of: Date,
    settings: &ExecutionSettings,
) -> MonitorReport {
    let mut departments: Vec<DepartmentMonitor> = Vec::new();
    let mut left_out = Vec::new();
    for loaded in &workspace.projects {
        let p = &loaded.project;
        let department = workspace.canonical_department(&p.department).to_owned();
        if !filter.admits(&department, p.year) {
            continue;
        }
        let file = workspace
            .file(loaded.file)
            .map(|f| f.path.display().to_string())
            .unwrap_or_default();
        let reason = match (&p.execution, &p.budget, p.year) {
            (None, _, _) => Some("没有 [execution]（执行数据）"),
            (_, None, _) => Some("没有可用的 [budget]"),
            (_, _, None) => Some("没有预算年度"),
            _ => None,
        };
        let (Some(year), None) = (p.year, reason) else {
            left_out.push(LeftOut {
                department,
                name: p.name.clone(),
                file,
                reason: reason.unwrap_or_default(),
            });
            continue;
        };
        let month = as_of.months_closed_in(year);
        let Some(row) = project_row(p, &file, month, settings) else {
            left_out.push(LeftOut {
                department,
                name: p.name.clone(),
                file,
                reason: "金额无法换算为万元",
            });
            continue;
        };
        let at = departments
            .iter()
            .position(|d| d.name == department && d.year == year);
        let entry = match at {
            Some(i) => departments.get_mut(i),
            None => {
                departments.push(DepartmentMonitor {
                    name: department,
                    year,
                    month,
                    projects: Vec::new(),
                    totals: Figures::new(Decimal::ZERO, Decimal::ZERO, None, month, settings),
                    plan_unknown: 0,
                });
                departments.last_mut()
            }
        };
        if let Some(entry) = entry {
            entry.plan_unknown += usize::from(p.plan.is_none());
            entry.projects.push(row);
        }
    }
    for d in &mut departments {
        d.totals = department_totals(d, settings);
    }
    departments.sort_by(|a, b| a.name.cmp(&b.name).then(a.year.cmp(&b.year)));
    let months: Vec<u32> = departments.iter().map(|d| d.month).collect();
    let totals = match months.first() {
        Some(&month) if months.iter().all(|&m| m == month) => {
            let all = DepartmentMonitor {
                name: String::new(),
                year: 0,
                month,
                projects: departments
                    .iter()
                    .flat_map(|d| d.projects.iter().cloned())
                    .collect(),
                totals: Figures::new(Decimal::ZERO, Decimal::ZERO, None, month, settings),
                plan_unknown: 0,
            };
            Some(department_totals(&all, settings))
        }
        _ => None,
    };
    MonitorReport {
        as_of: as_of.to_string(),
        departments,
        totals,
        left_out,
    }
}

fn project_row(
    p: &Project,
    file: &str,
    month: u32,
    settings: &ExecutionSettings,
) -> Option<ProjectMonitor> {
    let execution = p.execution.as_ref()?;
    let budget = p.budget.as_ref()?;
    let wan = |v: Decimal| budget.unit.to_wan(v);
    let adjusted = wan(execution.budget_or(budget.total))?;
    let point = execution.spent_at(month);
    let spent = match point {
        Some(point) => wan(point.amount)?,
        None => Decimal::ZERO,
    };
    let planned = p.plan.as_ref().map(|plan| plan.cumulative_at(month));
    let forecast = execution.forecast.and_then(wan);
    Some(ProjectMonitor {
        name: p.name.clone(),
        file: file.to_owned(),
        data_month: point.map(|s| s.month),
        figures: Figures::new(adjusted, spent, planned, month, settings),
        forecast,
        forecast_rate: forecast.and_then(|f| percent_of(f, adjusted)).map(percent2),
        reason: execution.explanation.reason.clone(),
        indicators: p
            .indicators
            .iter()
            .map(|i| indicator_progress(i, settings))
            .collect(),
    })
}

fn indicator_progress(i: &Indicator, settings: &ExecutionSettings) -> IndicatorProgress {
    let progress = &i.progress;
    let completion = match assess(i, settings.grade_partial_min) {
        Assessed::Done(c) => c.ratio.checked_mul(Decimal::ONE_HUNDRED).map(percent2),
        Assessed::NotApplicable | Assessed::Missing(_) => None,
    };
    IndicatorProgress {
        level1: i.level1_label.clone(),
        level2: i.level2_label.clone(),
        name: i.name.clone(),
        target: i.target.raw.clone(),
        actual: progress.actual.as_ref().map(|a| a.raw.clone()),
        grade: progress.grade.map(|g| match g.percent {
            Some(p) => format!("{} {}%", g.grade.label(), crate::model::money::plain(p)),
            None => g.grade.label().to_owned(),
        }),
        completion,
        applicable: progress.applicable,
        likelihood: progress.likelihood.map(|l| l.label()),
        reason_category: progress.explanation.category.map(|c| c.label()),
        reason: progress.explanation.reason.clone(),
        measure: progress.explanation.measure.clone(),
    }
}

/// A department's figures: sums of the rounded project amounts; the planned % weighs each
/// planned project's plan by its rounded budget.
fn department_totals(d: &DepartmentMonitor, settings: &ExecutionSettings) -> Figures {
    let budget = sum(d.projects.iter().map(|p| round2(p.figures.budget)));
    let spent = sum(d.projects.iter().map(|p| round2(p.figures.spent)));
    let planned_rows: Vec<&ProjectMonitor> = d
        .projects
        .iter()
        .filter(|p| p.figures.planned.is_some())
        .collect();
    let planned = if planned_rows.is_empty() {
        None
    } else {
        let base = sum(planned_rows.iter().map(|p| round2(p.figures.budget)));
        let amount = sum(planned_rows.iter().filter_map(|p| {
            let share = p.figures.planned? / Decimal::ONE_HUNDRED;
            Some(round2(round2(p.figures.budget).saturating_mul(share)))
        }));
        percent_of(amount, base)
    };
    let mut figures = Figures::new(budget, spent, planned, d.month, settings);
    figures.budget.rescale(2);
    figures.spent.rescale(2);
    figures
}

/// Adds amounts, saturating instead of overflowing: absurd amounts in a file must not stop
/// the report (the B and E rules report them).
pub fn sum(values: impl IntoIterator<Item = Decimal>) -> Decimal {
    values
        .into_iter()
        .fold(Decimal::ZERO, |total, v| total.saturating_add(v))
}

#[cfg(test)]
mod tests;
