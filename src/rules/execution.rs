//! E rules: 执行与自评 data — `[execution]` spending and each indicator's `actual`,
//! `likelihood`, `reason`, `measure`, `grade` and `applicable` (docs/monitoring.md).
//!
//! E008–E015 (the form against itself: `self_rate`, `self_score`, `self_total`; restated,
//! guessed and bare actuals) live in `execution/self_eval.rs`.
//!
//! A file without these keys gets no E finding. “The year is closed” means `spent` has a
//! December entry: the actuals are then final, so missed targets need a reason.

use std::ops::Range;

use rust_decimal::Decimal;

use crate::args;
use crate::diag::Diagnostic;
use crate::diag::registry::{
    ACTUAL_UNIT_MISMATCH, DEVIATION_UNEXPLAINED, EXECUTION_RATE_LOW, GRADE_OUTSIDE_BAND,
    LIKELIHOOD_UNEXPLAINED, SPENT_INVALID, TARGET_TOO_LOW,
};
use crate::model::execution::{Execution, comparable_actual, units_compatible};
use crate::model::money::{Plain, format2, percent_of};
use crate::model::project::{Direction, Indicator};
use crate::model::spans::IndicatorSpans;
use crate::model::target::direction::Because;
use crate::model::target::{TargetValue, Unit};
use crate::rules::ProjectCtx;
use crate::score::formulas::{Assessed, Completion, Method, assess, grade_band};

/// Runs the E rules on one project.
pub fn check(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    let execution = ctx.project.execution.as_ref();
    if let Some(e) = execution {
        spending(ctx, e, out);
        year_end_rate(ctx, e, out);
    }
    let closed = execution.is_some_and(Execution::year_closed);
    for (i, indicator) in ctx.project.indicators.iter().enumerate() {
        let spans = ctx.spans.indicators.get(i);
        likelihood(ctx, indicator, spans, out);
        actual_unit(ctx, indicator, spans, out);
        assessed(ctx, indicator, spans, closed, out);
        grade(ctx, indicator, spans, out);
    }
    self_eval::check(ctx, out);
}

/// The adjusted budget in the budget's unit, with the unit's label.
fn adjusted(ctx: &ProjectCtx<'_>, e: &Execution) -> Option<(Decimal, &'static str)> {
    let budget = ctx.project.budget.as_ref()?;
    Some((e.budget_or(budget.total), budget.unit.label()))
}

/// E001: cumulative spending that goes down, or above the adjusted budget.
fn spending(ctx: &ProjectCtx<'_>, e: &Execution, out: &mut Vec<Diagnostic>) {
    let spans = ctx.spans.execution.as_ref();
    let point_span = |i: usize| spans.and_then(|s| s.spent.get(i));
    for (i, pair) in e.spent.windows(2).enumerate() {
        if let [before, after] = pair
            && after.amount < before.amount
        {
            let mut d = ctx.finding(
                &SPENT_INVALID,
                point_span(i + 1),
                ctx.t(
                    "E001.decrease",
                    args!(
                        month = after.month,
                        amount = Plain(after.amount),
                        prev_month = before.month,
                        prev_amount = Plain(before.amount)
                    ),
                ),
            );
            d.help = Some(ctx.t(
                "E001.decrease_help",
                args!(month = after.month, prev_amount = Plain(before.amount)),
            ));
            out.push(d);
        }
    }
    let Some((budget, unit)) = adjusted(ctx, e) else {
        return;
    };
    let over = e.spent.iter().enumerate().find(|(_, p)| p.amount > budget);
    if let Some((i, p)) = over {
        let mut d = ctx.finding(
            &SPENT_INVALID,
            point_span(i),
            ctx.t(
                "E001.over",
                args!(
                    month = p.month,
                    amount = Plain(p.amount),
                    unit = unit,
                    budget = Plain(budget)
                ),
            ),
        );
        d.help = Some(ctx.t("E001.over_help", &[]));
        out.push(d);
    }
    if let Some(forecast) = e.forecast.filter(|f| *f > budget) {
        let mut d = ctx.finding(
            &SPENT_INVALID,
            spans.and_then(|s| s.forecast.as_ref()),
            ctx.t(
                "E001.forecast",
                args!(
                    forecast = Plain(forecast),
                    unit = unit,
                    budget = Plain(budget)
                ),
            ),
        );
        d.help = Some(ctx.t("E001.forecast_help", &[]));
        out.push(d);
    }
}

