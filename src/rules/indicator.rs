//! I (table rows): known 一级/二级 in a pairing the framework allows, named rows, no
//! duplicate names, a basis for every value (and a standard one under 101号), 满意度 filed
//! where it belongs, and weights that are complete and add up.

use rust_decimal::Decimal;

use crate::args;
use crate::diag::Diagnostic;
use crate::diag::registry::{
    BASIS_MISSING, BASIS_NOT_STANDARD, BASIS_OTHER_UNEXPLAINED, DUPLICATE_INDICATOR,
    INDICATOR_NAME_EMPTY, LEVEL_HYBRID, LEVEL_OTHER_FRAMEWORK, LEVEL1_UNKNOWN, LEVEL2_MISPLACED,
    LEVEL2_UNKNOWN, SATISFACTION_UNDER_SOCIAL, WEIGHTS_INCOMPLETE, WEIGHTS_SUM,
};
use crate::model::framework::{
    Level1, Level2, OTHER_BASIS, Placement, Preset, STANDARD_BASES, placement,
};
use crate::model::money::Plain;
use crate::model::project::Indicator;
use crate::model::spans::IndicatorSpans;
use crate::model::target::is_placeholder;
// `str::trim` as the targets read it: fast on a CJK text, whose ends are no space by their
// first byte (`str::trim` cost ~94 instructions a name, 3.4 M of `perf validate --format
// concise` over 1,961 files).
use crate::model::target::trim::trim;
use crate::rules::ProjectCtx;

/// Checks every row of the indicator table, then the table's weights. Unknown labels and a
/// missing 依据 column are said once per file, not once per row.
pub fn check(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    // Names seen, sorted, each with its first row: a table has a dozen rows or so, and a
    // binary search over them costs less than hashing every name.
    let mut first_by_name: Vec<(&str, usize)> = Vec::with_capacity(ctx.project.indicators.len());
    let mut unknown = UnknownLabels::default();
    let no_basis_column = basis_column_absent(ctx);
    for (i, (row, spans)) in ctx
        .project
        .indicators
        .iter()
        .zip(&ctx.spans.indicators)
        .enumerate()
    {
        let name = trim(&row.name);
        // A missing `name` key was reported by F003 (its span is then the whole row).
        let name_written = spans.name != spans.row;
        if name_written && row.is_blank() {
            // A blank template row: one finding, nothing else judged on it.
            out.push(
                ctx.finding(
                    &INDICATOR_NAME_EMPTY,
                    Some(&spans.name),
                    ctx.t("I020.blank", args!(n = spans.index + 1)),
                )
                .with_help(ctx.t("I020.blank_help", &[])),
            );
            continue;
        }
        check_levels(ctx, row, spans, &mut unknown, out);
        if !no_basis_column {
            check_basis(ctx, row, spans, out);
        }
        if name_written && is_placeholder(name) {
            out.push(
                ctx.finding(
                    &INDICATOR_NAME_EMPTY,
                    Some(&spans.name),
                    ctx.t("I020.message", args!(n = spans.index + 1)),
                )
                .with_help(ctx.t("I020.help", &[])),
            );
            continue;
        }
        if !name_written {
            continue;
        }
        // The label first: a search of the name for every row (with a searcher set up each
        // time) was most of this rule's cost, and few rows are 社会效益.
        if row.level2 == Some(Level2::Social) && name.contains("满意") {
            out.push(
                ctx.finding(
                    &SATISFACTION_UNDER_SOCIAL,
                    Some(&spans.level2),
                    ctx.t("I016.message", args!(name = name)),
                )
                .with_help(ctx.t("I016.help", &[])),
            );
        }
        let seen = first_by_name.binary_search_by(|(n, _)| (*n).cmp(name));
        if let Ok(at) = seen
            && let Some(&(_, first)) = first_by_name.get(at)
        {
            let first = ctx.spans.indicators.get(first).map_or(first, |s| s.index);
            out.push(
                ctx.finding(
                    &DUPLICATE_INDICATOR,
                    Some(&spans.name),
                    ctx.t("I009.message", args!(name = name, n = first + 1)),
                )
                .with_help(ctx.t("I009.help", &[])),
            );
        } else if let Err(at) = seen {
            first_by_name.insert(at, (name, i));
        }
    }
    unknown.report(ctx, out);
    if no_basis_column {
        let rows = ctx
            .project
            .indicators
            .iter()
            .filter(|r| !r.is_blank())
            .count();
        out.push(
            ctx.finding(
                &BASIS_MISSING,
                ctx.spans.name.as_ref(),
                ctx.t("I014.column", args!(n = rows)),
            )
            .with_help(ctx.t("I014.column_help", &[])),
        );
    }
    check_weights(ctx, out);
}

