//! S: 资金支出计划 — months 1..12, percentages 0..100, cumulative, 100 at year end, and not
//! far behind 序时进度.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::args;
use crate::diag::Diagnostic;
use crate::diag::registry::{
    PLAN_BEHIND, PLAN_DECREASING, PLAN_INCOMPLETE, PLAN_MISSING, PLAN_MONTH, PLAN_PERCENT,
};
use crate::model::money::{CentsShort, Plain, format2, round2};
use crate::model::plan::time_elapsed_percent;
use crate::rules::ProjectCtx;

/// Whether a missing `[plan]` is a finding: not when perf.toml says `require_plan = false`,
/// nor for a 监控表 or 自评表, forms that never carry one — named so in its title or name, or
/// known by what it records ([`records_results`]): an imported table keeps neither word (its
/// title is what comes before the form's words), and all ten real 自评表 and 监控表 of
/// tests/real-forms got an S006 they could not act on.
fn plan_expected(ctx: &ProjectCtx<'_>) -> bool {
    let p = ctx.project;
    let form_without_plan = |text: &str| ["监控", "自评"].iter().any(|w| text.contains(w));
    ctx.settings.require_plan
        && !p.title.as_deref().is_some_and(form_without_plan)
        && !form_without_plan(&p.name)
        && !records_results(p)
}

/// Whether a table records how its indicators turned out — anything about the year on a row
/// (an 实际完成值, a 完成可能性, a grade, the unit's own 得分, a reason: `Progress::is_recorded`),
/// or the form's own 自评 执行率 or total: the content of a 监控表 or 自评表. Spending alone
/// (`[execution] spent`) is not: that is what a plan is compared with.
fn records_results(p: &crate::model::project::Project) -> bool {
    p.indicators.iter().any(|i| i.progress.is_recorded())
        || p.execution
            .as_ref()
            .is_some_and(|e| e.self_rate.is_some() || e.self_total.is_some())
}

/// Checks a project's `[plan]`.
pub fn check(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(plan) = &ctx.project.plan else {
        if !plan_expected(ctx) {
            return;
        }
        out.push(
            ctx.finding(&PLAN_MISSING, None, ctx.t("S006.message", &[]))
                .with_help(ctx.t("S006.help", &[])),
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
                    ctx.t("S001.message", args!(month = month)),
                )
                .with_help(ctx.t("S001.help", &[])),
            );
            continue;
        }
        if percent < Decimal::ZERO || percent > Decimal::ONE_HUNDRED {
            out.push(
                ctx.finding(
                    &PLAN_PERCENT,
                    span_of(i),
                    ctx.t(
                        "S002.message",
                        args!(month = month, percent = Plain(percent)),
                    ),
                )
                .with_help(ctx.t("S002.help", &[])),
            );
        }
        if let Some((prev_month, prev_percent)) = previous.filter(|&(_, p)| percent < p) {
            out.push(
                ctx.finding(
                    &PLAN_DECREASING,
                    span_of(i),
                    ctx.t(
                        "S003.message",
                        args!(
                            month = month,
                            percent = Plain(percent),
                            prev_month = prev_month,
                            prev_percent = Plain(prev_percent)
                        ),
                    ),
                )
                .with_help(ctx.t("S003.help", &[])),
            );
        }
        let (elapsed, elapsed_shown) = elapsed_at(month);
        let lag = elapsed - percent;
        if lag > ctx.settings.max_lag_points {
            let floor = elapsed - ctx.settings.max_lag_points;
            out.push(
                ctx.finding(
                    &PLAN_BEHIND,
                    span_of(i),
                    ctx.t(
                        "S005.message",
                        args!(
                            month = month,
                            percent = Plain(percent),
                            elapsed = elapsed_shown,
                            lag = Plain(shown_lag(lag, ctx.settings.max_lag_points)),
                            max = Plain(ctx.settings.max_lag_points)
                        ),
                    ),
                )
                .with_help(ctx.t("S005.help", args!(month = month, floor = CentsShort(floor)))),
            );
        }
        previous = Some((month, percent));
    }
    match plan.points.iter().enumerate().find(|(_, p)| p.month == 12) {
        None => out.push(
            ctx.finding(
                &PLAN_INCOMPLETE,
                ctx.spans.plan.as_ref(),
                ctx.t("S004.missing", &[]),
            )
            .with_help(ctx.t("S004.missing_help", &[])),
        ),
        Some((i, point)) if point.percent != Decimal::ONE_HUNDRED => out.push(
            ctx.finding(
                &PLAN_INCOMPLETE,
                span_of(i),
                ctx.t("S004.message", args!(percent = Plain(point.percent))),
            )
            .with_help(ctx.t("S004.help", &[])),
        ),
        Some(_) => {}
    }
}

