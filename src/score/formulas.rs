//! The 自评 formulas of 财预〔2020〕10号 (DOMAIN.md §7), one indicator at a time: how far an
//! actual value goes towards its target, before weights.
//!
//! * 正向 (`≥A`, or `direction = "正向"`): B ÷ A.
//! * 反向 (`≤A`, or `direction = "反向"`): A ÷ B (met in full when B ≤ A).
//! * `=A`: met (1) or not (0).
//! * a range `L–H`: met inside it; below, B ÷ L; above, H ÷ B.
//! * `是`/`否`: met when the actual says the same.
//! * qualitative (定性): the `grade` band — 达成 100%, 部分达成 the configured floor (50%),
//!   未达成 0 — or the percentage written after the band.
//!
//! The ratio returned is uncapped (monitoring shows 120%); scoring caps it at 1. Pure and
//! exact: decimals only, no rounding here.

use rust_decimal::Decimal;

use crate::model::execution::{Grade, GradeMark, base_value, comparable_actual};
use crate::model::project::{Direction, Indicator};
use crate::model::target::{Comparator, TargetValue};

/// How an indicator's completion is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// 正向: B ÷ A.
    Positive,
    /// 反向: A ÷ B.
    Negative,
    /// `=`: met or not.
    Exact,
    /// A range: met inside it.
    Within,
    /// 是/否: met when the actual agrees.
    YesNo,
    /// 定性: from the `grade` band.
    Graded,
}

impl Method {
    /// The formula in words, for `--explain` and tables.
    pub fn label(self) -> &'static str {
        match self {
            Self::Positive => "正向 B/A",
            Self::Negative => "反向 A/B",
            Self::Exact => "等于：达到得满分",
            Self::Within => "区间：区间内得满分",
            Self::YesNo => "是/否：一致得满分",
            Self::Graded => "定性分档",
        }
    }

    /// A stable English name, for JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Positive => "positive",
            Self::Negative => "negative",
            Self::Exact => "exact",
            Self::Within => "range",
            Self::YesNo => "yes-no",
            Self::Graded => "graded",
        }
    }
}

/// How far an indicator got, with the numbers the formula used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The formula.
    pub method: Method,
    /// A: the target's number in the unit's base (money in 万元; a range's low end).
    pub target: Option<Decimal>,
    /// A range's high end, in the same base.
    pub target_high: Option<Decimal>,
    /// B: the actual's number in the same base.
    pub actual: Option<Decimal>,
    /// The grade that decided a 定性 row, and the % of the weight it gives.
    pub grade: Option<(GradeMark, Decimal)>,
    /// Completion, uncapped: 1 is met, 1.2 is 20% beyond the target; never negative.
    pub ratio: Decimal,
}

impl Completion {
    /// True when the target is met in full.
    pub fn is_met(&self) -> bool {
        match &self.grade {
            Some((mark, _)) => mark.grade == Grade::Achieved,
            None => self.ratio >= Decimal::ONE,
        }
    }
}

/// Why an applicable row has no completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// A quantitative or 是/否 target with no `actual` (and no `grade`).
    NoActual,
    /// A qualitative target with no `grade`.
    NoGrade,
    /// The actual cannot be compared with the target (rule E003 says why).
    Incomparable,
}

/// The assessment of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assessed {
    /// Computed.
    Done(Completion),
    /// `applicable = false`: dropped from 自评.
    NotApplicable,
    /// Not computable from the data written.
    Missing(Missing),
}

/// The % of the weight a grade gives: the percentage written, else 达成 100, 部分达成
/// `partial_min`, 未达成 0.
pub fn grade_percent(mark: GradeMark, partial_min: Decimal) -> Decimal {
    mark.percent.unwrap_or(match mark.grade {
        Grade::Achieved => Decimal::ONE_HUNDRED,
        Grade::Partial => partial_min,
        Grade::Missed => Decimal::ZERO,
    })
}

/// The range of % a band allows: 达成 [80, 100], 部分达成 [`partial_min`, 80), 未达成
/// [0, `partial_min`). The bool says whether the upper end is included.
pub fn grade_band(grade: Grade, partial_min: Decimal) -> (Decimal, Decimal, bool) {
    let eighty = Decimal::from(80);
    match grade {
        Grade::Achieved => (eighty, Decimal::ONE_HUNDRED, true),
        Grade::Partial => (partial_min, eighty, false),
        Grade::Missed => (Decimal::ZERO, partial_min, false),
    }
}