/// E004: a year-end 执行率 below the threshold without a reason.
fn year_end_rate(ctx: &ProjectCtx<'_>, e: &Execution, out: &mut Vec<Diagnostic>) {
    let Some(december) = e.spent.iter().position(|p| p.month == 12) else {
        return;
    };
    let (Some(point), Some((budget, unit))) = (e.spent.get(december), adjusted(ctx, e)) else {
        return;
    };
    let Some(rate) = percent_of(point.amount, budget) else {
        return;
    };
    let min = ctx.settings.execution.execution_rate_min;
    if rate >= min || e.explanation.has_reason() {
        return;
    }
    let span = ctx
        .spans
        .execution
        .as_ref()
        .and_then(|s| s.spent.get(december));
    let mut d = ctx.finding(
        &EXECUTION_RATE_LOW,
        span,
        ctx.t(
            "E004.message",
            args!(
                rate = format2(rate),
                spent = Plain(point.amount),
                unit = unit,
                budget = Plain(budget),
                min = Plain(min)
            ),
        ),
    );
    d.help = Some(ctx.t("E004.help", &[]));
    out.push(d);
}

/// E002: 有可能/不可能 without a reason and a measure.
fn likelihood(
    ctx: &ProjectCtx<'_>,
    i: &Indicator,
    spans: Option<&IndicatorSpans>,
    out: &mut Vec<Diagnostic>,
) {
    let progress = &i.progress;
    let Some(likelihood) = progress.likelihood.filter(|l| l.is_doubtful()) else {
        return;
    };
    let missing: Vec<String> = [
        (!progress.explanation.has_reason()).then_some("E002.reason"),
        (!progress.explanation.has_measure()).then_some("E002.measure"),
    ]
    .into_iter()
    .flatten()
    .map(|key| ctx.t(key, &[]))
    .collect();
    if missing.is_empty() {
        return;
    }
    let mut d = ctx.finding(
        &LIKELIHOOD_UNEXPLAINED,
        spans.and_then(|s| s.progress.likelihood.as_ref()),
        ctx.t(
            "E002.message",
            args!(
                name = i.name,
                likelihood = likelihood.label(),
                missing = missing.join(&ctx.t("E002.and", &[]))
            ),
        ),
    );
    d.help = Some(ctx.t("E002.help", &[]));
    out.push(d);
}

fn unit_label(ctx: &ProjectCtx<'_>, unit: &Unit) -> String {
    match unit {
        Unit::None => ctx.t("term.no_unit", &[]),
        other => other.to_string(),
    }
}

/// E003: an actual that cannot be compared with its target.
fn actual_unit(
    ctx: &ProjectCtx<'_>,
    i: &Indicator,
    spans: Option<&IndicatorSpans>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(actual) = &i.progress.actual else {
        return;
    };
    let target_unit = match &i.target.value {
        TargetValue::Quantity(q) => &q.unit,
        TargetValue::Range(r) => &r.unit,
        TargetValue::YesNo(_) => {
            // Words the 自评 word table decides (`已完成` for `是`) are scored, not errors.
            if !matches!(actual.value, TargetValue::YesNo(_)) && !words_decide(i, actual) {
                let mut d = ctx.finding(
                    &ACTUAL_UNIT_MISMATCH,
                    spans.and_then(|s| s.progress.actual.as_ref()),
                    ctx.t(
                        "E003.yes_no",
                        args!(name = i.name, target = i.target.raw, actual = actual.raw),
                    ),
                );
                d.help = Some(ctx.t("E003.yes_no_help", &[]));
                out.push(d);
            }
            return;
        }
        _ => return,
    };
    let message = match &actual.value {
        TargetValue::Quantity(q) if units_compatible(target_unit, &q.unit) => return,
        // A unitless target is read in the actual's count or percentage (I013 reports the
        // missing unit; `comparable_actual`).
        TargetValue::Quantity(_) if comparable_actual(target_unit, actual).is_some() => return,
        // A unitless number is read in the target's unit (E014 notes it).
        TargetValue::Quantity(q) if q.unit == Unit::None && *target_unit != Unit::None => return,
        // Words the 自评 word table decides are scored by it (E013 notes it).
        _ if actual.quantity().is_none() && words_decide(i, actual) => return,
        TargetValue::Quantity(q) => ctx.t(
            "E003.message",
            args!(
                name = i.name,
                actual = actual.raw,
                actual_unit = unit_label(ctx, &q.unit),
                target = i.target.raw,
                target_unit = unit_label(ctx, target_unit)
            ),
        ),
        _ => ctx.t(
            "E003.not_number",
            args!(name = i.name, actual = actual.raw, target = i.target.raw),
        ),
    };
    let mut d = ctx.finding(
        &ACTUAL_UNIT_MISMATCH,
        spans.and_then(|s| s.progress.actual.as_ref()),
        message,
    );
    let value = match &i.target.value {
        TargetValue::Quantity(q) => Some(Plain(q.value)),
        TargetValue::Range(r) => Some(Plain(r.high)),
        _ => None,
    };
    d.help = Some(ctx.t(
        "E003.help",
        args!(
            value = value.map_or(String::new(), |v| v.to_string()),
            unit = target_unit
        ),
    ));
    out.push(d);
}

/// True when the 自评 word table reads the actual's words (see `score::words`).
fn words_decide(i: &Indicator, actual: &crate::model::target::Target) -> bool {
    crate::score::words::verdict(&actual.raw, &i.target.raw).is_some()
}