/// 序时进度 at the end of each month and as messages show it, worked out once: a `Decimal`
/// division for every point of every plan was a visible share of this rule.
static ELAPSED: std::sync::LazyLock<[(Decimal, String); 12]> = std::sync::LazyLock::new(|| {
    std::array::from_fn(|i| {
        let elapsed = time_elapsed_percent(u32::try_from(i + 1).unwrap_or(12));
        let shown = format2(elapsed).trim_end_matches(".00").to_owned();
        (elapsed, shown)
    })
});

/// [`ELAPSED`] of `month` (1–12; any other month is worked out as before).
fn elapsed_at(month: i64) -> (Decimal, std::borrow::Cow<'static, str>) {
    let at = usize::try_from(month - 1).ok();
    match at.and_then(|at| ELAPSED.get(at)) {
        Some((elapsed, shown)) => (*elapsed, std::borrow::Cow::Borrowed(shown.as_str())),
        None => {
            let elapsed = time_elapsed_percent(u32::try_from(month).unwrap_or(12));
            let shown = format2(elapsed).trim_end_matches(".00").to_owned();
            (elapsed, std::borrow::Cow::Owned(shown))
        }
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

#[cfg(test)]
mod tests {
    use crate::rules::testing::{clean_with, codes};

    #[test]
    fn a_table_that_records_results_is_not_asked_for_a_plan() {
        let no_plan = clean_with("[plan]\n3 = 25\n6 = 50\n10 = 80\n12 = 100\n", "");
        assert_eq!(codes(&no_plan, super::check), ["S006"]);
        // An 实际完成值 on a row: a 监控表 or 自评表 by its content.
        let monitored = no_plan.replacen(
            "target = \"≥1200人\"\n",
            "target = \"≥1200人\"\nactual = \"1250人\"\n",
            1,
        );
        assert_ne!(monitored, no_plan);
        assert!(codes(&monitored, super::check).is_empty());
        // A 自评 grade alone on a qualitative row is a result too.
        let graded = no_plan.replacen(
            "target = \"2024年12月底前\"\n",
            "target = \"2024年12月底前\"\ngrade = \"达成\"\n",
            1,
        );
        assert_ne!(graded, no_plan);
        assert!(codes(&graded, super::check).is_empty());
        // Spending alone is what a plan is for: still asked.
        let spent = format!("{no_plan}\n[execution]\nspent = {{ 6 = 200 }}\n");
        assert_eq!(codes(&spent, super::check), ["S006"]);
    }

    #[test]
    fn months_and_percentages_are_checked_for_range() {
        assert!(codes(&clean_with("12 = 100", "13 = 100"), super::check).contains(&"S001"));
        assert!(codes(&clean_with("12 = 100", "12 = 120"), super::check).contains(&"S002"));
    }

    #[test]
    fn a_cumulative_plan_never_goes_down_and_ends_at_100() {
        let down = clean_with("10 = 80", "10 = 40");
        assert!(codes(&down, super::check).contains(&"S003"));
        let short = clean_with("12 = 100", "12 = 90");
        assert_eq!(codes(&short, super::check), ["S004"]);
    }

    #[test]
    fn a_lag_behind_the_time_schedule_is_judged_against_its_threshold() {
        // 6月底 is 50% of the year: 31% lags 19 points (within 20), 29% lags 21.
        let within = clean_with("6 = 50", "6 = 31");
        assert!(codes(&within, super::check).is_empty());
        let behind = clean_with("6 = 50", "6 = 29");
        assert_eq!(codes(&behind, super::check), ["S005"]);
    }

    #[test]
    fn elapsed_is_worked_out_as_before() {
        use crate::model::money::format2;
        use crate::model::plan::time_elapsed_percent;
        for month in 1..=12 {
            let (elapsed, shown) = super::elapsed_at(month);
            let want = time_elapsed_percent(u32::try_from(month).unwrap());
            assert_eq!(elapsed, want);
            assert_eq!(shown, format2(want).trim_end_matches(".00"));
        }
    }

    #[test]
    fn a_missing_plan_is_said_once() {
        let none = clean_with("[plan]\n3 = 25\n6 = 50\n10 = 80\n12 = 100\n", "");
        assert_eq!(codes(&none, super::check), ["S006"]);
    }
}
