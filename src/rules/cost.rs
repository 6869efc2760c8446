//! C: cost indicators (成本指标) against the budget (适当性): total amounts, amounts per
//! period, unit costs times their quantity, several cost rows together, and cost rows that
//! cannot be checked at all. Amounts in 元/万元/亿元 are converted to 万元 first.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::args;
use crate::diag::Diagnostic;
use crate::diag::registry::{
    COST_CAP_ABOVE, COST_CAP_BELOW, COST_FLOOR, COST_FLOOR_ABOVE, COST_MISMATCH, COST_NO_UNIT,
    COST_NOT_CHECKABLE, COST_PER_PERIOD, COST_ROWS_OVER, UNIT_COST_NO_CURRENCY, UNIT_COST_OVER,
    UNIT_COST_SMALL_SHARE, UNIT_COST_UNMATCHED,
};
use crate::model::budget::Budget;
use crate::model::framework::Level2;
use crate::model::money::{MoneyUnit, Plain};
use crate::model::project::Indicator;
use crate::model::spans::IndicatorSpans;
use crate::model::target::{Comparator, Period, Quantity, TargetValue, Unit};
use crate::rules::ProjectCtx;

/// A cost row stated as a total amount.
struct TotalCost<'a> {
    row: &'a Indicator,
    spans: &'a IndicatorSpans,
    quantity: &'a Quantity,
    amount: Decimal,
}

/// Checks every cost indicator of a project with a budget.
pub fn check(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(budget) = &ctx.project.budget else {
        return;
    };
    let Some(total) = budget.total_wan() else {
        return;
    };
    let mut totals: Vec<TotalCost<'_>> = Vec::new();
    let rows = ctx.project.indicators.iter().zip(&ctx.spans.indicators);
    for (row, spans) in rows.filter(|(row, _)| row.is_money_cost()) {
        let q = match &row.target.value {
            TargetValue::Quantity(q) => q,
            // Reported by the target rules already.
            TargetValue::Empty | TargetValue::Unreadable(_) => continue,
            _ => {
                not_checkable(ctx, row, spans, out);
                continue;
            }
        };
        match &q.unit {
            Unit::Money(unit) => totals.extend(unit.to_wan(q.value).map(|amount| TotalCost {
                row,
                spans,
                quantity: q,
                amount,
            })),
            // `成本控制率 100`: a rate with its % left out, not 100 of the budget's unit (which
            // made a real form's row a C001 error against its 43.2万元 budget).
            Unit::None if crate::model::project::names_a_rate(&row.name) => {
                not_checkable(ctx, row, spans, out)
            }
            Unit::None => {
                let help = ctx.t(
                    "C006.help",
                    args!(value = Plain(q.value), unit = budget.unit),
                );
                no_unit(ctx, row, spans, budget.unit, help, out);
                totals.extend(budget.unit.to_wan(q.value).map(|amount| TotalCost {
                    row,
                    spans,
                    quantity: q,
                    amount,
                }));
            }
            Unit::PerPeriod { base, period } => match base.as_ref() {
                Unit::Money(unit) => {
                    floor(ctx, row, spans, q, out);
                    per_period(ctx, row, spans, q.value, *unit, *period, total, out);
                }
                Unit::None => {
                    let help = ctx.t(
                        "C006.per_period_help",
                        args!(
                            value = Plain(q.value),
                            unit = budget.unit,
                            period = period.label()
                        ),
                    );
                    no_unit(ctx, row, spans, budget.unit, help, out);
                    floor(ctx, row, spans, q, out);
                    per_period(ctx, row, spans, q.value, budget.unit, *period, total, out);
                }
                _ => not_checkable(ctx, row, spans, out),
            },
            Unit::PerItem { money, per } => {
                floor(ctx, row, spans, q, out);
                unit_cost(ctx, row, spans, q.value, *money, per, total, out);
            }
            // `≤28.40/株`: a unit cost with its 元 left out, not "not an amount".
            Unit::Ratio { text } if text.trim_start().starts_with('/') => out.push(
                ctx.finding(
                    &UNIT_COST_NO_CURRENCY,
                    Some(&spans.target),
                    ctx.t(
                        "C012.message",
                        args!(name = ctx.row_name(row, spans), raw = row.target.raw),
                    ),
                )
                .with_help(ctx.t(
                    "C012.help",
                    args!(
                        value = Plain(q.value),
                        per = text.trim_start().trim_start_matches('/')
                    ),
                )),
            ),
            Unit::Percent | Unit::Count { .. } | Unit::Ratio { .. } => {
                not_checkable(ctx, row, spans, out)
            }
        }
    }
    // A breakdown's own total row (年度预算总成本 = 预算数) is checked as the total, not
    // added to its components.
    let own_total = total_row(&totals, total, ctx.settings.cost_tolerance);
    if let Some(i) = own_total {
        let row = totals.remove(i);
        check_total(ctx, budget, &row, total, out);
        if totals.len() == 1 {
            return;
        }
    }
    match totals.as_slice() {
        [] => {}
        [one] => check_total(ctx, budget, one, total, out),
        [first, ..] => {
            // Each part is compared with the budget only through the sum, but a floor is a
            // floor whatever the other rows say.
            for t in &totals {
                floor(ctx, t.row, t.spans, t.quantity, out);
            }
            let sum: Decimal = totals.iter().map(|t| t.amount).sum();
            if sum > total + ctx.settings.cost_tolerance {
                let parts: Vec<String> = totals
                    .iter()
                    .map(|t| format!("{}万元", Plain(t.amount)))
                    .collect();
                out.push(
                    ctx.finding(
                        &COST_ROWS_OVER,
                        Some(&first.spans.target),
                        ctx.t(
                            "C011.message",
                            args!(
                                n = totals.len(),
                                sum = Plain(sum),
                                parts = parts.join(" + "),
                                total = Plain(total)
                            ),
                        ),
                    )
                    .with_help(ctx.t("C011.help", &[])),
                );
            }
        }
    }
}

