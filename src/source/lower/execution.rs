//! Lowering the monitoring and 自评 data: the `[execution]` table of a project and the
//! `actual`, `likelihood`, `reason`, `reason_category`, `measure`, `grade`, `applicable` and
//! `self_score` keys of an indicator row (with `[execution] self_rate` and `self_total`, the
//! unit's own 自评 arithmetic) (docs/file-format.md, “执行与自评”).
//!
//! Every key is optional, so files written before these keys existed stay valid. A value perf
//! cannot read is an F004 finding that names the accepted values; the rest is still read.

use crate::source::doc::{self, Value};

use crate::args;
use crate::diag::registry::WRONG_TYPE;
use crate::model::execution::{
    Execution, Explanation, GradeMark, Likelihood, Progress, ReasonCategory, SpentPoint,
};
use crate::model::spans::{ExecutionSpans, ProgressSpans};
use crate::model::target::Target;
use crate::source::fields::{
    At, Sink, Slot, Table, decimal_value, describe, report_too_large, too_large,
};
use crate::source::schema::{EXECUTION, INDICATOR};

// The keys read below, by their place in their schema (an index per lookup, not a search).
slots!(EXECUTION => E_ADJUSTED_BUDGET = "adjusted_budget", E_FORECAST = "forecast",
    E_SELF_RATE = "self_rate", E_SELF_TOTAL = "self_total",
    E_SELF_RATE_POINTS = "self_rate_points", E_SPENT = "spent", E_REASON = "reason",
    E_MEASURE = "measure", E_REASON_CATEGORY = "reason_category");
slots!(INDICATOR => I_ACTUAL = "actual", I_LIKELIHOOD = "likelihood", I_GRADE = "grade",
    I_APPLICABLE = "applicable", I_SELF_SCORE = "self_score", I_REASON = "reason",
    I_MEASURE = "measure", I_REASON_CATEGORY = "reason_category");

/// Reads `[execution]`.
pub(super) fn lower_execution(
    table: At<&doc::Table<'_>>,
    sink: &mut Sink,
) -> (Execution, ExecutionSpans) {
    let fields = Table::new(
        table.value,
        table.span.clone(),
        "[execution]",
        EXECUTION,
        sink,
    );
    let mut spans = ExecutionSpans {
        table: table.span,
        ..ExecutionSpans::default()
    };
    let adjusted = non_negative(fields.decimal(E_ADJUSTED_BUDGET, false, sink), sink);
    let forecast = non_negative(fields.decimal(E_FORECAST, false, sink), sink);
    spans.adjusted_budget = adjusted.as_ref().map(|a| a.span.clone());
    spans.forecast = forecast.as_ref().map(|f| f.span.clone());
    let self_rate = non_negative(fields.decimal(E_SELF_RATE, false, sink), sink);
    let self_total = non_negative(fields.decimal(E_SELF_TOTAL, false, sink), sink);
    let self_rate_points = non_negative(fields.decimal(E_SELF_RATE_POINTS, false, sink), sink);
    spans.self_rate_points = self_rate_points.as_ref().map(|f| f.span.clone());
    spans.self_rate = self_rate.as_ref().map(|f| f.span.clone());
    spans.self_total = self_total.as_ref().map(|f| f.span.clone());
    let mut points: Vec<(SpentPoint, std::ops::Range<usize>)> = fields
        .table(E_SPENT, false, sink)
        .map(|t| lower_spent(t.value, sink))
        .unwrap_or_default();
    points.sort_by_key(|(p, _)| p.month);
    spans.spent = points.iter().map(|(_, s)| s.clone()).collect();
    let (explanation, reason_span) =
        lower_explanation(&fields, [E_REASON, E_MEASURE, E_REASON_CATEGORY], sink);
    spans.reason = reason_span;
    let mut execution = Execution::new(points.into_iter().map(|(p, _)| p).collect());
    execution.adjusted_budget = adjusted.map(|a| a.value);
    execution.forecast = forecast.map(|f| f.value);
    execution.explanation = explanation;
    execution.self_rate = self_rate.map(|f| f.value);
    execution.self_total = self_total.map(|f| f.value);
    execution.self_rate_points = self_rate_points.map(|f| f.value);
    (execution, spans)
}

/// An amount that must not be negative: a negative one is reported and dropped.
fn non_negative(
    value: Option<At<rust_decimal::Decimal>>,
    sink: &mut Sink,
) -> Option<At<rust_decimal::Decimal>> {
    let value = value?;
    if value.value.is_sign_negative() && !value.value.is_zero() {
        sink.report_text(
            &WRONG_TYPE,
            value.span,
            "F004.execution_negative",
            args!(value = value.value),
        );
        return None;
    }
    Some(value)
}

