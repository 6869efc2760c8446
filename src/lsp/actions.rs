//! Code actions and formatting, from what perf already knows: insert `# perf: allow(CODE) `
//! on a finding's line (the reason is typed after it: a suppression without one is F007);
//! `≧`/`≦` → `≥`/`≤` in a 指标值 (the same comparator, another glyph); the fix a cost
//! finding's help names (`改成 ≤4000万元`), which is exact: the budget total in 万元; and
//! `perf fmt` as document formatting.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Command,
    DocumentFormattingParams, NumberOrString, Position, Range, TextEdit, Uri, WorkspaceEdit,
};

use crate::i18n::Lang;
use crate::lsp::context::{Line, table_at};
use crate::lsp::position::LineIndex;
use crate::lsp::state::{Document, State};

/// The command run after the allow edit: puts the cursor where the reason goes, through
/// `window/showDocument` (a plain workspace edit cannot move the cursor).
pub(crate) const CURSOR_AT: &str = "perf.cursorAt";

/// Glyphs that mean the same comparator as the canonical one.
const SAME_COMPARATOR: &[(char, char)] = &[('≧', '≥'), ('≦', '≤')];

/// The actions for the range and diagnostics of `params`.
pub(crate) fn actions(state: &State, params: CodeActionParams) -> Vec<CodeActionOrCommand> {
    let uri = params.text_document.uri;
    let Some(document) = state.document(&uri) else {
        return Vec::new();
    };
    let index = LineIndex::new(&document.text);
    let lang = state.lang;
    let mut actions = Vec::new();
    for diagnostic in &params.context.diagnostics {
        if diagnostic.source.as_deref() != Some(crate::lsp::diagnostics::SOURCE) {
            continue;
        }
        let Some(NumberOrString::String(code)) = &diagnostic.code else {
            continue;
        };
        if let Some(fix) = help_fix(diagnostic, &index, lang) {
            let title = lang.text("lsp.action.fix", crate::args!(fix = fix.new_text));
            actions.push(action(&uri, title, vec![fix], diagnostic, true));
        }
        let exact = match code.as_str() {
            "C006" => unit_fix(state, document, diagnostic, &index),
            "P002" => skeleton_row(diagnostic, &index),
            _ => None,
        };
        if let Some((key, shown, edit)) = exact {
            let title = lang.text(key, crate::args!(text = shown));
            actions.push(action(&uri, title, vec![edit], diagnostic, true));
        }
        if let Some(allow) = allow_edit(&index, diagnostic.range.start, code) {
            let title = lang.text("lsp.action.allow", crate::args!(code = code));
            // Where the reason is typed: after the inserted comment (ASCII, one unit each).
            let reason = Position::new(
                allow.range.end.line,
                allow.range.end.character + u32::try_from(allow.new_text.len()).unwrap_or(u32::MAX),
            );
            let mut allow = action(&uri, title.clone(), vec![allow], diagnostic, false);
            if state.show_document
                && let CodeActionOrCommand::CodeAction(a) = &mut allow
            {
                a.command = Some(Command {
                    title,
                    command: CURSOR_AT.to_owned(),
                    arguments: Some(vec![
                        serde_json::json!(uri.as_str()),
                        serde_json::json!(reason),
                    ]),
                });
            }
            actions.push(allow);
        }
    }
    let first = usize::try_from(params.range.start.line).unwrap_or(0);
    let last = usize::try_from(params.range.end.line).unwrap_or(first);
    for line_no in first..=last.min(first + 200) {
        let Some((start, _)) = index.line(line_no) else {
            break;
        };
        let Some(line) = Line::at(&index, line_no, start) else {
            continue;
        };
        if !matches!(line.key, Some("target" | "actual" | "baseline")) {
            continue;
        }
        let Some((value, span)) = &line.string else {
            continue;
        };
        for (i, c) in value.char_indices() {
            let Some(&(_, canonical)) = SAME_COMPARATOR.iter().find(|(odd, _)| *odd == c) else {
                continue;
            };
            let at = line.start + span.start + i;
            let edit = TextEdit::new(index.range(&(at..at + c.len_utf8())), canonical.to_string());
            let title = lang.text(
                "lsp.action.comparator",
                crate::args!(from = c, to = canonical),
            );
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                edit: Some(workspace_edit(&uri, vec![edit])),
                is_preferred: Some(true),
                ..CodeAction::default()
            }));
        }
    }
    actions
}

