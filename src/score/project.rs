//! One project's 自评: its rows under the weight convention (`score::weights`), the total,
//! and the grade — or why there is none yet (`未到评价期`, `未评价`) — with the unit's own
//! total beside perf's.

use rust_decimal::Decimal;

use crate::args;
use crate::config::settings::ExecutionSettings;
use crate::i18n::Lang;
use crate::model::money::plain;
use crate::model::money::sum;
use crate::model::project::Project;
use crate::score::rows::{
    Group, RowStatus, ScoreRow, blank_row, budget_row, explain, indicator_row,
};
use crate::score::weights::{is_blank, raw_weights};
use crate::score::{ProjectScore, apply_weights, grade_of, group_totals};

/// The grade shown before December's 执行数 is recorded.
pub const NOT_YET: &str = "未到评价期";
/// The grade shown when the data cannot support one (no actuals, actuals restating targets).
pub const UNGRADED: &str = "未评价";

/// Scores one project (department and file are filled in by the caller).
#[cfg(test)]
pub(crate) fn score_project(p: &Project, settings: &ExecutionSettings) -> ProjectScore {
    score_project_in(p, settings, Lang::Zh)
}

/// [`score_project`], with the explanations and notes written in `lang`.
pub(crate) fn score_project_in(
    p: &Project,
    settings: &ExecutionSettings,
    lang: Lang,
) -> ProjectScore {
    let mut notes = Vec::new();
    let raw = raw_weights(p, settings);
    let mut rows = vec![budget_row(p, raw.budget_rate, lang)];
    for (indicator, weight) in p.indicators.iter().zip(&raw.rows) {
        if is_blank(indicator) {
            let mut row = blank_row(Group::Output, Decimal::ZERO);
            row.group = "";
            row.status = RowStatus::Blank;
            row.inputs = lang.text("score.blank_row", &[]);
            rows.push(row);
            continue;
        }
        rows.push(indicator_row(
            indicator,
            Group::of(indicator),
            *weight,
            settings.grade_partial_min,
            lang,
        ));
    }
    apply_weights(&mut rows);
    for row in &mut rows {
        row.explain = explain(row, lang);
    }
    if raw.whole {
        notes.push(lang.text("score.note_whole", &[]));
    }
    if let Some((n, share)) = raw.unweighted {
        notes.push(lang.text(
            "score.note_some_weights",
            args!(n = n, share = plain(share.round_dp(2))),
        ));
    }
    let raw_total = sum(rows.iter().filter(|r| r.counts()).map(|r| r.raw_weight));
    if raw_total != Decimal::ONE_HUNDRED && !raw_total.is_zero() {
        notes.push(lang.text(
            "score.note_rescaled",
            args!(
                raw = plain(raw_total.round_dp(2)),
                budget_rate = plain(raw.budget_rate),
                indicators = plain(raw_total.saturating_sub(raw.budget_rate).round_dp(2))
            ),
        ));
    }
    let count = |status| rows.iter().filter(|r| r.status == status).count();
    let dropped = count(RowStatus::NotApplicable);
    if dropped > 0 {
        notes.push(lang.text("score.note_dropped", args!(n = dropped)));
    }
    let blanks = count(RowStatus::Blank);
    if blanks > 0 {
        notes.push(lang.text("score.note_blank", args!(n = blanks)));
    }
    let mut total = sum(rows.iter().filter_map(|r| r.score));
    total.rescale(2);
    let execution = p.execution.as_ref();
    let (grade, why) = grade_or_why(p, &rows, total, lang);
    ProjectScore {
        department: String::new(),
        year: p.year,
        name: p.name.clone(),
        file: String::new(),
        weights_from: if raw.written { "indicator" } else { "default" },
        data_month: execution.and_then(|e| e.latest()).map(|s| s.month),
        groups: group_totals(&rows),
        rows,
        grade,
        why_ungraded: why,
        total,
        self_total: execution.and_then(|e| e.self_total),
        self_rate: execution.and_then(|e| e.self_rate),
        notes,
    }
}

/// The grade of the total, or — when the data cannot carry one — which of
/// [`NOT_YET`] / [`UNGRADED`] and why. A mid-year table is not graded 差.
fn grade_or_why(
    p: &Project,
    rows: &[ScoreRow],
    total: Decimal,
    lang: Lang,
) -> (&'static str, Option<String>) {
    if let Some(latest) = p
        .execution
        .as_ref()
        .filter(|e| !e.year_closed())
        .and_then(|e| e.latest())
    {
        return (
            NOT_YET,
            Some(lang.text("score.why_not_yet", args!(month = latest.month))),
        );
    }
    let assessed = p
        .indicators
        .iter()
        .any(|i| !is_blank(i) && (i.progress.actual.is_some() || i.progress.grade.is_some()));
    if !assessed {
        return (UNGRADED, Some(lang.text("score.why_no_actuals", &[])));
    }
    let restated = rows.iter().filter(|r| r.restated).count();
    if restated > 0 {
        return (
            UNGRADED,
            Some(lang.text("score.why_restated", args!(n = restated))),
        );
    }
    (grade_of(total), None)
}
