//! What a change does to the budgets: the view model of `perf diff` as plain `Serialize`
//! structs, built by [`compare::compare`] from two loaded trees and their findings.
//!
//! Pure: no git, no files, no formatting beyond the one-line verdict. Where the two trees came
//! from (git revisions, folders) is the command line's business; `render` lays the view out.
//! Amounts are in 万元 and exact; [`Diff::rounded`] gives the view tables show, where every
//! amount is rounded to cents and every total is the sum of the rounded projects.

pub mod compare;
pub mod findings;
pub mod indicator;
pub mod render;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::args;
use crate::diag::Counts;
use crate::i18n::Lang;
use crate::model::money::{percent_of, round2};

/// An amount before and after, in 万元.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AmountChange {
    /// Before; `None` when there was nothing (a new project, an unknown split).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub old: Option<Decimal>,
    /// After; `None` when there is nothing.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub new: Option<Decimal>,
    /// `new − old`, a missing side counting as 0; `None` when both are missing.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub delta: Option<Decimal>,
    /// `delta` as a share of `old`, in %; `None` when `old` is missing or zero.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub percent: Option<Decimal>,
}

impl AmountChange {
    /// The change from `old` to `new`.
    pub fn new(old: Option<Decimal>, new: Option<Decimal>) -> Self {
        let delta = match (old, new) {
            (None, None) => None,
            (o, n) => n.unwrap_or_default().checked_sub(o.unwrap_or_default()),
        };
        let percent = match (old, delta) {
            (Some(o), Some(d)) => percent_of(d, o),
            _ => None,
        };
        Self {
            old,
            new,
            delta,
            percent,
        }
    }

    /// True when before and after differ.
    pub fn changed(&self) -> bool {
        self.old != self.new
    }

    /// The same change with both sides rounded to cents.
    #[must_use]
    pub fn rounded(&self) -> Self {
        Self::new(self.old.map(round2), self.new.map(round2))
    }
}

/// A text before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextChange {
    /// Before; `None` when absent.
    pub old: Option<String>,
    /// After; `None` when absent.
    pub new: Option<String>,
}

/// One side of the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// What the user named (`HEAD`, `origin/main`, `工作区`, a folder).
    pub label: String,
    /// The commit, for a git revision.
    pub commit: Option<String>,
    /// Projects read on this side.
    pub projects: usize,
    /// Findings on this side.
    pub findings: Counts,
}

/// How a project fares in the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// 新增: only the new side has it.
    Added,
    /// 删除: only the old side has it.
    Removed,
    /// 修改: both sides have it and something differs.
    Changed,
    /// 无法读取: its file is still there but no longer reads as a project (see the findings).
    Unreadable,
}

/// How the old and new files of a project were paired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchedBy {
    /// The same file.
    Path,
    /// The same 项目编码.
    Code,
    /// The same department and 项目名称 (a moved file).
    Name,
    /// The same department and 预算数 and mostly the same indicator rows (a renamed, moved file).
    Content,
}

/// A budget amount's change: 预算数, 财政资金 or 其他资金.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetChange {
    /// `预算数`, `财政资金` or `其他资金`.
    pub field: &'static str,
    /// The amounts.
    pub amount: AmountChange,
}

/// One checkpoint of the spending plan that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanChange {
    /// The month.
    pub month: i64,
    /// Cumulative % before; `None` when the checkpoint was not written.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub old: Option<Decimal>,
    /// Cumulative % after.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub new: Option<Decimal>,
    /// Percentage points, `new − old`, when both are written.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub delta: Option<Decimal>,
}

/// What happened to an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IndicatorStatus {
    /// A new row.
    Added,
    /// A row taken out.
    Removed,
    /// The target or the basis changed.
    Changed,
}

/// An indicator row that was added, removed, or whose target or basis changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorChange {
    /// What happened.
    pub status: IndicatorStatus,
    /// 一级指标 (canonical label when known).
    pub level1: String,
    /// 二级指标 (canonical label when known).
    pub level2: String,
    /// 三级指标.
    pub name: String,
    /// 指标值 as written, before and after.
    pub target: TextChange,
    /// 指标值确定依据, when it changed.
    pub basis: Option<TextChange>,
    /// How the target moved, in words (`提高 5 个百分点`); `None` when it did not change.
    pub reading: Option<String>,
    /// The number's change in `unit`, when both targets are numbers in comparable units.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub delta: Option<Decimal>,
    /// The unit of `delta` (`%` means percentage points).
    pub unit: Option<String>,
}

