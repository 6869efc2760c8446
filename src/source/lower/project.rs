//! Lowering a project file: `[project]`, `[budget]`, `[plan]` and the `[[indicator]]` rows.

use std::ops::Range;

use crate::source::doc;

use crate::args;
use crate::diag::registry::WRONG_TYPE;
use crate::model::budget::{Budget, BudgetLine};
use crate::model::framework::Preset;
use crate::model::money::MoneyUnit;
use crate::model::plan::{PlanPoint, SpendingPlan};
use crate::model::project::{Direction, Indicator, Project};
use crate::model::spans::{IndicatorSpans, ProjectSpans};
use crate::source::fields::{
    At, Sink, Slot, Table, decimal_value, describe, report_too_large, too_large,
};
use crate::source::lower::{Depth, Lowered};
use crate::source::schema::{BUDGET, BUDGET_ITEM, INDICATOR, PROJECT, PROJECT_TOP};

// The keys read below, by their place in their schema (an index per lookup, not a search).
slots!(PROJECT_TOP => T_PROJECT = "project", T_BUDGET = "budget", T_PLAN = "plan",
    T_INDICATOR = "indicator", T_EXECUTION = "execution");
slots!(PROJECT => P_NAME = "name", P_DEPARTMENT = "department", P_YEAR = "year",
    P_GOALS = "goals", P_PURPOSE = "purpose", P_CODE = "code", P_TITLE = "title",
    P_IMPLEMENTER = "implementer", P_PERIOD = "period", P_FRAMEWORK = "framework",
    P_LONG_TERM_GOALS = "long_term_goals", P_MEDIUM_TERM = "medium_term");
slots!(BUDGET => B_UNIT = "unit", B_TOTAL = "total", B_FISCAL = "fiscal", B_OTHER = "other",
    B_ITEMS = "items", B_SOURCES = "sources");
slots!(BUDGET_ITEM => L_NAME = "name", L_AMOUNT = "amount");
slots!(INDICATOR => I_LEVEL1 = "level1", I_LEVEL2 = "level2", I_NAME = "name",
    I_TARGET = "target", I_DESCRIPTION = "description", I_BASIS = "basis",
    I_BASIS_NOTE = "basis_note", I_UNIT = "unit", I_BASELINE = "baseline", I_WEIGHT = "weight",
    I_DIRECTION = "direction");

pub(super) fn lower_project(root: &doc::Table<'_>, depth: Depth, sink: &mut Sink) -> Lowered {
    let top = Table::top(root, PROJECT_TOP, sink);
    let Some(head) = top.table(T_PROJECT, true, sink) else {
        return Lowered::Unknown;
    };
    let fields = Table::new(head.value, head.span.clone(), "[project]", PROJECT, sink);
    // Missing tables are reported at the [project] header: the file has no better place.
    let top = top.pointing_at(head.span.clone());

    let name = fields.str(P_NAME, true, sink);
    let department = fields.str(P_DEPARTMENT, true, sink);
    let year = fields.int(P_YEAR, true, sink);
    let goals = fields.str_list(P_GOALS, true, sink);
    let purpose = fields.str(P_PURPOSE, false, sink);
    let code = fields.str(P_CODE, false, sink);
    let mut spans = ProjectSpans {
        project: head.span.clone(),
        name: name.as_ref().map(|n| n.span.clone()),
        code: code.as_ref().map(|c| c.span.clone()),
        department: department.as_ref().map(|d| d.span.clone()),
        year: year.as_ref().map(|y| y.span.clone()),
        purpose: purpose.as_ref().map(|p| p.span.clone()),
        goals: goals.as_ref().map(|g| g.span.clone()),
        goal_items: goals
            .as_ref()
            .map(|g| g.value.iter().map(|i| i.span.clone()).collect())
            .unwrap_or_default(),
        ..ProjectSpans::default()
    };
    let budget = top
        .table(T_BUDGET, true, sink)
        .and_then(|b| lower_budget(b, &mut spans, sink));
    let plan = top
        .table(T_PLAN, false, sink)
        .map(|p| lower_plan(p, &mut spans, sink));
    let mut indicators = Vec::new();
    if depth == Depth::Whole {
        let rows = top.tables(T_INDICATOR, true, sink);
        indicators.reserve(rows.len());
        spans.indicators.reserve(rows.len());
        for (i, row) in rows.into_iter().enumerate() {
            if let Some((indicator, span)) = lower_indicator(i, row, sink) {
                indicators.push(indicator);
                spans.indicators.push(span);
            }
        }
    }
    let execution = top.table(T_EXECUTION, false, sink).map(|t| {
        let (execution, execution_spans) = super::execution::lower_execution(t, sink);
        spans.execution = Some(Box::new(execution_spans));
        execution
    });

    let list = |key: Slot, sink: &mut Sink| -> Vec<String> {
        fields
            .str_list(key, false, sink)
            .map(|l| l.value.into_iter().map(|s| s.value).collect())
            .unwrap_or_default()
    };
    let project = Project {
        name: name.map(|n| n.value).unwrap_or_default(),
        title: fields.str(P_TITLE, false, sink).map(|t| t.value),
        code: code
            .map(|c| c.value)
            // The official form writes ———— in the 项目编码 cell of a project without a code.
            .filter(|c| {
                !c.trim().is_empty() && !c.trim().chars().all(|ch| matches!(ch, '—' | '-' | '/'))
            }),
        department: department.map(|d| d.value).unwrap_or_default(),
        implementer: fields.str(P_IMPLEMENTER, false, sink).map(|i| i.value),
        year: year.map(|y| y.value),
        period: lower_period(&fields, sink),
        framework: lower_framework(&fields, sink),
        purpose: purpose.map(|p| p.value),
        goals: goals
            .map(|g| g.value.into_iter().map(|g| g.value).collect())
            .unwrap_or_default(),
        long_term_goals: list(P_LONG_TERM_GOALS, sink),
        medium_term: lower_medium_term(&fields, sink),
        budget,
        plan,
        indicators,
        execution,
    };
    Lowered::Project(Box::new((project, spans)))
}

