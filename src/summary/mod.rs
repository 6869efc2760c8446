//! Totals by department and by project: plain `Serialize` structs (the view model) built from
//! the loaded workspace. No formatting here; `report` lays these out.
//!
//! Amounts are in 万元. The exact view keeps every amount exact; [`Summary::rounded`] gives the
//! view that tables show, where each row is rounded to cents and every total is the sum of the
//! rounded rows, so a displayed total always equals the sum of the displayed rows.

pub mod fold;
pub mod pivot;
pub mod select;
pub mod sheet;
pub mod spot;

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::i18n::Lang;
use crate::model::money::{percent_of, round2};
use crate::model::project::Project;
use crate::source::{LoadedDepartment, LoadedProject, Workspace};

/// The checkpoint months of the official form (3月底, 6月底, 10月底, 12月底).
pub const DEFAULT_MONTHS: [u32; 4] = [3, 6, 10, 12];

/// The planned cumulative spending by the end of a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Planned {
    /// The month.
    pub month: u32,
    /// Amount planned to be spent by then, in 万元.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// `amount` as a share of the budget of the rows whose plan is known, in %.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub percent: Option<Decimal>,
}

/// One project's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectRow {
    /// 项目名称.
    pub name: String,
    /// The file it came from.
    pub file: String,
    /// 预算数 in 万元.
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
    /// 财政资金 in 万元; `None` when the file states no split.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub fiscal: Option<Decimal>,
    /// 其他资金 in 万元; `None` when the file states no split.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub other: Option<Decimal>,
    /// The plan as written: cumulative % by month; `None` when the file has no plan.
    pub plan: Option<std::collections::BTreeMap<i64, String>>,
    /// Planned spending at each summary month; empty when the plan is unknown.
    pub planned: Vec<Planned>,
    /// Share of the total 预算数 of every project shown, in % (`--percent`; the shares add
    /// up to exactly 100.00, see [`pivot::largest_remainder`]).
    #[serde(
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub share: Option<Decimal>,
}

/// Totals over a set of rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// 项目数.
    pub projects: usize,
    /// 预算数.
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
    /// 财政资金 of the projects whose split is known.
    #[serde(with = "rust_decimal::serde::str")]
    pub fiscal: Decimal,
    /// 其他资金 of the projects whose split is known.
    #[serde(with = "rust_decimal::serde::str")]
    pub other: Decimal,
    /// How many projects state no split (their funds are in `total` only).
    pub split_unknown: usize,
    /// How many projects have no plan (left out of `planned`).
    pub plan_unknown: usize,
    /// Planned spending at each summary month, over the projects with a plan.
    pub planned: Vec<Planned>,
}

/// The totals of one budget year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearTotals {
    /// 预算年度.
    pub year: i64,
    /// Its totals.
    #[serde(flatten)]
    pub totals: Totals,
}

/// The overall totals when `years` holds one year, else one total per year (budgets of
/// different years are never added up).
/// With no year at all the totals are zero (`months` gives their checkpoints).
pub fn split_by_year(years: Vec<YearTotals>, months: &[u32]) -> (Option<Totals>, Vec<YearTotals>) {
    match <[YearTotals; 1]>::try_from(years) {
        Ok([one]) => (Some(one.totals), Vec::new()),
        Err(years) if years.is_empty() => (Some(Totals::empty(months)), Vec::new()),
        Err(years) => (None, years),
    }
}

/// Per-year totals of department rows (sorted by year).
fn year_totals(departments: &[DepartmentRow], months: &[u32]) -> Vec<YearTotals> {
    let mut years: Vec<i64> = departments.iter().map(|d| d.year).collect();
    years.sort_unstable();
    years.dedup();
    years
        .into_iter()
        .map(|year| {
            let rows = departments
                .iter()
                .filter(|d| d.year == year)
                .flat_map(|d| &d.projects);
            YearTotals {
                year,
                totals: Totals::of_rows(rows, months),
            }
        })
        .collect()
}

impl Summary {
    /// The number of projects shown (over every year).
    pub fn project_count(&self) -> usize {
        self.departments.iter().map(|d| d.totals.projects).sum()
    }
}

