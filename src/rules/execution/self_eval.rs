//! E008–E016: a 自评表 checked against itself and against perf's 10号 arithmetic — the
//! form's printed 执行率 (`self_rate`), its row 得分 (`self_score`) and total (`self_total`);
//! actuals that restate their target; rows only a guess could score; numbers and words read
//! in place of a measurement; a high grade on low spending (docs/monitoring.md).
//!
//! The scores compared are exactly those `perf score` shows (`score::score_one`), so a
//! finding and the table never disagree.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::args;
use crate::diag::Diagnostic;
use crate::diag::registry::{
    ACTUAL_IN_TARGET_UNIT, ACTUAL_IN_WORDS, ACTUAL_RESTATES_TARGET, FORM_POINTS_TOTAL,
    HIGH_GRADE_LOW_RATE, QUALITATIVE_GUESS, SELF_RATE_MISMATCH, SELF_SCORE_DIFFERS,
    SELF_TOTAL_DIFFERS,
};
use crate::model::money::{format2, percent_of, plain, round2};
use crate::model::target::restate::Restatement;
use crate::model::target::{TargetValue, Unit};
use crate::rules::ProjectCtx;
use crate::score::formulas::{Assessed, Method, Missing, assess};
use crate::score::{ProjectScore, grade_of, round_ratio, score_one};

/// A row score further than this from the unit's own is E009 (points).
const ROW_TOLERANCE: Decimal = Decimal::ONE;
/// A total further than this from the unit's own is E010 (points).
const TOTAL_TOLERANCE: Decimal = Decimal::from_parts(5, 0, 0, false, 0);

/// Runs E008–E016 on one project.
pub(super) fn check(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    let partial_min = ctx.settings.execution.grade_partial_min;
    // E014 is said per row unless the form writes no unit on any actual (real forms 60 and
    // 66: `50`, `100`, `90`), which is one fact about the form: said once, at the name.
    let mut in_target_unit = Vec::new();
    let mut actual_with_unit = false;
    for (i, indicator) in ctx.project.indicators.iter().enumerate() {
        let spans = ctx.spans.indicators.get(i);
        let actual_span = spans.and_then(|s| s.progress.actual.as_ref());
        let name_span = spans.map(|s| &s.name);
        let Some(actual) = &indicator.progress.actual else {
            continue;
        };
        actual_with_unit |= actual.quantity().is_some_and(|q| q.unit != Unit::None);
        let (name, target) = (&indicator.name, &indicator.target.raw);
        if let Some(restatement) = actual.restatement_of(&indicator.target) {
            // A copy says so; a comparison or range under an empty target names no target.
            let key = match restatement {
                Restatement::Copy => "E011.copy",
                Restatement::Bound if indicator.target.value == TargetValue::Empty => {
                    "E011.bound_alone"
                }
                Restatement::Bound => "E011.bound",
            };
            out.push(
                ctx.finding(
                    &ACTUAL_RESTATES_TARGET,
                    actual_span.or(name_span),
                    ctx.t(
                        key,
                        args!(name = name, actual = actual.raw, target = target),
                    ),
                )
                .with_help(ctx.t("E011.help", &[])),
            );
            continue;
        }
        match assess(indicator, partial_min) {
            Assessed::Missing(Missing::Guess) => out.push(
                ctx.finding(
                    &QUALITATIVE_GUESS,
                    actual_span.or(name_span),
                    ctx.t(
                        "E012.message",
                        args!(name = name, actual = actual.raw, target = target),
                    ),
                )
                .with_help(ctx.t("E012.help", &[])),
            ),
            Assessed::Done(c) if c.method == Method::Words && indicator_is_number(indicator) => {
                out.push(
                    ctx.finding(
                        &ACTUAL_IN_WORDS,
                        actual_span,
                        ctx.t(
                            "E013.message",
                            args!(
                                name = name,
                                actual = actual.raw,
                                target = target,
                                ratio = plain(round2(c.ratio * Decimal::ONE_HUNDRED))
                            ),
                        ),
                    )
                    .with_help(ctx.t("E013.help", &[])),
                );
            }
            Assessed::Done(c) if c.reading.actual_in_target_unit => {
                in_target_unit.push((actual_span, name.as_str(), actual.raw.as_str(), target));
            }
            _ => {}
        }
    }
    match in_target_unit.as_slice() {
        [(_, _, actual, target), _, ..] if !actual_with_unit => out.push(
            ctx.finding(
                &ACTUAL_IN_TARGET_UNIT,
                ctx.spans.name.as_ref(),
                ctx.t(
                    "E014.column",
                    args!(n = in_target_unit.len(), actual = *actual, target = *target),
                ),
            )
            .with_help(ctx.t("E014.column_help", &[])),
        ),
        rows => {
            for &(span, name, actual, target) in rows {
                out.push(
                    ctx.finding(
                        &ACTUAL_IN_TARGET_UNIT,
                        span,
                        ctx.t(
                            "E014.message",
                            args!(name = name, actual = actual, target = target),
                        ),
                    )
                    .with_help(ctx.t("E014.help", &[])),
                );
            }
        }
    }
    form_points_total(ctx, out);
    // E008–E010 and E015 compare perf's score with the form's or the spending: a project
    // with neither has nothing to compare, and scoring it (every row, with its working
    // written out) would cost every plain target table the price of a 自评.
    let has_own_scores = ctx
        .project
        .indicators
        .iter()
        .any(|i| i.progress.self_score.is_some());
    if ctx.project.execution.is_none() && !has_own_scores {
        return;
    }
    let score = score_one(ctx.project, &ctx.settings.execution, ctx.settings.lang);
    self_rate(ctx, &score, out);
    self_scores(ctx, &score, out);
    high_grade_low_rate(ctx, &score, out);
}

