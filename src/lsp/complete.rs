//! Completion: the keys of the table the cursor is in (those not written yet), `level1`
//! values from the framework in force, `level2` values that belong under the row's `level1`,
//! and rule codes inside `# perf: allow(…)`.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, Documentation,
};

use crate::diag::registry::REGISTRY;
use crate::lsp::context::{Line, keys_in_block, table_at, value_in_block};
use crate::lsp::fields::{preset_of, table_fields};
use crate::lsp::position::LineIndex;
use crate::lsp::state::State;
use crate::model::framework::{Level1, Preset};

/// The completions at the position of `params`.
pub(crate) fn complete(state: &State, params: CompletionParams) -> Option<CompletionResponse> {
    let at = params.text_document_position;
    let document = state.document(&at.text_document.uri)?;
    let index = LineIndex::new(&document.text);
    let offset = index.offset(at.position);
    let line_no = usize::try_from(at.position.line).ok()?;
    let line = Line::at(&index, line_no, offset)?;
    let lang = state.lang;
    if line.in_allow_list() {
        let items = REGISTRY
            .iter()
            .map(|rule| CompletionItem {
                label: rule.code.to_owned(),
                kind: Some(CompletionItemKind::CONSTANT),
                detail: Some(rule.summary(lang)),
                documentation: Some(Documentation::String(rule.name.to_owned())),
                ..CompletionItem::default()
            })
            .collect();
        return Some(CompletionResponse::Array(items));
    }
    if line.comment.is_some_and(|c| line.cursor > c) {
        return None;
    }
    let (path, block) = table_at(&index, line_no);
    let before = line.before_cursor();
    if let Some((key, _)) = before.split_once('=') {
        let values = match key.trim() {
            "level1" => level1_values(preset_of(&index, state)),
            "level2" => {
                let level1 = value_in_block(&index, &block, "level1");
                level2_values(level1.as_deref(), preset_of(&index, state))
            }
            _ => return None,
        };
        // Inside the quotes the label alone; right after `=` the label with its quotes.
        let quoted = before.split_once('=').is_some_and(|(_, v)| v.contains('"'));
        let items = values
            .into_iter()
            .map(|label| CompletionItem {
                insert_text: (!quoted).then(|| format!("\"{label}\"")),
                label: label.to_owned(),
                kind: Some(CompletionItemKind::ENUM_MEMBER),
                ..CompletionItem::default()
            })
            .collect();
        return Some(CompletionResponse::Array(items));
    }
    let fields = table_fields(&at.text_document.uri, &path)?;
    let present = keys_in_block(&index, &block);
    let items = fields
        .iter()
        .filter(|f| !present.iter().any(|k| k == f.key))
        .filter(|f| {
            // Tables are written as headers, not keys.
            !matches!(
                f.kind,
                crate::source::fields::Kind::Table(_) | crate::source::fields::Kind::Tables(_)
            )
        })
        .map(|f| CompletionItem {
            label: f.key.to_owned(),
            kind: Some(CompletionItemKind::FIELD),
            detail: Some(f.label.to_owned()),
            documentation: (!f.doc.is_empty()).then(|| Documentation::String(f.doc.to_owned())),
            insert_text: Some(format!("{} = ", f.key)),
            ..CompletionItem::default()
        })
        .collect();
    Some(CompletionResponse::Array(items))
}

fn level1_values(preset: Preset) -> Vec<&'static str> {
    Level1::labels()
        .into_iter()
        .filter(|label| {
            Level1::from_label(label).is_some_and(|l| !l.allowed_level2(preset).is_empty())
        })
        .collect()
}

/// The 二级 that belong under `level1` (every 二级 of the framework when it is not known yet).
fn level2_values(level1: Option<&str>, preset: Preset) -> Vec<&'static str> {
    if let Some(level1) = level1.and_then(Level1::from_label) {
        return level1.allowed_level2(preset);
    }
    let mut all: Vec<&'static str> = Vec::new();
    for level1 in Level1::labels().into_iter().filter_map(Level1::from_label) {
        for label in level1.allowed_level2(preset) {
            if !all.contains(&label) {
                all.push(label);
            }
        }
    }
    all
}