/// A project that changed, was added, removed or no longer reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectDiff {
    /// What happened.
    pub status: Status,
    /// 项目名称 (the new one when both sides have it).
    pub name: String,
    /// The file (the new one when both sides have it), relative to the tree's root.
    pub file: String,
    /// How the two sides were paired, when both have it.
    pub matched_by: Option<MatchedBy>,
    /// Other fields that changed: 文件, 项目名称, 项目编码, 主管部门, 预算年度.
    pub fields: Vec<FieldChange>,
    /// 预算数, 财政资金, 其他资金: the changed ones (all stated ones for added and removed).
    pub budget: Vec<BudgetChange>,
    /// Plan checkpoints that differ.
    pub plan: Vec<PlanChange>,
    /// Indicators added, removed or changed (none listed for added or removed projects).
    pub indicators: Vec<IndicatorChange>,
    /// Indicator rows the project has on the new side (on the old side when removed).
    pub indicator_count: usize,
}

/// A field of a project that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// `文件`, `项目名称`, `项目编码`, `主管部门` or `预算年度`.
    pub field: &'static str,
    /// Before and after.
    pub value: TextChange,
}

/// Totals over a set of projects, before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TotalsDiff {
    /// 项目数 before.
    pub projects_old: usize,
    /// 项目数 after.
    pub projects_new: usize,
    /// 预算数.
    pub total: AmountChange,
    /// 财政资金 of the projects whose split is known.
    pub fiscal: AmountChange,
    /// 其他资金 of the projects whose split is known.
    pub other: AmountChange,
}

/// The amounts of one project, for recomputing totals after rounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Amounts {
    /// 预算数, when usable.
    pub total: Option<Decimal>,
    /// 财政资金, when the split is known.
    pub fiscal: Option<Decimal>,
    /// 其他资金, when the split is known.
    pub other: Option<Decimal>,
}

/// One department: its totals and its projects that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DepartmentDiff {
    /// 部门名称 (the full name).
    pub name: String,
    /// Before and after.
    pub totals: TotalsDiff,
    /// Projects added, removed, changed or unreadable, by file.
    pub projects: Vec<ProjectDiff>,
    /// Every project's amounts on each side (changed or not), for [`Diff::rounded`].
    #[serde(skip)]
    pub members: (Vec<Amounts>, Vec<Amounts>),
}

/// A finding that the change introduced or fixed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingChange {
    /// `error`, `warning` or `note`.
    pub severity: crate::diag::Severity,
    /// The rule code.
    pub code: &'static str,
    /// The rule name.
    pub rule: &'static str,
    /// The file (on the new side for introduced findings, the old side for fixed ones).
    pub file: String,
    /// The 1-based line, when the finding points at one.
    pub line: Option<usize>,
    /// The message.
    pub message: String,
}

/// Findings the change introduced and fixed. A finding is the same on both sides when its
/// code, file (following a moved project) and message agree; line numbers do not count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct FindingsDiff {
    /// New findings.
    pub introduced: Vec<FindingChange>,
    /// Findings gone.
    pub fixed: Vec<FindingChange>,
}

/// Counts behind the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Overview {
    /// Projects added.
    pub projects_added: usize,
    /// Projects removed.
    pub projects_removed: usize,
    /// Projects whose name or file changed.
    pub projects_renamed: usize,
    /// Projects whose file no longer reads.
    pub projects_unreadable: usize,
    /// Projects, on both sides, whose 预算数 or split changed.
    pub budgets_changed: usize,
    /// Projects, on both sides, whose plan changed.
    pub plans_changed: usize,
    /// Indicators added, removed or changed in projects on both sides.
    pub indicators_changed: usize,
    /// Errors introduced.
    pub errors_introduced: usize,
    /// Errors fixed.
    pub errors_fixed: usize,
    /// Warnings introduced.
    pub warnings_introduced: usize,
    /// Warnings fixed.
    pub warnings_fixed: usize,
}

/// Everything `perf diff` reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// One line: `预算总额 +120.00 万元 (+1.33%)，2 个指标调整，新增 1 个错误`.
    pub verdict: String,
    /// The old side.
    pub old: Side,
    /// The new side.
    pub new: Side,
    /// The counts behind the verdict.
    pub overview: Overview,
    /// Grand totals.
    pub totals: TotalsDiff,
    /// Every department on either side, by name.
    pub departments: Vec<DepartmentDiff>,
    /// Findings introduced and fixed.
    pub findings: FindingsDiff,
}

impl TotalsDiff {
    /// Totals of the projects on each side.
    pub fn of(old: &[Amounts], new: &[Amounts]) -> Self {
        let sum = |rows: &[Amounts], pick: fn(&Amounts) -> Option<Decimal>| {
            if rows.is_empty() {
                None
            } else {
                Some(rows.iter().filter_map(pick).sum::<Decimal>())
            }
        };
        Self {
            projects_old: old.len(),
            projects_new: new.len(),
            total: AmountChange::new(sum(old, |a| a.total), sum(new, |a| a.total)),
            fiscal: AmountChange::new(sum(old, |a| a.fiscal), sum(new, |a| a.fiscal)),
            other: AmountChange::new(sum(old, |a| a.other), sum(new, |a| a.other)),
        }
    }
}