fn indicator_is_number(indicator: &crate::model::project::Indicator) -> bool {
    crate::model::execution::is_quantitative(&indicator.target)
}

/// E008: the form's printed 执行率 against spent ÷ adjusted budget.
fn self_rate(ctx: &ProjectCtx<'_>, score: &ProjectScore, out: &mut Vec<Diagnostic>) {
    let Some(printed) = score.self_rate else {
        return;
    };
    let Some(budget_row) = score.rows.first() else {
        return;
    };
    let (Some(a), Some(b)) = (budget_row.a, budget_row.b) else {
        return;
    };
    let Some(exact) = percent_of(b, a) else {
        return;
    };
    // Compared at the precision the form prints: `86%` agrees with 86.20%, `80.45` must match
    // to the cent. Never finer than cents.
    let places = printed.scale().min(2);
    let rate = exact.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    if rate == printed.round_dp(places) {
        return;
    }
    let rate = round2(exact);
    let span = ctx
        .spans
        .execution
        .as_ref()
        .and_then(|s| s.self_rate.as_ref());
    out.push(
        ctx.finding(
            &SELF_RATE_MISMATCH,
            span,
            ctx.t(
                "E008.message",
                args!(
                    printed = plain(printed),
                    spent = format2(b),
                    budget = format2(a),
                    rate = format2(rate)
                ),
            ),
        )
        .with_help(ctx.t("E008.help", &[])),
    );
}