/// `spent = { 3 = 650, 6 = 1900 }`: cumulative 执行数 by month.
fn lower_spent(
    table: &doc::Table<'_>,
    sink: &mut Sink,
) -> Vec<(SpentPoint, std::ops::Range<usize>)> {
    let mut points = Vec::new();
    for (key, value) in table.iter() {
        let month = key
            .name
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|m| (1..=12).contains(m));
        let Some(month) = month else {
            sink.report_text(
                &WRONG_TYPE,
                key.span(),
                "F004.spent_month",
                args!(key = key.name),
            );
            continue;
        };
        let amount = decimal_value(&value.value, false);
        match amount {
            Some(amount) if !amount.is_sign_negative() || amount.is_zero() => points.push((
                SpentPoint { month, amount },
                key.span().start..value.span().end,
            )),
            None if too_large(&value.value).is_some() => {
                let what = sink.t("fields.what_spent", args!(month = month));
                let number = too_large(&value.value).unwrap_or_default();
                report_too_large(sink, value.span(), &what, number);
            }
            _ => {
                let found = describe(&value.value, sink.lang());
                sink.report_text(
                    &WRONG_TYPE,
                    value.span(),
                    "F004.spent_amount",
                    args!(month = month, found = found),
                );
            }
        }
    }
    points
}

/// `reason`, `reason_category` and `measure` of a table (their slots in its schema, in that
/// order: `[execution]` and an indicator row both have them); the span of `reason`.
fn lower_explanation(
    fields: &Table<'_, '_>,
    [reason, measure, category]: [Slot; 3],
    sink: &mut Sink,
) -> (Explanation, Option<std::ops::Range<usize>>) {
    let reason = fields.str(reason, false, sink);
    let measure = fields.str(measure, false, sink).map(|m| m.value);
    let category = fields.str(category, false, sink).and_then(|c| {
        let parsed = ReasonCategory::from_label(&c.value);
        if parsed.is_none() {
            let known: Vec<&str> = ReasonCategory::ALL.iter().map(|c| c.label()).collect();
            let known = known.join(&sink.t("term.list_sep", &[]));
            sink.report_text(
                &WRONG_TYPE,
                c.span,
                "F004.reason_category",
                args!(table = fields.name, value = c.value, known = known),
            );
        }
        parsed
    });
    let span = reason.as_ref().map(|r| r.span.clone());
    (
        Explanation {
            reason: reason.map(|r| r.value),
            category,
            measure,
        },
        span,
    )
}

/// Reads an indicator row's monitoring and 自评 keys.
pub(super) fn lower_progress(fields: &Table<'_, '_>, sink: &mut Sink) -> (Progress, ProgressSpans) {
    let mut spans = ProgressSpans::default();
    let actual = fields.str(I_ACTUAL, false, sink);
    spans.actual = actual.as_ref().map(|a| a.span.clone());
    let likelihood = fields.text(I_LIKELIHOOD, false, sink).and_then(|l| {
        spans.likelihood = Some(l.span.clone());
        let parsed = Likelihood::from_label(l.value);
        if parsed.is_none() {
            sink.report_text(
                &WRONG_TYPE,
                l.span,
                "F004.likelihood",
                args!(table = fields.name, value = l.value),
            );
        }
        parsed
    });
    let grade = fields.text(I_GRADE, false, sink).and_then(|g| {
        spans.grade = Some(g.span.clone());
        let parsed = GradeMark::parse(g.value);
        if parsed.is_none() {
            sink.report_text(
                &WRONG_TYPE,
                g.span,
                "F004.grade",
                args!(table = fields.name, value = g.value),
            );
        }
        parsed
    });
    let applicable = fields.entry(I_APPLICABLE, false, sink).and_then(|entry| {
        spans.applicable = Some(entry.span());
        match &entry.value {
            Value::Boolean(b) => Some(*b),
            other => {
                let found = describe(other, sink.lang());
                sink.report_text(
                    &WRONG_TYPE,
                    entry.span(),
                    "F004.applicable",
                    args!(table = fields.name, found = found),
                );
                None
            }
        }
    });
    let self_score = non_negative(fields.decimal(I_SELF_SCORE, false, sink), sink);
    spans.self_score = self_score.as_ref().map(|f| f.span.clone());
    let (explanation, reason_span) =
        lower_explanation(fields, [I_REASON, I_MEASURE, I_REASON_CATEGORY], sink);
    spans.reason = reason_span;
    let progress = Progress {
        self_score: self_score.map(|f| f.value),
        actual: actual.map(|a| Target::parse(a.value)),
        likelihood,
        explanation,
        grade,
        applicable: applicable.unwrap_or(true),
    };
    (progress, spans)
}