impl Amounts {
    fn rounded(self) -> Self {
        Self {
            total: self.total.map(round2),
            fiscal: self.fiscal.map(round2),
            other: self.other.map(round2),
        }
    }
}

impl Diff {
    /// The view tables show: every amount rounded to cents (四舍五入), every total the sum of
    /// the rounded projects, every delta and percentage recomputed from rounded amounts.
    #[must_use]
    pub fn rounded(&self) -> Self {
        let mut out = self.clone();
        let (mut all_old, mut all_new) = (Vec::new(), Vec::new());
        for d in &mut out.departments {
            let old: Vec<Amounts> = d.members.0.iter().map(|a| a.rounded()).collect();
            let new: Vec<Amounts> = d.members.1.iter().map(|a| a.rounded()).collect();
            d.totals = TotalsDiff::of(&old, &new);
            all_old.extend_from_slice(&old);
            all_new.extend_from_slice(&new);
            d.members = (old, new);
            for p in &mut d.projects {
                for b in &mut p.budget {
                    b.amount = b.amount.rounded();
                }
            }
        }
        out.totals = TotalsDiff::of(&all_old, &all_new);
        out
    }

    /// The one-line verdict, from the rounded view (in Chinese).
    pub fn verdict_line(&self) -> String {
        self.verdict_line_in(Lang::Zh)
    }

    /// [`Diff::verdict_line`], in `lang`.
    pub fn verdict_line_in(&self, lang: Lang) -> String {
        let rounded = self.rounded();
        let total = rounded.totals.total;
        let o = &self.overview;
        let mut parts = Vec::new();
        let counted = [
            (o.projects_added, "verdict.projects_added"),
            (o.projects_removed, "verdict.projects_removed"),
            (o.projects_renamed, "verdict.projects_renamed"),
            (o.projects_unreadable, "verdict.projects_unreadable"),
            (o.budgets_changed, "verdict.budgets_changed"),
            (o.plans_changed, "verdict.plans_changed"),
            (o.indicators_changed, "verdict.indicators_changed"),
            (o.errors_introduced, "verdict.errors_introduced"),
            (o.errors_fixed, "verdict.errors_fixed"),
            (o.warnings_introduced, "verdict.warnings_introduced"),
            (o.warnings_fixed, "verdict.warnings_fixed"),
        ];
        for (n, key) in counted {
            if n > 0 {
                parts.push(lang.text(key, args!(n = n)));
            }
        }
        let delta = total.delta.unwrap_or_default();
        let head = if delta.is_zero() {
            let amount = total.new.or(total.old).unwrap_or_default();
            lang.text(
                "verdict.total_unchanged",
                args!(amount = crate::model::money::format2(amount)),
            )
        } else {
            let mut head = lang.text("verdict.total_changed", args!(delta = signed(delta)));
            if let Some(p) = total.percent {
                head.push_str(&format!(" ({}%)", signed(p)));
            }
            head
        };
        if parts.is_empty() && delta.is_zero() {
            return lang.text("verdict.no_change", args!(head = head));
        }
        std::iter::once(head)
            .chain(parts)
            .collect::<Vec<_>>()
            .join(&lang.text("diff.sep", &[]))
    }
}

/// An amount with its sign and two decimals (`+120.00`, `-3000.00`, `0.00`).
pub fn signed(value: Decimal) -> String {
    let text = crate::model::money::format2(value);
    if value > Decimal::ZERO && text != "0.00" {
        format!("+{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: i64) -> Decimal {
        Decimal::from(n)
    }

    #[test]
    fn amount_changes_count_a_missing_side_as_zero() {
        let c = AmountChange::new(Some(d(9000)), Some(d(9120)));
        assert_eq!(c.delta, Some(d(120)));
        assert_eq!(signed(c.percent.unwrap()), "+1.33");
        let added = AmountChange::new(None, Some(d(50)));
        assert_eq!((added.delta, added.percent), (Some(d(50)), None));
        assert!(!AmountChange::new(Some(d(1)), Some(d(1))).changed());
        assert_eq!(AmountChange::new(None, None).delta, None);
    }

    #[test]
    fn signs() {
        assert_eq!(signed(d(120)), "+120.00");
        assert_eq!(signed(d(-3000)), "-3000.00");
        assert_eq!(signed(Decimal::new(1, 3)), "0.00");
        assert_eq!(signed(Decimal::new(-1, 3)), "0.00");
    }
}