/// A department in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DepartmentRow {
    /// 部门名称.
    pub name: String,
    /// 预算年度.
    pub year: i64,
    /// Its projects, in path order.
    pub projects: Vec<ProjectRow>,
    /// Its totals.
    pub totals: Totals,
    /// Share of the total 预算数 of every department shown, in % (`--percent`).
    #[serde(
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub share: Option<Decimal>,
    /// 分项绩效目标 from the department file, with the quantities their prose states.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<ObjectiveRow>,
}

/// One 分项绩效目标 of a department, and the quantities written in its 绩效指标 prose
/// (`带动就业、创业100人以上` → `≥100人`), read with the target grammar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectiveRow {
    /// The objective's heading.
    pub title: String,
    /// Its 绩效指标 as written.
    pub indicator: Option<String>,
    /// The quantities found in it.
    pub targets: Vec<crate::model::target::reading::Reading>,
}

/// A file or project the summary had to leave out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// The file.
    pub file: String,
    /// Why, in Chinese.
    pub reason: String,
}

/// The summary of a set of projects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The checkpoint months shown.
    pub months: Vec<u32>,
    /// One entry per department and year, sorted by name then year.
    pub departments: Vec<DepartmentRow>,
    /// Totals over every department shown, when they are all of one budget year; `None` when
    /// they span several years, whose budgets are never added up (see `by_year`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub totals: Option<Totals>,
    /// One total per budget year, when the departments shown span several years.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by_year: Vec<YearTotals>,
    /// What had to be left out.
    pub left_out: Vec<LeftOut>,
}

/// Which projects to include.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only these departments (full names, already resolved); all when empty.
    pub departments: Vec<String>,
    /// Only this year.
    pub year: Option<i64>,
}

impl Filter {
    /// True when a project of `department` (full name) in `year` passes.
    pub fn admits(&self, department: &str, year: Option<i64>) -> bool {
        (self.departments.is_empty() || self.departments.iter().any(|d| d == department))
            && self.year.is_none_or(|y| Some(y) == year)
    }
}

/// The projects that pass `filter`, with their department's full name (a project may name its
/// department by an alias; it is counted under the full name) and file path.
pub fn selected<'a>(
    workspace: &'a Workspace,
    filter: &'a Filter,
) -> impl Iterator<Item = (&'a LoadedProject, &'a str, String)> + 'a {
    workspace.projects.iter().filter_map(move |loaded| {
        let department = workspace.canonical_department(&loaded.project.department);
        filter.admits(department, loaded.project.year).then(|| {
            let file = workspace
                .file(loaded.file)
                .map(|f| f.path.display().to_string())
                .unwrap_or_default();
            (loaded, department, file)
        })
    })
}

/// Builds the exact summary of the workspace's projects that pass `filter` (notes on files
/// left out in Chinese).
pub fn summarise(workspace: &Workspace, filter: &Filter, months: &[u32]) -> Summary {
    summarise_in(workspace, filter, months, Lang::Zh)
}

/// [`summarise`], with the notes on files left out written in `lang`.
pub fn summarise_in(workspace: &Workspace, filter: &Filter, months: &[u32], lang: Lang) -> Summary {
    let mut left_out = left_out_files(workspace, lang);
    let mut departments: Vec<DepartmentRow> = Vec::new();
    // Each (department, year)'s row by name: a national tree has 10⁴ of them, too many to
    // search through for each of its 10⁶ projects.
    let mut row_of: HashMap<(String, i64), usize> = HashMap::new();
    let objectives = Objectives::new(&workspace.departments);
    for (loaded, department, file) in selected(workspace, filter) {
        let p = &loaded.project;
        let (row, year) = match project_row_in(p, file.clone(), months, lang) {
            Ok(row) => row,
            Err(reason) => {
                left_out.push(LeftOut { file, reason });
                continue;
            }
        };
        let at = *row_of
            .entry((department.to_owned(), year))
            .or_insert_with(|| {
                departments.push(DepartmentRow {
                    name: department.to_owned(),
                    year,
                    projects: Vec::new(),
                    totals: Totals::empty(months),
                    share: None,
                    objectives: objectives.of(department, year),
                });
                departments.len() - 1
            });
        if let Some(d) = departments.get_mut(at) {
            d.projects.push(row);
        }
    }
    departments.sort_by(|a, b| (&a.name, a.year).cmp(&(&b.name, b.year)));
    for d in &mut departments {
        d.totals = Totals::of_projects(&d.projects, months);
    }
    let (totals, by_year) = split_by_year(year_totals(&departments, months), months);
    Summary {
        months: months.to_vec(),
        departments,
        totals,
        by_year,
        left_out,
    }
}

