//! 执行与自评: what happened during the year — the project's spending to date (预算执行) and
//! each indicator's progress (绩效目标实现程度), as the unit records them for 双监控 and
//! 绩效自评 (DOMAIN.md §6–§7, docs/monitoring.md).
//!
//! Pure data plus the unit arithmetic that decides whether an actual value can be compared
//! with its target. No I/O; `source` builds these from the `[execution]` table and the
//! indicator keys `actual`, `likelihood`, `reason`, `reason_category`, `measure`, `grade`
//! and `applicable`.

use rust_decimal::Decimal;

use crate::model::target::{Quantity, Target, TargetValue, Unit};

/// Cumulative 执行数 by the end of a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpentPoint {
    /// The month, 1..=12 (lowering rejects other months).
    pub month: u32,
    /// Cumulative amount spent by the end of the month, in the budget's unit.
    pub amount: Decimal,
}

/// 偏差原因分析及改进措施: why a figure deviates and what the unit will do about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Explanation {
    /// 偏差原因 (原因分析), as written.
    pub reason: Option<String>,
    /// The category of the reason.
    pub category: Option<ReasonCategory>,
    /// 改进措施, as written.
    pub measure: Option<String>,
}

impl Explanation {
    /// True when a non-blank reason is written.
    pub fn has_reason(&self) -> bool {
        self.reason.as_deref().is_some_and(|r| !r.trim().is_empty())
    }

    /// True when a non-blank measure is written.
    pub fn has_measure(&self) -> bool {
        self.measure
            .as_deref()
            .is_some_and(|m| !m.trim().is_empty())
    }
}

/// A project's 预算执行 data: the `[execution]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Execution {
    /// 调整后预算数, in the budget's unit; `None`: the budget's total.
    pub adjusted_budget: Option<Decimal>,
    /// Cumulative 执行数 by month, sorted by month, as written (rules check it is cumulative).
    pub spent: Vec<SpentPoint>,
    /// 全年预计执行数, in the budget's unit.
    pub forecast: Option<Decimal>,
    /// Why 执行率 deviates (required below 90% at year end, rule E004).
    pub explanation: Explanation,
    /// The 执行率 the unit's own 自评表 prints, in percent (`self_rate`): checked against
    /// spent ÷ adjusted budget (E008), never used for the score.
    pub self_rate: Option<Decimal>,
    /// The unit's own total 得分 (`self_total`): shown beside perf's total (E010).
    pub self_total: Option<Decimal>,
    /// The 分值 the unit's 自评表 gives 预算执行率 (`self_rate_points`, usually 10): with
    /// the rows' weights it must make the form's 100 (E016).
    pub self_rate_points: Option<Decimal>,
}

impl Execution {
    /// Builds the table, sorting the spending by month.
    pub fn new(mut spent: Vec<SpentPoint>) -> Self {
        spent.sort_by_key(|p| p.month);
        Self {
            spent,
            ..Self::default()
        }
    }

    /// The cumulative amount spent by the end of `month`: the last record at or before it,
    /// `None` when the first record comes later (nothing is known yet).
    pub fn spent_at(&self, month: u32) -> Option<SpentPoint> {
        self.spent
            .iter()
            .take_while(|p| p.month <= month)
            .last()
            .copied()
    }

    /// The latest record.
    pub fn latest(&self) -> Option<SpentPoint> {
        self.spent.last().copied()
    }

    /// True when December is recorded: the year is closed and actuals are final.
    pub fn year_closed(&self) -> bool {
        self.spent.iter().any(|p| p.month == 12)
    }

    /// 调整后预算数, or `total` when no adjustment is written.
    pub fn budget_or(&self, total: Decimal) -> Decimal {
        self.adjusted_budget.unwrap_or(total)
    }
}

/// 完成目标可能性.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Likelihood {
    /// 确定能.
    Certain,
    /// 有可能.
    Possible,
    /// 不可能.
    Impossible,
}

impl Likelihood {
    /// Every value, in the order of the form.
    pub const ALL: [Self; 3] = [Self::Certain, Self::Possible, Self::Impossible];

    /// Reads the word as written on the form.
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.label() == label.trim())
    }

    /// The word on the form.
    pub fn label(self) -> &'static str {
        match self {
            Self::Certain => "确定能",
            Self::Possible => "有可能",
            Self::Impossible => "不可能",
        }
    }

    /// True for 有可能 and 不可能, which need a reason and a measure (rule E002).
    pub fn is_doubtful(self) -> bool {
        self != Self::Certain
    }
}

/// The category of a 偏差原因 on the monitoring form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReasonCategory {
    /// 经费保障.
    Funding,
    /// 制度保障.
    Institutional,
    /// 人员保障.
    Staffing,
    /// 硬件条件保障.
    Hardware,
    /// 其他.
    Other,
}

