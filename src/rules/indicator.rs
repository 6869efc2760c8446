//! I: the indicator table — known 一级/二级 in a valid pairing, readable targets, sane
//! percentages and 满意度 targets, no duplicate names.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::diag::Diagnostic;
use crate::model::framework::{Level1, Placement, placement};
use crate::model::money::plain;
use crate::model::project::Indicator;
use crate::model::target::{Comparator, TargetValue, UnitKind, Unreadable};
use crate::rules::ProjectCtx;
use crate::rules::registry::{
    DUPLICATE_INDICATOR, LEVEL_HYBRID, LEVEL1_UNKNOWN, LEVEL2_MISPLACED, LEVEL2_UNKNOWN,
    PERCENT_OVER_100, SATISFACTION_TARGET, TARGET_EMPTY, TARGET_UNREADABLE,
};
use crate::source::spans::IndicatorSpans;

/// Checks every row of the indicator table.
pub fn check(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    let mut first_by_name: HashMap<&str, usize> = HashMap::new();
    for (i, (row, spans)) in ctx
        .project
        .indicators
        .iter()
        .zip(&ctx.spans.indicators)
        .enumerate()
    {
        check_levels(ctx, row, spans, out);
        check_target(ctx, row, spans, out);
        let name = row.name.trim();
        if name.is_empty() {
            continue;
        }
        if let Some(&first) = first_by_name.get(name) {
            let first = ctx.spans.indicators.get(first).map_or(first, |s| s.index);
            out.push(
                ctx.finding(
                    &DUPLICATE_INDICATOR,
                    Some(&spans.name),
                    format!("三级指标“{name}”与第 {} 个 [[indicator]] 重名", first + 1),
                )
                .with_help("给指标起能区分的名称，或合并重复的行"),
            );
        } else {
            first_by_name.insert(name, i);
        }
    }
}

fn check_levels(
    ctx: &ProjectCtx<'_>,
    row: &Indicator,
    spans: &IndicatorSpans,
    out: &mut Vec<Diagnostic>,
) {
    let Some(level1) = row.level1 else {
        out.push(
            ctx.finding(
                &LEVEL1_UNKNOWN,
                Some(&spans.level1),
                format!("一级指标“{}”不认识", row.level1_label),
            )
            .with_help(format!(
                "可用的一级指标：{}（效果指标视同效益指标）",
                Level1::labels().join("、")
            )),
        );
        return;
    };
    let Some(level2) = row.level2 else {
        out.push(
            ctx.finding(
                &LEVEL2_UNKNOWN,
                Some(&spans.level2),
                format!("二级指标“{}”不认识", row.level2_label),
            )
            .with_help(format!(
                "{} 下可用的二级指标：{}",
                level1.label(),
                level1.allowed_level2().join("、")
            )),
        );
        return;
    };
    match placement(level1, level2) {
        Placement::Allowed => {}
        Placement::Hybrid => out.push(
            ctx.finding(
                &LEVEL_HYBRID,
                Some(&spans.level2),
                format!("“{}”放在“{}”下，混用了 88号 与 101号 指标体系", row.level2_label, row.level1_label),
            )
            .with_help("统一采用一个指标体系：101号 把成本指标作为一级，下设经济成本、社会成本、生态环境成本指标"),
        ),
        Placement::Misplaced => out.push(
            ctx.finding(
                &LEVEL2_MISPLACED,
                Some(&spans.level2),
                format!("二级指标“{}”不属于一级指标“{}”", row.level2_label, row.level1_label),
            )
            .with_help(format!("{} 下可用的二级指标：{}", level1.label(), level1.allowed_level2().join("、"))),
        ),
    }
}

fn check_target(
    ctx: &ProjectCtx<'_>,
    row: &Indicator,
    spans: &IndicatorSpans,
    out: &mut Vec<Diagnostic>,
) {
    let raw = &row.target.raw;
    let at = Some(&spans.target);
    match &row.target.value {
        TargetValue::Empty => out.push(
            ctx.finding(
                &TARGET_EMPTY,
                at,
                format!("指标“{}”的指标值为空或只是占位符“{raw}”", row.name),
            )
            .with_help("填写具体指标值，如 `≥100人`、`=100%`、`2024年12月底前`，或删除该行"),
        ),
        TargetValue::Unreadable(why) => {
            let reason = match why {
                Unreadable::MissingNumber => "比较符后面没有数值",
                Unreadable::TrailingText => "数值后面的单位里还有数字",
            };
            out.push(
                ctx.finding(&TARGET_UNREADABLE, at, format!("指标值“{raw}”无法解析：{reason}"))
                    .with_help("定量指标写成“比较符 + 数值 + 单位”，如 `≥5个`、`=100%`、`≤2800万元`；定性指标直接写文字"),
            );
        }
        TargetValue::Quantity(q) => {
            if q.unit_kind() == UnitKind::Percent && q.value > Decimal::ONE_HUNDRED {
                out.push(
                    ctx.finding(&PERCENT_OVER_100, at, format!("指标值“{raw}”超过 100%"))
                        .with_help("比率类指标不会超过 100%；如为增长量，请写明数量和单位"),
                );
            }
        }
        TargetValue::Time | TargetValue::Qualitative => {}
    }
    // An empty or unreadable target has been reported above; judging its form again would
    // only repeat the finding.
    let readable = !matches!(
        row.target.value,
        TargetValue::Empty | TargetValue::Unreadable(_)
    );
    if readable && row.is_satisfaction() {
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
    let problem = match row.target.quantity() {
        Some(q) if q.unit_kind() == UnitKind::Percent && q.comparator.is_lower_bound() => {
            let min = ctx.settings.satisfaction_min;
            if q.value == Decimal::ONE_HUNDRED {
                Some(format!("满意度指标值“{raw}”要求 100%，无法保证也无法评价"))
            } else if q.value < min {
                Some(format!("满意度指标值“{raw}”的下限低于 {}%", plain(min)))
            } else {
                None
            }
        }
        Some(q) if q.unit_kind() == UnitKind::Percent && q.comparator == Comparator::Eq => {
            Some(if q.value == Decimal::ONE_HUNDRED {
                format!("满意度指标值“{raw}”要求恰好 100%，无法保证也无法评价")
            } else {
                format!("满意度指标值“{raw}”用了等号，满意度应设下限")
            })
        }
        _ => Some(format!("满意度指标值“{raw}”不是带 ≥ 的百分比")),
    };
    if let Some(message) = problem {
        let suggestion = row
            .target
            .quantity()
            .filter(|q| q.unit_kind() == UnitKind::Percent && q.value < Decimal::ONE_HUNDRED)
            .map_or_else(|| "≥90%".to_owned(), |q| format!("≥{}%", plain(q.value)));
        out.push(
            ctx.finding(&SATISFACTION_TARGET, Some(&spans.target), message)
                .with_help(format!(
                    "满意度来自抽样调查，应设下限，通常为 80%–95%，如 `{suggestion}`"
                )),
        );
    }
}
