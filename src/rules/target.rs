//! I (values): every 指标值 can be read, is not a placeholder, keeps percentages within
//! 100%, states a comparator and a unit where numbers need them, and writes 满意度 as a
//! realistic floor (an 实际完成值 that restates its target is E011, rules::execution). The
//! grammar itself lives in `model::target` (docs/targets.md).

use rust_decimal::Decimal;

use crate::args;
use crate::diag::Diagnostic;
use crate::diag::registry::{
    PERCENT_OVER_100, RATE_FLOOR_100, SATISFACTION_TARGET, TARGET_EMPTY, TARGET_NO_COMPARATOR,
    TARGET_NO_UNIT, TARGET_UNREADABLE,
};
use crate::model::money::Plain;
use crate::model::project::Indicator;
use crate::model::spans::IndicatorSpans;
use crate::model::target::direction::Because;
use crate::model::target::{Comparator, Quantity, TargetValue, Unit, Unreadable};
use crate::rules::ProjectCtx;

/// Checks every row's 指标值.
pub fn check(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    let no_units = units_absent(ctx);
    for (row, spans) in ctx.project.indicators.iter().zip(&ctx.spans.indicators) {
        // A blank template row is reported once, by I020.
        if !row.is_blank() {
            check_form(ctx, row, spans, no_units.is_none(), out);
        }
    }
    if let Some((rows, example)) = no_units {
        out.push(
            ctx.finding(
                &TARGET_NO_UNIT,
                ctx.spans.name.as_ref(),
                ctx.t("I013.column", args!(n = rows, raw = example)),
            )
            .with_help(ctx.t("I013.column_help", &[])),
        );
    }
}

/// When no numeric 指标值 of the table writes a unit and at least two would each be an I013
/// (a form that keeps no units, such as real form 61's bare `100`s): how many, and the first
/// as an example. That is one fact about the form, said once, as I014 says a missing 依据
/// column; where some rows write units, each row without one is its own finding.
fn units_absent<'p>(ctx: &ProjectCtx<'p>) -> Option<(usize, &'p str)> {
    let mut unitless = 0;
    let mut example = None;
    for row in ctx.project.indicators.iter().filter(|r| !r.is_blank()) {
        let bare = match &row.target.value {
            // A cost amount with no unit is C006's, not I013's: it neither counts nor shows
            // that the form writes units.
            TargetValue::Quantity(q) if q.unit == Unit::None && row.is_money_cost() => continue,
            TargetValue::Quantity(q) => q.unit == Unit::None,
            TargetValue::Range(r) => r.unit == Unit::None,
            _ => continue,
        };
        if !bare {
            return None;
        }
        unitless += 1;
        example.get_or_insert(row.target.raw.as_str());
    }
    (unitless >= 2).then_some((unitless, example.unwrap_or_default()))
}

