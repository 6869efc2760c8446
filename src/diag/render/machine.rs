//! Machine-oriented formats: concise lines, a JSON document and JSON Lines. Field names and
//! severity words stay English whatever the message language; they are a public contract
//! (docs/output.md).

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use crate::diag::file::SourceFile;
use crate::diag::render::{Resolver, json_string};
use crate::diag::{Counts, Diagnostic};
use crate::text::visible;

/// `file:line:col: severity[CODE] message`, one finding per line; control characters in the
/// path and message escaped (`crate::text::visible`). Each line is put together by hand in a
/// buffer reused from line to line, the path made visible once per file: `write!`'s
/// formatting machinery and the path's checks were a visible share of writing 400,000
/// findings.
pub fn render_concise(
    out: &mut dyn Write,
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    let mut resolver = Resolver::new(files);
    let mut shown: Option<(usize, Cow<'_, str>)> = None;
    let mut line = Vec::with_capacity(256);
    for d in diagnostics {
        let (at_path, start) = resolver.start(d);
        let path = match &shown {
            Some((file, path)) if *file == d.file.0 => path,
            _ => {
                let path = match at_path {
                    Cow::Borrowed(path) => visible(path),
                    Cow::Owned(path) => Cow::Owned(visible(&path).into_owned()),
                };
                &shown.insert((d.file.0, path)).1
            }
        };
        line.clear();
        line.extend_from_slice(path.as_bytes());
        line.push(b':');
        push_number(&mut line, start.line);
        line.push(b':');
        push_number(&mut line, start.column);
        line.extend_from_slice(b": ");
        line.extend_from_slice(d.severity.as_str().as_bytes());
        line.push(b'[');
        line.extend_from_slice(d.rule.code.as_bytes());
        line.extend_from_slice(b"] ");
        line.extend_from_slice(visible(&d.message).as_bytes());
        line.push(b'\n');
        out.write_all(&line)?;
    }
    Ok(())
}

/// Appends `n` in decimal.
pub(crate) fn push_number(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let (Some(d), Some(&digit)) = (digits.get_mut(at), b"0123456789".get(n % 10)) {
            *d = digit;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    out.extend_from_slice(digits.get(at..).unwrap_or_default());
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

/// One finding as the JSON document lists it, appended to `out`, for [`super::stream`].
pub(crate) fn write_json_item<'a>(
    resolver: &mut Resolver<'a>,
    d: &'a Diagnostic,
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    pretty_into(&to_json(resolver, d), out)
}

#[cfg(test)]
fn pretty(item: &JsonDiagnostic<'_>) -> serde_json::Result<String> {
    let mut out = Vec::new();
    pretty_into(item, &mut out)?;
    // serde_json writes UTF-8; a failure here would be a bug, reported as an error.
    String::from_utf8(out).map_err(|e| serde::ser::Error::custom(e.to_string()))
}

/// `item` as `serde_json::to_string_pretty` lays it out (the tests hold the two together),
/// written directly rather than through serde's pretty printer for each of 400,000 findings;
/// the strings are escaped by serde_json itself. Appended to `out`.
fn pretty_into(item: &JsonDiagnostic<'_>, out: &mut Vec<u8>) -> serde_json::Result<()> {
    fields_into(item, &PRETTY, out)
}

/// What goes before each field of a finding and after the last, in one layout of JSON.
struct Layout {
    /// Before `code`, `name`, `severity`, `file`, `line`, `column`, `end_line`,
    /// `end_column`, `message` and `help`.
    keys: [&'static str; 10],
    end: &'static str,
}

/// `serde_json::to_string_pretty`'s layout of a finding.
const PRETTY: Layout = Layout {
    keys: [
        "{\n  \"code\": ",
        ",\n  \"name\": ",
        ",\n  \"severity\": ",
        ",\n  \"file\": ",
        ",\n  \"line\": ",
        ",\n  \"column\": ",
        ",\n  \"end_line\": ",
        ",\n  \"end_column\": ",
        ",\n  \"message\": ",
        ",\n  \"help\": ",
    ],
    end: "\n}",
};

/// `serde_json::to_writer`'s compact layout of a finding.
const COMPACT: Layout = Layout {
    keys: [
        "{\"code\":",
        ",\"name\":",
        ",\"severity\":",
        ",\"file\":",
        ",\"line\":",
        ",\"column\":",
        ",\"end_line\":",
        ",\"end_column\":",
        ",\"message\":",
        ",\"help\":",
    ],
    end: "}",
};

/// `item`'s fields in `layout`, appended to `out`; strings escaped as serde_json escapes them.
fn fields_into(
    item: &JsonDiagnostic<'_>,
    layout: &Layout,
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    let [
        code,
        name,
        severity,
        file,
        line,
        column,
        end_line,
        end_column,
        message,
        help,
    ] = layout.keys;
    let strings = [
        (code, item.code),
        (name, item.name),
        (severity, item.severity),
        (file, &*item.file),
    ];
    for (key, value) in strings {
        out.extend_from_slice(key.as_bytes());
        json_string(out, value)?;
    }
    let numbers = [
        (line, item.line),
        (column, item.column),
        (end_line, item.end_line),
        (end_column, item.end_column),
    ];
    for (key, value) in numbers {
        out.extend_from_slice(key.as_bytes());
        push_number(out, value);
    }
    out.extend_from_slice(message.as_bytes());
    json_string(out, item.message)?;
    out.extend_from_slice(help.as_bytes());
    match item.help {
        Some(help) => json_string(out, help)?,
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(layout.end.as_bytes());
    Ok(())
}

/// One JSON object per finding, one per line.
pub fn render_jsonl(
    out: &mut dyn Write,
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    let mut resolver = Resolver::new(files);
    // Laid out in a buffer written every 64 KiB: serde's derived serializer through `dyn
    // Write` was 14% of `--format jsonl`'s instructions.
    let mut bytes = Vec::with_capacity(64 * 1024 + 1024);
    for d in diagnostics {
        compact_into(&to_json(&mut resolver, d), &mut bytes)?;
        bytes.push(b'\n');
        if bytes.len() >= 64 * 1024 {
            out.write_all(&bytes)?;
            bytes.clear();
        }
    }
    out.write_all(&bytes)
}

/// `item` as `serde_json::to_writer` writes it (the tests hold the two together), written
/// directly; strings escaped as serde_json escapes them.
fn compact_into(item: &JsonDiagnostic<'_>, out: &mut Vec<u8>) -> serde_json::Result<()> {
    fields_into(item, &COMPACT, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON Lines writer gives serde's compact bytes, with and without help, with
    /// strings that need escaping and numbers of every width.
    #[test]
    fn lines_are_written_as_serde_writes_them() {
        let plain = JsonDiagnostic {
            code: "P006",
            name: "goal-unmatched",
            severity: "note",
            file: Cow::Borrowed("a/b.toml"),
            line: 3,
            column: 1,
            end_line: 3,
            end_column: 40,
            message: "目标“发放”没有对应的指标",
            help: Some("加上指标"),
        };
        let escaped = JsonDiagnostic {
            file: Cow::Borrowed("budgets/高新区 人社局/a\"b\\c.toml"),
            line: 0,
            end_line: 123_456_789,
            end_column: usize::MAX,
            message: "合计\t不符\u{1b}\u{7f}\u{2028}",
            help: None,
            ..plain
        };
        for item in [&plain, &escaped] {
            let mut out = Vec::new();
            compact_into(item, &mut out).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(item).unwrap()
            );
        }
    }

    /// The direct writer gives serde's pretty printer's bytes, with and without help, with
    /// strings that need escaping and numbers of every width.
    #[test]
    fn items_are_written_as_serde_pretty_prints_them() {
        let items = [
            JsonDiagnostic {
                code: "B001",
                name: "budget-sum-mismatch",
                severity: "error",
                file: Cow::Borrowed("budgets/高新区 人社局/a\"b\\c.toml"),
                line: 0,
                column: 9,
                end_line: 123_456_789,
                end_column: usize::MAX,
                message: "合计\"不符\"\t\u{1}\u{2028}",
                help: Some("改正\n第二行"),
            },
            JsonDiagnostic {
                code: "P002",
                name: "cost-missing",
                severity: "warning",
                file: Cow::Owned(String::new()),
                line: 1,
                column: 1,
                end_line: 1,
                end_column: 10,
                message: "",
                help: None,
            },
        ];
        for item in &items {
            assert_eq!(
                pretty(item).unwrap(),
                serde_json::to_string_pretty(item).unwrap()
            );
        }
    }
    use crate::diag::FileId;
    use crate::diag::registry::PLAN_MONTH;
    use std::sync::Arc;

    #[test]
    fn numbers_are_written_as_format_writes_them() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, usize::MAX] {
            let mut out = Vec::new();
            push_number(&mut out, n);
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
    }

    /// The hand-built line is the one `write!` made: path and message made visible, one
    /// path per file, findings without a span at 1:1.
    #[test]
    fn concise_lines_are_those_of_the_format_string() {
        let files = [
            SourceFile {
                path: "a\u{1b}.toml".into(),
                text: Some(Arc::from("x = 1\n[plan]\n13 = 5\n")),
                suppressions: Vec::new(),
            },
            SourceFile {
                path: "b.toml".into(),
                text: None,
                suppressions: Vec::new(),
            },
        ];
        let diagnostics = [
            Diagnostic::new(&PLAN_MONTH, FileId(0), Some(13..15), "月份“13”\u{202e}"),
            Diagnostic::new(&PLAN_MONTH, FileId(0), Some(0..1), "m"),
            Diagnostic::new(&PLAN_MONTH, FileId(1), Some(3..4), "n"),
        ];
        let mut out = Vec::new();
        render_concise(&mut out, &files, &diagnostics).unwrap();
        let mut want = String::new();
        let mut resolver = Resolver::new(&files);
        for d in &diagnostics {
            let at = resolver.resolve(d);
            want.push_str(&format!(
                "{}:{}:{}: {}[{}] {}\n",
                visible(&at.path),
                at.start.line,
                at.start.column,
                d.severity,
                d.rule.code,
                visible(&d.message)
            ));
        }
        assert_eq!(String::from_utf8(out).unwrap(), want);
        assert!(want.starts_with("a\\u{1b}.toml:3:1: "), "{want}");
        assert!(want.contains("b.toml:1:1: "), "{want}");
    }
}
