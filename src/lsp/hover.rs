//! Hover: what perf knows about the text under the cursor. On a 指标值 (`target`, `actual`,
//! `baseline`) its reading — the same lines `perf target` prints — and, on a cost row, the
//! budget total it is checked against; on `level1`/`level2` the framework's definition; on a
//! rule code in a `# perf: allow(…)` comment the rule's explanation (`perf rules CODE`); on
//! any other known key its term and description from the format's key tables.

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use crate::diag::registry::{Rule, lookup};
use crate::i18n::Lang;
use crate::lsp::context::{Line, table_at, value_in_block};
use crate::lsp::fields::{field, preset_of};
use crate::lsp::position::LineIndex;
use crate::lsp::state::{Document, State};
use crate::model::framework::{Level1, Level2, Placement, Preset, placement};
use crate::model::money::plain;
use crate::model::names::DepartmentIndex;
use crate::model::target::Target;
use crate::model::target::reading::Reading;

/// The hover at the position of `params`, if perf has something to say there: about the
/// text under the cursor, then the rules of the findings that cover it.
pub(crate) fn hover(state: &State, params: HoverParams) -> Option<Hover> {
    let at = params.text_document_position_params;
    let document = state.document(&at.text_document.uri)?;
    let index = LineIndex::new(&document.text);
    let offset = index.offset(at.position);
    let line_no = usize::try_from(at.position.line).ok()?;
    let about = about(state, document, &index, line_no, offset);
    let findings = findings_at(state, document, offset);
    let range = about.as_ref().and_then(|(_, range)| *range);
    let mut parts: Vec<String> = about.into_iter().map(|(text, _)| text).collect();
    parts.extend(findings);
    if parts.is_empty() {
        return None;
    }
    Some(markdown(parts.join("\n\n---\n\n"), range))
}

/// The rules of the findings whose span covers `offset`, as `perf rules` explains them.
fn findings_at(state: &State, document: &Document, offset: usize) -> Vec<String> {
    let Some(edited) = state.check(document) else {
        return Vec::new();
    };
    let mut rules: Vec<&'static Rule> = Vec::new();
    for d in &edited.diagnostics {
        let covers = d
            .span
            .as_ref()
            .is_some_and(|s| s.start <= offset && offset <= s.end);
        if d.file == edited.id && covers && !rules.iter().any(|r| r.code == d.rule.code) {
            rules.push(d.rule);
        }
    }
    rules.iter().map(|r| rule_text(r, state.lang)).collect()
}

/// What perf knows about the text at `offset` (on line `line_no`), and the range it is about.
fn about(
    state: &State,
    document: &Document,
    index: &LineIndex<'_>,
    line_no: usize,
    offset: usize,
) -> Option<(String, Option<lsp_types::Range>)> {
    let line = Line::at(index, line_no, offset)?;
    let lang = state.lang;
    let range =
        |r: std::ops::Range<usize>| index.range(&(line.start + r.start..line.start + r.end));
    if line.comment.is_some_and(|c| line.cursor > c) {
        let (word, span) = line.word()?;
        let rule = lookup(word)?;
        return Some((rule_text(rule, lang), Some(range(span))));
    }
    let key = line.key?;
    let (path, block) = table_at(index, line_no);
    let span = line
        .string
        .as_ref()
        .map_or(0..line.text.len(), |(_, r)| r.clone());
    let value = line.string.as_ref().map(|(v, _)| *v);
    let text = match (key, value) {
        ("target" | "actual" | "baseline", Some(value)) => {
            let mut text = target_text(value, lang);
            let level2 = value_in_block(index, &block, "level2");
            if key == "target"
                && level2
                    .as_deref()
                    .and_then(Level2::from_label)
                    .is_some_and(Level2::is_money_cost)
                // A rate's bare number is not held to the budget (C010): no cost line.
                && !bare_rate(value, value_in_block(index, &block, "name").as_deref())
                && let Some(cost) = cost_line(state, document, lang)
            {
                text.push_str("\n\n");
                text.push_str(&cost);
            }
            text
        }
        ("level1", Some(value)) => level1_text(value, preset_of(index, state), lang),
        ("level2", Some(value)) => {
            let level1 = value_in_block(index, &block, "level1");
            level2_text(value, level1.as_deref(), preset_of(index, state), lang)
        }
        _ => {
            let known = field(&document.uri, &path, key)?;
            let required = if known.required {
                lang.text("lsp.required", &[])
            } else {
                String::new()
            };
            let mut text = lang.text(
                "lsp.field",
                crate::args!(
                    label = known.label,
                    key = known.key,
                    required = required,
                    doc = known.doc
                ),
            );
            if key == "total"
                && path == ["budget"]
                && let Some(department) = department_total(state, document, lang)
            {
                text.push_str("\n\n");
                text.push_str(&department);
            }
            text
        }
    };
    Some((text, Some(range(span))))
}

fn markdown(value: String, range: Option<lsp_types::Range>) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range,
    }
}

/// A rule as `perf rules CODE` explains it.
pub(crate) fn rule_text(rule: &Rule, lang: Lang) -> String {
    lang.text(
        "lsp.rule",
        crate::args!(
            code = rule.code,
            name = rule.name,
            severity = rule.severity.label(lang),
            summary = rule.summary(lang),
            explanation = rule.explanation(lang)
        ),
    )
}