fn action(
    uri: &Uri,
    title: String,
    edits: Vec<TextEdit>,
    diagnostic: &lsp_types::Diagnostic,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(workspace_edit(uri, edits)),
        is_preferred: Some(preferred),
        ..CodeAction::default()
    })
}

fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// ` # perf: allow(CODE) ` at the end of the finding's line, when that line has no comment
/// yet (a second `#` would only be read as part of the first comment).
fn allow_edit(index: &LineIndex<'_>, at: Position, code: &str) -> Option<TextEdit> {
    let line_no = usize::try_from(at.line).ok()?;
    let (start, text) = index.line(line_no)?;
    if crate::lsp::context::comment_start(text).is_some() {
        return None;
    }
    let end = index.position(start + text.len());
    let spacer = if text.ends_with(' ') || text.is_empty() {
        ""
    } else {
        "  "
    };
    Some(TextEdit::new(
        Range::new(end, end),
        format!("{spacer}# perf: allow({code}) "),
    ))
}

/// The exact fix a cost finding's help names: its help is the `cost.fix` text (`改成
/// \`≤4000万元\`（与预算数一致）…`), and the finding points at the quoted 指标值, which the
/// named value replaces.
fn help_fix(
    diagnostic: &lsp_types::Diagnostic,
    index: &LineIndex<'_>,
    lang: Lang,
) -> Option<TextEdit> {
    let help = diagnostic.data.as_ref()?.get("help")?.as_str()?;
    const MARK: &str = "\u{0}";
    let template = lang.text("cost.fix", crate::args!(total = MARK));
    let (before, after) = template.split_once(MARK)?;
    let total = help.strip_prefix(before)?.strip_suffix(after)?;
    // The backquoted part of the template, with the total filled in.
    let open = before.rfind('`')?;
    let close = after.find('`')?;
    let value = format!("{}{total}{}", before.get(open + 1..)?, after.get(..close)?);
    let start = index.offset(diagnostic.range.start);
    let end = index.offset(diagnostic.range.end);
    let written = index.text().get(start..end)?;
    // Only a basic string is replaced as a whole; anything else is left to the reader.
    if written.len() < 2 || !written.starts_with('"') || !written.ends_with('"') {
        return None;
    }
    Some(TextEdit::new(diagnostic.range, format!("\"{value}\"")))
}

/// C006 (an amount without a unit, read in the budget's unit): the budget's unit written
/// after the number, which is how perf already reads it.
fn unit_fix(
    state: &State,
    document: &Document,
    diagnostic: &lsp_types::Diagnostic,
    index: &LineIndex<'_>,
) -> Option<(&'static str, String, TextEdit)> {
    let start = index.offset(diagnostic.range.start);
    let end = index.offset(diagnostic.range.end);
    let inner = index
        .text()
        .get(start..end)?
        .strip_prefix('"')?
        .strip_suffix('"')?;
    if !inner.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let unit = state.check(document)?.project?.project.budget?.unit;
    let value = format!("\"{inner}{unit}\"");
    Some((
        "lsp.action.unit",
        value.clone(),
        TextEdit::new(diagnostic.range, value),
    ))
}

