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

use crate::config::settings::ExecutionSettings;
use crate::model::money::{percent_of, round2};
use crate::model::project::{Indicator, Project};
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
    /// The month of the 执行数 used (the last record at or before the as-of month); the
    /// figures are computed at this month (at the as-of month when there is no record).
    pub data_month: Option<u32>,
    /// True when the data is older than the as-of month: the row says so and is never
    /// relabelled with the later month.
    pub stale: bool,
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
    /// The plan's cumulative % at the department row's month (for the department's figures).
    #[serde(skip)]
    pub planned_at: Option<Decimal>,
    /// The plan itself, to read it at the department row's month.
    #[serde(skip)]
    plan: Option<crate::model::plan::SpendingPlan>,
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
    /// The month the department's data is as of: the latest 执行数 month of its projects (at or
    /// before `month`), or `month` when none has a record yet. The figures are at this month.
    pub data_month: u32,
    /// True when `data_month` is before `month`: the row is flagged, not relabelled.
    pub stale: bool,
    /// How many of its projects have data older than `data_month`.
    pub stale_projects: usize,
    /// Its projects with `[execution]`, in path order.
    pub projects: Vec<ProjectMonitor>,
    /// The department's figures over those projects.
    pub totals: Figures,
    /// Projects without a `[plan]`: left out of the planned %.
    pub plan_unknown: usize,
}

/// The total of one year's departments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearTotals {
    /// 预算年度.
    pub year: i64,
    /// 项目数.
    pub projects: usize,
    /// The figures, when the year's departments share one data month.
    pub figures: Option<Figures>,
    /// 调整后预算 of the year in 万元 (sum of the department rows).
    #[serde(with = "rust_decimal::serde::str")]
    pub budget: Decimal,
    /// 累计执行 of the year in 万元.
    #[serde(with = "rust_decimal::serde::str")]
    pub spent: Decimal,
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
    /// The figures over every department shown, when they are of one year and share one data
    /// month; `None` otherwise (budgets of different years are never added up).
    pub totals: Option<Figures>,
    /// One total per year, when the departments shown are of several years.
    pub by_year: Vec<YearTotals>,
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
                    data_month: month,
                    stale: false,
                    stale_projects: 0,
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
        settle_department(d, settings);
    }
    departments.sort_by(|a, b| a.name.cmp(&b.name).then(a.year.cmp(&b.year)));
    let mut years: Vec<i64> = departments.iter().map(|d| d.year).collect();
    years.dedup();
    years.sort_unstable();
    years.dedup();
    let by_year: Vec<YearTotals> = years
        .iter()
        .map(|&year| year_totals(&departments, year, settings))
        .collect();
    let totals = match by_year.as_slice() {
        [one] => one.figures.clone(),
        _ => None,
    };
    let by_year = if by_year.len() > 1 {
        by_year
    } else {
        Vec::new()
    };
    MonitorReport {
        as_of: as_of.to_string(),
        departments,
        totals,
        by_year,
        left_out,
    }
}

/// The department's data month (its projects' latest), its stale flags, and its figures.
fn settle_department(d: &mut DepartmentMonitor, settings: &ExecutionSettings) {
    let latest = d.projects.iter().filter_map(|p| p.data_month).max();
    d.data_month = latest.unwrap_or(d.month);
    d.stale = d.data_month < d.month;
    d.stale_projects = 0;
    for p in &mut d.projects {
        p.planned_at = p.plan.as_ref().map(|plan| plan.cumulative_at(d.data_month));
        if p.data_month.is_some_and(|m| m < d.data_month) {
            d.stale_projects += 1;
        }
    }
    d.totals = department_totals(d, settings);
}

/// The total of `year`'s departments: money always (one year), the figures only when they
/// share a data month.
fn year_totals(
    departments: &[DepartmentMonitor],
    year: i64,
    settings: &ExecutionSettings,
) -> YearTotals {
    let of_year: Vec<&DepartmentMonitor> = departments.iter().filter(|d| d.year == year).collect();
    let months: Vec<u32> = of_year.iter().map(|d| d.data_month).collect();
    let figures = match months.first() {
        Some(&month) if months.iter().all(|&m| m == month) => {
            let all = DepartmentMonitor {
                name: String::new(),
                year,
                month: of_year.first().map_or(month, |d| d.month),
                data_month: month,
                stale: false,
                stale_projects: 0,
                projects: of_year
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
    YearTotals {
        year,
        projects: of_year.iter().map(|d| d.projects.len()).sum(),
        figures,
        budget: sum(of_year.iter().map(|d| d.totals.budget)),
        spent: sum(of_year.iter().map(|d| d.totals.spent)),
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
    // The figures are as of the data's own month: an older record is compared with the plan
    // and 序时进度 of its month, never carried to a later one (the row says it is stale).
    let at = point.map_or(month, |s| s.month);
    let planned = p.plan.as_ref().map(|plan| plan.cumulative_at(at));
    let forecast = execution.forecast.and_then(wan);
    Some(ProjectMonitor {
        name: p.name.clone(),
        file: file.to_owned(),
        data_month: point.map(|s| s.month),
        stale: at < month,
        figures: not_begun(Figures::new(adjusted, spent, planned, at, settings), month),
        forecast,
        forecast_rate: forecast.and_then(|f| percent_of(f, adjusted)).map(percent2),
        reason: execution.explanation.reason.clone(),
        indicators: p
            .indicators
            .iter()
            .map(|i| indicator_progress(i, settings))
            .collect(),
        planned_at: planned,
        plan: p.plan.clone(),
    })
}

/// Before the budget year has a closed month nothing is due: no status.
fn not_begun(mut figures: Figures, month: u32) -> Figures {
    if month == 0 {
        figures.status = crate::track::status::Status::Unknown;
        figures.status_zh = figures.status.label();
    }
    figures
}

fn indicator_progress(i: &Indicator, settings: &ExecutionSettings) -> IndicatorProgress {
    let progress = &i.progress;
    let completion = match assess(i, settings.grade_partial_min) {
        Assessed::Done(c) => c.ratio.checked_mul(Decimal::ONE_HUNDRED).map(percent2),
        Assessed::NotApplicable | Assessed::Missing(_) => None,
    };
    IndicatorProgress {
        level1: i.level1_label.to_string(),
        level2: i.level2_label.to_string(),
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
        .filter(|p| p.planned_at.is_some())
        .collect();
    let planned = if planned_rows.is_empty() {
        None
    } else {
        let base = sum(planned_rows.iter().map(|p| round2(p.figures.budget)));
        let amount = sum(planned_rows.iter().filter_map(|p| {
            let share = p.planned_at? / Decimal::ONE_HUNDRED;
            Some(round2(round2(p.figures.budget).saturating_mul(share)))
        }));
        percent_of(amount, base)
    };
    let mut figures = not_begun(
        Figures::new(budget, spent, planned, d.data_month, settings),
        d.month,
    );
    figures.budget.rescale(2);
    figures.spent.rescale(2);
    figures
}

/// Kept under its old path for callers outside the crate.
pub use crate::model::money::sum;

#[cfg(test)]
mod tests;