/// True when no row of the table has a 指标值确定依据 (and there are at least two rows): the
/// form has no such column, which is one fact, reported once.
fn basis_column_absent(ctx: &ProjectCtx<'_>) -> bool {
    let mut rows = ctx.project.indicators.iter().filter(|r| !r.is_blank());
    let written = |r: &Indicator| r.basis.as_deref().is_some_and(|b| !is_placeholder(b));
    rows.clone().count() >= 2 && !rows.any(written)
}

/// Unknown 一级/二级 labels of one file, each with the rows that use it: one finding per
/// label (I001/I002), at its first row, however many rows use it.
#[derive(Default)]
struct UnknownLabels<'a> {
    level1: Vec<(&'a str, &'a IndicatorSpans, usize)>,
    level2: Vec<(&'a str, Level1, &'a IndicatorSpans, usize)>,
}

impl<'a> UnknownLabels<'a> {
    fn add_level1(&mut self, label: &'a str, spans: &'a IndicatorSpans) {
        let label = label.trim();
        match self.level1.iter_mut().find(|(l, _, _)| *l == label) {
            Some(seen) => seen.2 += 1,
            None => self.level1.push((label, spans, 1)),
        }
    }

    fn add_level2(&mut self, label: &'a str, level1: Level1, spans: &'a IndicatorSpans) {
        let label = label.trim();
        match self.level2.iter_mut().find(|(l, _, _, _)| *l == label) {
            Some(seen) => seen.3 += 1,
            None => self.level2.push((label, level1, spans, 1)),
        }
    }

    fn report(&self, ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
        let sep = || ctx.t("term.list_sep", &[]);
        for &(label, spans, n) in &self.level1 {
            let key = match (label.is_empty(), n) {
                (true, _) => "I001.empty",
                (false, 1) => "I001.message",
                (false, _) => "I001.rows",
            };
            out.push(
                ctx.finding(
                    &LEVEL1_UNKNOWN,
                    Some(&spans.level1),
                    ctx.t(key, args!(label = label, n = n)),
                )
                .with_help(ctx.t(
                    "I001.help",
                    args!(
                        labels = Level1::labels().join(&sep()),
                        label = if label.is_empty() { "…" } else { label }
                    ),
                )),
            );
        }
        for &(label, level1, spans, n) in &self.level2 {
            let key = match (label.is_empty(), n) {
                (true, _) => "I002.empty",
                (false, 1) => "I002.message",
                (false, _) => "I002.rows",
            };
            let help = ctx.t(
                "I002.help",
                args!(
                    level1 = level1.label(),
                    allowed = level1.allowed_level2(ctx.framework()).join(&sep()),
                    label = label
                ),
            );
            out.push(
                ctx.finding(
                    &LEVEL2_UNKNOWN,
                    Some(&spans.level2),
                    ctx.t(key, args!(label = label, n = n)),
                )
                .with_help(help),
            );
        }
    }
}

