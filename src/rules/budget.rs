//! B: 预算规模 — the split adds up, and no amount is negative.

use crate::diag::Diagnostic;
use crate::model::money::plain;
use crate::rules::ProjectCtx;
use crate::rules::registry::{
    BUDGET_ITEMS_SUM, BUDGET_SOURCES_SUM, BUDGET_SPLIT_MISSING, BUDGET_SUM, NEGATIVE_AMOUNT,
};

/// Checks a project's `[budget]`.
pub fn check(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(budget) = &ctx.project.budget else {
        return;
    };
    let spans = ctx.spans;
    let unit = budget.unit.label();
    let amounts = [
        ("total", "预算数", Some(budget.total), spans.total.as_ref()),
        ("fiscal", "财政资金", budget.fiscal, spans.fiscal.as_ref()),
        ("other", "其他资金", budget.other, spans.other.as_ref()),
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
                    format!(
                        "`[[budget.{key}]]` 中“{}”的金额为负数：{} {unit}",
                        line.name,
                        plain(line.amount)
                    ),
                )
                .with_help("预算金额不能为负，请核对后填写正确的金额"),
            );
        }
    }
    for (year, amount) in &ctx.project.medium_term {
        if amount.is_sign_negative() && !amount.is_zero() {
            out.push(
                ctx.finding(
                    &NEGATIVE_AMOUNT,
                    None,
                    format!("中期预算 {year} 年的金额为负数：{} {unit}", plain(*amount)),
                )
                .with_help("预算金额不能为负，请核对后填写正确的金额"),
            );
        }
    }
    for (key, label, amount, span) in amounts {
        if let Some(amount) = amount.filter(|a| a.is_sign_negative() && !a.is_zero()) {
            out.push(
                ctx.finding(
                    &NEGATIVE_AMOUNT,
                    span,
                    format!("{label} `{key}` 为负数：{} {unit}", plain(amount)),
                )
                .with_help("预算金额不能为负，请核对后填写正确的金额"),
            );
        }
    }
    let total = plain(budget.total);
    match (budget.fiscal, budget.other) {
        (Some(fiscal), Some(other)) if fiscal + other != budget.total => out.push(
            ctx.finding(
                &BUDGET_SUM,
                spans.total.as_ref(),
                format!(
                    "预算数为 {total} {unit}，但财政资金 + 其他资金 = {} + {} = {} {unit}",
                    plain(fiscal),
                    plain(other),
                    plain(fiscal + other)
                ),
            )
            .with_help("核对预算数、财政资金和其他资金，使 fiscal + other = total"),
        ),
        (Some(part), None) | (None, Some(part)) if part > budget.total => {
            let (key, label, span) = if budget.fiscal.is_some() {
                ("fiscal", "财政资金", spans.fiscal.as_ref())
            } else {
                ("other", "其他资金", spans.other.as_ref())
            };
            out.push(
                ctx.finding(
                    &BUDGET_SUM,
                    span,
                    format!(
                        "{label} `{key}` 为 {} {unit}，超过了预算数 {total} {unit}",
                        plain(part)
                    ),
                )
                .with_help("资金来源之和应等于预算数，请核对"),
            );
        }
        // Funding sources itemised in [[budget.sources]] state the split too.
        (None, None) if budget.sources.is_empty() => out.push(
            ctx.finding(
                &BUDGET_SPLIT_MISSING,
                spans.budget.as_ref(),
                "[budget] 没有填写财政资金 `fiscal` 或其他资金 `other`",
            )
            .with_help(format!(
                "加上 `fiscal = {total}`（全部为财政资金时）；汇总表在补上之前把资金来源显示为未知"
            )),
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
    let total = plain(budget.total);
    let breakdowns = [
        (
            &budget.items,
            &BUDGET_ITEMS_SUM,
            "预算明细 `[[budget.items]]`",
            ctx.spans.items.as_ref(),
        ),
        (
            &budget.sources,
            &BUDGET_SOURCES_SUM,
            "资金来源明细 `[[budget.sources]]`",
            ctx.spans.sources.as_ref(),
        ),
    ];
    for (lines, rule, what, span) in breakdowns {
        if lines.is_empty() {
            continue;
        }
        let sum: rust_decimal::Decimal = lines.iter().map(|l| l.amount).sum();
        if sum != budget.total {
            let parts: Vec<String> = lines
                .iter()
                .map(|l| format!("{} {}", l.name, plain(l.amount)))
                .collect();
            out.push(
                ctx.finding(
                    rule,
                    span,
                    format!(
                        "{what}合计 {} {unit}（{}），与预算数 {total} {unit} 不一致",
                        plain(sum),
                        parts.join(" + ")
                    ),
                )
                .with_help("核对各项金额和预算数，使合计等于 total"),
            );
        }
    }
}