/// P002 (二级 missing under 产出指标): the rows its help names, a `level1`/`level2` pair of
/// quoted keys each (`level1 = "产出指标"`、`level2 = "成本指标"`), with the name and target to
/// fill, after the last indicator row.
fn skeleton_row(
    diagnostic: &lsp_types::Diagnostic,
    index: &LineIndex<'_>,
) -> Option<(&'static str, String, TextEdit)> {
    let help = diagnostic.data.as_ref()?.get("help")?.as_str()?;
    let quoted: Vec<&str> = help.split('`').skip(1).step_by(2).collect();
    if quoted.is_empty() || !quoted.len().is_multiple_of(2) {
        return None;
    }
    let (mut rows, mut titles) = (Vec::new(), Vec::new());
    for pair in quoted.chunks(2) {
        let mut row = String::from("[[indicator]]\n");
        for (expected, quoted) in ["level1", "level2"].into_iter().zip(pair) {
            let (key, value) = quoted.split_once('=')?;
            if key.trim() != expected {
                return None;
            }
            row.push_str(&format!("{expected} = {}\n", value.trim()));
        }
        row.push_str("name = \"\"\ntarget = \"\"\n");
        rows.push(row);
        titles.push(pair.iter().map(|q| q.trim()).collect::<Vec<_>>().join("、"));
    }
    let row = rows.join("\n");
    let text = index.text();
    let last = (0..index.line_count()).rev().find(|&n| {
        index
            .line(n)
            .is_some_and(|(_, l)| l.trim() == "[[indicator]]")
    });
    let after = last.map(|n| table_at(index, n).1.end);
    let (at, new_text) = match after.and_then(|n| index.line(n)) {
        Some((start, _)) if after.is_some_and(|n| n < index.line_count()) && start < text.len() => {
            (start, format!("{row}\n"))
        }
        _ => {
            let prefix = if text.ends_with("\n\n") || text.is_empty() {
                ""
            } else if text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            (text.len(), format!("{prefix}{row}"))
        }
    };
    let position = index.position(at);
    let key = if titles.len() == 1 {
        "lsp.action.row"
    } else {
        "lsp.action.rows"
    };
    Some((
        key,
        titles.join("；"),
        TextEdit::new(Range::new(position, position), new_text),
    ))
}

/// `perf fmt` of the whole document, as one edit (none when it is already formatted).
///
/// # Errors
/// The text does not parse: the message says where.
pub(crate) fn format(
    state: &State,
    params: DocumentFormattingParams,
) -> Result<Vec<TextEdit>, String> {
    let Some(document) = state.document(&params.text_document.uri) else {
        return Ok(Vec::new());
    };
    let formatted = crate::toml_writer::canonical::format(&document.text).map_err(|e| {
        state.lang.text(
            "lsp.format_failed",
            crate::args!(line = e.line, column = e.column, message = e.message),
        )
    })?;
    if formatted == document.text {
        return Ok(Vec::new());
    }
    let index = LineIndex::new(&document.text);
    let whole = index.range(&(0..document.text.len()));
    Ok(vec![TextEdit::new(whole, formatted)])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A P002 naming two missing 二级 adds two rows, each to fill, after the last row.
    #[test]
    fn a_p002_naming_two_kinds_adds_two_rows() {
        let text = "[project]\nname = \"甲\"\n\n[[indicator]]\nlevel1 = \"产出指标\"\n\
                    level2 = \"质量指标\"\nname = \"合格率\"\ntarget = \"≥95%\"\n";
        let index = LineIndex::new(text);
        let mut diagnostic = lsp_types::Diagnostic::new_simple(Range::default(), String::new());
        diagnostic.data = Some(serde_json::json!({
            "help": "每样补一行：`level1 = \"产出指标\"`、`level2 = \"数量指标\"`；\
                     `level1 = \"产出指标\"`、`level2 = \"时效指标\"`"
        }));
        let (key, title, edit) = skeleton_row(&diagnostic, &index).unwrap(); // ok: test
        assert_eq!(key, "lsp.action.rows");
        assert_eq!(
            title,
            "level1 = \"产出指标\"、level2 = \"数量指标\"；level1 = \"产出指标\"、level2 = \"时效指标\""
        );
        assert_eq!(
            edit.new_text,
            "\n[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"\"\ntarget = \"\"\n\n\
             [[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"时效指标\"\nname = \"\"\ntarget = \"\"\n"
        );
        // A help with a key other than level1/level2, or half a pair, offers no row.
        diagnostic.data = Some(serde_json::json!({"help": "`level1 = \"产出指标\"`"}));
        assert!(skeleton_row(&diagnostic, &index).is_none());
        diagnostic.data =
            Some(serde_json::json!({"help": "`level1 = \"产出指标\"`、`target = \"1\"`"}));
        assert!(skeleton_row(&diagnostic, &index).is_none());
    }
}
