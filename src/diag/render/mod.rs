//! Turning findings into text for a writer: human (annotated source), concise (one line
//! each), JSON and JSON Lines, and the CI formats (GitHub annotations, GitLab Code Quality,
//! SARIF, JUnit). Nothing here decides what is wrong; it only lays it out.

mod github;
mod gitlab;
mod human;
mod junit;
mod machine;
mod sarif;

pub use github::render_github;
pub use gitlab::render_gitlab;
pub use human::render_human;
pub use junit::render_junit;
pub use machine::{render_concise, render_json, render_jsonl};
pub use sarif::render_sarif;

use std::ops::Range;

use crate::diag::Diagnostic;
use crate::diag::file::{LineCol, SourceFile, span_positions};

/// Where a finding is, resolved against its file's text.
#[derive(Debug, Clone)]
pub(crate) struct Resolved<'a> {
    pub(crate) path: String,
    pub(crate) text: Option<&'a str>,
    pub(crate) span: Option<Range<usize>>,
    pub(crate) start: LineCol,
    pub(crate) end: LineCol,
}

/// Resolves a finding's file and position; a finding without text or span sits at 1:1.
pub(crate) fn resolve<'a>(files: &'a [SourceFile], d: &Diagnostic) -> Resolved<'a> {
    let file = files.get(d.file.0);
    let path = file
        .map(|f| f.path.display().to_string())
        .unwrap_or_default();
    let text = file.and_then(|f| f.text.as_deref());
    let origin = LineCol { line: 1, column: 1 };
    let (start, end) = match (text, &d.span) {
        (Some(text), Some(span)) => span_positions(text, span),
        _ => (origin, origin),
    };
    Resolved {
        path,
        text,
        span: d.span.clone(),
        start,
        end,
    }
}
