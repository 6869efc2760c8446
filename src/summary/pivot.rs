//! Pivots beyond the money table: indicators counted by 一级/二级/依据/单位 (how many, how
//! many 定量), budgets by year side by side with the change on the year before, and the
//! largest-remainder rounding that makes displayed shares add up to exactly 100%.
//!
//! Pure functions from the workspace (or a [`Summary`]) to `Serialize` structs; `report`
//! lays them out.

use std::collections::BTreeMap;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::args;
use crate::i18n::Lang;
use crate::model::framework::{Level1, Level2};
use crate::model::money::{percent_of, round2};
use crate::model::project::Indicator;
use crate::source::Workspace;
use crate::summary::sheet::TargetKind;
use crate::summary::{Filter, Summary, selected};

/// What a summary's rows are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    /// One row per department and year (money).
    Department,
    /// One row per project (money).
    Project,
    /// Indicators by 一级指标.
    Level1,
    /// Indicators by 二级指标.
    Level2,
    /// Indicators by 指标值确定依据.
    Basis,
    /// Indicators by the unit of their target.
    Unit,
    /// 预算数 by year, side by side, with the change on the year before.
    Year,
}

impl By {
    /// The heading of the key column, in `lang`.
    pub fn heading(self, lang: Lang) -> String {
        let key = match self {
            Self::Department => "report.department",
            Self::Project => "report.project",
            Self::Level1 => "report.level1",
            Self::Level2 => "report.level2",
            Self::Basis => "report.basis",
            Self::Unit => "report.unit",
            Self::Year => "report.year",
        };
        lang.text(key, &[])
    }
}

/// Splits `whole` in proportion to `weights`, rounded to `dp` decimals so that the parts add
/// up to exactly `whole` (the largest-remainder method): each part is first rounded down, then
/// the units still missing go one each to the parts that lost the most, earlier parts first on
/// a tie. All `None` when the weights add up to zero (there is nothing to share).
pub fn largest_remainder(weights: &[Decimal], whole: Decimal, dp: u32) -> Vec<Option<Decimal>> {
    let sum: Decimal = weights.iter().sum();
    let unit = Decimal::new(1, dp);
    let quotas: Option<Vec<Decimal>> = weights
        .iter()
        .map(|w| w.checked_mul(whole)?.checked_div(sum))
        .collect();
    let Some(quotas) = quotas.filter(|_| !sum.is_zero()) else {
        return vec![None; weights.len()];
    };
    let mut parts: Vec<Decimal> = quotas
        .iter()
        .map(|q| q.round_dp_with_strategy(dp, RoundingStrategy::ToNegativeInfinity))
        .collect();
    let given: Decimal = parts.iter().sum();
    // The quotas add up to `whole` up to the last of 28 digits, so the units still missing
    // are a whole number below the count of parts; rounding absorbs that last digit.
    let missing = ((whole - given) / unit)
        .round()
        .to_usize()
        .unwrap_or(0)
        .min(parts.len());
    let mut order: Vec<usize> = (0..parts.len()).collect();
    let remainder = |i: usize| {
        quotas.get(i).copied().unwrap_or_default() - parts.get(i).copied().unwrap_or_default()
    };
    order.sort_by(|&a, &b| remainder(b).cmp(&remainder(a)).then(a.cmp(&b)));
    for &i in order.iter().take(missing) {
        if let Some(part) = parts.get_mut(i) {
            *part += unit;
        }
    }
    parts
        .into_iter()
        .map(|mut p| {
            p.rescale(dp);
            Some(p)
        })
        .collect()
}

/// Indicators counted by kind under one key (a 一级 label, a basis, a unit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindRow {
    /// The key (`产出指标`, `工作经验`, `%`).
    pub key: String,
    /// How many projects have at least one such indicator.
    pub projects: usize,
    /// 指标数.
    pub indicators: usize,
    /// 定量: comparator, number, unit.
    pub quantitative: usize,
    /// 定性.
    pub qualitative: usize,
    /// 时限.
    pub time: usize,
    /// Blank or unreadable targets.
    pub other: usize,
    /// 定量 as a share of this row's indicators, in % (四舍五入 to two decimals).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub quantitative_share: Option<Decimal>,
    /// This row's share of every indicator counted, in % (`--percent`; adds up to 100.00).
    #[serde(
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub share: Option<Decimal>,
}

/// Indicators counted by a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorPivot {
    /// The key.
    pub by: By,
    /// One row per key.
    pub rows: Vec<KindRow>,
    /// Every indicator counted.
    pub total: KindRow,
}

