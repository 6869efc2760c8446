//! P: a project states goals, and its indicators cover what the review expects (产出 with
//! 数量/质量/时效/成本, 效益, 满意度).

use crate::diag::Diagnostic;
use crate::model::framework::{Level1, Level2};
use crate::model::project::Indicator;
use crate::rules::ProjectCtx;
use crate::rules::registry::{EFFECT_MISSING, GOALS_EMPTY, OUTPUT_COVERAGE, SATISFACTION_MISSING};

/// Checks goals and indicator coverage.
pub fn check(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    let project = ctx.project;
    let spans = ctx.spans;
    if ctx.spans.goals.is_some() && project.goals.iter().all(|g| g.trim().is_empty()) {
        out.push(
            ctx.finding(
                &GOALS_EMPTY,
                spans.goals.as_ref(),
                "项目没有绩效目标：`goals` 为空",
            )
            .with_help("写出项目的年度绩效目标，如 `goals = [\"按时足额发放补助资金。\"]`"),
        );
    }
    let rows = &project.indicators;
    if rows.is_empty() {
        return;
    }
    let at = spans.name.as_ref();
    let has = |pred: &dyn Fn(&Indicator) -> bool| rows.iter().any(pred);
    let under_output = |level2: Level2| {
        move |i: &Indicator| i.level2 == Some(level2) && i.level1 == Some(Level1::Output)
    };
    let mut missing: Vec<&str> = [Level2::Quantity, Level2::Quality, Level2::Timeliness]
        .into_iter()
        .filter(|&l2| !has(&under_output(l2)))
        .map(Level2::label)
        .collect();
    if !has(&|i| i.level1 == Some(Level1::Cost) || i.level2.is_some_and(Level2::is_money_cost)) {
        missing.push(Level2::Cost.label());
    }
    for level2 in missing {
        out.push(
            ctx.finding(&OUTPUT_COVERAGE, at, format!("产出指标缺少{level2}"))
                .with_help(format!(
                    "补一行 `level1 = \"产出指标\"`、`level2 = \"{level2}\"` 的指标"
                )),
        );
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
