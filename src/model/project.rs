//! 项目绩效目标表: one project's budget, plan, goals and indicators.

use std::borrow::Cow;

use rust_decimal::Decimal;

use crate::model::budget::Budget;
use crate::model::execution::{Execution, Progress};
use crate::model::framework::{Level1, Level2, Preset};
use crate::model::plan::SpendingPlan;
use crate::model::sparse::Sparse;
use crate::model::target::{Target, TargetValue};

/// One project, as lowered from its file. Fields the file lacks are `None`/empty; the
/// structure rules have already reported them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Project {
    /// 项目名称.
    pub name: String,
    /// The document's heading, where it differs from 项目名称.
    pub title: Option<String>,
    /// 项目编码, when the project has one.
    pub code: Option<String>,
    /// 主管部门: the department the project belongs to.
    pub department: String,
    /// 实施单位, where it differs from the 主管部门.
    pub implementer: Option<String>,
    /// 预算年度; `None` when the file lacks it.
    pub year: Option<i64>,
    /// 实施期 as written (`2023-07/2024-01`).
    pub period: Option<String>,
    /// The framework this file asks to be held to, over the tree's configuration.
    pub framework: Option<Preset>,
    /// 资金用途.
    pub purpose: Option<String>,
    /// 年度绩效目标, in order.
    pub goals: Vec<String>,
    /// 长期绩效目标.
    pub long_term_goals: Vec<String>,
    /// 中期预算: (year, amount in the budget's unit).
    pub medium_term: Vec<(i64, Decimal)>,
    /// 预算规模; `None` when the file has no usable `[budget]`.
    pub budget: Option<Budget>,
    /// 资金支出计划; `None` when the file has no `[plan]`.
    pub plan: Option<SpendingPlan>,
    /// The indicator table, in file order.
    pub indicators: Vec<Indicator>,
    /// 预算执行 during and after the year (`[execution]`); `None` when the file has none.
    pub execution: Option<Execution>,
}

impl Project {
    /// The months the project runs: from `period` (`2024-03/2024-12` → 10), else from a
    /// 时效 indicator's date range (`2024年1月--2024年11月` → 11), else the whole year (12).
    pub fn months(&self) -> u32 {
        self.period
            .as_deref()
            .and_then(period_months)
            .or_else(|| {
                self.indicators
                    .iter()
                    .filter(|i| i.level2 == Some(Level2::Timeliness))
                    .find_map(|i| written_range_months(&i.target.raw))
            })
            .unwrap_or(12)
    }
}

/// Months covered by a period written `YYYY-MM/YYYY-MM` (both ends included).
pub fn period_months(period: &str) -> Option<u32> {
    let (start, end) = period.split_once('/')?;
    let month_index = |s: &str| -> Option<i64> {
        let (year, month) = s.trim().split_once('-')?;
        let (year, month): (i64, i64) = (year.parse().ok()?, month.parse().ok()?);
        (1..=12).contains(&month).then_some(year * 12 + month - 1)
    };
    let months = month_index(end)? - month_index(start)? + 1;
    u32::try_from(months).ok().filter(|&m| m > 0)
}

/// Months covered by a written range such as `2024年1月--2024年11月`.
fn written_range_months(text: &str) -> Option<u32> {
    let mut found = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while chars.get(i).is_some_and(char::is_ascii_digit) {
            i += 1;
        }
        if i - start == 4 && chars.get(i) == Some(&'年') {
            let year: String = chars.get(start..i).unwrap_or_default().iter().collect();
            let month_start = i + 1;
            let mut j = month_start;
            while chars.get(j).is_some_and(char::is_ascii_digit) {
                j += 1;
            }
            if j > month_start && chars.get(j) == Some(&'月') {
                let month: String = chars
                    .get(month_start..j)
                    .unwrap_or_default()
                    .iter()
                    .collect();
                found.push(format!("{year}-{month}"));
                i = j;
            }
        }
        i += 1;
    }
    match found.as_slice() {
        [start, end] => period_months(&format!("{start}/{end}")),
        _ => None,
    }
}