/// Counts the indicators of the projects that pass `filter`, by `by` (one of `Level1`,
/// `Level2`, `Basis`, `Unit`; any other key counts by 一级). Rows for blank keys are named
/// in `lang`.
pub fn indicator_pivot(
    workspace: &Workspace,
    filter: &Filter,
    by: By,
    lang: Lang,
) -> IndicatorPivot {
    // (sort key, key) → (projects seen, counts)
    let mut rows: BTreeMap<(u8, String), (Vec<usize>, KindRow)> = BTreeMap::new();
    let mut total = KindRow::new(lang.text("report.total", &[]));
    let mut all_projects = Vec::new();
    for (index, (loaded, _, _)) in selected(workspace, filter).enumerate() {
        for indicator in &loaded.project.indicators {
            let kind = TargetKind::of(&indicator.target);
            let (order, key) = key_of(indicator, kind, by, lang);
            let (projects, row) = rows
                .entry((order, key.clone()))
                .or_insert_with(|| (Vec::new(), KindRow::new(key)));
            if projects.last() != Some(&index) {
                projects.push(index);
            }
            row.count(kind);
            total.count(kind);
            if all_projects.last() != Some(&index) {
                all_projects.push(index);
            }
        }
    }
    let mut rows: Vec<KindRow> = rows
        .into_values()
        .map(|(projects, mut row)| {
            row.projects = projects.len();
            row
        })
        .collect();
    // Framework levels keep the framework's order; free text goes by frequency.
    if matches!(by, By::Basis | By::Unit) {
        rows.sort_by(|a, b| b.indicators.cmp(&a.indicators).then(a.key.cmp(&b.key)));
    }
    total.projects = all_projects.len();
    for row in rows.iter_mut().chain(std::iter::once(&mut total)) {
        row.quantitative_share =
            percent_of(row.quantitative.into(), row.indicators.into()).map(round2);
    }
    IndicatorPivot { by, rows, total }
}

impl IndicatorPivot {
    /// Sets each row's share of every indicator counted (largest remainder, adds up to 100).
    pub fn add_shares(&mut self) {
        let counts: Vec<Decimal> = self.rows.iter().map(|r| r.indicators.into()).collect();
        let shares = largest_remainder(&counts, Decimal::ONE_HUNDRED, 2);
        for (row, share) in self.rows.iter_mut().zip(shares) {
            row.share = share;
        }
        self.total.share = self.rows.iter().map(|r| r.share).sum();
    }
}

fn key_of(indicator: &Indicator, kind: TargetKind, by: By, lang: Lang) -> (u8, String) {
    const FREE: u8 = u8::MAX;
    let written = |label: &str| {
        let label = label.trim();
        if label.is_empty() {
            lang.text("report.blank_key", &[])
        } else {
            label.to_owned()
        }
    };
    match by {
        By::Level2 => match indicator.level2 {
            Some(level) => (level2_order(level), level.label().to_owned()),
            None => (FREE, written(&indicator.level2_label)),
        },
        By::Basis => (FREE, written(indicator.basis.as_deref().unwrap_or(""))),
        By::Unit => match indicator.target.quantity().map(|q| q.unit.to_string()) {
            Some(unit) if !unit.is_empty() => (0, unit),
            Some(_) => (0, lang.text("report.no_unit_key", &[])),
            None => (
                0,
                lang.text("report.kind_key", args!(kind = kind.label(lang))),
            ),
        },
        _ => match indicator.level1 {
            Some(level) => (level1_order(level), level.label().to_owned()),
            None => (FREE, written(&indicator.level1_label)),
        },
    }
}

fn level1_order(level: Level1) -> u8 {
    match level {
        Level1::Cost => 0,
        Level1::Output => 1,
        Level1::Effect => 2,
        Level1::Satisfaction => 3,
    }
}

fn level2_order(level: Level2) -> u8 {
    match level {
        Level2::EconomicCost => 0,
        Level2::SocialCost => 1,
        Level2::EcologicalCost => 2,
        Level2::Quantity => 3,
        Level2::Quality => 4,
        Level2::Timeliness => 5,
        Level2::Cost => 6,
        Level2::Economic => 7,
        Level2::Social => 8,
        Level2::Ecological => 9,
        Level2::Sustainable => 10,
        Level2::Satisfaction => 11,
    }
}

impl KindRow {
    fn new(key: String) -> Self {
        Self {
            key,
            projects: 0,
            indicators: 0,
            quantitative: 0,
            qualitative: 0,
            time: 0,
            other: 0,
            quantitative_share: None,
            share: None,
        }
    }

    fn count(&mut self, kind: TargetKind) {
        self.indicators += 1;
        match kind {
            TargetKind::Quantitative => self.quantitative += 1,
            TargetKind::Qualitative => self.qualitative += 1,
            TargetKind::Time => self.time += 1,
            TargetKind::Empty | TargetKind::Unreadable => self.other += 1,
        }
    }
}

/// One department's (or project's) 预算数 in one year, and the change on the column before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearCell {
    /// The year.
    pub year: i64,
    /// 预算数 in 万元, rounded to cents; `None` when the row has nothing that year.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub total: Option<Decimal>,
    /// `total` minus the previous year's shown; `None` in the first year or when either is
    /// missing.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub change: Option<Decimal>,
    /// `change` as % of the previous year's total (四舍五入 to two decimals).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub change_percent: Option<Decimal>,
}

