//! Findings introduced and fixed by a change.
//!
//! A finding on the old side and one on the new side are the same when their code, file and
//! message agree. Line numbers are ignored, so an edit above a finding does not make it look
//! new; a project moved to another file carries its findings along (the old path is mapped to
//! the new one). Identical findings are counted, so a second copy of a problem still shows.

use std::collections::HashMap;

use crate::diag::Diagnostic;
use crate::diag::file::line_col;
use crate::diff::{FindingChange, FindingsDiff};
use crate::source::Workspace;

/// One side's findings and how to name its files.
pub struct Findings<'a> {
    /// The tree the findings point into.
    pub workspace: &'a Workspace,
    /// The findings.
    pub diagnostics: &'a [Diagnostic],
    /// The display path of each file, by file id.
    pub paths: &'a [String],
}

/// Compares two sides' findings. `moved` maps an old display path to the new one for files
/// whose project moved.
pub fn compare_findings(
    old: &Findings<'_>,
    new: &Findings<'_>,
    moved: &HashMap<String, String>,
) -> FindingsDiff {
    let path = |side: &Findings<'_>, d: &Diagnostic| -> String {
        side.paths.get(d.file.0).cloned().unwrap_or_default()
    };
    let mut before: HashMap<(&str, String, &str), Vec<&Diagnostic>> = HashMap::new();
    for d in old.diagnostics.iter().rev() {
        let file = path(old, d);
        let file = moved.get(&file).cloned().unwrap_or(file);
        before
            .entry((d.rule.code, file, d.message.as_str()))
            .or_default()
            .push(d);
    }
    let mut introduced = Vec::new();
    for d in new.diagnostics {
        let key = (d.rule.code, path(new, d), d.message.as_str());
        if before.get_mut(&key).and_then(Vec::pop).is_none() {
            introduced.push(describe(new, d));
        }
    }
    let mut fixed: Vec<FindingChange> = before
        .into_values()
        .flatten()
        .map(|d| describe(old, d))
        .collect();
    let order = |f: &FindingChange| (f.file.clone(), f.line, f.code, f.message.clone());
    fixed.sort_by_key(order);
    introduced.sort_by_key(order);
    FindingsDiff { introduced, fixed }
}

fn describe(side: &Findings<'_>, d: &Diagnostic) -> FindingChange {
    let text = side.workspace.file(d.file).and_then(|f| f.text.as_deref());
    let line = match (text, &d.span) {
        (Some(text), Some(span)) => Some(line_col(text, span.start).line),
        _ => None,
    };
    FindingChange {
        severity: d.severity,
        code: d.rule.code,
        rule: d.rule.name,
        file: side.paths.get(d.file.0).cloned().unwrap_or_default(),
        line,
        message: d.message.clone(),
    }
}