/// A label perf does not know keeps the caller's string rather than a copy of it.
fn keep(label: String, read: Cow<'static, str>) -> Cow<'static, str> {
    match read {
        Cow::Borrowed(_) => read,
        Cow::Owned(_) => Cow::Owned(label),
    }
}

/// The bases most rows give, borrowed rather than copied ([`Indicator::basis`]): a copy of
/// each row's basis was one allocation in twenty of reading a tree (docs/performance.md).
const COMMON_BASES: [&str; 5] = ["计划标准", "行业标准", "历史标准", "其他标准", "工作经验"];

/// A 指标值确定依据 as written, borrowed when it is one of the five bases most rows give (`COMMON_BASES`).
pub fn basis_text(text: &str) -> Cow<'static, str> {
    match COMMON_BASES.iter().find(|b| **b == text) {
        Some(b) => Cow::Borrowed(b),
        None => Cow::Owned(text.to_owned()),
    }
}

/// 指标方向.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// 正向: more is better (≥).
    Positive,
    /// 反向: less is better (≤).
    Negative,
}

impl Direction {
    /// Reads `正向` / `反向`.
    pub fn from_label(label: &str) -> Option<Self> {
        match label.trim() {
            "正向" | "正向指标" => Some(Self::Positive),
            "反向" | "反向指标" => Some(Self::Negative),
            _ => None,
        }
    }
}

/// One row of the indicator table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    /// 一级指标 as written: borrowed when written exactly as a label perf knows (most rows
    /// are, and a copy of each label of each row was a visible share of reading a tree).
    pub level1_label: Cow<'static, str>,
    /// 二级指标 as written, like `level1_label`.
    pub level2_label: Cow<'static, str>,
    /// 一级指标, normalised; `None` when the label is unknown.
    pub level1: Option<Level1>,
    /// 二级指标, normalised; `None` when the label is unknown.
    pub level2: Option<Level2>,
    /// 三级指标.
    pub name: String,
    /// 绩效指标描述.
    pub description: Option<String>,
    /// 指标值 (with the separate 度量单位 appended when the form keeps it apart).
    pub target: Target,
    /// 度量单位, when written apart from the value.
    pub unit: Option<String>,
    /// 指标方向, when stated; otherwise inferred from the comparator.
    pub direction: Option<Direction>,
    /// 上年实际值 as written.
    pub baseline: Option<String>,
    /// 权重 (score weight).
    pub weight: Option<Decimal>,
    /// 指标值确定依据: borrowed when written exactly as a basis most rows give (the standards
    /// of 财预〔2020〕10号 and 工作经验), like the level labels.
    pub basis: Option<Cow<'static, str>>,
    /// 依据说明: required under 101号 when the basis is 其他标准.
    pub basis_note: Option<String>,
    /// Monitoring and 自评 data (actual, likelihood, reason, grade); empty when not recorded,
    /// and then not stored (most rows record none: [`Sparse`]).
    pub progress: Sparse<Progress>,
}

impl Indicator {
    /// Builds a row, normalising the level labels and parsing the target.
    pub fn new(
        level1: impl Into<String>,
        level2: impl Into<String>,
        name: impl Into<String>,
        target: impl Into<String>,
    ) -> Self {
        let (level1, level2): (String, String) = (level1.into(), level2.into());
        let (read1, label1) = Level1::read(&level1);
        let (read2, label2) = Level2::read(&level2);
        Self::with_levels(
            (read1, keep(level1, label1)),
            (read2, keep(level2, label2)),
            name.into(),
            target.into(),
        )
    }

    /// [`Indicator::new`] for labels borrowed from a file's text: a label written as perf
    /// knows it is not copied.
    pub fn read(level1: &str, level2: &str, name: String, target: String) -> Self {
        Self::with_levels(Level1::read(level1), Level2::read(level2), name, target)
    }