/// One row of the year pivot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearRow {
    /// The department, or the project.
    pub name: String,
    /// The project's department (project rows only).
    pub department: Option<String>,
    /// One cell per year shown.
    pub cells: Vec<YearCell>,
}

/// 预算数 by year, side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearPivot {
    /// The years, ascending.
    pub years: Vec<i64>,
    /// One row per department (or per project, matched by name within its department).
    pub rows: Vec<YearRow>,
    /// The sum of the rows shown, per year.
    pub total: YearRow,
}

/// Lays a (rounded) summary out by year: rows are departments, or projects with
/// `projects`. Every amount is a sum of the summary's rounded project amounts, so the total
/// row is the sum of the rows shown.
pub fn year_pivot(summary: &Summary, projects: bool) -> YearPivot {
    let mut years: Vec<i64> = summary.departments.iter().map(|d| d.year).collect();
    years.sort_unstable();
    years.dedup();
    let mut amounts: BTreeMap<(String, Option<String>), BTreeMap<i64, Decimal>> = BTreeMap::new();
    for d in &summary.departments {
        if projects {
            for p in &d.projects {
                *amounts
                    .entry((p.name.clone(), Some(d.name.clone())))
                    .or_default()
                    .entry(d.year)
                    .or_default() += p.total;
            }
        } else {
            *amounts
                .entry((d.name.clone(), None))
                .or_default()
                .entry(d.year)
                .or_default() += d.totals.total;
        }
    }
    let mut by_year: BTreeMap<i64, Decimal> = BTreeMap::new();
    for per_year in amounts.values() {
        for (&year, &amount) in per_year {
            *by_year.entry(year).or_default() += amount;
        }
    }
    // Project rows group under their department, as the money table does.
    let mut keys: Vec<(String, Option<String>)> = amounts.keys().cloned().collect();
    keys.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
    let rows = keys
        .into_iter()
        .map(|(name, department)| {
            let per_year = amounts.get(&(name.clone(), department.clone()));
            YearRow {
                cells: cells(&years, |y| per_year.and_then(|m| m.get(&y)).copied()),
                name,
                department,
            }
        })
        .collect();
    YearPivot {
        total: YearRow {
            name: "合计".into(),
            department: None,
            cells: cells(&years, |y| by_year.get(&y).copied()),
        },
        years,
        rows,
    }
}

fn cells(years: &[i64], amount: impl Fn(i64) -> Option<Decimal>) -> Vec<YearCell> {
    let mut previous: Option<Decimal> = None;
    years
        .iter()
        .enumerate()
        .map(|(i, &year)| {
            let total = amount(year);
            let change = match (i, previous, total) {
                (0, _, _) => None,
                (_, Some(before), Some(now)) => Some(now - before),
                _ => None,
            };
            let change_percent = change
                .zip(previous)
                .and_then(|(c, before)| percent_of(c, before))
                .map(round2);
            previous = total;
            YearCell {
                year,
                total,
                change,
                change_percent,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn shares(weights: &[&str]) -> Vec<String> {
        let weights: Vec<Decimal> = weights.iter().map(|w| d(w)).collect();
        largest_remainder(&weights, Decimal::ONE_HUNDRED, 2)
            .into_iter()
            .map(|s| s.unwrap().to_string())
            .collect()
    }

    #[test]
    fn thirds_add_up_to_a_hundred() {
        assert_eq!(shares(&["1", "1", "1"]), ["33.34", "33.33", "33.33"]);
        assert_eq!(shares(&["2", "1"]), ["66.67", "33.33"]);
    }

    #[test]
    fn the_seed_shares_add_up() {
        let s = shares(&["230", "2800", "50", "683", "1206", "4000", "66"]);
        let sum: Decimal = s.iter().map(|x| d(x)).sum();
        assert_eq!(sum, d("100.00"));
        assert_eq!(s[5], "44.27");
    }

    #[test]
    fn zero_weights_share_nothing() {
        assert_eq!(
            largest_remainder(&[Decimal::ZERO], Decimal::ONE_HUNDRED, 2),
            vec![None]
        );
        assert!(largest_remainder(&[], Decimal::ONE_HUNDRED, 2).is_empty());
    }

    #[test]
    fn many_equal_parts_still_add_up() {
        let weights = vec![Decimal::ONE; 7];
        let parts = largest_remainder(&weights, Decimal::ONE_HUNDRED, 2);
        let sum: Decimal = parts.iter().flatten().sum();
        assert_eq!(sum, Decimal::ONE_HUNDRED);
    }

    #[test]
    fn year_cells_show_the_change_on_the_year_before() {
        let c = cells(&[2023, 2024, 2025], |y| match y {
            2023 => Some(d("100")),
            2024 => Some(d("150")),
            _ => None,
        });
        assert_eq!(c[0].change, None);
        assert_eq!(c[1].change, Some(d("50")));
        assert_eq!(c[1].change_percent, Some(d("50.00")));
        assert_eq!(c[2].total, None);
        assert_eq!(c[2].change, None);
    }
}