/// The departments' 分项绩效目标 by name and year, each department file found by a lookup
/// instead of a scan of them all for each department row (10⁴ rows and files nationally).
pub(crate) struct Objectives<'a> {
    by: HashMap<(&'a str, i64), Vec<&'a LoadedDepartment>>,
}

impl<'a> Objectives<'a> {
    pub(crate) fn new(departments: &'a [LoadedDepartment]) -> Self {
        let mut by: HashMap<(&'a str, i64), Vec<&'a LoadedDepartment>> = HashMap::new();
        for d in departments {
            if let Some(year) = d.department.year {
                by.entry((d.department.name.as_str(), year))
                    .or_default()
                    .push(d);
            }
        }
        Self { by }
    }

    /// The objectives of `department`'s files for `year`, in file order, with their
    /// quantities.
    pub(crate) fn of(&self, department: &str, year: i64) -> Vec<ObjectiveRow> {
        self.by
            .get(&(department, year))
            .into_iter()
            .flatten()
            .flat_map(|d| &d.department.objectives)
            .map(|o| ObjectiveRow {
                title: o.title.clone(),
                indicator: o.indicator.clone(),
                targets: o
                    .indicator
                    .as_deref()
                    .map(crate::model::target::extract::quantities)
                    .unwrap_or_default()
                    .iter()
                    .map(crate::model::target::reading::Reading::of)
                    .collect(),
            })
            .collect()
    }
}

/// A project's row, or why it is left out (in `lang`).
pub(crate) fn project_row_in(
    p: &Project,
    file: String,
    months: &[u32],
    lang: Lang,
) -> Result<(ProjectRow, i64), String> {
    let why = |key: &str| lang.text(key, &[]);
    if p.name.trim().is_empty() || p.department.trim().is_empty() {
        return Err(why("summary.no_name"));
    }
    let year = p.year.ok_or_else(|| why("summary.no_year"))?;
    let budget = p.budget.as_ref().ok_or_else(|| why("summary.no_budget"))?;
    let total = budget.total_wan().ok_or_else(|| why("summary.overflow"))?;
    let split = budget.split_wan();
    let plan = p.plan.as_ref().map(|plan| {
        plan.points
            .iter()
            .map(|pt| (pt.month, pt.percent.normalize().to_string()))
            .collect()
    });
    let planned = p
        .plan
        .as_ref()
        .map(|plan| {
            months
                .iter()
                .map(|&month| {
                    let percent = plan.cumulative_at(month);
                    let amount = total * percent / Decimal::ONE_HUNDRED;
                    Planned {
                        month,
                        amount,
                        percent: Some(percent),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let row = ProjectRow {
        name: p.name.clone(),
        file,
        total,
        fiscal: split.map(|s| s.fiscal),
        other: split.map(|s| s.other),
        plan,
        planned,
        share: None,
    };
    Ok((row, year))
}

fn left_out_files(workspace: &Workspace, lang: Lang) -> Vec<LeftOut> {
    let lowered: std::collections::HashSet<usize> = workspace
        .projects
        .iter()
        .map(|p| p.file.0)
        .chain(workspace.departments.iter().map(|d| d.file.0))
        .collect();
    workspace
        .files
        .iter()
        .enumerate()
        .filter(|(i, _)| !lowered.contains(i))
        .map(|(i, f)| {
            let reason = workspace
                .diagnostics
                .iter()
                .find(|d| d.file.0 == i)
                .map_or_else(
                    || lang.text("summary.unreadable", &[]),
                    |d| format!("[{}] {}", d.rule.code, d.message),
                );
            LeftOut {
                file: f.path.display().to_string(),
                reason,
            }
        })
        .collect()
}

impl Totals {
    fn empty(months: &[u32]) -> Self {
        Self::of_projects(&[], months)
    }

    /// Totals of project rows.
    pub fn of_projects(rows: &[ProjectRow], months: &[u32]) -> Self {
        Self::of_rows(rows.iter(), months)
    }

    /// Totals of the rows `rows` yields (walked once per figure, never copied).
    fn of_rows<'a, I>(rows: I, months: &[u32]) -> Self
    where
        I: Iterator<Item = &'a ProjectRow> + Clone,
    {
        let planned_base: Decimal = rows
            .clone()
            .filter(|r| !r.planned.is_empty())
            .map(|r| r.total)
            .sum();
        let planned = months
            .iter()
            .enumerate()
            .map(|(i, &month)| {
                let amount = rows
                    .clone()
                    .filter_map(|r| r.planned.get(i))
                    .map(|p| p.amount)
                    .sum();
                Planned {
                    month,
                    amount,
                    percent: percent_of(amount, planned_base),
                }
            })
            .collect();
        Self {
            projects: rows.clone().count(),
            total: rows.clone().map(|r| r.total).sum(),
            fiscal: rows.clone().filter_map(|r| r.fiscal).sum(),
            other: rows.clone().filter_map(|r| r.other).sum(),
            split_unknown: rows.clone().filter(|r| r.fiscal.is_none()).count(),
            plan_unknown: rows.clone().filter(|r| r.planned.is_empty()).count(),
            planned,
        }
    }

    /// Totals of department rows.
    pub fn of_departments(rows: &[DepartmentRow], months: &[u32]) -> Self {
        Self::of_rows(rows.iter().flat_map(|d| &d.projects), months)
    }
}

impl Summary {
    /// The view tables show: every project amount rounded to cents (四舍五入) and every total
    /// recomputed from the rounded rows.
    #[must_use]
    pub fn rounded(&self) -> Self {
        self.clone().into_rounded()
    }

    /// [`Summary::rounded`] in place, for a caller that has no use for the exact view (no
    /// second copy of every project row: `perf serve` makes one per 总览 year filter).
    #[must_use]
    pub fn into_rounded(self) -> Self {
        let mut out = self;
        for d in &mut out.departments {
            for p in &mut d.projects {
                p.total = round2(p.total);
                p.fiscal = p.fiscal.map(round2);
                p.other = p.other.map(round2);
                for planned in &mut p.planned {
                    planned.amount = round2(planned.amount);
                }
            }
            d.totals = Totals::of_projects(&d.projects, &out.months);
        }
        (out.totals, out.by_year) =
            split_by_year(year_totals(&out.departments, &out.months), &out.months);
        out
    }

    /// Sets every department's and project's share of the total 预算数 shown, in % to two
    /// decimals, by largest remainder so each set of shares adds up to exactly 100.00%.
    /// Call it on the exact view: [`Summary::rounded`] keeps the shares.
    pub fn add_shares(&mut self) {
        // Shares are of the year's total: budgets of different years are not added up.
        let mut years: Vec<i64> = self.departments.iter().map(|d| d.year).collect();
        years.sort_unstable();
        years.dedup();
        for year in years {
            let of_year = || self.departments.iter().filter(move |d| d.year == year);
            let amounts: Vec<Decimal> = of_year().map(|d| d.totals.total).collect();
            let shares = pivot::largest_remainder(&amounts, Decimal::ONE_HUNDRED, 2);
            let projects: Vec<Decimal> = of_year()
                .flat_map(|d| d.projects.iter().map(|p| p.total))
                .collect();
            let project_shares = pivot::largest_remainder(&projects, Decimal::ONE_HUNDRED, 2);
            let rows = self.departments.iter_mut().filter(|d| d.year == year);
            let mut project_shares = project_shares.into_iter();
            for (d, share) in rows.zip(shares) {
                d.share = share;
                for p in &mut d.projects {
                    p.share = project_shares.next().flatten();
                }
            }
        }
    }
}
