//! E rules: 执行与自评 data — `[execution]` spending and each indicator's `actual`,
//! `likelihood`, `reason`, `measure`, `grade` and `applicable` (docs/monitoring.md).
//!
//! A file without these keys gets no E finding. “The year is closed” means `spent` has a
//! December entry: the actuals are then final, so missed targets need a reason.

use std::ops::Range;

use rust_decimal::Decimal;

use crate::diag::Diagnostic;
use crate::model::execution::{Execution, units_compatible};
use crate::model::money::{format2, percent_of, plain};
use crate::model::project::Indicator;
use crate::model::target::{TargetValue, Unit};
use crate::rules::ProjectCtx;
use crate::rules::registry::{
    ACTUAL_UNIT_MISMATCH, DEVIATION_UNEXPLAINED, EXECUTION_RATE_LOW, GRADE_OUTSIDE_BAND,
    LIKELIHOOD_UNEXPLAINED, SPENT_INVALID, TARGET_TOO_LOW,
};
use crate::score::formulas::{Assessed, Method, assess, grade_band};
use crate::source::spans::IndicatorSpans;

const EXPLAIN_HELP: &str = "写 `reason`（偏差原因）、`reason_category`（经费保障/制度保障/人员保障/硬件条件保障/其他）和 `measure`（改进措施）";

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
                format!(
                    "{} 月底累计执行数 {} 少于 {} 月底的 {}：累计执行数不会减少",
                    after.month,
                    plain(after.amount),
                    before.month,
                    plain(before.amount)
                ),
            );
            d.help = Some(format!(
                "`spent` 写截至各月底的累计数（不是当月数），{} 月底应不少于 {}",
                after.month,
                plain(before.amount)
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
            format!(
                "{} 月底累计执行数 {}{unit} 超过调整后预算数 {}{unit}",
                p.month,
                plain(p.amount),
                plain(budget)
            ),
        );
        d.help = Some("核对执行数；预算确有调整的，在 [execution] 中写 `adjusted_budget`".into());
        out.push(d);
    }
    if let Some(forecast) = e.forecast.filter(|f| *f > budget) {
        let mut d = ctx.finding(
            &SPENT_INVALID,
            spans.and_then(|s| s.forecast.as_ref()),
            format!(
                "全年预计执行数 {}{unit} 超过调整后预算数 {}{unit}",
                plain(forecast),
                plain(budget)
            ),
        );
        d.help = Some("全年预计执行数不能超过预算；预算确有调整的，写 `adjusted_budget`".into());
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
        format!(
            "年度预算执行率 {}%（12 月底累计执行 {}{unit} ÷ 调整后预算数 {}{unit}）低于 {}%，没有写偏差原因",
            format2(rate),
            plain(point.amount),
            plain(budget),
            plain(min)
        ),
    );
    d.help = Some(format!("在 [execution] 中{EXPLAIN_HELP}"));
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
    let missing: Vec<&str> = [
        (!progress.explanation.has_reason()).then_some("偏差原因 `reason`"),
        (!progress.explanation.has_measure()).then_some("改进措施 `measure`"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if missing.is_empty() {
        return;
    }
    let mut d = ctx.finding(
        &LIKELIHOOD_UNEXPLAINED,
        spans.and_then(|s| s.progress.likelihood.as_ref()),
        format!(
            "指标“{}”完成目标可能性为“{}”，但没有写{}",
            i.name,
            likelihood.label(),
            missing.join("和")
        ),
    );
    d.help = Some(format!("在该 [[indicator]] 中{EXPLAIN_HELP}"));
    out.push(d);
}

fn unit_label(unit: &Unit) -> String {
    match unit {
        Unit::None => "无单位".into(),
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
            if !matches!(actual.value, TargetValue::YesNo(_)) {
                let mut d = ctx.finding(
                    &ACTUAL_UNIT_MISMATCH,
                    spans.and_then(|s| s.progress.actual.as_ref()),
                    format!(
                        "指标“{}”的指标值是“{}”，实际完成值“{}”不是“是”或“否”",
                        i.name, i.target.raw, actual.raw
                    ),
                );
                d.help = Some("是/否指标的实际完成值写 `actual = \"是\"` 或 `\"否\"`".into());
                out.push(d);
            }
            return;
        }
        _ => return,
    };
    let message = match &actual.value {
        TargetValue::Quantity(q) if units_compatible(target_unit, &q.unit) => return,
        TargetValue::Quantity(q) => format!(
            "指标“{}”的实际完成值“{}”（{}）与指标值“{}”（{}）单位不一致",
            i.name,
            actual.raw,
            unit_label(&q.unit),
            i.target.raw,
            unit_label(target_unit)
        ),
        _ => format!(
            "指标“{}”的实际完成值“{}”不是数值，无法与指标值“{}”比较",
            i.name, actual.raw, i.target.raw
        ),
    };
    let mut d = ctx.finding(
        &ACTUAL_UNIT_MISMATCH,
        spans.and_then(|s| s.progress.actual.as_ref()),
        message,
    );
    d.help = Some(format!(
        "按指标值的单位写实际完成值，如 `actual = \"{}{}\"`",
        match &i.target.value {
            TargetValue::Quantity(q) => plain(q.value),
            TargetValue::Range(r) => plain(r.high),
            _ => String::new(),
        },
        target_unit
    ));
    out.push(d);
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
            format!(
                "指标“{}”实际完成值“{}”是指标值“{}”的 {} 倍（超过 {} 倍）：目标可能定得过低",
                i.name,
                i.progress.actual.as_ref().map_or("", |a| a.raw.as_str()),
                i.target.raw,
                plain(c.ratio.round_dp(2)),
                plain(settings.overachieve_ratio)
            ),
        );
        d.help = Some(
            "核对实际完成值；属实的，下一年度据实提高指标值，并在 `reason` 中说明超额原因".into(),
        );
        out.push(d);
    }
    if !closed || i.progress.explanation.has_reason() {
        return;
    }
    let (what, span): (String, Option<&Range<usize>>) = match &result {
        Assessed::NotApplicable => (
            format!("指标“{}”标为不适用（applicable = false）", i.name),
            progress.and_then(|p| p.applicable.as_ref()),
        ),
        Assessed::Done(c) if !c.is_met() => (
            match c.grade {
                Some((mark, _)) => format!("指标“{}”自评为“{}”", i.name, mark.grade.label()),
                None => format!(
                    "指标“{}”年底实际完成值“{}”未达到指标值“{}”",
                    i.name,
                    i.progress.actual.as_ref().map_or("", |a| a.raw.as_str()),
                    i.target.raw
                ),
            },
            actual_span.or(progress.and_then(|p| p.grade.as_ref())),
        ),
        _ => return,
    };
    let mut d = ctx.finding(
        &DEVIATION_UNEXPLAINED,
        span.or(spans.map(|s| &s.name)),
        format!("{what}，没有写偏差原因"),
    );
    d.help = Some(format!("在该 [[indicator]] 中{EXPLAIN_HELP}"));
    out.push(d);
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
        format!(
            "指标“{}”自评等级“{}”的得分比例 {}% 不在该等级的区间 [{}%, {}%{close} 内",
            i.name,
            mark.grade.label(),
            plain(percent),
            plain(low),
            plain(high)
        ),
    );
    d.help = Some(format!(
        "达成 80%–100%，部分达成 {}%–80%（不含 80%），未达成低于 {}%；改正比例或等级",
        plain(ctx.settings.execution.grade_partial_min),
        plain(ctx.settings.execution.grade_partial_min)
    ));
    out.push(d);
}

#[cfg(test)]
mod tests;