/// E009 (a row) and E010 (the total): perf's 10号 score against the unit's own.
fn self_scores(ctx: &ProjectCtx<'_>, score: &ProjectScore, out: &mut Vec<Diagnostic>) {
    // rows[0] is 预算执行率; rows[i + 1] is indicator i (blank rows included).
    for (i, row) in score.rows.iter().skip(1).enumerate() {
        // Compared on the form's own 分值 (the row's raw weight), so a rescaled weight
        // (I018) is not mistaken for a difference of formula; the total is E010's business.
        let (Some(own), Some(_)) = (row.self_score, row.score) else {
            continue;
        };
        let completion = row
            .ratio
            .map_or(Decimal::ZERO, |r| round_ratio(r).min(Decimal::ONE));
        let perf = round2(row.raw_weight.saturating_mul(completion));
        let gap = perf - own;
        if gap.abs() <= ROW_TOLERANCE {
            continue;
        }
        let span = ctx
            .spans
            .indicators
            .get(i)
            .and_then(|s| s.progress.self_score.as_ref());
        out.push(
            ctx.finding(
                &SELF_SCORE_DIFFERS,
                span,
                ctx.t(
                    "E009.message",
                    args!(
                        name = row.name,
                        own = plain(own),
                        perf = format2(perf),
                        weight = plain(row.raw_weight),
                        gap = format2(gap.abs()),
                        // A row perf could not score has no method: say it scored none.
                        method = if row.method.is_empty() {
                            ctx.t("E009.no_method", &[])
                        } else {
                            ctx.t(&format!("method.{}", row.method), &[])
                        },
                        working = row.explain
                    ),
                ),
            )
            .with_help(ctx.t("E009.help", &[])),
        );
    }
    let Some(own) = score.self_total else {
        return;
    };
    let gap = score.total - own;
    if gap.abs() <= TOTAL_TOLERANCE {
        return;
    }
    let span = ctx
        .spans
        .execution
        .as_ref()
        .and_then(|s| s.self_total.as_ref());
    out.push(
        ctx.finding(
            &SELF_TOTAL_DIFFERS,
            span,
            ctx.t(
                "E010.message",
                args!(
                    own = plain(own),
                    perf = format2(score.total),
                    gap = format2(gap.abs())
                ),
            ),
        )
        .with_help(ctx.t("E010.help", &[])),
    );
}

/// E015: 优 or 良 (perf's, or the unit's own total) on a 执行率 below the configured floor.
fn high_grade_low_rate(ctx: &ProjectCtx<'_>, score: &ProjectScore, out: &mut Vec<Diagnostic>) {
    let floor = ctx.settings.execution.high_grade_rate_min;
    let Some(rate) = score
        .rows
        .first()
        .and_then(|r| r.a.zip(r.b))
        .and_then(|(a, b)| percent_of(b, a))
        .map(round2)
    else {
        return;
    };
    if rate >= floor {
        return;
    }
    let high = |g: &str| g == "优" || g == "良";
    let grade = if high(score.grade) {
        score.grade
    } else if let Some(g) = score.self_total.map(grade_of).filter(|g| high(g)) {
        g
    } else {
        return;
    };
    let span = ctx.spans.execution.as_ref().map(|s| &s.table);
    out.push(
        ctx.finding(
            &HIGH_GRADE_LOW_RATE,
            span,
            ctx.t(
                "E015.message",
                args!(grade = grade, rate = format2(rate), floor = plain(floor)),
            ),
        )
        .with_help(ctx.t("E015.help", &[])),
    );
}

/// E016: the form's own 分值 — 预算执行率's and the rows' — do not make 100. Only when every
/// row that is not blank carries a weight (I018 reports the others).
fn form_points_total(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(execution) = &ctx.project.execution else {
        return;
    };
    let Some(rate) = execution.self_rate_points else {
        return;
    };
    let rows: Option<Vec<Decimal>> = ctx
        .project
        .indicators
        .iter()
        .filter(|i| !i.is_blank())
        .map(|i| i.weight)
        .collect();
    let Some(rows) = rows.filter(|r| !r.is_empty()) else {
        return;
    };
    let rows: Decimal = rows.iter().sum();
    let total = rate + rows;
    if total == Decimal::ONE_HUNDRED {
        return;
    }
    let span = ctx
        .spans
        .execution
        .as_ref()
        .and_then(|s| s.self_rate_points.as_ref());
    out.push(
        ctx.finding(
            &FORM_POINTS_TOTAL,
            span,
            ctx.t(
                "E016.message",
                args!(total = plain(total), rate = plain(rate), rows = plain(rows)),
            ),
        )
        .with_help(ctx.t("E016.help", &[])),
    );
}