impl ReasonCategory {
    /// Every category, in the order of the form.
    pub const ALL: [Self; 5] = [
        Self::Funding,
        Self::Institutional,
        Self::Staffing,
        Self::Hardware,
        Self::Other,
    ];

    /// Reads the category as written on the form.
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.label() == label.trim())
    }

    /// The category on the form.
    pub fn label(self) -> &'static str {
        match self {
            Self::Funding => "经费保障",
            Self::Institutional => "制度保障",
            Self::Staffing => "人员保障",
            Self::Hardware => "硬件条件保障",
            Self::Other => "其他",
        }
    }
}

/// The band of a qualitative (定性) indicator's 自评 result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grade {
    /// 达成年度指标: 80–100% of the weight.
    Achieved,
    /// 部分达成: from the configured floor (50% by default) up to 80%.
    Partial,
    /// 未达成: below the configured floor.
    Missed,
}

impl Grade {
    /// Every band, best first.
    pub const ALL: [Self; 3] = [Self::Achieved, Self::Partial, Self::Missed];

    /// The band's word.
    pub fn label(self) -> &'static str {
        match self {
            Self::Achieved => "达成",
            Self::Partial => "部分达成",
            Self::Missed => "未达成",
        }
    }

    /// Reads a band's word.
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.label() == label.trim())
    }
}

/// A `grade` as written: the band, and the % of the weight the unit gives within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GradeMark {
    /// The band.
    pub grade: Grade,
    /// The % of the weight written after the band (`部分达成 70%`), when written.
    pub percent: Option<Decimal>,
}

impl GradeMark {
    /// Reads `达成`, `部分达成 70%`, `未达成（20%）`: a band, then optionally a percentage.
    /// `None` when the band is unknown or the percentage is not a number in 0..=100.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        // Longest word first, so 部分达成 and 未达成 are not read as 达成.
        let (grade, rest) = [Grade::Partial, Grade::Missed, Grade::Achieved]
            .into_iter()
            .find_map(|g| text.strip_prefix(g.label()).map(|rest| (g, rest)))?;
        let rest = rest
            .trim()
            .trim_start_matches(['(', '（'])
            .trim_end_matches([')', '）'])
            .trim();
        if rest.is_empty() {
            return Some(Self {
                grade,
                percent: None,
            });
        }
        let number = rest.strip_suffix(['%', '％'])?.trim();
        let percent: Decimal = number.parse().ok()?;
        (Decimal::ZERO..=Decimal::ONE_HUNDRED)
            .contains(&percent)
            .then_some(Self {
                grade,
                percent: Some(percent),
            })
    }
}

/// One indicator's monitoring and 自评 data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// 实际完成值 (to date, or final once the year is closed), read with the target grammar.
    pub actual: Option<Target>,
    /// 完成目标可能性.
    pub likelihood: Option<Likelihood>,
    /// 偏差原因 and 改进措施.
    pub explanation: Explanation,
    /// The 自评 band of a qualitative indicator.
    pub grade: Option<GradeMark>,
    /// False when the indicator does not apply this year: 自评 drops it and rescales the rest.
    pub applicable: bool,
    /// The unit's own 得分 for the row (`self_score`), as its 自评表 prints it: compared with
    /// perf's row score (E009), never used for it.
    pub self_score: Option<Decimal>,
}

impl Default for Progress {
    fn default() -> Self {
        Self {
            actual: None,
            likelihood: None,
            explanation: Explanation::default(),
            grade: None,
            applicable: true,
            self_score: None,
        }
    }
}

impl crate::model::sparse::Empty for Progress {
    const EMPTY: &'static Self = &Progress {
        actual: None,
        likelihood: None,
        explanation: Explanation {
            reason: None,
            category: None,
            measure: None,
        },
        grade: None,
        applicable: true,
        self_score: None,
    };
}

impl Progress {
    /// True when the row records anything about the year (an actual, a likelihood, a grade,
    /// a reason or a measure, or that it does not apply).
    pub fn is_recorded(&self) -> bool {
        self.actual.is_some()
            || self.likelihood.is_some()
            || self.grade.is_some()
            || self.self_score.is_some()
            || self.explanation != Explanation::default()
            || !self.applicable
    }
}

/// Whether an actual value can be compared with a target written in `target`: the same kind
/// of unit, with money in any of 元/万元/亿元 and counts in any 万/亿 scale of the same noun.
pub fn units_compatible(target: &Unit, actual: &Unit) -> bool {
    match (target, actual) {
        (Unit::Money(_), Unit::Money(_)) => true,
        (Unit::Count { noun: a, .. }, Unit::Count { noun: b, .. }) => a == b,
        (
            Unit::PerPeriod {
                base: a,
                period: pa,
            },
            Unit::PerPeriod {
                base: b,
                period: pb,
            },
        ) => pa == pb && units_compatible(a, b),
        (Unit::PerItem { per: a, .. }, Unit::PerItem { per: b, .. }) => a == b,
        (a, b) => a == b,
    }
}