/// A separately written 度量单位 completes a unitless actual, as it does the target
/// (`unit = "%"`, `actual = "96"` reads as `96%`); the raw text stays as written.
pub(super) fn apply_unit(progress: &mut Progress, unit: &str) {
    use crate::model::target::{TargetValue, Unit};
    let Some(actual) = &progress.actual else {
        return;
    };
    let unitless = matches!(&actual.value, TargetValue::Quantity(q) if q.unit == Unit::None);
    if unitless {
        let value = Target::parse(format!("{}{unit}", actual.raw.trim())).value;
        if let Some(actual) = &mut progress.actual {
            actual.value = value;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::FileId;
    use crate::model::execution::{Grade, Likelihood, ReasonCategory};
    use crate::model::project::Project;
    use crate::source::fields::{Kind, Sink};
    use crate::source::lower::{Lowered, lower};
    use crate::source::schema::{EXECUTION, INDICATOR};

    const HEAD: &str = "[project]\nname = \"项目\"\ndepartment = \"局\"\nyear = 2024\ngoals = [\"目标\"]\n\n[budget]\ntotal = 4000\n\n";

    fn read(rest: &str) -> (Option<Project>, Vec<(String, String)>) {
        let text = format!("{HEAD}{rest}");
        let root = crate::source::doc::parse(&text).unwrap();
        let mut sink = Sink::new(FileId(0));
        let lowered = lower(&root, text.len(), &mut sink);
        let findings = sink
            .items
            .iter()
            .map(|d| (d.rule.code.to_owned(), d.message.clone()))
            .collect();
        match lowered {
            Lowered::Project(p) => (Some(p.0), findings),
            _ => (None, findings),
        }
    }

    #[test]
    fn reads_every_key() {
        let (project, findings) = read(
            "[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"质量指标\"\nname = \"合格率\"\ntarget = \"≥95\"\nunit = \"%\"\nactual = \"96\"\ngrade = \"达成 90%\"\napplicable = true\nlikelihood = \"有可能\"\nreason = \"原因\"\nreason_category = \"人员保障\"\nmeasure = \"措施\"\n\n[execution]\nadjusted_budget = 3800\nspent = { 6 = 1900, 3 = \"650.5\" }\nforecast = 3700\nreason = \"原因\"\nreason_category = \"经费保障\"\nmeasure = \"措施\"\n",
        );
        assert!(findings.is_empty(), "{findings:?}");
        let project = project.unwrap();
        let e = project.execution.unwrap();
        assert_eq!(e.adjusted_budget, Some(3800.into()));
        let months: Vec<u32> = e.spent.iter().map(|p| p.month).collect();
        assert_eq!(months, [3, 6]);
        assert_eq!(
            e.spent.first().map(|p| p.amount.to_string()),
            Some("650.5".into())
        );
        assert_eq!(e.explanation.category, Some(ReasonCategory::Funding));
        let p = &project.indicators.first().unwrap().progress;
        // A separate unit completes a unitless actual, as it does the target.
        assert_eq!(
            p.actual
                .as_ref()
                .and_then(|a| a.quantity())
                .map(|q| q.unit.to_string()),
            Some("%".into())
        );
        assert_eq!(p.actual.as_ref().map(|a| a.raw.as_str()), Some("96"));
        assert_eq!(p.likelihood, Some(Likelihood::Possible));
        assert_eq!(p.grade.map(|g| g.grade), Some(Grade::Achieved));
        assert!(p.applicable);
    }

    #[test]
    fn files_without_the_keys_stay_valid() {
        let (project, findings) = read(
            "[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"人数\"\ntarget = \"≥5人\"\n",
        );
        assert!(findings.is_empty(), "{findings:?}");
        let project = project.unwrap();
        assert!(project.execution.is_none());
        assert!(!project.indicators.iter().any(|i| i.progress.is_recorded()));
    }

    #[test]
    fn bad_values_are_f004_and_unknown_keys_f002() {
        let (_, findings) = read(
            "[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"人数\"\ntarget = \"≥5人\"\nlikelihood = \"可能\"\nreason_category = \"资金\"\ngrade = \"完成\"\napplicable = \"否\"\n\n[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"户数\"\ntarget = \"≥5户\"\ngrade = \"部分达成 120%\"\n\n[execution]\nadjusted_budget = -5\nspent = { 13 = 100, 6 = -1, 3 = \"六百\" }\nspend = 1\n",
        );
        let codes: Vec<&str> = findings.iter().map(|(c, _)| c.as_str()).collect();
        let f004 = codes.iter().filter(|&&c| c == "F004").count();
        assert_eq!(f004, 9, "{findings:?}");
        assert_eq!(codes.iter().filter(|&&c| c == "F002").count(), 1);
        let text: String = findings.iter().map(|(_, m)| m.as_str()).collect();
        for expected in [
            "likelihood",
            "reason_category",
            "grade",
            "applicable",
            "1–12",
            "不能为负数",
        ] {
            assert!(text.contains(expected), "{expected}: {text}");
        }
    }

    #[test]
    fn schema_choices_match_the_model() {
        let choices = |fields: &[crate::source::fields::Field], key: &str| -> Vec<&'static str> {
            match fields.iter().find(|f| f.key == key).map(|f| f.kind) {
                Some(Kind::Choice(words)) => words.to_vec(),
                _ => Vec::new(),
            }
        };
        let labels: Vec<&str> = ReasonCategory::ALL.iter().map(|c| c.label()).collect();
        assert_eq!(choices(INDICATOR, "reason_category"), labels);
        assert_eq!(choices(EXECUTION, "reason_category"), labels);
        let likelihoods: Vec<&str> = Likelihood::ALL.iter().map(|l| l.label()).collect();
        assert_eq!(choices(INDICATOR, "likelihood"), likelihoods);
    }
}