fn lower_period(fields: &Table<'_, '_>, sink: &mut Sink) -> Option<String> {
    let period = fields.str(P_PERIOD, false, sink)?;
    if crate::model::project::period_months(&period.value).is_none() {
        sink.report_text(
            &WRONG_TYPE,
            period.span,
            "F004.period",
            args!(value = period.value),
        );
    }
    Some(period.value)
}

fn lower_framework(fields: &Table<'_, '_>, sink: &mut Sink) -> Option<Preset> {
    let word = fields.text(P_FRAMEWORK, false, sink)?;
    let preset = Preset::from_word(word.value);
    if preset.is_none() {
        sink.report_text(
            &WRONG_TYPE,
            word.span,
            "F004.framework",
            args!(value = word.value),
        );
    }
    preset
}

fn lower_medium_term(fields: &Table<'_, '_>, sink: &mut Sink) -> Vec<(i64, rust_decimal::Decimal)> {
    let Some(table) = fields.table(P_MEDIUM_TERM, false, sink) else {
        return Vec::new();
    };
    let mut years = Vec::new();
    for (key, value) in table.value.iter() {
        let year = key.name.trim().parse::<i64>().ok();
        let amount = decimal_value(&value.value, false);
        match (year, amount) {
            (Some(year), Some(amount)) => years.push((year, amount)),
            (Some(_), None) if too_large(&value.value).is_some() => {
                let what = sink.t("fields.what_medium_term", args!(key = key.name));
                let number = too_large(&value.value).unwrap_or_default();
                report_too_large(sink, value.span(), &what, number);
            }
            _ => sink.report_text(
                &WRONG_TYPE,
                key.span().start..value.span().end,
                "F004.medium_term",
                args!(key = key.name),
            ),
        }
    }
    years.sort_by_key(|&(y, _)| y);
    years
}

fn lower_budget(
    table: At<&doc::Table<'_>>,
    spans: &mut ProjectSpans,
    sink: &mut Sink,
) -> Option<Budget> {
    let fields = Table::new(table.value, table.span.clone(), "[budget]", BUDGET, sink);
    spans.budget = Some(table.span);
    let unit = match fields.text(B_UNIT, false, sink) {
        None => MoneyUnit::default(),
        Some(At { value, span }) => MoneyUnit::from_label(value).unwrap_or_else(|| {
            sink.report_text(&WRONG_TYPE, span, "F004.unit", args!(value = value));
            MoneyUnit::default()
        }),
    };
    let total = fields.decimal(B_TOTAL, true, sink);
    let fiscal = fields.decimal(B_FISCAL, false, sink);
    let other = fields.decimal(B_OTHER, false, sink);
    spans.total = total.as_ref().map(|t| t.span.clone());
    spans.fiscal = fiscal.as_ref().map(|f| f.span.clone());
    spans.other = other.as_ref().map(|o| o.span.clone());

    spans.items = fields.entry(B_ITEMS, false, sink).map(doc::Item::span);
    spans.sources = fields.entry(B_SOURCES, false, sink).map(doc::Item::span);
    let items = lower_lines(&fields, B_ITEMS, "budget.items", sink);
    let sources = lower_lines(&fields, B_SOURCES, "budget.sources", sink);
    Some(Budget {
        unit,
        total: total?.value,
        fiscal: fiscal.map(|f| f.value),
        other: other.map(|o| o.value),
        sources,
        items,
    })
}