fn check_levels<'a>(
    ctx: &ProjectCtx<'_>,
    row: &'a Indicator,
    spans: &'a IndicatorSpans,
    unknown: &mut UnknownLabels<'a>,
    out: &mut Vec<Diagnostic>,
) {
    let preset = ctx.framework();
    // Formatted only for a finding: most rows have none.
    let sep = || ctx.t("term.list_sep", &[]);
    let Some(level1) = row.level1 else {
        // Its 二级 is not judged under an unknown 一级 (as before): one finding for the row.
        unknown.add_level1(&row.level1_label, spans);
        return;
    };
    let allowed = || level1.allowed_level2(preset).join(&sep());
    let Some(level2) = row.level2 else {
        unknown.add_level2(&row.level2_label, level1, spans);
        return;
    };
    let (l1, l2) = (&row.level1_label, &row.level2_label);
    match placement(level1, level2, preset) {
        Placement::Allowed => {}
        Placement::Hybrid => out.push(
            ctx.finding(
                &LEVEL_HYBRID,
                Some(&spans.level2),
                ctx.t("I004.message", args!(l1 = l1, l2 = l2)),
            )
            .with_help(ctx.t("I004.help", &[])),
        ),
        Placement::OtherFramework => {
            let name = if preset == Preset::F101 {
                "财预〔2021〕101号"
            } else {
                "财预〔2015〕88号"
            };
            let help = if allowed().is_empty() {
                ctx.t("I019.no_level1", args!(name = name, l1 = l1))
            } else {
                ctx.t(
                    "I019.help",
                    args!(name = name, level1 = level1.label(), allowed = allowed()),
                )
            };
            out.push(
                ctx.finding(
                    &LEVEL_OTHER_FRAMEWORK,
                    Some(&spans.level2),
                    ctx.t("I019.message", args!(l1 = l1, l2 = l2, name = name)),
                )
                .with_help(help),
            );
        }
        Placement::Misplaced => out.push(
            ctx.finding(
                &LEVEL2_MISPLACED,
                Some(&spans.level2),
                ctx.t("I003.message", args!(l1 = l1, l2 = l2)),
            )
            .with_help(ctx.t(
                "I003.help",
                args!(level1 = level1.label(), allowed = allowed()),
            )),
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
        .map(trim)
        .filter(|b| !is_placeholder(b));
    let Some(basis) = basis else {
        out.push(
            ctx.finding(
                &BASIS_MISSING,
                spans.basis.as_ref().or(Some(&spans.name)),
                if trim(&row.name).is_empty() {
                    ctx.t("I014.unnamed", args!(n = spans.index + 1))
                } else {
                    ctx.t("I014.message", args!(name = row.name))
                },
            )
            .with_help(ctx.t("I014.help", &[])),
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
                ctx.t("I010.message", args!(basis = basis)),
            )
            .with_help(ctx.t(
                "I010.help",
                args!(standards = STANDARD_BASES.join(&ctx.t("term.list_sep", &[]))),
            )),
        );
    } else if basis == OTHER_BASIS && row.basis_note.as_deref().is_none_or(|n| trim(n).is_empty()) {
        out.push(
            ctx.finding(
                &BASIS_OTHER_UNEXPLAINED,
                spans.basis.as_ref(),
                ctx.t("I011.message", args!(name = ctx.row_name(row, spans))),
            )
            .with_help(ctx.t("I011.help", &[])),
        );
    }
}

/// I017 and I018 under the weight convention shared with `perf score`
/// (`score::weights`): blank template rows take no part, and the weights add up to 100 or
/// to 100 − `weight_budget_rate` (90, 10号's split), or to the configured `weight_total`.
fn check_weights(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    use crate::score::weights::{accepted, is_blank};
    let rows = ctx
        .project
        .indicators
        .iter()
        .zip(&ctx.spans.indicators)
        .filter(|(r, _)| !is_blank(r));
    let weighted: Vec<Decimal> = ctx
        .project
        .indicators
        .iter()
        .filter(|r| !is_blank(r))
        .filter_map(|r| r.weight)
        .collect();
    if weighted.is_empty() {
        return;
    }
    let mut complete = true;
    for (row, spans) in rows.filter(|(r, _)| r.weight.is_none() && !r.is_blank()) {
        complete = false;
        out.push(
            ctx.finding(
                &WEIGHTS_INCOMPLETE,
                Some(&spans.name),
                ctx.t("I017.message", args!(name = ctx.row_name(row, spans))),
            )
            .with_help(ctx.t("I017.help", &[])),
        );
    }
    let sum: Decimal = weighted.iter().sum();
    let want = ctx.settings.weight_total;
    let budget_rate = ctx.settings.execution.weight_budget_rate;
    let reserved = Decimal::ONE_HUNDRED.saturating_sub(budget_rate);
    if complete && !accepted(sum, want, budget_rate) {
        let at = ctx.spans.indicators.first().and_then(|s| s.weight.as_ref());
        out.push(
            ctx.finding(
                &WEIGHTS_SUM,
                at,
                ctx.t(
                    "I018.message",
                    args!(
                        sum = Plain(sum),
                        reserved = Plain(reserved),
                        budget_rate = Plain(budget_rate)
                    ),
                ),
            )
            .with_help(ctx.t("I018.help", args!(reserved = Plain(reserved)))),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{clean_with, codes};

    #[test]
    fn an_unknown_level1_is_reported() {
        let text = clean_with("level1 = \"满意度指标\"", "level1 = \"群众评价\"");
        assert!(
            codes(&text, super::check).contains(&"I001"),
            "{:?}",
            codes(&text, super::check)
        );
    }

    #[test]
    fn the_same_indicator_twice_is_reported() {
        let text = clean_with("name = \"资助资金发放准确率\"", "name = \"资助学生人数\"");
        assert!(codes(&text, super::check).contains(&"I009"));
    }

    #[test]
    fn a_basis_outside_the_standard_list_is_reported() {
        // Only the 101号 framework holds a basis to its four standards.
        let lenient = clean_with("basis = \"历史标准\"", "basis = \"领导要求\"");
        assert!(!codes(&lenient, super::check).contains(&"I010"));
        let strict = lenient.replacen("year = 2024", "year = 2024\nframework = \"101\"", 1);
        assert!(codes(&strict, super::check).contains(&"I010"));
    }

    #[test]
    fn a_blank_name_is_reported() {
        let text = clean_with("name = \"资助学生人数\"", "name = \"\"");
        assert!(codes(&text, super::check).contains(&"I020"));
    }
}
