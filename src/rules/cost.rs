//! C: cost indicators (成本指标) against the budget (适当性). A cost target stated in 元,
//! 万元 or 亿元 is converted and compared with 预算数.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::diag::Diagnostic;
use crate::model::money::plain;
use crate::model::target::{Comparator, UnitKind};
use crate::rules::ProjectCtx;
use crate::rules::registry::{
    COST_CAP_ABOVE, COST_CAP_BELOW, COST_FLOOR, COST_FLOOR_ABOVE, COST_MISMATCH, COST_NO_UNIT,
};

/// Checks every cost indicator whose target is an amount of money.
pub fn check(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(budget) = &ctx.project.budget else {
        return;
    };
    let Some(total) = budget.total_wan() else {
        return;
    };
    let rows = ctx.project.indicators.iter().zip(&ctx.spans.indicators);
    for (row, spans) in rows.filter(|(row, _)| row.is_money_cost()) {
        let Some(q) = row.target.quantity() else {
            continue;
        };
        let unit = match q.unit_kind() {
            UnitKind::Money(unit) => unit,
            UnitKind::None => {
                out.push(
                    ctx.finding(
                        &COST_NO_UNIT,
                        Some(&spans.target),
                        format!(
                            "成本指标“{}”的金额“{}”没有单位，按预算的单位（{}）读取",
                            row.name, row.target.raw, budget.unit
                        ),
                    )
                    .with_help(format!(
                        "写明单位，如 `≤{}{}`",
                        plain(q.value),
                        budget.unit
                    )),
                );
                budget.unit
            }
            // Rates, per-unit costs and prose are reconciled by later rules, not here.
            UnitKind::Percent | UnitKind::Other => continue,
        };
        let Some(amount) = unit.to_wan(q.value) else {
            continue;
        };
        let shown = |wan: Decimal| format!("{}万元", plain(wan));
        let (amount_s, total_s) = (shown(amount), shown(total));
        let raw = &row.target.raw;
        let at = Some(&spans.target);
        let fix = format!("改成 `≤{total_s}`（与预算数一致），或核对预算数");
        // Within the configured tolerance an amount counts as equal to the budget.
        let ordering = if (amount - total).abs() <= ctx.settings.cost_tolerance {
            Ordering::Equal
        } else {
            amount.cmp(&total)
        };
        let finding = match (q.comparator, ordering) {
            (Comparator::Eq, Ordering::Equal) => None,
            (Comparator::Eq, _) => Some((
                &COST_MISMATCH,
                format!(
                    "成本指标“{}”为“{raw}”（{amount_s}），与预算数 {total_s} 不一致",
                    row.name
                ),
            )),
            (Comparator::Le | Comparator::Lt, Ordering::Less)
            | (Comparator::Lt, Ordering::Equal) => Some((
                &COST_CAP_BELOW,
                format!(
                    "成本指标“{}”的上限“{raw}”（{amount_s}）低于预算数 {total_s}：计划支出超过了成本上限",
                    row.name
                ),
            )),
            (Comparator::Le | Comparator::Lt, Ordering::Greater) => Some((
                &COST_CAP_ABOVE,
                format!(
                    "成本指标“{}”的上限“{raw}”（{amount_s}）高于预算数 {total_s}，起不到约束作用",
                    row.name
                ),
            )),
            (Comparator::Le, Ordering::Equal) => None,
            (Comparator::Ge | Comparator::Gt, ordering) => {
                let exceeds = ordering == Ordering::Greater
                    || (q.comparator == Comparator::Gt && ordering == Ordering::Equal);
                if exceeds {
                    out.push(
                        ctx.finding(
                            &COST_FLOOR_ABOVE,
                            at,
                            format!(
                                "成本指标“{}”要求“{raw}”（{amount_s}），超过了预算数 {total_s}",
                                row.name
                            ),
                        )
                        .with_help(fix.clone()),
                    );
                }
                Some((
                    &COST_FLOOR,
                    format!(
                        "成本指标“{}”写成了下限“{raw}”：成本指标应是支出上限",
                        row.name
                    ),
                ))
            }
        };
        if let Some((rule, message)) = finding {
            out.push(ctx.finding(rule, at, message).with_help(fix));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::MoneyUnit;

    #[test]
    fn yuan_amounts_convert_before_comparing() {
        assert_eq!(
            MoneyUnit::Yuan.to_wan(Decimal::from(40_000_000)),
            Some(Decimal::from(4000))
        );
    }
}
