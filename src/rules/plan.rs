//! S: 资金支出计划 — months 1..12, percentages 0..100, cumulative, 100 at year end, and not
//! far behind 序时进度.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::diag::Diagnostic;
use crate::model::money::{format2, plain, round2};
use crate::model::plan::time_elapsed_percent;
use crate::rules::ProjectCtx;
use crate::rules::registry::{
    PLAN_BEHIND, PLAN_DECREASING, PLAN_INCOMPLETE, PLAN_MISSING, PLAN_MONTH, PLAN_PERCENT,
};

/// Checks a project's `[plan]`.
pub fn check(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(plan) = &ctx.project.plan else {
        out.push(
            ctx.finding(&PLAN_MISSING, None, "项目没有资金支出计划 [plan]")
                .with_help("加上 [plan]，按 `3 = 20`、`6 = 50`、`10 = 70`、`12 = 100` 的形式写各月底累计支出比例"),
        );
        return;
    };
    let span_of = |i: usize| ctx.spans.plan_points.get(i);
    let mut previous: Option<(i64, Decimal)> = None;
    for (i, point) in plan.points.iter().enumerate() {
        let (month, percent) = (point.month, point.percent);
        if !(1..=12).contains(&month) {
            out.push(
                ctx.finding(
                    &PLAN_MONTH,
                    span_of(i),
                    format!("资金支出计划的月份 {month} 不在 1–12 之间"),
                )
                .with_help("键是月份：`3 = 20` 表示截至 3 月底累计支出 20%"),
            );
            continue;
        }
        if percent < Decimal::ZERO || percent > Decimal::ONE_HUNDRED {
            out.push(
                ctx.finding(
                    &PLAN_PERCENT,
                    span_of(i),
                    format!(
                        "{month} 月底累计支出比例 {}% 不在 0–100% 之间",
                        plain(percent)
                    ),
                )
                .with_help("写截至该月底累计支出占预算的百分比，不带 % 号，如 `6 = 50`"),
            );
        }
        if let Some((prev_month, prev_percent)) = previous.filter(|&(_, p)| percent < p) {
            out.push(
                ctx.finding(
                    &PLAN_DECREASING,
                    span_of(i),
                    format!(
                        "{month} 月底累计支出比例 {}% 低于 {prev_month} 月底的 {}%，累计数不应下降",
                        plain(percent),
                        plain(prev_percent)
                    ),
                )
                .with_help("资金支出计划是累计数：写截至该月底累计支出的比例，而不是当月支出"),
            );
        }
        let month_u32 = u32::try_from(month).unwrap_or(12);
        let elapsed = time_elapsed_percent(month_u32);
        let lag = elapsed - percent;
        if lag > ctx.settings.max_lag_points {
            let floor = elapsed - ctx.settings.max_lag_points;
            out.push(
                ctx.finding(
                    &PLAN_BEHIND,
                    span_of(i),
                    format!(
                        "{month} 月底计划累计支出 {}%，落后序时进度 {}% 达 {} 个百分点（超过 {}）",
                        plain(percent),
                        format2(elapsed).trim_end_matches(".00"),
                        plain(shown_lag(lag, ctx.settings.max_lag_points)),
                        plain(ctx.settings.max_lag_points)
                    ),
                )
                .with_help(format!(
                    "把 {month} 月底的计划提高到不低于 {}%；确需年底集中支付的，在资金用途中说明原因",
                    format2(floor).trim_end_matches(".00")
                )),
            );
        }
        previous = Some((month, percent));
    }
    match plan.points.iter().position(|p| p.month == 12) {
        None => out.push(
            ctx.finding(
                &PLAN_INCOMPLETE,
                ctx.spans.plan.as_ref(),
                "资金支出计划没有 12 月底的累计比例",
            )
            .with_help("加上 `12 = 100`：年度预算应在年底全部支出"),
        ),
        Some(i) if plan.points[i].percent != Decimal::ONE_HUNDRED => out.push(
            ctx.finding(
                &PLAN_INCOMPLETE,
                span_of(i),
                format!(
                    "12 月底累计支出比例为 {}%，应为 100%",
                    plain(plan.points[i].percent)
                ),
            )
            .with_help("写 `12 = 100`；预计结转的资金应在预算中调整，而不是留在计划里"),
        ),
        Some(_) => {}
    }
}

/// The lag rounded to cents; rounded up when ordinary rounding would show it at the
/// threshold it exceeds (20.003 shows as 20.01, not as 20 "over 20").
fn shown_lag(lag: Decimal, max: Decimal) -> Decimal {
    let rounded = round2(lag);
    if rounded <= max {
        lag.round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity)
    } else {
        rounded
    }
}