/// The index of the row among several cost amounts that is their own total: its amount is
/// the sum of the others (within `tolerance`) and it is named as a total (总成本, 合计, 总额,
/// 总计) or equals the budget; or it is named as a total and equals the budget. At least two
/// other rows remain. `None` when no row is: then every row is a component, as before.
fn total_row(totals: &[TotalCost<'_>], budget: Decimal, tolerance: Decimal) -> Option<usize> {
    if totals.len() < 3 {
        return None;
    }
    let all: Decimal = totals.iter().map(|t| t.amount).sum();
    totals.iter().position(|t| {
        let others = all - t.amount;
        let named = ["总成本", "合计", "总额", "总计", "总预算"]
            .iter()
            .any(|w| t.row.name.contains(w));
        let near = |a: Decimal, b: Decimal| (a - b).abs() <= tolerance;
        let is_budget = near(t.amount, budget);
        (near(t.amount, others) && (named || is_budget)) || (named && is_budget)
    })
}

/// C006: a cost amount with no unit, read in the budget's unit.
fn no_unit(
    ctx: &ProjectCtx<'_>,
    row: &Indicator,
    spans: &IndicatorSpans,
    unit: MoneyUnit,
    help: String,
    out: &mut Vec<Diagnostic>,
) {
    let message = ctx.t(
        "C006.message",
        args!(
            name = ctx.row_name(row, spans),
            raw = row.target.raw,
            unit = unit
        ),
    );
    out.push(
        ctx.finding(&COST_NO_UNIT, Some(&spans.target), message)
            .with_help(help),
    );
}

/// C004 for a cost written as a floor (≥, >): a cost target caps spending.
fn floor(
    ctx: &ProjectCtx<'_>,
    row: &Indicator,
    spans: &IndicatorSpans,
    q: &Quantity,
    out: &mut Vec<Diagnostic>,
) {
    if q.comparator.is_lower_bound() {
        out.push(
            ctx.finding(
                &COST_FLOOR,
                Some(&spans.target),
                ctx.t(
                    "C004.message",
                    args!(name = ctx.row_name(row, spans), raw = row.target.raw),
                ),
            )
            .with_help(ctx.t(
                "C004.help",
                args!(cap = q.to_string().trim_start_matches(['≥', '>'])),
            )),
        );
    }
}

fn not_checkable(
    ctx: &ProjectCtx<'_>,
    row: &Indicator,
    spans: &IndicatorSpans,
    out: &mut Vec<Diagnostic>,
) {
    out.push(
        ctx.finding(
            &COST_NOT_CHECKABLE,
            Some(&spans.target),
            ctx.t(
                match row.target.value {
                    TargetValue::Range(_) => "C010.range",
                    _ => "C010.message",
                },
                args!(name = ctx.row_name(row, spans), raw = row.target.raw),
            ),
        )
        .with_help(ctx.t("C010.help", &[])),
    );
}

/// One cost row stated as a total: `=X` must equal the budget, `≤X` must not be below it, a
/// floor is suspicious and must not exceed it.
fn check_total(
    ctx: &ProjectCtx<'_>,
    budget: &Budget,
    cost: &TotalCost<'_>,
    total: Decimal,
    out: &mut Vec<Diagnostic>,
) {
    let _ = budget;
    let TotalCost {
        row,
        spans,
        quantity: q,
        amount,
    } = cost;
    // Messages are formatted only for a finding: most cost rows have none.
    let shown = |wan: Decimal| format!("{}万元", Plain(wan));
    let raw = &row.target.raw;
    let at = Some(&spans.target);
    // After a budget glitch (total 0) `≤0万元` would be a nonsense suggestion.
    let fix = || {
        if total > Decimal::ZERO {
            ctx.t("cost.fix", args!(total = shown(total)))
        } else {
            ctx.t("cost.fix_no_budget", &[])
        }
    };
    // Within the configured tolerance an amount counts as equal to the budget.
    let ordering = if (*amount - total).abs() <= ctx.settings.cost_tolerance {
        Ordering::Equal
    } else {
        amount.cmp(&total)
    };
    // The row's name too (a `String` for every cost row before, finding or not).
    let text = |key: &str| {
        let name = ctx.row_name(row, spans);
        ctx.t(
            key,
            args!(
                name = name,
                raw = raw,
                amount = shown(*amount),
                total = shown(total)
            ),
        )
    };
    let finding = match (q.comparator, ordering) {
        (Comparator::Eq, Ordering::Equal) | (Comparator::Le, Ordering::Equal) => None,
        (Comparator::Eq, _) => Some((&COST_MISMATCH, text("C001.message"))),
        (Comparator::Le | Comparator::Lt, Ordering::Less) | (Comparator::Lt, Ordering::Equal) => {
            Some((&COST_CAP_BELOW, text("C002.message")))
        }
        (Comparator::Le | Comparator::Lt, Ordering::Greater) => {
            Some((&COST_CAP_ABOVE, text("C003.message")))
        }
        (Comparator::Ge | Comparator::Gt, ordering) => {
            if ordering == Ordering::Greater
                || (q.comparator == Comparator::Gt && ordering == Ordering::Equal)
            {
                out.push(
                    ctx.finding(&COST_FLOOR_ABOVE, at, text("C005.message"))
                        .with_help(fix()),
                );
            }
            Some((&COST_FLOOR, text("C004.message")))
        }
    };
    if let Some((rule, message)) = finding {
        out.push(ctx.finding(rule, at, message).with_help(fix()));
    }
}

/// `≤50万元/月`: the amount per period times the periods of the project must fit the budget.
#[allow(clippy::too_many_arguments)]
fn per_period(
    ctx: &ProjectCtx<'_>,
    row: &Indicator,
    spans: &IndicatorSpans,
    value: Decimal,
    unit: MoneyUnit,
    period: Period,
    total: Decimal,
    out: &mut Vec<Diagnostic>,
) {
    let months = ctx.project.months();
    let periods = Decimal::from(months) * period.per_year() / Decimal::from(12);
    let Some(per) = unit.to_wan(value) else {
        return;
    };
    let Some(implied) = per.checked_mul(periods) else {
        return;
    };
    if implied > total + ctx.settings.cost_tolerance {
        out.push(
            ctx.finding(
                &COST_PER_PERIOD,
                Some(&spans.target),
                ctx.t(
                    "C007.message",
                    args!(
                        name = ctx.row_name(row, spans),
                        raw = row.target.raw,
                        months = months,
                        periods = if period == Period::Month {
                            String::new()
                        } else {
                            ctx.t(
                                "C007.periods",
                                args!(
                                    n = Plain(periods.round_dp(2)),
                                    period = ctx.t(period_key(period), &[])
                                ),
                            )
                        },
                        implied = Plain(implied.round_dp(4)),
                        total = Plain(total)
                    ),
                ),
            )
            .with_help(ctx.t("C007.help", &[])),
        );
    }
}

/// The catalog key of a period's name in messages.
fn period_key(period: Period) -> &'static str {
    match period {
        Period::Day => "period.day",
        Period::Week => "period.week",
        Period::Month => "period.month",
        Period::Quarter => "period.quarter",
        Period::HalfYear => "period.half_year",
        Period::Year => "period.year",
    }
}

