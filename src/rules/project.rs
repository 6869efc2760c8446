//! P: a project states its purpose and goals, its indicators cover what the review expects
//! (产出 with 数量/质量/时效/成本, 效益, 满意度 — 完整性), and every goal is reflected by some
//! indicator (相关性).

use std::collections::HashSet;

use crate::diag::Diagnostic;
use crate::model::framework::{Level1, Level2, Preset};
use crate::model::project::Indicator;
use crate::rules::ProjectCtx;
use crate::rules::registry::{
    EFFECT_MISSING, GOAL_UNMATCHED, GOALS_EMPTY, OUTPUT_COVERAGE, PURPOSE_MISSING,
    SATISFACTION_MISSING,
};

/// Checks purpose, goals and indicator coverage.
pub fn check(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    let project = ctx.project;
    let spans = ctx.spans;
    if project
        .purpose
        .as_deref()
        .is_none_or(|p| p.trim().is_empty())
    {
        out.push(
            ctx.finding(
                &PURPOSE_MISSING,
                spans.purpose.as_ref().or(spans.name.as_ref()),
                "项目没有填写资金用途 `purpose`",
            )
            .with_help(
                "写明资金的具体用途，如 `purpose = \"用于支付被征地农民社会保障费和风险基金。\"`",
            ),
        );
    }
    if spans.goals.is_some() && project.goals.iter().all(|g| g.trim().is_empty()) {
        out.push(
            ctx.finding(
                &GOALS_EMPTY,
                spans.goals.as_ref(),
                "项目没有绩效目标：`goals` 为空",
            )
            .with_help("写出项目的年度绩效目标，如 `goals = [\"按时足额发放补助资金。\"]`"),
        );
    }
    if project.indicators.is_empty() {
        return;
    }
    check_coverage(ctx, out);
    check_goal_relevance(ctx, out);
}

fn check_coverage(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    let rows = &ctx.project.indicators;
    let at = ctx.spans.name.as_ref();
    let has = |pred: &dyn Fn(&Indicator) -> bool| rows.iter().any(pred);
    let under_output = |level2: Level2| {
        move |i: &Indicator| i.level2 == Some(level2) && i.level1 == Some(Level1::Output)
    };
    let mut missing: Vec<&str> = [Level2::Quantity, Level2::Quality, Level2::Timeliness]
        .into_iter()
        .filter(|&l2| !has(&under_output(l2)))
        .map(Level2::label)
        .collect();
    // 101号 makes 成本 a 一级; elsewhere a 成本 二级 (under 产出, or the 101号 form) counts.
    let cost_present = if ctx.framework() == Preset::F101 {
        has(&|i| i.level1 == Some(Level1::Cost))
    } else {
        has(&|i| i.level1 == Some(Level1::Cost) || i.level2.is_some_and(Level2::is_money_cost))
    };
    if !cost_present {
        missing.push(Level2::Cost.label());
    }
    for level2 in missing {
        let (message, help) = if level2 == Level2::Cost.label() && ctx.framework() == Preset::F101 {
            (
                "缺少成本指标（101号 下为一级指标）".to_owned(),
                "补一行 `level1 = \"成本指标\"`、`level2 = \"经济成本指标\"`".to_owned(),
            )
        } else {
            (
                format!("产出指标缺少{level2}"),
                format!("补一行 `level1 = \"产出指标\"`、`level2 = \"{level2}\"` 的指标"),
            )
        };
        out.push(ctx.finding(&OUTPUT_COVERAGE, at, message).with_help(help));
    }
    if !has(&|i| i.level1 == Some(Level1::Effect)) {
        out.push(
            ctx.finding(&EFFECT_MISSING, at, "没有效益（效果）指标")
                .with_help("补一行 `level1 = \"效益指标\"`，如 `level2 = \"社会效益指标\"`"),
        );
    }
    if !has(&Indicator::is_satisfaction) {
        out.push(
            ctx.finding(&SATISFACTION_MISSING, at, "没有满意度指标")
                .with_help("补一行 `level1 = \"满意度指标\"`、`level2 = \"服务对象满意度指标\"`、`target = \"≥90%\"`"),
        );
    }
}

/// Two-character words too common in these tables to show that a goal and an indicator are
/// about the same thing.
const COMMON_BIGRAMS: &[&str] = &[
    "确保", "按照", "相关", "规定", "工作", "进行", "顺利", "开展", "提高", "及时", "保障", "项目",
    "资金", "使用", "情况", "是否", "完成", "按时", "有关", "加强", "做好", "实现", "落实",
];

/// The two-character windows of a text's Han characters (punctuation and ASCII split it).
fn bigrams(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let han = |c: &char| ('\u{4e00}'..='\u{9fff}').contains(c);
    for run in text.split(|c: char| !han(&c)) {
        let chars: Vec<char> = run.chars().collect();
        for pair in chars.windows(2) {
            let word: String = pair.iter().collect();
            if !COMMON_BIGRAMS.contains(&word.as_str()) {
                out.insert(word);
            }
        }
    }
    out
}

/// 相关性: each goal shares at least one key word with some indicator's name or description.
fn check_goal_relevance(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    let indicator_words: HashSet<String> = ctx
        .project
        .indicators
        .iter()
        .flat_map(|i| [Some(i.name.as_str()), i.description.as_deref()])
        .flatten()
        .flat_map(bigrams)
        .collect();
    for (i, goal) in ctx.project.goals.iter().enumerate() {
        let words = bigrams(goal);
        if words.is_empty() || !words.is_disjoint(&indicator_words) {
            continue;
        }
        let at = ctx.spans.goal_items.get(i).or(ctx.spans.goals.as_ref());
        out.push(
            ctx.finding(
                &GOAL_UNMATCHED,
                at,
                format!("目标{}“{}”没有对应的指标", i + 1, goal.trim()),
            )
            .with_help("为这个目标补充能衡量它的指标，或改写目标使其与现有指标对应"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_skip_punctuation_and_common_words() {
        let words = bigrams("及时拨付，缴纳国库。");
        assert!(words.contains("拨付") && words.contains("国库"));
        assert!(!words.contains("付缴") && !words.contains("及时"));
    }
}
