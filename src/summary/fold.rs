//! `perf summary` by department at national scale: one streaming pass ([`stream`]) folds each
//! project's row into its department's totals as the file is read, so no project row is kept.
//! The result is the view [`Summary::rounded`] would give for department rows — every total
//! the sum of rounded project rows — and, with `shares`, the shares [`Summary::add_shares`]
//! would give. Project rows (`--dept`) and JSON, which show every project, use [`summarise`].
//!
//! [`summarise`]: super::summarise

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use rust_decimal::Decimal;

use crate::model::money::{percent_of, round2};
use crate::model::names::DepartmentIndex;
use crate::source::LoadError;
use crate::source::lower::Depth;
use crate::source::stream::{FileView, Keep, stream};
use crate::summary::{
    DepartmentRow, LeftOut, Objectives, Planned, ProjectRow, Summary, Totals, YearTotals, pivot,
    project_row_in, split_by_year,
};

/// Sums over project rows, as [`Totals::of_projects`] computes them.
#[derive(Debug, Clone, Default)]
struct Sums {
    projects: usize,
    total: Decimal,
    fiscal: Decimal,
    other: Decimal,
    split_unknown: usize,
    plan_unknown: usize,
    /// 预算数 of the rows with a plan: the base of the planned percentages.
    planned_base: Decimal,
    planned: Vec<Decimal>,
}

impl Sums {
    fn add(&mut self, row: &ProjectRow) {
        self.projects += 1;
        self.total += row.total;
        self.fiscal += row.fiscal.unwrap_or_default();
        self.other += row.other.unwrap_or_default();
        self.split_unknown += usize::from(row.fiscal.is_none());
        if row.planned.is_empty() {
            self.plan_unknown += 1;
        } else {
            self.planned_base += row.total;
        }
        if self.planned.len() < row.planned.len() {
            self.planned.resize(row.planned.len(), Decimal::ZERO);
        }
        for (sum, p) in self.planned.iter_mut().zip(&row.planned) {
            *sum += p.amount;
        }
    }

    fn merge(&mut self, other: &Self) {
        self.projects += other.projects;
        self.total += other.total;
        self.fiscal += other.fiscal;
        self.other += other.other;
        self.split_unknown += other.split_unknown;
        self.plan_unknown += other.plan_unknown;
        self.planned_base += other.planned_base;
        if self.planned.len() < other.planned.len() {
            self.planned.resize(other.planned.len(), Decimal::ZERO);
        }
        for (sum, p) in self.planned.iter_mut().zip(&other.planned) {
            *sum += *p;
        }
    }

    fn totals(&self, months: &[u32]) -> Totals {
        let planned = months
            .iter()
            .enumerate()
            .map(|(i, &month)| {
                let amount = self.planned.get(i).copied().unwrap_or_default();
                Planned {
                    month,
                    amount,
                    percent: percent_of(amount, self.planned_base),
                }
            })
            .collect();
        Totals {
            projects: self.projects,
            total: self.total,
            fiscal: self.fiscal,
            other: self.other,
            split_unknown: self.split_unknown,
            plan_unknown: self.plan_unknown,
            planned,
        }
    }
}

/// A department's sums: exact (for shares) and of the rounded rows (for display).
#[derive(Debug, Clone, Default)]
struct Both {
    exact: Sums,
    rounded: Sums,
}

impl Both {
    fn merge(&mut self, other: &Self) {
        self.exact.merge(&other.exact);
        self.rounded.merge(&other.rounded);
    }
}

/// The rounded summary by department of the budget files under `paths`.
#[derive(Debug)]
pub struct DepartmentView {
    /// The view to lay out with `Rows::Departments`: rounded, department rows without
    /// project rows, shares set when asked for.
    pub summary: Summary,
    /// How many files were found.
    pub files: usize,
    /// Paths the tool could not read.
    pub errors: Vec<LoadError>,
}

/// Why a file or project is left out, found while streaming.
enum Left {
    File(String),
    Project(String),
}