/// `≤500元/人` with `≥300人`: the unit cost times the matching quantity must fit the budget.
#[allow(clippy::too_many_arguments)]
fn unit_cost(
    ctx: &ProjectCtx<'_>,
    row: &Indicator,
    spans: &IndicatorSpans,
    value: Decimal,
    money: MoneyUnit,
    per: &str,
    total: Decimal,
    out: &mut Vec<Diagnostic>,
) {
    // `元/人·月`: per person and per month.
    let mut parts = per.split('·');
    let noun = parts.next().unwrap_or(per).trim();
    let per_period = parts.next().and_then(Period::from_word);
    let quantity = ctx
        .project
        .indicators
        .iter()
        .filter(|r| !r.is_money_cost())
        .find_map(|r| {
            let q = r.target.quantity()?;
            (q.unit.noun() == Some(noun) && matches!(q.unit, Unit::Count { .. })).then_some((r, q))
        });
    let Some((quantity_row, q)) = quantity else {
        out.push(
            ctx.finding(
                &UNIT_COST_UNMATCHED,
                Some(&spans.target),
                ctx.t(
                    "C009.message",
                    args!(
                        name = ctx.row_name(row, spans),
                        raw = row.target.raw,
                        noun = noun
                    ),
                ),
            )
            .with_help(ctx.t(
                "C009.help",
                args!(noun = noun, level2 = Level2::Quantity.label()),
            )),
        );
        return;
    };
    let periods = per_period.map_or(Decimal::ONE, |p| {
        Decimal::from(ctx.project.months()) * p.per_year() / Decimal::from(12)
    });
    let product = money
        .to_wan(value)
        .and_then(|cost| cost.checked_mul(q.scaled_value()?))
        .and_then(|v| v.checked_mul(periods));
    let Some(product) = product else { return };
    small_share(ctx, row, spans, quantity_row, product, total, out);
    if product > total + ctx.settings.cost_tolerance {
        out.push(
            ctx.finding(
                &UNIT_COST_OVER,
                Some(&spans.target),
                ctx.t(
                    "C008.message",
                    args!(
                        name = ctx.row_name(row, spans),
                        raw = row.target.raw,
                        quantity_name = quantity_row.name,
                        quantity_raw = quantity_row.target.raw,
                        product = Plain(product.round_dp(4)),
                        total = Plain(total)
                    ),
                ),
            )
            .with_help(ctx.t("C008.help", &[])),
        );
    }
}