/// E005 (far above a 正向 target) and E006 (a missed or dropped row at year end without a
/// reason), from the 自评 formula of the row.
fn assessed(
    ctx: &ProjectCtx<'_>,
    i: &Indicator,
    spans: Option<&IndicatorSpans>,
    closed: bool,
    out: &mut Vec<Diagnostic>,
) {
    let settings = &ctx.settings.execution;
    let progress = spans.map(|s| &s.progress);
    let actual_span = progress.and_then(|p| p.actual.as_ref());
    let result = assess(i, settings.grade_partial_min);
    if let Assessed::Done(c) = &result
        && c.method == Method::Positive
        && c.ratio > settings.overachieve_ratio
    {
        let mut d = ctx.finding(
            &TARGET_TOO_LOW,
            actual_span,
            ctx.t(
                "E005.message",
                args!(
                    name = i.name,
                    actual = i.progress.actual.as_ref().map_or("", |a| a.raw.as_str()),
                    target = i.target.raw,
                    ratio = Plain(c.ratio.round_dp(2)),
                    max = Plain(settings.overachieve_ratio)
                ),
            ),
        );
        d.help = Some(ctx.t("E005.help", &[]));
        out.push(d);
    }
    if !closed || i.progress.explanation.has_reason() {
        return;
    }
    let (what, span): (String, Option<&Range<usize>>) = match &result {
        Assessed::NotApplicable => (
            ctx.t("E006.not_applicable", args!(name = i.name)),
            progress.and_then(|p| p.applicable.as_ref()),
        ),
        Assessed::Done(c) if !c.is_met() && !met_by_direction(i, c) => (
            match c.grade {
                Some((mark, _)) => ctx.t(
                    "E006.graded",
                    args!(name = i.name, grade = mark.grade.label()),
                ),
                None => ctx.t(
                    match (c.method, i.comparison().map(|c| c.because)) {
                        (Method::Exact, Some(Because::Unknown)) => "E006.differs_bare",
                        (Method::Exact, Some(Because::Written | Because::Stated)) => "E006.differs",
                        _ => "E006.missed",
                    },
                    args!(
                        name = i.name,
                        actual = i.progress.actual.as_ref().map_or("", |a| a.raw.as_str()),
                        target = i.target.raw
                    ),
                ),
            },
            actual_span.or(progress.and_then(|p| p.grade.as_ref())),
        ),
        // A bare number whose direction nothing tells: the score assumes 正向 (and says so),
        // but whether a different actual misses cannot be known, so it is said to differ.
        Assessed::Done(c)
            if c.reading.bare_target.is_some_and(|(_, assumed)| assumed)
                && c.actual != c.target =>
        {
            (
                ctx.t(
                    "E006.differs_bare",
                    args!(
                        name = i.name,
                        actual = i.progress.actual.as_ref().map_or("", |a| a.raw.as_str()),
                        target = i.target.raw
                    ),
                ),
                actual_span,
            )
        }
        _ => return,
    };
    let mut d = ctx.finding(
        &DEVIATION_UNEXPLAINED,
        span.or(spans.map(|s| &s.name)),
        ctx.t("E006.message", args!(what = what)),
    );
    d.help = Some(ctx.t("E006.help", &[]));
    out.push(d);
}

/// True when a bare target compared as `=` is met once read by its direction
/// (`Indicator::comparison`, docs/targets.md): `95%` on a 率 row with an actual of 100%.
fn met_by_direction(i: &Indicator, c: &Completion) -> bool {
    let (Method::Exact, Some(a), Some(b)) = (c.method, c.target, c.actual) else {
        return false;
    };
    match i.comparison().and_then(|c| c.direction()) {
        Some(Direction::Positive) => b >= a,
        Some(Direction::Negative) => b <= a,
        None => false,
    }
}

/// E007: a grade whose percentage lies outside its band.
fn grade(
    ctx: &ProjectCtx<'_>,
    i: &Indicator,
    spans: Option<&IndicatorSpans>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(mark) = i.progress.grade else {
        return;
    };
    let Some(percent) = mark.percent else {
        return;
    };
    let (low, high, high_included) =
        grade_band(mark.grade, ctx.settings.execution.grade_partial_min);
    let inside = percent >= low && (percent < high || (high_included && percent == high));
    if inside {
        return;
    }
    let close = if high_included { "]" } else { ")" };
    let mut d = ctx.finding(
        &GRADE_OUTSIDE_BAND,
        spans.and_then(|s| s.progress.grade.as_ref()),
        ctx.t(
            "E007.message",
            args!(
                name = i.name,
                grade = mark.grade.label(),
                percent = Plain(percent),
                low = Plain(low),
                high = Plain(high),
                close = close
            ),
        ),
    );
    d.help = Some(ctx.t(
        "E007.help",
        args!(min = Plain(ctx.settings.execution.grade_partial_min)),
    ));
    out.push(d);
}

mod self_eval;

#[cfg(test)]
mod tests;
