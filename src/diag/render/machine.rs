//! Machine-oriented formats: concise lines, a JSON document and JSON Lines. Field names and
//! severity words stay English whatever the message language; they are a public contract
//! (docs/output.md).

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use crate::diag::file::SourceFile;
use crate::diag::render::Resolver;
use crate::diag::{Counts, Diagnostic};
use crate::text::visible;

/// `file:line:col: severity[CODE] message`, one finding per line; control characters in the
/// path and message escaped (`crate::text::visible`).
pub fn render_concise(
    out: &mut dyn Write,
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    let mut resolver = Resolver::new(files);
    for d in diagnostics {
        let at = resolver.resolve(d);
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            visible(&at.path),
            at.start.line,
            at.start.column,
            d.severity,
            d.rule.code,
            visible(&d.message)
        )?;
    }
    Ok(())
}

/// One finding as JSON (format version 1).
#[derive(Debug, Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    file: Cow<'a, str>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    help: Option<&'a str>,
}

fn to_json<'a>(resolver: &mut Resolver<'a>, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let at = resolver.resolve(d);
    JsonDiagnostic {
        code: d.rule.code,
        name: d.rule.name,
        severity: d.severity.as_str(),
        file: at.path,
        line: at.start.line,
        column: at.start.column,
        end_line: at.end.line,
        end_column: at.end.column,
        message: &d.message,
        help: d.help.as_deref(),
    }
}

/// The JSON document. The findings come before the counts, so that a run can write them as
/// files are checked and the counts once all are (docs/output.md).
#[derive(Serialize)]
struct Document<D> {
    version: u32,
    diagnostics: D,
    files: usize,
    #[serde(flatten)]
    counts: Counts,
}

/// One JSON document: `{"version":1,"diagnostics":[…],"files":N,"errors":N,"warnings":N,"notes":N}`,
/// where `files` is `checked`, the number of files checked (the table `files` may hold just
/// the files the findings point into).
pub fn render_json(
    out: &mut dyn Write,
    files: &[SourceFile],
    checked: usize,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    let mut resolver = Resolver::new(files);
    let document = Document {
        version: 1,
        diagnostics: diagnostics
            .iter()
            .map(|d| to_json(&mut resolver, d))
            .collect::<Vec<_>>(),
        files: checked,
        counts: Counts::of(diagnostics),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// The document with `marker` where the findings go and the final counts, for
/// [`super::stream`].
pub(crate) fn json_skeleton(
    marker: &str,
    checked: usize,
    counts: Counts,
) -> serde_json::Result<String> {
    serde_json::to_string_pretty(&Document {
        version: 1,
        diagnostics: marker,
        files: checked,
        counts,
    })
}

/// One finding as the JSON document lists it, for [`super::stream`].
pub(crate) fn json_item<'a>(
    resolver: &mut Resolver<'a>,
    d: &'a Diagnostic,
) -> serde_json::Result<String> {
    serde_json::to_string_pretty(&to_json(resolver, d))
}

/// One JSON object per finding, one per line.
pub fn render_jsonl(
    out: &mut dyn Write,
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    let mut resolver = Resolver::new(files);
    for d in diagnostics {
        serde_json::to_writer(&mut *out, &to_json(&mut resolver, d))?;
        writeln!(out)?;
    }
    Ok(())
}