/// C013 (a note): the only cost row is a unit cost whose product with its quantity explains
/// less than `unit_cost_share_min` % of the budget (1600元/亩 × 700亩 = 112万 of 854万):
/// either the quantity, the unit cost or the budget is off, or most of the money is unmeasured.
fn small_share(
    ctx: &ProjectCtx<'_>,
    row: &Indicator,
    spans: &IndicatorSpans,
    quantity_row: &Indicator,
    product: Decimal,
    total: Decimal,
    out: &mut Vec<Diagnostic>,
) {
    let cost_rows = ctx
        .project
        .indicators
        .iter()
        .filter(|r| r.is_money_cost() && !r.is_blank())
        .count();
    if cost_rows != 1 || total <= Decimal::ZERO || product <= Decimal::ZERO {
        return;
    }
    let Some(share) = product
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|p| p.checked_div(total))
    else {
        return;
    };
    if share < ctx.settings.unit_cost_share_min {
        out.push(
            ctx.finding(
                &UNIT_COST_SMALL_SHARE,
                Some(&spans.target),
                ctx.t(
                    "C013.message",
                    args!(
                        name = ctx.row_name(row, spans),
                        raw = row.target.raw,
                        quantity_raw = quantity_row.target.raw,
                        product = Plain(product.round_dp(2)),
                        total = Plain(total),
                        share = Plain(share.round_dp(1))
                    ),
                ),
            )
            .with_help(ctx.t(
                "C013.help",
                args!(min = Plain(ctx.settings.unit_cost_share_min)),
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{clean_with, codes};

    #[test]
    fn a_cost_total_is_held_to_the_budget() {
        // The seed's mistake in small: =600万元 against a budget of 520万元.
        assert_eq!(
            codes(&clean_with("≤520万元", "=600万元"), super::check),
            ["C001"]
        );
        // The same amount in 元 is the same amount.
        assert!(codes(&clean_with("≤520万元", "≤5200000元"), super::check).is_empty());
    }

    #[test]
    fn a_cap_below_the_budget_is_an_error_and_above_a_warning() {
        assert_eq!(
            codes(&clean_with("≤520万元", "≤400万元"), super::check),
            ["C002"]
        );
        assert_eq!(
            codes(&clean_with("≤520万元", "≤600万元"), super::check),
            ["C003"]
        );
    }

    #[test]
    fn a_cost_without_a_unit_cannot_be_checked_and_says_so() {
        assert_eq!(
            codes(&clean_with("≤520万元", "≤520"), super::check),
            ["C006"]
        );
    }

    /// A rate's bare number (`成本控制率 100`, a real form's row) is a percentage with its %
    /// left out: not an amount to hold to the budget (no C001, no C006), and not checkable.
    #[test]
    fn a_rate_without_its_percent_sign_is_not_an_amount() {
        let rate = clean_with("≤520万元", "100").replacen(
            "name = \"资助补助资金总额\"",
            "name = \"成本控制率\"",
            1,
        );
        assert_eq!(codes(&rate, super::check), ["C010"]);
        // The same number under an amount's name is still read in the budget's unit.
        assert_eq!(
            codes(&clean_with("≤520万元", "100"), super::check),
            ["C006", "C001"]
        );
    }
}
