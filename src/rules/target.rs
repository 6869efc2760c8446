//! I (values): every 指标值 can be read, is not a placeholder, keeps percentages within
//! 100%, states a comparator and a unit where numbers need them, and writes 满意度 as a
//! realistic floor. The grammar itself lives in `model::target` (docs/targets.md).

use rust_decimal::Decimal;

use crate::diag::Diagnostic;
use crate::model::money::plain;
use crate::model::project::Indicator;
use crate::model::target::{Comparator, TargetValue, Unit, Unreadable};
use crate::rules::ProjectCtx;
use crate::rules::registry::{
    PERCENT_OVER_100, RATE_FLOOR_100, SATISFACTION_TARGET, TARGET_EMPTY, TARGET_NO_COMPARATOR,
    TARGET_NO_UNIT, TARGET_UNREADABLE,
};
use crate::source::spans::IndicatorSpans;

/// Checks every row's 指标值.
pub fn check(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    for (row, spans) in ctx.project.indicators.iter().zip(&ctx.spans.indicators) {
        check_form(ctx, row, spans, out);
    }
}

fn check_form(
    ctx: &ProjectCtx<'_>,
    row: &Indicator,
    spans: &IndicatorSpans,
    out: &mut Vec<Diagnostic>,
) {
    let raw = &row.target.raw;
    let at = Some(&spans.target);
    match &row.target.value {
        TargetValue::Empty => {
            out.push(
                ctx.finding(
                    &TARGET_EMPTY,
                    at,
                    format!("指标“{}”的指标值为空或只是占位符“{raw}”", row.name),
                )
                .with_help("填写具体指标值，如 `≥100人`、`=100%`、`2024年12月底前`，或删除该行"),
            );
            return;
        }
        TargetValue::Unreadable(why) => {
            let reason = match why {
                Unreadable::MissingNumber => "比较符后面没有数值",
                Unreadable::TrailingText => "数值后面的单位里还有数字",
                Unreadable::InvertedRange => "区间的下限大于上限",
            };
            out.push(
                ctx.finding(&TARGET_UNREADABLE, at, format!("指标值“{raw}”无法解析：{reason}"))
                    .with_help("定量指标写成“比较符 + 数值 + 单位”，如 `≥5个`、`=100%`、`≤2800万元`、`80%-90%`；定性指标直接写文字。`perf target` 可查看 perf 如何理解一个指标值"),
            );
            return;
        }
        TargetValue::Quantity(q) => {
            let percent = q.unit == Unit::Percent;
            if percent && q.value > Decimal::ONE_HUNDRED {
                out.push(
                    ctx.finding(&PERCENT_OVER_100, at, format!("指标值“{raw}”超过 100%"))
                        .with_help("比率类指标不会超过 100%；如为增长量，请写明数量和单位"),
                );
            } else if percent
                && q.comparator.is_lower_bound()
                && q.value == Decimal::ONE_HUNDRED
                && !row.is_satisfaction()
            {
                out.push(
                    ctx.finding(
                        &RATE_FLOOR_100,
                        at,
                        format!("比率指标值“{raw}”：比率不会超过 100%，不低于 100% 就是等于 100%"),
                    )
                    .with_help("写成 `=100%`，或设一个现实的下限如 `≥98%`"),
                );
            }
            let counted = matches!(
                q.unit,
                Unit::Count { .. } | Unit::Money(_) | Unit::PerItem { .. } | Unit::PerPeriod { .. }
            );
            if counted && !q.explicit_comparator {
                out.push(
                    ctx.finding(
                        &TARGET_NO_COMPARATOR,
                        at,
                        format!("指标值“{raw}”没有比较符，perf 按“等于”理解"),
                    )
                    .with_help(format!(
                        "写明是下限、上限还是等于：`≥{q}`、`≤{q}` 或 `={q}`",
                        q = format_args!("{}{}", plain(q.value), q.unit)
                    )),
                );
            }
            // A cost amount with no unit has its own rule (C006).
            if q.unit == Unit::None && !row.is_money_cost() {
                out.push(
                    ctx.finding(&TARGET_NO_UNIT, at, format!("指标值“{raw}”的数值没有单位"))
                        .with_help(
                            "写上单位，如 `≥50人`、`≥95%`；或用 `unit = \"…\"` 单独写度量单位",
                        ),
                );
            }
        }
        TargetValue::Range(r) => {
            if r.unit == Unit::Percent && r.high > Decimal::ONE_HUNDRED {
                out.push(
                    ctx.finding(&PERCENT_OVER_100, at, format!("指标值“{raw}”超过 100%"))
                        .with_help("比率类指标不会超过 100%"),
                );
            }
            if r.unit == Unit::None {
                out.push(
                    ctx.finding(&TARGET_NO_UNIT, at, format!("指标值“{raw}”的数值没有单位"))
                        .with_help("写上单位，如 `80%-90%`、`5~8个`"),
                );
            }
        }
        TargetValue::Time
        | TargetValue::YesNo(_)
        | TargetValue::Graded
        | TargetValue::Qualitative => {}
    }
    if row.is_satisfaction() {
        check_satisfaction(ctx, row, spans, out);
    }
}

fn check_satisfaction(
    ctx: &ProjectCtx<'_>,
    row: &Indicator,
    spans: &IndicatorSpans,
    out: &mut Vec<Diagnostic>,
) {
    let raw = &row.target.raw;
    let min = ctx.settings.satisfaction_min;
    let percent = row.target.quantity().filter(|q| q.unit == Unit::Percent);
    let problem = match percent {
        Some(q) if q.comparator.is_lower_bound() && q.value == Decimal::ONE_HUNDRED => {
            Some(format!("满意度指标值“{raw}”要求 100%，无法保证也无法评价"))
        }
        Some(q) if q.comparator.is_lower_bound() && q.value < min => {
            Some(format!("满意度指标值“{raw}”的下限低于 {}%", plain(min)))
        }
        Some(q) if q.comparator.is_lower_bound() => None,
        Some(q) if q.comparator == Comparator::Eq && q.value == Decimal::ONE_HUNDRED => Some(
            format!("满意度指标值“{raw}”要求恰好 100%，无法保证也无法评价"),
        ),
        Some(q) if q.comparator == Comparator::Eq => {
            Some(format!("满意度指标值“{raw}”用了等号，满意度应设下限"))
        }
        Some(_) => Some(format!("满意度指标值“{raw}”写成了上限，满意度应设下限")),
        None => Some(format!("满意度指标值“{raw}”不是带 ≥ 的百分比")),
    };
    if let Some(message) = problem {
        let suggestion = percent
            .filter(|q| q.value < Decimal::ONE_HUNDRED && q.value >= min)
            .map_or_else(|| "≥90%".to_owned(), |q| format!("≥{}%", plain(q.value)));
        out.push(
            ctx.finding(&SATISFACTION_TARGET, Some(&spans.target), message)
                .with_help(format!(
                    "满意度来自抽样调查，应设下限，通常为 {}%–95%，如 `{suggestion}`",
                    plain(min)
                )),
        );
    }
}