/// A number in a base where compatible units agree: money in 万元, counts without their
/// 万/亿 scale, per-period and per-item amounts likewise; percentages and others as written.
pub fn base_value(value: Decimal, unit: &Unit) -> Option<Decimal> {
    match unit {
        Unit::Money(money) | Unit::PerItem { money, .. } => money.to_wan(value),
        Unit::Count { scale, .. } => value.checked_mul(*scale),
        Unit::PerPeriod { base, .. } => base_value(value, base),
        Unit::None | Unit::Percent | Unit::Ratio { .. } => Some(value),
    }
}

/// The actual's number in the base of `target`'s unit, when it is a quantity in a compatible
/// unit (a unitless actual is read in the target's unit only when the target has none either).
/// A target written without a unit (`200`, which I013 reports) is read in the unit of a
/// count or percentage the actual names (`200余人`, `96%`): the form's 指标值 column often
/// drops what the 实际完成值 column keeps. Money is never guessed.
pub fn comparable_actual(target_unit: &Unit, actual: &Target) -> Option<Decimal> {
    let q: &Quantity = actual.quantity()?;
    if *target_unit == Unit::None
        && match &q.unit {
            Unit::Percent => true,
            Unit::Count { scale, .. } => *scale == Decimal::ONE,
            _ => false,
        }
    {
        return Some(q.value);
    }
    units_compatible(target_unit, &q.unit)
        .then(|| base_value(q.value, &q.unit))
        .flatten()
}

/// True when the target is read as a number the actual must be compared with.
pub fn is_quantitative(target: &Target) -> bool {
    matches!(
        target.value,
        TargetValue::Quantity(_) | TargetValue::Range(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::MoneyUnit;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn a_target_without_a_unit_reads_the_actuals_count_or_percent() {
        let none = Unit::None;
        assert_eq!(
            comparable_actual(&none, &Target::parse("200余人")),
            Some(d("200"))
        );
        assert_eq!(
            comparable_actual(&none, &Target::parse("96%")),
            Some(d("96"))
        );
        assert_eq!(comparable_actual(&none, &Target::parse("3万元")), None);
        assert_eq!(comparable_actual(&none, &Target::parse("2万人")), None);
    }

    #[test]
    fn spent_at_uses_the_last_record_at_or_before_the_month() {
        let e = Execution::new(vec![
            SpentPoint {
                month: 6,
                amount: d("1900"),
            },
            SpentPoint {
                month: 3,
                amount: d("650"),
            },
        ]);
        assert_eq!(e.spent_at(2), None);
        assert_eq!(e.spent_at(3).map(|p| p.amount), Some(d("650")));
        assert_eq!(e.spent_at(5).map(|p| p.amount), Some(d("650")));
        assert_eq!(e.spent_at(12).map(|p| p.month), Some(6));
        assert!(!e.year_closed());
        assert_eq!(e.budget_or(d("4000")), d("4000"));
    }

    #[test]
    fn reads_grades_with_and_without_a_percentage() {
        let g = |s: &str| GradeMark::parse(s);
        assert_eq!(
            g("达成"),
            Some(GradeMark {
                grade: Grade::Achieved,
                percent: None
            })
        );
        assert_eq!(
            g("部分达成 70%"),
            Some(GradeMark {
                grade: Grade::Partial,
                percent: Some(d("70"))
            })
        );
        assert_eq!(g("未达成（20％）").map(|m| m.grade), Some(Grade::Missed));
        assert_eq!(g("部分达成 170%"), None);
        assert_eq!(g("部分达成 七成"), None);
        assert_eq!(g("完成"), None);
    }

    #[test]
    fn units_compatible_across_money_and_scales() {
        let u = Unit::parse;
        assert!(units_compatible(&u("万元"), &u("元")));
        assert!(units_compatible(&u("人"), &u("万人")));
        assert!(!units_compatible(&u("人"), &u("人次")));
        assert!(!units_compatible(&u("%"), &u("")));
        assert!(units_compatible(&u("次/月"), &u("次/月")));
        assert!(!units_compatible(&u("次/月"), &u("次/年")));
        assert_eq!(base_value(d("12345"), &u("元")), Some(d("1.2345")));
        assert_eq!(base_value(d("1.5"), &u("万人")), Some(d("15000")));
        assert_eq!(
            base_value(d("2"), &Unit::Money(MoneyUnit::Yi)),
            Some(d("20000"))
        );
        let actual = Target::parse("0.12万人");
        assert_eq!(comparable_actual(&u("人"), &actual), Some(d("1200")));
        assert_eq!(comparable_actual(&u("%"), &actual), None);
    }
}