/// Assesses one indicator row from its target, `actual` and `grade`.
pub fn assess(indicator: &Indicator, partial_min: Decimal) -> Assessed {
    let progress = &indicator.progress;
    if !progress.applicable {
        return Assessed::NotApplicable;
    }
    let graded = |mark: GradeMark| {
        let percent = grade_percent(mark, partial_min);
        Assessed::Done(Completion {
            method: Method::Graded,
            target: None,
            target_high: None,
            actual: None,
            grade: Some((mark, percent)),
            ratio: percent / Decimal::ONE_HUNDRED,
        })
    };
    let measured = |method, target, target_high, actual, ratio: Decimal| {
        Assessed::Done(Completion {
            method,
            target,
            target_high,
            actual: Some(actual),
            grade: None,
            ratio: ratio.max(Decimal::ZERO),
        })
    };
    let no_actual = || {
        progress
            .grade
            .map_or(Assessed::Missing(Missing::NoActual), graded)
    };
    match &indicator.target.value {
        TargetValue::Quantity(q) => {
            let Some(actual) = &progress.actual else {
                return no_actual();
            };
            let (Some(a), Some(b)) = (
                base_value(q.value, &q.unit),
                comparable_actual(&q.unit, actual),
            ) else {
                return Assessed::Missing(Missing::Incomparable);
            };
            let method = match (indicator.direction, q.comparator) {
                (Some(Direction::Positive), _) | (None, Comparator::Ge | Comparator::Gt) => {
                    Method::Positive
                }
                (Some(Direction::Negative), _) | (None, Comparator::Le | Comparator::Lt) => {
                    Method::Negative
                }
                (None, Comparator::Eq) => Method::Exact,
            };
            measured(method, Some(a), None, b, ratio(method, a, b))
        }
        TargetValue::Range(r) => {
            let Some(actual) = &progress.actual else {
                return no_actual();
            };
            let (Some(low), Some(high), Some(b)) = (
                base_value(r.low, &r.unit),
                base_value(r.high, &r.unit),
                comparable_actual(&r.unit, actual),
            ) else {
                return Assessed::Missing(Missing::Incomparable);
            };
            let ratio = if b < low {
                ratio(Method::Positive, low, b)
            } else if b > high {
                ratio(Method::Negative, high, b)
            } else {
                Decimal::ONE
            };
            measured(Method::Within, Some(low), Some(high), b, ratio)
        }
        TargetValue::YesNo(expected) => match progress.actual.as_ref().map(|a| &a.value) {
            None => no_actual(),
            Some(TargetValue::YesNo(got)) => Assessed::Done(Completion {
                method: Method::YesNo,
                target: None,
                target_high: None,
                actual: None,
                grade: None,
                ratio: if got == expected {
                    Decimal::ONE
                } else {
                    Decimal::ZERO
                },
            }),
            Some(_) => Assessed::Missing(Missing::Incomparable),
        },
        TargetValue::Time
        | TargetValue::Graded
        | TargetValue::Qualitative
        | TargetValue::Empty
        | TargetValue::Unreadable(_) => progress
            .grade
            .map_or(Assessed::Missing(Missing::NoGrade), graded),
    }
}

/// The uncapped completion of a number target A by an actual B.
pub fn ratio(method: Method, a: Decimal, b: Decimal) -> Decimal {
    match method {
        Method::Positive if a.is_zero() => Decimal::ONE,
        Method::Positive => b.checked_div(a).unwrap_or(Decimal::ONE),
        // Spending nothing against a cap meets it; A ÷ 0 has no value to show beyond that.
        Method::Negative if b.is_zero() => Decimal::ONE,
        Method::Negative => a.checked_div(b).unwrap_or(Decimal::ONE),
        Method::Exact | Method::Within | Method::YesNo | Method::Graded => {
            if a == b {
                Decimal::ONE
            } else {
                Decimal::ZERO
            }
        }
    }
}

#[cfg(test)]
mod tests;