/// `[[budget.items]]` or `[[budget.sources]]`: rows of `name` and `amount`.
fn lower_lines(
    fields: &Table<'_, '_>,
    key: Slot,
    array: &'static str,
    sink: &mut Sink,
) -> Vec<BudgetLine> {
    fields
        .tables(key, false, sink)
        .into_iter()
        .enumerate()
        .filter_map(|(i, row)| {
            let name = sink.nth(array, i + 1);
            let t = Table::new(row.value, row.span, name, BUDGET_ITEM, sink);
            let name = t.str(L_NAME, true, sink);
            let amount = t.decimal(L_AMOUNT, true, sink);
            Some(BudgetLine {
                name: name?.value,
                amount: amount?.value,
            })
        })
        .collect()
}

fn lower_plan(
    table: At<&doc::Table<'_>>,
    spans: &mut ProjectSpans,
    sink: &mut Sink,
) -> SpendingPlan {
    spans.plan = Some(table.span);
    // The points and their spans, each in its own list at once (a list of pairs taken
    // apart afterwards was a third allocation a plan).
    let mut points: Vec<PlanPoint> = Vec::with_capacity(table.value.len());
    let mut point_spans: Vec<Range<usize>> = Vec::with_capacity(table.value.len());
    for (key, value) in table.value.iter() {
        let Ok(month) = key.name.trim().parse::<i64>() else {
            sink.report_text(
                &WRONG_TYPE,
                key.span(),
                "F004.plan_month",
                args!(key = key.name),
            );
            continue;
        };
        let Some(percent) = decimal_value(&value.value, true) else {
            if let Some(number) = too_large(&value.value) {
                let what = sink.t("fields.what_plan", args!(month = month));
                report_too_large(sink, value.span(), &what, number);
                continue;
            }
            let found = describe(&value.value, sink.lang());
            sink.report_text(
                &WRONG_TYPE,
                value.span(),
                "F004.plan_percent",
                args!(month = month, found = found),
            );
            continue;
        };
        points.push(PlanPoint { month, percent });
        point_spans.push(key.span().start..value.span().end);
    }
    // Written in month order nearly always; else both lists are sorted by month (stably).
    if !points.is_sorted_by_key(|p| p.month) {
        let mut pairs: Vec<(PlanPoint, Range<usize>)> =
            points.into_iter().zip(point_spans).collect();
        pairs.sort_by_key(|(p, _)| p.month);
        (points, point_spans) = pairs.into_iter().unzip();
    }
    spans.plan_points = point_spans;
    SpendingPlan { points }
}

fn lower_indicator(
    index: usize,
    row: At<&doc::Table<'_>>,
    sink: &mut Sink,
) -> Option<(Indicator, IndicatorSpans)> {
    let name = sink.nth("indicator", index + 1);
    let fields = Table::new(row.value, row.span.clone(), name, INDICATOR, sink);
    let level1 = fields.text(I_LEVEL1, true, sink);
    let level2 = fields.text(I_LEVEL2, true, sink);
    let indicator_name = fields.str(I_NAME, true, sink);
    let target = fields.str(I_TARGET, true, sink);
    let description = fields.str(I_DESCRIPTION, false, sink).map(|d| d.value);
    let basis = fields.text(I_BASIS, false, sink);
    let basis_note = fields.str(I_BASIS_NOTE, false, sink).map(|b| b.value);
    // Borrowed: `set_unit` keeps its own copy.
    let unit = fields.text(I_UNIT, false, sink).map(|u| u.value);
    let baseline = fields.str(I_BASELINE, false, sink).map(|b| b.value);
    let weight = fields.decimal(I_WEIGHT, false, sink);
    let direction = fields.text(I_DIRECTION, false, sink).and_then(|d| {
        let parsed = Direction::from_label(d.value);
        if parsed.is_none() {
            sink.report_text(
                &WRONG_TYPE,
                d.span,
                "F004.direction",
                args!(value = d.value),
            );
        }
        parsed
    });
    let (mut progress, progress_spans) = super::execution::lower_progress(&fields, sink);
    let (level1, level2, target) = (level1?, level2?, target?);
    let name_span = indicator_name
        .as_ref()
        .map_or(row.span.clone(), |n| n.span.clone());
    let mut indicator = Indicator::read(
        level1.value,
        level2.value,
        indicator_name.map(|n| n.value).unwrap_or_default(),
        target.value,
    );
    if let Some(unit) = unit {
        indicator.set_unit(unit);
        super::execution::apply_unit(&mut progress, unit);
    }
    indicator.progress = progress.into();
    indicator.description = description;
    let (basis, basis_span) = basis
        .map(|b| (crate::model::project::basis_text(b.value), b.span))
        .unzip();
    indicator.basis = basis;
    indicator.basis_note = basis_note;
    indicator.baseline = baseline;
    indicator.direction = direction;
    indicator.weight = weight.as_ref().map(|w| w.value);
    let spans = IndicatorSpans {
        index,
        row: row.span,
        level1: level1.span,
        level2: level2.span,
        name: name_span,
        target: target.span,
        basis: basis_span,
        weight: weight.map(|w| w.span),
        progress: progress_spans.into(),
    };
    Some((indicator, spans))
}