fn check_form(
    ctx: &ProjectCtx<'_>,
    row: &Indicator,
    spans: &IndicatorSpans,
    per_row_units: bool,
    out: &mut Vec<Diagnostic>,
) {
    let raw = &row.target.raw;
    let at = Some(&spans.target);
    match &row.target.value {
        TargetValue::Empty => {
            // Messages read well whatever is empty: no `指标“”`, no `占位符“”`.
            let message = if row.name.trim().is_empty() {
                ctx.t("I006.unnamed", args!(n = spans.index + 1))
            } else if raw.trim().is_empty() {
                ctx.t("I006.blank", args!(name = row.name))
            } else {
                ctx.t("I006.message", args!(name = row.name, raw = raw))
            };
            out.push(
                ctx.finding(&TARGET_EMPTY, at, message)
                    .with_help(ctx.t("I006.help", &[])),
            );
            return;
        }
        TargetValue::Unreadable(why) => {
            let reason = crate::model::target::reading::unreadable_reason(*why);
            let help = if matches!(why, Unreadable::InvalidDate | Unreadable::ReversedDates) {
                "I005.help_date"
            } else {
                "I005.help"
            };
            out.push(
                ctx.finding(
                    &TARGET_UNREADABLE,
                    at,
                    ctx.t(
                        "I005.message",
                        args!(raw = raw, reason = ctx.t(reason, &[])),
                    ),
                )
                .with_help(ctx.t(help, &[])),
            );
            return;
        }
        TargetValue::Quantity(q) => {
            let percent = q.unit == Unit::Percent;
            if percent && q.value > Decimal::ONE_HUNDRED {
                out.push(
                    ctx.finding(
                        &PERCENT_OVER_100,
                        at,
                        ctx.t("I007.message", args!(raw = raw)),
                    )
                    .with_help(ctx.t("I007.help", &[])),
                );
            } else if percent
                && q.comparator.is_lower_bound()
                && q.value == Decimal::ONE_HUNDRED
                && !row.is_satisfaction()
            {
                out.push(
                    ctx.finding(&RATE_FLOOR_100, at, ctx.t("I015.message", args!(raw = raw)))
                        .with_help(ctx.t("I015.help", &[])),
                );
            }
            let counted = matches!(
                q.unit,
                Unit::Count { .. } | Unit::Money(_) | Unit::PerItem { .. } | Unit::PerPeriod { .. }
            );
            if counted && !q.explicit_comparator {
                let message = match row.comparison() {
                    Some(c) if c.direction().is_some() => ctx.t(
                        "I012.inferred",
                        args!(
                            raw = raw,
                            reading = format!("{}{}{}", c.comparator, Plain(q.value), q.unit),
                            why = because_text(ctx, c.because)
                        ),
                    ),
                    _ => ctx.t("I012.message", args!(raw = raw)),
                };
                out.push(
                    ctx.finding(&TARGET_NO_COMPARATOR, at, message)
                        .with_help(ctx.t(
                            "I012.help",
                            args!(q = format!("{}{}", Plain(q.value), q.unit)),
                        )),
                );
            }
            // A cost amount with no unit has its own rule (C006).
            if per_row_units && q.unit == Unit::None && !row.is_money_cost() {
                out.push(
                    ctx.finding(&TARGET_NO_UNIT, at, ctx.t("I013.message", args!(raw = raw)))
                        .with_help(ctx.t("I013.help", &[])),
                );
            }
        }
        TargetValue::Range(r) => {
            if r.unit == Unit::Percent && r.high > Decimal::ONE_HUNDRED {
                out.push(
                    ctx.finding(
                        &PERCENT_OVER_100,
                        at,
                        ctx.t("I007.message", args!(raw = raw)),
                    )
                    .with_help(ctx.t("I007.range_help", &[])),
                );
            }
            if per_row_units && r.unit == Unit::None {
                out.push(
                    ctx.finding(&TARGET_NO_UNIT, at, ctx.t("I013.message", args!(raw = raw)))
                        .with_help(ctx.t("I013.range_help", &[])),
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

/// Why a bare target reads as a floor or a ceiling, in the user's language.
fn because_text(ctx: &ProjectCtx<'_>, because: Because) -> String {
    match because {
        Because::Name(word) => ctx.t("direction.name", args!(word = word)),
        Because::Unit(noun) => ctx.t("direction.unit", args!(noun = noun)),
        Because::Level2(level2) => ctx.t("direction.level2", args!(level2 = level2.label())),
        Because::Stated => ctx.t("direction.stated", &[]),
        Because::Written | Because::Unknown => String::new(),
    }
}

fn check_satisfaction(
    ctx: &ProjectCtx<'_>,
    row: &Indicator,
    spans: &IndicatorSpans,
    out: &mut Vec<Diagnostic>,
) {
    let min = ctx.settings.satisfaction_min;
    let percent = row.target.quantity().filter(|q| q.unit == Unit::Percent);
    // A bare `90%` reads by its direction (a 满意度 row points up): it is a floor, and the
    // message must not say an `=` was written.
    let comparator = row.comparison().map(|c| c.comparator);
    let bare = percent.is_some_and(|q| !q.explicit_comparator);
    let problem = match percent.zip(comparator) {
        Some((q, cmp)) if bare && cmp.is_lower_bound() && q.value < min => {
            Some("I008.bare_below_min")
        }
        Some((q, cmp)) if bare && cmp.is_lower_bound() && q.value == Decimal::ONE_HUNDRED => {
            Some("I008.bare_100")
        }
        Some((_, cmp)) if bare && cmp.is_lower_bound() => None,
        Some(_) if bare => Some("I008.bare"),
        _ => satisfaction_problem(percent, min),
    };
    report_satisfaction(ctx, row, spans, percent, problem, out);
}

/// The I008 message key for a satisfaction target as written.
fn satisfaction_problem(percent: Option<&Quantity>, min: Decimal) -> Option<&'static str> {
    match percent {
        Some(q) if q.comparator.is_lower_bound() && q.value == Decimal::ONE_HUNDRED => {
            Some("I008.floor_100")
        }
        Some(q) if q.comparator.is_lower_bound() && q.value < min => Some("I008.below_min"),
        Some(q) if q.comparator.is_lower_bound() => None,
        Some(q) if q.comparator == Comparator::Eq && q.value == Decimal::ONE_HUNDRED => {
            Some("I008.exactly_100")
        }
        Some(q) if q.comparator == Comparator::Eq => Some("I008.equals"),
        Some(_) => Some("I008.cap"),
        None => Some("I008.not_percent"),
    }
}

fn report_satisfaction(
    ctx: &ProjectCtx<'_>,
    row: &Indicator,
    spans: &IndicatorSpans,
    percent: Option<&Quantity>,
    problem: Option<&'static str>,
    out: &mut Vec<Diagnostic>,
) {
    let raw = &row.target.raw;
    let min = ctx.settings.satisfaction_min;
    if let Some(key) = problem {
        let message = ctx.t(key, args!(raw = raw, min = Plain(min)));
        let suggestion = percent
            .filter(|q| q.value < Decimal::ONE_HUNDRED && q.value >= min)
            .map_or_else(|| "≥90%".to_owned(), |q| format!("≥{}%", Plain(q.value)));
        out.push(
            ctx.finding(&SATISFACTION_TARGET, Some(&spans.target), message)
                .with_help(ctx.t(
                    "I008.help",
                    args!(min = Plain(min), suggestion = suggestion),
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::config::settings::Settings;
    use crate::rules::testing::{clean_with, codes};

    #[test]
    fn an_empty_or_unreadable_target_is_reported() {
        assert_eq!(codes(&clean_with("≥1200人", ""), super::check), ["I006"]);
        assert!(codes(&clean_with("≥98%", "≥百分之九十八"), super::check).contains(&"I005"));
    }

    #[test]
    fn a_percentage_over_100_is_reported() {
        assert!(codes(&clean_with("≥98%", "≥120%"), super::check).contains(&"I007"));
    }

    #[test]
    fn satisfaction_targets_are_held_to_the_threshold() {
        // ≥90% is fine; ≥70% is below the default 80; =100% cannot be guaranteed.
        assert!(codes(&clean_with("≥90%", "≥80%"), super::check).is_empty());
        assert_eq!(codes(&clean_with("≥90%", "≥70%"), super::check), ["I008"]);
        assert!(codes(&clean_with("≥90%", "=100%"), super::check).contains(&"I008"));
    }

    /// The clean project with the units taken off every number but those in `keep`.
    fn without_units(keep: &[&str]) -> String {
        let mut text = crate::rules::testing::CLEAN.to_owned();
        for (from, to) in [
            ("≥1200人", "≥1200"),
            ("=100%", "=100"),
            ("≤520万元", "≤520"),
            ("≥98%", "≥98"),
            ("≤2人", "≤2"),
            ("≥90%", "≥90"),
        ] {
            if !keep.contains(&from) {
                text = text.replacen(&format!("\"{from}\""), &format!("\"{to}\""), 1);
            }
        }
        text
    }

    #[test]
    fn a_form_that_writes_no_units_is_said_once() {
        // Five rows would each be an I013 (the cost row's bare amount is C006's): one
        // finding at the name, counting them.
        let findings = crate::rules::testing::findings_with(
            &without_units(&[]),
            &Settings::default(),
            super::check,
        );
        let i013: Vec<_> = findings.iter().filter(|d| d.rule.code == "I013").collect();
        assert_eq!(i013.len(), 1, "{findings:?}");
        assert!(
            i013[0].message.contains("5 个指标（如“≥1200”）"),
            "{i013:?}"
        );
        // One row that writes a unit shows the form has units: each bare row is its own.
        let findings = crate::rules::testing::findings_with(
            &without_units(&["≤520万元"]),
            &Settings::default(),
            super::check,
        );
        let per_row = findings.iter().filter(|d| d.rule.code == "I013").count();
        assert_eq!(per_row, 5, "{findings:?}");
        // A single bare number is a row's own problem, as before.
        assert_eq!(
            codes(&clean_with("≥1200人", "≥1200"), super::check),
            ["I013"]
        );
    }

    #[test]
    fn a_bare_number_is_reported_once_for_its_comparator() {
        let bare = clean_with("≥1200人", "1200人");
        assert_eq!(codes(&bare, super::check), ["I012"]);
    }
}
