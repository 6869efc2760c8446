//! What a reviewer flags beyond the form's grammar (issue 15): vague qualitative targets
//! (I021), a 完成时间 after the 实施期 (I022), a closed year without any 完成值 (P007), an
//! 经济效益 amount above the whole budget (C014) and effect wording in a cost row (C015).
//! Word lists are data in `rules::words`.

use rust_decimal::Decimal;

use crate::args;
use crate::diag::Diagnostic;
use crate::diag::registry::{
    ACTUALS_MISSING_CLOSED_YEAR, DEADLINE_AFTER_PERIOD, ECONOMIC_BENEFIT_OVER_BUDGET,
    EFFECT_IN_COST_ROW, TARGET_VAGUE,
};
use crate::model::execution::Execution;
use crate::model::framework::{Level1, Level2};
use crate::model::money::Plain;
use crate::model::target::trim::trim;
use crate::model::target::{TargetValue, Unit};
use crate::rules::ProjectCtx;
use crate::rules::dates::{last_year_month, period_end};
use crate::rules::words::{EFFECT_WORDS, INCOME_WORDS, VAGUE_TARGET, first_in};

/// Runs the reviewer's checks on one project.
pub fn check(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    let period_end = ctx.project.period.as_deref().and_then(period_end);
    let budget = ctx.project.budget.as_ref().and_then(|b| b.total_wan());
    for (row, spans) in ctx.project.indicators.iter().zip(&ctx.spans.indicators) {
        if row.is_blank() {
            continue;
        }
        let raw = trim(&row.target.raw);
        let at = Some(&spans.target);
        // I021: words only, no number or standard to assess them against. A trend read as a
        // grade (`有所提升`, `明显提升`) is just as vague as one inside a sentence: a grade
        // names a level on a scale (优/良/中), a trend names no level at all.
        if matches!(
            row.target.value,
            TargetValue::Qualitative | TargetValue::Graded
        ) && !raw.chars().any(|c| c.is_ascii_digit())
            && let Some(word) = first_in(raw, &VAGUE_TARGET)
        {
            out.push(
                ctx.finding(
                    &TARGET_VAGUE,
                    at,
                    ctx.t("I021.message", args!(raw = raw, word = word)),
                )
                .with_help(ctx.t("I021.help", &[])),
            );
        }
        // I022: a deadline later than the last month of the 实施期.
        if row.target.value == TargetValue::Time
            && let (Some(end), Some(due)) = (period_end, last_year_month(raw))
            && due > end
        {
            out.push(
                ctx.finding(
                    &DEADLINE_AFTER_PERIOD,
                    at,
                    ctx.t(
                        "I022.message",
                        args!(
                            raw = raw,
                            due = format!("{}年{}月", due.0, due.1),
                            end = format!("{}年{}月", end.0, end.1)
                        ),
                    ),
                )
                .with_help(ctx.t("I022.help", &[])),
            );
        }
        // C014: income an 经济效益 row claims, larger than the whole budget (a note: it can
        // be right).
        if row.level2 == Some(Level2::Economic)
            && first_in(&row.name, &INCOME_WORDS).is_some()
            && let (Some(total), Some(q)) = (budget, row.target.quantity())
            && let Unit::Money(unit) = q.unit
            && let Some(amount) = unit.to_wan(q.value)
            && total > Decimal::ZERO
            && amount > total
        {
            out.push(
                ctx.finding(
                    &ECONOMIC_BENEFIT_OVER_BUDGET,
                    at,
                    ctx.t(
                        "C014.message",
                        args!(
                            name = ctx.row_name(row, spans),
                            raw = raw,
                            amount = Plain(amount),
                            total = Plain(total)
                        ),
                    ),
                )
                .with_help(ctx.t("C014.help", &[])),
            );
        }
        // C015: a cost row that names or targets an effect.
        let cost_row = row.level1_read() == Some(Level1::Cost) || row.is_money_cost();
        if cost_row
            && let Some(word) =
                first_in(&row.name, &EFFECT_WORDS).or_else(|| first_in(raw, &EFFECT_WORDS))
        {
            out.push(
                ctx.finding(
                    &EFFECT_IN_COST_ROW,
                    Some(&spans.name),
                    ctx.t(
                        "C015.message",
                        args!(name = ctx.row_name(row, spans), word = word),
                    ),
                )
                .with_help(ctx.t("C015.help", &[])),
            );
        }
    }
    closed_year_without_actuals(ctx, out);
}

/// P007: December's spending is recorded (the year is closed) but no indicator has a 完成值:
/// the form is a year-end one with its results left out. One finding per file.
fn closed_year_without_actuals(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    let closed = ctx
        .project
        .execution
        .as_ref()
        .is_some_and(Execution::year_closed);
    if !closed {
        return;
    }
    let rows = || ctx.project.indicators.iter().filter(|r| !r.is_blank());
    let count = rows().count();
    if count == 0 || rows().any(|r| r.progress.actual.is_some()) {
        return;
    }
    let at = ctx
        .spans
        .execution
        .as_ref()
        .map(|e| &e.table)
        .or(ctx.spans.name.as_ref());
    out.push(
        ctx.finding(
            &ACTUALS_MISSING_CLOSED_YEAR,
            at,
            ctx.t("P007.message", args!(n = count)),
        )
        .with_help(ctx.t("P007.help", &[])),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{clean_with, codes};

    #[test]
    fn a_target_that_only_names_a_direction_is_vague() {
        // Trends the target reader takes for a grade (`有所提升` …) are vague all the same:
        // `显著提升` and `明显提升` get one answer.
        for vague in [
            "显著提升",
            "明显改善",
            "效果明显",
            "明显提升",
            "有所提升",
            "稳步提升",
            "逐步提高",
        ] {
            assert_eq!(
                codes(&clean_with("≥98%", vague), super::check),
                ["I021"],
                "{vague}"
            );
        }
        // Grades are a standard of their own (a 定性 target is assessed against 优良中差).
        for grade in ["良好", "较好", "达标", "合格", "优"] {
            assert!(
                codes(&clean_with("≥98%", grade), super::check).is_empty(),
                "{grade}"
            );
        }
        // A measurable target in words is not vague.
        assert!(codes(&clean_with("≥98%", "≥98%，逐年提升"), super::check).is_empty());
    }

    #[test]
    fn a_deadline_after_the_budget_year_is_reported() {
        let period = clean_with("year = 2024", "year = 2024\nperiod = \"2024-01/2024-12\"");
        let late = period.replacen("2024年12月底前", "2025年6月底前", 1);
        assert_eq!(codes(&late, super::check), ["I022"]);
    }
}
