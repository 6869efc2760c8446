//! The 自评 formulas of 财预〔2020〕10号 (DOMAIN.md §7), one indicator at a time: how far an
//! actual value goes towards its target, before weights.
//!
//! * 正向 (`≥A`, or `direction = "正向"`): B ÷ A.
//! * 反向 (`≤A`, or `direction = "反向"`): A ÷ B (met in full when B ≤ A).
//! * a bare `A` (no comparator written): by the indicator's direction, as 10号 reads it
//!   (定量指标未完成的，按完成值与指标值的比例记分) — never all or nothing.
//! * `=A` written out: met (1) or not (0).
//! * a range `L–H`: met inside it; below, B ÷ L; above, H ÷ B.
//! * `是`/`否`: met when the actual says the same.
//! * qualitative (定性): the `grade` band — 达成 100%, 部分达成 the configured floor (50%),
//!   未达成 0 — or the percentage written after the band; without a grade, the words of the
//!   actual by the word table (`score::words`), or nothing when only a guess would do.
//! * an actual that restates its target (`≥95%` in the 实际完成值 column) is not a measurement:
//!   the row is not assessed (E011) and the project is not graded.
//! * a unitless actual (`90` for `≥85%`) is read in the target's unit, and says so.
//!
//! The ratio returned is uncapped (monitoring shows 120%); scoring caps it at 1. Pure and
//! exact: decimals only, no rounding here.

use rust_decimal::Decimal;

use crate::model::execution::{Grade, GradeMark, base_value, comparable_actual};
use crate::model::project::{Direction, Indicator};
use crate::model::target::direction::infer_direction;
use crate::model::target::{Comparator, Target, TargetValue, Unit};
use crate::score::deadline::on_time;
use crate::score::words::{Verdict, verdict};

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
    /// From the words of the actual, by the word table.
    Words,
    /// A time target: met when the actual's month is not after the deadline's.
    Deadline,
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
            Self::Words => "文字对照表",
            Self::Deadline => "时限：按期完成得满分",
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
            Self::Words => "words",
            Self::Deadline => "deadline",
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
    /// How the row's text was read where the form left something unsaid.
    pub reading: Reading,
}

