//! I (table rows): known 一级/二级 in a pairing the framework allows, named rows, no
//! duplicate names, a basis for every value (and a standard one under 101号), 满意度 filed
//! where it belongs, and weights that are complete and add up.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::diag::Diagnostic;
use crate::model::framework::{
    Level1, Level2, OTHER_BASIS, Placement, Preset, STANDARD_BASES, placement,
};
use crate::model::money::plain;
use crate::model::project::Indicator;
use crate::model::target::{Target, TargetValue};
use crate::rules::ProjectCtx;
use crate::rules::registry::{
    BASIS_MISSING, BASIS_NOT_STANDARD, BASIS_OTHER_UNEXPLAINED, DUPLICATE_INDICATOR,
    INDICATOR_NAME_EMPTY, LEVEL_HYBRID, LEVEL_OTHER_FRAMEWORK, LEVEL1_UNKNOWN, LEVEL2_MISPLACED,
    LEVEL2_UNKNOWN, SATISFACTION_UNDER_SOCIAL, WEIGHTS_INCOMPLETE, WEIGHTS_SUM,
};
use crate::source::spans::IndicatorSpans;

/// Checks every row of the indicator table, then the table's weights.
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
        check_basis(ctx, row, spans, out);
        let name = row.name.trim();
        // A missing `name` key was reported by F003 (its span is then the whole row).
        let name_written = spans.name != spans.row;
        if name_written && Target::parse(name).value == TargetValue::Empty {
            out.push(
                ctx.finding(
                    &INDICATOR_NAME_EMPTY,
                    Some(&spans.name),
                    format!(
                        "第 {} 个 [[indicator]] 的三级指标名称为空或只是占位符",
                        spans.index + 1
                    ),
                )
                .with_help("写出指标名称（如“享受补助资金人数”），或删除该行"),
            );
            continue;
        }
        if !name_written {
            continue;
        }
        if name.contains("满意") && row.level2 == Some(Level2::Social) {
            out.push(
                ctx.finding(
                    &SATISFACTION_UNDER_SOCIAL,
                    Some(&spans.level2),
                    format!("满意度指标“{name}”放在了社会效益指标下"),
                )
                .with_help("改为 `level1 = \"满意度指标\"`、`level2 = \"服务对象满意度指标\"`"),
            );
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
    check_weights(ctx, out);
}

fn check_levels(
    ctx: &ProjectCtx<'_>,
    row: &Indicator,
    spans: &IndicatorSpans,
    out: &mut Vec<Diagnostic>,
) {
    let preset = ctx.framework();
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
    let allowed = || level1.allowed_level2(preset).join("、");
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
                allowed()
            )),
        );
        return;
    };
    let (l1, l2) = (&row.level1_label, &row.level2_label);
    match placement(level1, level2, preset) {
        Placement::Allowed => {}
        Placement::Hybrid => out.push(
            ctx.finding(&LEVEL_HYBRID, Some(&spans.level2), format!("“{l2}”放在“{l1}”下，混用了 88号 与 101号 指标体系"))
                .with_help("统一采用一个指标体系：101号 把成本指标作为一级，下设经济成本、社会成本、生态环境成本指标"),
        ),
        Placement::OtherFramework => {
            let name = if preset == Preset::F101 { "财预〔2021〕101号" } else { "财预〔2015〕88号" };
            let help = if allowed().is_empty() {
                format!("{name} 没有一级指标“{l1}”")
            } else {
                format!("{name} 中 {} 下的二级指标：{}", level1.label(), allowed())
            };
            out.push(
                ctx.finding(&LEVEL_OTHER_FRAMEWORK, Some(&spans.level2), format!("“{l1} / {l2}”不属于所选的 {name} 指标体系"))
                    .with_help(help),
            );
        }
        Placement::Misplaced => out.push(
            ctx.finding(&LEVEL2_MISPLACED, Some(&spans.level2), format!("二级指标“{l2}”不属于一级指标“{l1}”"))
                .with_help(format!("{} 下可用的二级指标：{}", level1.label(), allowed())),
        ),
    }
}

fn check_basis(
    ctx: &ProjectCtx<'_>,
    row: &Indicator,
    spans: &IndicatorSpans,
    out: &mut Vec<Diagnostic>,
) {
    let basis = row
        .basis
        .as_deref()
        .map(str::trim)
        .filter(|b| Target::parse(b).value != TargetValue::Empty);
    let Some(basis) = basis else {
        out.push(
            ctx.finding(
                &BASIS_MISSING,
                spans.basis.as_ref().or(Some(&spans.name)),
                if row.name.trim().is_empty() {
                    format!("第 {} 个 [[indicator]] 没有指标值确定依据", spans.index + 1)
                } else {
                    format!("指标“{}”没有指标值确定依据", row.name)
                },
            )
            .with_help("加上 `basis = \"计划标准\"`（或行业标准、历史标准、其他标准）"),
        );
        return;
    };
    if ctx.framework() != Preset::F101 {
        return;
    }
    if !STANDARD_BASES.contains(&basis) {
        out.push(
            ctx.finding(
                &BASIS_NOT_STANDARD,
                spans.basis.as_ref(),
                format!("指标值确定依据“{basis}”不是 101号 规定的标准"),
            )
            .with_help(format!(
                "写成 {} 之一；确无标准的写“其他标准”并用 `basis_note` 说明",
                STANDARD_BASES.join("、")
            )),
        );
    } else if basis == OTHER_BASIS
        && row
            .basis_note
            .as_deref()
            .is_none_or(|n| n.trim().is_empty())
    {
        out.push(
            ctx.finding(
                &BASIS_OTHER_UNEXPLAINED,
                spans.basis.as_ref(),
                format!("指标“{}”的依据为其他标准，但没有说明", row.name),
            )
            .with_help("加上 `basis_note = \"……\"`，写明财政部门认可的标准来源"),
        );
    }
}

fn check_weights(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    let rows = ctx.project.indicators.iter().zip(&ctx.spans.indicators);
    let weighted: Vec<Decimal> = ctx
        .project
        .indicators
        .iter()
        .filter_map(|r| r.weight)
        .collect();
    if weighted.is_empty() {
        return;
    }
    let mut complete = true;
    for (row, spans) in rows.filter(|(r, _)| r.weight.is_none()) {
        complete = false;
        out.push(
            ctx.finding(
                &WEIGHTS_INCOMPLETE,
                Some(&spans.name),
                format!("指标“{}”没有权重，而其他指标有", row.name),
            )
            .with_help("为每行补上 `weight = …`，或全部删除权重"),
        );
    }
    let sum: Decimal = weighted.iter().sum();
    let want = ctx.settings.weight_total;
    if complete && sum != want {
        let at = ctx.spans.indicators.first().and_then(|s| s.weight.as_ref());
        out.push(
            ctx.finding(&WEIGHTS_SUM, at, format!("指标权重合计为 {}，应为 {}", plain(sum), plain(want)))
                .with_help("调整各行 `weight`；预留 10 分给预算执行率时，在 perf.toml 设 `thresholds.weight_total = 90`"),
        );
    }
}