/// A target's reading, one line each.
fn target_text(value: &str, lang: Lang) -> String {
    let reading = Reading::of(&Target::parse(value));
    let mut text = lang.text("lsp.target", crate::args!(raw = reading.raw));
    for line in reading.lines(lang) {
        text.push_str("\n- ");
        text.push_str(line.trim());
    }
    text
}

/// True for a cost row named as a rate whose 指标值 is a number without a unit, which the
/// cost rules read as a percentage, not an amount (`rules::cost`, C010).
fn bare_rate(target: &str, name: Option<&str>) -> bool {
    use crate::model::target::{TargetValue, Unit};
    name.is_some_and(crate::model::project::names_a_rate)
        && matches!(Target::parse(target).value, TargetValue::Quantity(q) if q.unit == Unit::None)
}

/// How a cost row is checked: against the budget total of the document's project.
fn cost_line(state: &State, document: &crate::lsp::state::Document, lang: Lang) -> Option<String> {
    let edited = state.check(document)?;
    let budget = edited.project?.project.budget?;
    let total = format!("{}{}", plain(budget.total), budget.unit);
    Some(lang.text("lsp.cost", crate::args!(total = total)))
}

/// The department total a project's 预算数 is part of: the projects of its department and
/// year in the tree, this one as the editor has it, and the total department.toml states.
fn department_total(state: &State, document: &Document, lang: Lang) -> Option<String> {
    let edited = state.check(document)?;
    let project = edited.project?.project;
    let own = project.budget.as_ref()?.total_wan()?;
    let year = project.year?;
    let path = crate::lsp::uri::to_path(&document.uri)?;
    let workspace = &state.workspace;
    // Each project's department resolved by a lookup: a scan of every department file per
    // project was 10⁸ comparisons a hover on a national tree.
    let index = DepartmentIndex::new(&workspace.departments);
    let name = index.canonical(&project.department);
    let (mut sum, mut count) = (own, 1);
    for other in &workspace.projects {
        let same_file = workspace
            .files
            .get(other.file.0)
            .is_some_and(|f| f.path == path);
        let p = &other.project;
        if same_file || p.year != Some(year) || index.canonical(&p.department) != name {
            continue;
        }
        if let Some(total) = p.budget.as_ref().and_then(|b| b.total_wan()) {
            sum += total;
            count += 1;
        }
    }
    let mut text = lang.text(
        "lsp.department_total",
        crate::args!(
            department = name,
            year = year,
            count = count,
            sum = plain(sum),
            own = plain(own)
        ),
    );
    let stated = workspace
        .departments
        .iter()
        .find(|d| d.department.name == name && d.department.year == Some(year))
        .and_then(|d| d.department.budget);
    if let Some(stated) = stated {
        let key = if stated == sum {
            "lsp.department_stated_equal"
        } else {
            "lsp.department_stated_differs"
        };
        text.push_str("\n\n");
        text.push_str(&lang.text(key, crate::args!(stated = plain(stated))));
    }
    Some(text)
}

fn level1_text(written: &str, preset: Preset, lang: Lang) -> String {
    let Some(level1) = Level1::from_label(written) else {
        return lang.text(
            "lsp.level1_unknown",
            crate::args!(label = written, known = Level1::labels().join("、")),
        );
    };
    let allowed = level1.allowed_level2(preset);
    let allowed = if allowed.is_empty() {
        lang.text("lsp.none", &[])
    } else {
        allowed.join("、")
    };
    lang.text(
        "lsp.level1",
        crate::args!(
            label = level1.label(),
            alias = alias(written, level1.label(), lang),
            framework = preset.word(),
            allowed = allowed
        ),
    )
}

fn level2_text(written: &str, level1: Option<&str>, preset: Preset, lang: Lang) -> String {
    let Some(level2) = Level2::from_label(written) else {
        return lang.text("lsp.level2_unknown", crate::args!(label = written));
    };
    let mut text = lang.text(
        "lsp.level2",
        crate::args!(
            label = level2.label(),
            alias = alias(written, level2.label(), lang),
            usual = level2.usual_level1().label()
        ),
    );
    if let Some(level1) = level1.and_then(Level1::from_label) {
        let key = match placement(level1, level2, preset) {
            Placement::Allowed => "lsp.placement.allowed",
            Placement::Hybrid => "lsp.placement.hybrid",
            Placement::OtherFramework => "lsp.placement.other",
            Placement::Misplaced => "lsp.placement.misplaced",
        };
        let placement = lang.text(key, crate::args!(framework = preset.word()));
        text.push_str("\n\n");
        text.push_str(&lang.text(
            "lsp.level2_under",
            crate::args!(level1 = level1.label(), placement = placement),
        ));
    }
    text
}

/// ` （“效果指标” 读作 “效益指标”）` when the label was written as an alias.
fn alias(written: &str, label: &str, lang: Lang) -> String {
    if written.trim() == label {
        String::new()
    } else {
        lang.text("lsp.alias", crate::args!(written = written, label = label))
    }
}