/// What perf had to read into a row, said in `--explain` (and by E015 for bare actuals).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reading {
    /// A target written without a comparator, read in this direction; the bool is true when
    /// no direction was stated or inferable and 正向 was taken.
    pub bare_target: Option<(Direction, bool)>,
    /// An `=` target missed, scored in proportion in the direction its name, unit or 二级
    /// gives (`=100%` on 政策知晓率 with 98%: 98 ÷ 100), as 10号 scores every quantitative
    /// row it does not meet.
    pub equal_by_direction: Option<Direction>,
    /// A unitless actual read in the target's unit (`90` for `≥85%`).
    pub actual_in_target_unit: bool,
    /// The verdict of the word table, for a row scored from its words.
    pub words: Option<Verdict>,
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
    /// Words the word table does not decide: scoring them would be a guess (E012).
    Guess,
    /// The actual restates the target (`≥95%`): not a measurement (E011).
    Restated,
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
            reading: Reading::default(),
        })
    };
    let measured = |method, target, target_high, actual, ratio: Decimal, reading| {
        Assessed::Done(Completion {
            method,
            target,
            target_high,
            actual: Some(actual),
            grade: None,
            ratio: ratio.max(Decimal::ZERO),
            reading,
        })
    };
    let no_actual = || {
        progress
            .grade
            .map_or(Assessed::Missing(Missing::NoActual), graded)
    };
    // Words in place of a number, or a qualitative row: the grade wins, then the word table.
    let by_words = |actual: &Target, fallback: Missing| {
        if let Some(mark) = progress.grade {
            return graded(mark);
        }
        match verdict(&actual.raw, &indicator.target.raw) {
            Some(v) => Assessed::Done(Completion {
                method: Method::Words,
                target: None,
                target_high: None,
                actual: None,
                grade: None,
                ratio: match v {
                    Verdict::Met => Decimal::ONE,
                    Verdict::Partial => partial_min / Decimal::ONE_HUNDRED,
                    Verdict::Missed => Decimal::ZERO,
                },
                reading: Reading {
                    words: Some(v),
                    ..Reading::default()
                },
            }),
            None => Assessed::Missing(fallback),
        }
    };
    if let Some(actual) = &progress.actual
        && restates_target(&indicator.target, actual)
    {
        return Assessed::Missing(Missing::Restated);
    }
    match &indicator.target.value {
        TargetValue::Quantity(q) => {
            let Some(actual) = &progress.actual else {
                return no_actual();
            };
            let Some(a) = base_value(q.value, &q.unit) else {
                return Assessed::Missing(Missing::Incomparable);
            };
            let mut reading = Reading::default();
            let Some(b) = actual_number(&q.unit, actual, &mut reading) else {
                return if actual.quantity().is_some() {
                    Assessed::Missing(Missing::Incomparable)
                } else {
                    by_words(actual, Missing::Incomparable)
                };
            };
            let method =
                match (indicator.direction, q.comparator, q.explicit_comparator) {
                    (Some(Direction::Positive), ..)
                    | (None, Comparator::Ge | Comparator::Gt, _) => Method::Positive,
                    (Some(Direction::Negative), ..)
                    | (None, Comparator::Le | Comparator::Lt, _) => Method::Negative,
                    (None, Comparator::Eq, true) => {
                        // Met exactly is full marks; missed, the row is scored in proportion
                        // when its direction can be told, else it stays all or nothing.
                        // `=0` (no accident, no complaint) has no proportion to give.
                        let inferred = (a != b && !a.is_zero())
                            .then(|| infer_direction(&indicator.name, &q.unit, indicator.level2))
                            .flatten();
                        match inferred {
                            Some((direction, _)) => {
                                reading.equal_by_direction = Some(direction);
                                match direction {
                                    Direction::Positive => Method::Positive,
                                    Direction::Negative => Method::Negative,
                                }
                            }
                            None => Method::Exact,
                        }
                    }
                    (None, Comparator::Eq, false) => {
                        let (direction, assumed) = bare_direction(indicator);
                        reading.bare_target = Some((direction, assumed));
                        match direction {
                            Direction::Positive => Method::Positive,
                            Direction::Negative => Method::Negative,
                        }
                    }
                };
            measured(method, Some(a), None, b, ratio(method, a, b), reading)
        }
        TargetValue::Range(r) => {
            let Some(actual) = &progress.actual else {
                return no_actual();
            };
            let mut reading = Reading::default();
            let (Some(low), Some(high)) = (base_value(r.low, &r.unit), base_value(r.high, &r.unit))
            else {
                return Assessed::Missing(Missing::Incomparable);
            };
            let Some(b) = actual_number(&r.unit, actual, &mut reading) else {
                return if actual.quantity().is_some() {
                    Assessed::Missing(Missing::Incomparable)
                } else {
                    by_words(actual, Missing::Incomparable)
                };
            };
            let ratio = if b < low {
                ratio(Method::Positive, low, b)
            } else if b > high {
                ratio(Method::Negative, high, b)
            } else {
                Decimal::ONE
            };
            measured(Method::Within, Some(low), Some(high), b, ratio, reading)
        }
        TargetValue::YesNo(expected) => match progress.actual.as_ref() {
            None => no_actual(),
            Some(Target {
                value: TargetValue::YesNo(got),
                ..
            }) => Assessed::Done(Completion {
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
                reading: Reading::default(),
            }),
            Some(actual) if actual.quantity().is_some() => Assessed::Missing(Missing::Incomparable),
            Some(actual) => by_words(actual, Missing::Guess),
        },
        // A deadline against the month its actual names: on time or not.
        TargetValue::Time if progress.grade.is_none() => match &progress.actual {
            Some(actual) => match on_time(&indicator.target.raw, &actual.raw) {
                Some(met) => Assessed::Done(Completion {
                    method: Method::Deadline,
                    target: None,
                    target_high: None,
                    actual: None,
                    grade: None,
                    ratio: if met { Decimal::ONE } else { Decimal::ZERO },
                    reading: Reading::default(),
                }),
                None => by_words(actual, Missing::Guess),
            },
            None => Assessed::Missing(Missing::NoGrade),
        },
        TargetValue::Time
        | TargetValue::Graded
        | TargetValue::Qualitative
        | TargetValue::Empty
        | TargetValue::Unreadable(_) => match (&progress.actual, progress.grade) {
            (_, Some(mark)) => graded(mark),
            (Some(actual), None) => by_words(actual, Missing::Guess),
            (None, None) => Assessed::Missing(Missing::NoGrade),
        },
    }
}

/// The direction a target written without a comparator is read in: the indicator's
/// effective direction — written, or inferred from its name, unit and 二级 as the rules read
/// it (`Indicator::comparison`, docs/targets.md) — else 正向 (the bool says it was taken for
/// want of any, and `--explain` says so).
pub fn bare_direction(indicator: &Indicator) -> (Direction, bool) {
    match indicator.effective_direction() {
        Some(direction) => (direction, false),
        None => (Direction::Positive, true),
    }
}

/// True when an actual restates its target instead of measuring: the target copied into the
/// 实际完成值 column (`≥266米` under `≥266米`), or a comparison or range written where a
/// measurement belongs (`≥90%`). The grammar decides (`Target::is_restatement_of`); E011
/// and the score both ask only this.
pub fn restates_target(target: &Target, actual: &Target) -> bool {
    actual.is_restatement_of(target)
}

/// The actual's number in the base of the target's unit. A unitless number is read in the
/// target's unit (the 实际完成值 column often drops the `%`), and `reading` says so.
fn actual_number(target_unit: &Unit, actual: &Target, reading: &mut Reading) -> Option<Decimal> {
    if let Some(b) = comparable_actual(target_unit, actual) {
        return Some(b);
    }
    let q = actual.quantity()?;
    if q.unit == Unit::None && *target_unit != Unit::None {
        reading.actual_in_target_unit = true;
        return base_value(q.value, target_unit);
    }
    None
}

/// The uncapped completion of a number target A by an actual B.
pub fn ratio(method: Method, a: Decimal, b: Decimal) -> Decimal {
    match method {
        Method::Positive if a.is_zero() => Decimal::ONE,
        Method::Positive => b.checked_div(a).unwrap_or(Decimal::ONE),
        // Spending nothing against a cap meets it; A ÷ 0 has no value to show beyond that.
        Method::Negative if b.is_zero() => Decimal::ONE,
        Method::Negative => a.checked_div(b).unwrap_or(Decimal::ONE),
        Method::Exact
        | Method::Within
        | Method::YesNo
        | Method::Graded
        | Method::Words
        | Method::Deadline => {
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