/// Sums the projects under `paths` (only `year`, when given) by department and year, folding
/// each project as it is read.
pub fn departments(
    paths: &[PathBuf],
    read: crate::source::ReadOptions,
    year: Option<i64>,
    months: &[u32],
    shares: bool,
) -> DepartmentView {
    let lang = read.lang;
    // Totals need no indicator row: they are not built (a fifth of the time of this pass).
    let read = crate::source::ReadOptions {
        depth: Depth::Totals,
        ..read
    };
    let sums: Mutex<HashMap<(String, i64), Both>> = Mutex::new(HashMap::new());
    let streamed = stream(paths, read, Keep::Needed, |view: FileView<'_>| {
        let FileView {
            path,
            project,
            department,
            lowered,
            diagnostics,
            ..
        } = view;
        if let Some(department) = department {
            // Held to the end for its name, aliases and 分项绩效目标: not its paragraphs,
            // measures or project order (24 MB of paragraphs at 10⁶ projects).
            let d = &mut department.department;
            d.overall = Vec::new();
            d.measures = Vec::new();
            d.projects = Vec::new();
        }
        // The summary reports no findings: none is held (a realistic tree has some in
        // nearly every file).
        let diagnostics = std::mem::take(diagnostics);
        if !lowered {
            let reason = diagnostics.first().map_or_else(
                || lang.text("summary.unreadable", &[]),
                |d| format!("[{}] {}", d.rule.code, d.message),
            );
            return Some(Box::new(Left::File(reason)));
        }
        let p = project?.project;
        if year.is_some_and(|y| Some(y) != p.year) {
            return None;
        }
        match project_row_in(&p, path.display().to_string(), months, lang) {
            Ok((row, row_year)) => {
                let mut rounded = row.clone();
                rounded.total = round2(rounded.total);
                rounded.fiscal = rounded.fiscal.map(round2);
                rounded.other = rounded.other.map(round2);
                for planned in &mut rounded.planned {
                    planned.amount = round2(planned.amount);
                }
                let mut sums = sums.lock().unwrap_or_else(PoisonError::into_inner);
                let both = sums.entry((p.department, row_year)).or_default();
                both.exact.add(&row);
                both.rounded.add(&rounded);
                None
            }
            Err(reason) => Some(Box::new(Left::Project(reason))),
        }
    });
    let sums = sums.into_inner().unwrap_or_else(PoisonError::into_inner);
    let departments = streamed.departments;

    // Departments written by an alias count under their full name.
    let mut by_name: HashMap<(String, i64), Both> = HashMap::new();
    let index = DepartmentIndex::new(&departments);
    for ((written, year), both) in &sums {
        let full = index.canonical(written).to_owned();
        by_name.entry((full, *year)).or_default().merge(both);
    }
    let mut keys: Vec<(String, i64)> = by_name.keys().cloned().collect();
    keys.sort();
    let objectives = Objectives::new(&departments);
    let mut years: std::collections::BTreeMap<i64, Both> = std::collections::BTreeMap::new();
    let mut rows = Vec::new();
    let mut exact_totals = Vec::new();
    for key in keys {
        let Some(both) = by_name.get(&key) else {
            continue;
        };
        years.entry(key.1).or_default().merge(both);
        exact_totals.push(both.exact.total);
        let objectives = objectives.of(&key.0, key.1);
        rows.push(DepartmentRow {
            name: key.0,
            year: key.1,
            projects: Vec::new(),
            totals: both.rounded.totals(months),
            share: None,
            objectives,
        });
    }
    if shares {
        // Shares are of the year's total: budgets of different years are not added up.
        for &year in years.keys() {
            let (of_year, amounts): (Vec<usize>, Vec<Decimal>) = rows
                .iter()
                .zip(&exact_totals)
                .enumerate()
                .filter(|(_, (row, _))| row.year == year)
                .map(|(i, (_, amount))| (i, *amount))
                .unzip();
            let shares = pivot::largest_remainder(&amounts, Decimal::ONE_HUNDRED, 2);
            for (i, share) in of_year.into_iter().zip(shares) {
                if let Some(row) = rows.get_mut(i) {
                    row.share = share;
                }
            }
        }
    }
    let mut file_left = Vec::new();
    let mut project_left = Vec::new();
    for (id, left) in &streamed.digests {
        // A file with a digest keeps its path.
        let file = streamed
            .paths
            .get(*id)
            .unwrap_or_default()
            .display()
            .to_string();
        match left.as_ref() {
            Left::File(reason) => file_left.push(LeftOut {
                file,
                reason: reason.clone(),
            }),
            Left::Project(reason) => project_left.push(LeftOut {
                file,
                reason: reason.clone(),
            }),
        }
    }
    file_left.extend(project_left);
    let (totals, by_year) = split_by_year(
        years
            .iter()
            .map(|(&year, both)| YearTotals {
                year,
                totals: both.rounded.totals(months),
            })
            .collect(),
        months,
    );
    DepartmentView {
        summary: Summary {
            months: months.to_vec(),
            departments: rows,
            totals,
            by_year,
            left_out: file_left,
        },
        files: streamed.paths.len(),
        errors: streamed.errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(total: i64, fiscal: Option<i64>, planned: &[i64]) -> ProjectRow {
        ProjectRow {
            name: "p".into(),
            file: "f".into(),
            total: total.into(),
            fiscal: fiscal.map(Decimal::from),
            other: fiscal.map(|f| Decimal::from(total - f)),
            plan: None,
            planned: planned
                .iter()
                .zip([3, 6])
                .map(|(&a, month)| Planned {
                    month,
                    amount: a.into(),
                    percent: None,
                })
                .collect(),
            share: None,
        }
    }

    #[test]
    fn folded_sums_are_the_totals_of_the_rows() {
        let rows = [row(100, Some(60), &[20, 50]), row(40, None, &[])];
        let mut sums = Sums::default();
        for r in &rows {
            sums.add(r);
        }
        assert_eq!(sums.totals(&[3, 6]), Totals::of_projects(&rows, &[3, 6]));
    }
}
