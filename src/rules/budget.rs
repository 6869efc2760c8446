//! B: 预算规模 — the split adds up, and no amount is negative.

use crate::args;
use crate::diag::Diagnostic;
use crate::diag::registry::{
    BUDGET_ITEMS_SUM, BUDGET_SOURCES_SUM, BUDGET_SPLIT_MISSING, BUDGET_SUM, BUDGET_TOTAL_ZERO,
    NEGATIVE_AMOUNT,
};
use crate::model::money::Plain;
use crate::rules::ProjectCtx;

/// Checks a project's `[budget]`.
pub fn check(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(budget) = &ctx.project.budget else {
        return;
    };
    let spans = ctx.spans;
    let unit = budget.unit.label();
    let amounts = [
        (
            "total",
            "term.budget_total",
            Some(budget.total),
            spans.total.as_ref(),
        ),
        (
            "fiscal",
            "term.fiscal",
            budget.fiscal,
            spans.fiscal.as_ref(),
        ),
        ("other", "term.other", budget.other, spans.other.as_ref()),
    ];
    let lines = budget
        .items
        .iter()
        .map(|l| ("items", l))
        .chain(budget.sources.iter().map(|l| ("sources", l)));
    for (key, line) in lines {
        if line.amount.is_sign_negative() && !line.amount.is_zero() {
            let span = if key == "items" {
                spans.items.as_ref()
            } else {
                spans.sources.as_ref()
            };
            out.push(
                ctx.finding(
                    &NEGATIVE_AMOUNT,
                    span,
                    ctx.t(
                        "B002.line",
                        args!(
                            key = key,
                            name = line.name,
                            amount = Plain(line.amount),
                            unit = unit
                        ),
                    ),
                )
                .with_help(ctx.t("B002.help", &[])),
            );
        }
    }
    for (year, amount) in &ctx.project.medium_term {
        if amount.is_sign_negative() && !amount.is_zero() {
            out.push(
                ctx.finding(
                    &NEGATIVE_AMOUNT,
                    None,
                    ctx.t(
                        "B002.medium_term",
                        args!(year = year, amount = Plain(*amount), unit = unit),
                    ),
                )
                .with_help(ctx.t("B002.help", &[])),
            );
        }
    }
    for (key, label, amount, span) in amounts {
        if let Some(amount) = amount.filter(|a| a.is_sign_negative() && !a.is_zero()) {
            out.push(
                ctx.finding(
                    &NEGATIVE_AMOUNT,
                    span,
                    ctx.t(
                        "B002.message",
                        args!(
                            label = ctx.t(label, &[]),
                            key = key,
                            amount = Plain(amount),
                            unit = unit
                        ),
                    ),
                )
                .with_help(ctx.t("B002.help", &[])),
            );
        }
    }
    // `perf new` writes 0: an unfilled skeleton must not pass (issue 18).
    if budget.total.is_zero() {
        out.push(
            ctx.finding(
                &BUDGET_TOTAL_ZERO,
                spans.total.as_ref(),
                ctx.t("B006.message", &[]),
            )
            .with_help(ctx.t("B006.help", &[])),
        );
    }
    let total = || Plain(budget.total);
    match (budget.fiscal, budget.other) {
        (Some(fiscal), Some(other)) if fiscal + other != budget.total => out.push(
            ctx.finding(
                &BUDGET_SUM,
                spans.total.as_ref(),
                ctx.t(
                    "B001.message",
                    args!(
                        total = total(),
                        unit = unit,
                        fiscal = Plain(fiscal),
                        other = Plain(other),
                        sum = Plain(fiscal + other)
                    ),
                ),
            )
            .with_help(ctx.t("B001.help", &[])),
        ),
        (Some(part), None) | (None, Some(part)) if part > budget.total => {
            let (key, label, span) = if budget.fiscal.is_some() {
                ("fiscal", ctx.t("term.fiscal", &[]), spans.fiscal.as_ref())
            } else {
                ("other", ctx.t("term.other", &[]), spans.other.as_ref())
            };
            out.push(
                ctx.finding(
                    &BUDGET_SUM,
                    span,
                    ctx.t(
                        "B001.part_over",
                        args!(
                            label = label,
                            key = key,
                            part = Plain(part),
                            unit = unit,
                            total = total()
                        ),
                    ),
                )
                .with_help(ctx.t("B001.part_over_help", &[])),
            );
        }
        // Funding sources itemised in [[budget.sources]] state the split too.
        (None, None) if budget.sources.is_empty() => out.push(
            ctx.finding(
                &BUDGET_SPLIT_MISSING,
                spans.budget.as_ref(),
                ctx.t("B003.message", &[]),
            )
            .with_help(ctx.t("B003.help", args!(total = total()))),
        ),
        _ => {}
    }
}

/// Checks that the itemised budget and the funding sources, when given, add up to the total.
pub fn check_breakdowns(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(budget) = &ctx.project.budget else {
        return;
    };
    let unit = budget.unit.label();
    let total = Plain(budget.total);
    let breakdowns = [
        (&budget.items, &BUDGET_ITEMS_SUM, ctx.spans.items.as_ref()),
        (
            &budget.sources,
            &BUDGET_SOURCES_SUM,
            ctx.spans.sources.as_ref(),
        ),
    ];
    for (lines, rule, span) in breakdowns {
        if lines.is_empty() {
            continue;
        }
        let sum: rust_decimal::Decimal = lines.iter().map(|l| l.amount).sum();
        if sum != budget.total {
            let parts: Vec<String> = lines
                .iter()
                .map(|l| format!("{} {}", l.name, Plain(l.amount)))
                .collect();
            out.push(
                ctx.finding(
                    rule,
                    span,
                    ctx.t(
                        &format!("{}.message", rule.code),
                        args!(
                            sum = Plain(sum),
                            unit = unit,
                            parts = parts.join(" + "),
                            total = total
                        ),
                    ),
                )
                .with_help(ctx.t(&format!("{}.help", rule.code), &[])),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{clean_with, codes};

    #[test]
    fn the_parts_must_add_up_to_the_total() {
        let off = clean_with("other = 20", "other = 21");
        assert_eq!(codes(&off, super::check), ["B001"]);
        // Exact decimals: 500 + 19.99 is not 520, and 500.00 + 20.0 is.
        let cents = clean_with("other = 20", "other = 19.99");
        assert_eq!(codes(&cents, super::check), ["B001"]);
        let written = clean_with("fiscal = 500", "fiscal = 500.00");
        assert!(codes(&written, super::check).is_empty());
    }

    #[test]
    fn negative_and_zero_amounts_and_a_missing_split() {
        let negative = clean_with("other = 20", "other = -20");
        assert!(codes(&negative, super::check).contains(&"B002"));
        let zero = clean_with("total = 520\nfiscal = 500\nother = 20", "total = 0");
        assert!(codes(&zero, super::check).contains(&"B006"));
        let unsplit = clean_with("fiscal = 500\nother = 20\n", "");
        assert_eq!(codes(&unsplit, super::check), ["B003"]);
    }
}