    fn with_levels(
        (level1, level1_label): (Option<Level1>, Cow<'static, str>),
        (level2, level2_label): (Option<Level2>, Cow<'static, str>),
        name: String,
        target: String,
    ) -> Self {
        Self {
            level1,
            level2,
            level1_label,
            level2_label,
            name,
            description: None,
            target: Target::parse(target),
            unit: None,
            direction: None,
            baseline: None,
            weight: None,
            basis: None,
            basis_note: None,
            progress: Sparse::default(),
        }
    }

    /// Sets a separately written 度量单位: a value with no unit of its own is read with it
    /// (`target = "≥95"`, `unit = "%"` reads as `≥95%`); the raw text stays as written.
    pub fn set_unit(&mut self, unit: &str) {
        self.unit = Some(unit.to_owned());
        let unitless = matches!(&self.target.value, TargetValue::Quantity(q) if q.unit == crate::model::target::Unit::None)
            || matches!(&self.target.value, TargetValue::Range(r) if r.unit == crate::model::target::Unit::None);
        if unitless {
            // Only the reading changes: the raw text is kept as it is, not copied and put back.
            let with_unit = crate::model::target::attach_unit(&self.target.raw, unit);
            self.target.value = Target::parse(with_unit).value;
        }
    }

    /// The direction stated, or read from the target: its comparator (≥ 正向, ≤ 反向), or for
    /// a bare number the name, unit and 二级 ([`Indicator::comparison`]).
    pub fn effective_direction(&self) -> Option<Direction> {
        self.direction
            .or_else(|| self.comparison().and_then(|c| c.direction()))
    }

    /// How a quantitative target compares an actual (`None` for other targets): the stated
    /// direction, else the written comparator, else a bare number read by the direction
    /// inferred from the name, a 成本 二级, the unit and the other 二级 (`95%` on a 满意度 row
    /// is `≥95%`), else `=` marked unknown. Rules I008, I012 and E006 read targets through
    /// this, and scoring should.
    pub fn comparison(&self) -> Option<crate::model::target::direction::Comparison> {
        let q = self.target.quantity()?;
        Some(crate::model::target::direction::comparison(
            q,
            &self.name,
            self.direction,
            self.level2,
        ))
    }

    /// The 一级 as read: the label's, else the one its 二级 is usually filed under (a row
    /// under an unknown 一级 label still counts as 数量/效益/… for coverage).
    pub fn level1_read(&self) -> Option<Level1> {
        self.level1
            .or_else(|| self.level2.map(Level2::usual_level1))
    }

    /// True for a blank template row: no name and no value (a form's empty line copied in).
    /// Rules report it once (I020) and judge nothing else on it.
    pub fn is_blank(&self) -> bool {
        // The value first: comparing it is cheaper than reading the name, and rules ask this
        // of every row.
        self.target.value == TargetValue::Empty && crate::model::target::is_placeholder(&self.name)
    }

    /// True for a 满意度 indicator, wherever it is filed.
    pub fn is_satisfaction(&self) -> bool {
        self.level2 == Some(Level2::Satisfaction)
            || (self.level1 == Some(Level1::Satisfaction) && self.level2.is_none())
    }

    /// True for an indicator whose target is a cost to reconcile with the budget.
    pub fn is_money_cost(&self) -> bool {
        self.level2.is_some_and(Level2::is_money_cost)
    }
}

/// True when an indicator's name is a rate (`成本控制率`, `预算执行率`): a bare number under
/// it is a percentage with its % left out, never an amount (C010, not C006).
pub fn names_a_rate(name: &str) -> bool {
    crate::model::target::trim::trim(name).ends_with('率')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_months_cross_the_year_end() {
        assert_eq!(period_months("2023-07/2024-01"), Some(7));
        assert_eq!(period_months("2024-03/2024-12"), Some(10));
        assert_eq!(period_months("2024-12/2024-01"), None);
        assert_eq!(period_months("全年"), None);
    }

    #[test]
    fn months_come_from_the_period_or_a_timeliness_range() {
        let mut p = Project::default();
        assert_eq!(p.months(), 12);
        p.indicators.push(Indicator::new(
            "产出指标",
            "时效指标",
            "期限",
            "2024年1月--2024年11月",
        ));
        assert_eq!(p.months(), 11);
        p.period = Some("2024-03/2024-12".into());
        assert_eq!(p.months(), 10);
    }

    #[test]
    fn a_separate_unit_goes_before_a_trailing_comparator() {
        let mut row = Indicator::new("产出指标", "数量指标", "人数", "100以上");
        row.set_unit("人");
        let q = row.target.quantity().cloned().unwrap();
        assert_eq!(
            (q.comparator.symbol(), q.unit.to_string()),
            ("≥", "人".to_owned())
        );
    }

    #[test]
    fn a_separate_unit_completes_the_target() {
        let mut row = Indicator::new("产出指标", "质量指标", "合格率", "≥95");
        row.set_unit("%");
        assert_eq!(row.target.raw, "≥95");
        assert_eq!(
            row.target.quantity().map(|q| q.unit.to_string()),
            Some("%".into())
        );
        assert_eq!(row.effective_direction(), Some(Direction::Positive));
    }
}
