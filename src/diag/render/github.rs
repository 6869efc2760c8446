//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per finding,
//! which the Actions runner turns into an annotation on the file and lines it names.
//!
//! ```text
//! ::error file=budgets/a.toml,line=3,col=9,endLine=3,endColumn=13,title=B001 budget-sum-mismatch::message
//! ```
//!
//! Positions are 1-based; columns count characters and `endColumn` is exclusive, as everywhere
//! in perf. A help text follows the message on its own line. Values are escaped as the runner
//! expects (`%`, CR and LF in the message; also `:` and `,` in properties), so a message can
//! neither end the command early nor smuggle in a second one; other control characters are
//! shown escaped (`\u{1b}`, `crate::text`), as the log shows the line to people.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::diag::file::SourceFile;
use crate::diag::render::Resolver;
use crate::diag::render::machine::push_number;
use crate::diag::{Diagnostic, Severity};
use crate::text::visible;

/// One workflow command per finding.
pub fn render_github(
    out: &mut dyn Write,
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    let mut resolver = Resolver::new(files);
    // Each line put together by hand in one buffer, the path escaped once per file, nothing
    // copied that needs no escaping: `format!` and `writeln!` per finding, and a copy of
    // every message and title, were a tenth of `--format github`'s instructions.
    let mut shown: Option<(usize, String)> = None;
    let mut line = Vec::with_capacity(512);
    for d in diagnostics {
        let at = resolver.resolve(d);
        let command: &[u8] = match d.severity {
            Severity::Error => b"error",
            Severity::Warning => b"warning",
            Severity::Note => b"notice",
        };
        let path = match &shown {
            Some((file, path)) if *file == d.file.0 => path,
            _ => {
                let path = visible(&escape_property(&at.path)).into_owned();
                &shown.insert((d.file.0, path)).1
            }
        };
        line.clear();
        line.extend_from_slice(b"::");
        line.extend_from_slice(command);
        line.extend_from_slice(b" file=");
        line.extend_from_slice(path.as_bytes());
        let numbers = [
            (&b",line="[..], at.start.line),
            (b",col=", at.start.column),
            (b",endLine=", at.end.line),
            (b",endColumn=", at.end.column),
        ];
        for (key, n) in numbers {
            line.extend_from_slice(key);
            push_number(&mut line, n);
        }
        // The title is `{code} {name}`, the message `{message}` and `\n{help}`: escaping
        // and `visible` go character by character, so each piece is escaped on its own.
        line.extend_from_slice(b",title=");
        push_escaped(&mut line, d.rule.code, true);
        line.push(b' ');
        push_escaped(&mut line, d.rule.name, true);
        line.extend_from_slice(b"::");
        push_escaped(&mut line, &d.message, false);
        if let Some(help) = &d.help {
            line.extend_from_slice(b"%0A");
            push_escaped(&mut line, help, false);
        }
        line.push(b'\n');
        out.write_all(&line)?;
    }
    Ok(())
}

/// Appends `text` escaped as the title's property (`property`: as the title always was,
/// without [`visible`]) or as the message, made [`visible`]; borrowed throughout when there
/// is nothing to escape.
fn push_escaped(out: &mut Vec<u8>, text: &str, property: bool) {
    let special =
        |b: &u8| matches!(b, b'%' | b'\r' | b'\n') || (property && matches!(b, b':' | b','));
    let escaped = if text.as_bytes().iter().any(special) {
        Cow::Owned(if property {
            escape_property(text)
        } else {
            escape_data(text)
        })
    } else {
        Cow::Borrowed(text)
    };
    if property {
        out.extend_from_slice(escaped.as_bytes());
    } else {
        out.extend_from_slice(visible(&escaped).as_bytes());
    }
}

/// Escapes a command's message: `%`, CR and LF.
fn escape_data(s: &str) -> String {
    let mut escaped = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => escaped.push_str("%25"),
            '\r' => escaped.push_str("%0D"),
            '\n' => escaped.push_str("%0A"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// Escapes a property value: what [`escape_data`] escapes, and `:` and `,`.
fn escape_property(s: &str) -> String {
    let mut escaped = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => escaped.push_str("%25"),
            '\r' => escaped.push_str("%0D"),
            '\n' => escaped.push_str("%0A"),
            ':' => escaped.push_str("%3A"),
            ',' => escaped.push_str("%2C"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::diag::FileId;
    use crate::diag::registry::{BUDGET_SPLIT_MISSING, BUDGET_SUM, NOT_UTF8};

    fn render(files: &[SourceFile], diagnostics: &[Diagnostic]) -> String {
        let mut out = Vec::new();
        render_github(&mut out, files, diagnostics).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from(path),
            text: Some(text.into()),
            suppressions: Vec::new(),
        }
    }

    #[test]
    fn one_command_per_finding_with_positions_in_characters() {
        let text = "[budget]\ntarget = \"≧5个\"\n";
        let start = text.find('5').unwrap();
        let files = [file("预算/a.toml", text)];
        let diagnostics = [
            Diagnostic::new(&BUDGET_SUM, FileId(0), Some(start..start + 4), "合计不符"),
            Diagnostic::new(&BUDGET_SPLIT_MISSING, FileId(0), Some(0..8), "未填写")
                .with_help("加上 fiscal"),
        ];
        assert_eq!(
            render(&files, &diagnostics),
            "::error file=预算/a.toml,line=2,col=12,endLine=2,endColumn=14,\
             title=B001 budget-sum-mismatch::合计不符\n\
             ::warning file=预算/a.toml,line=1,col=1,endLine=1,endColumn=9,\
             title=B003 budget-split-missing::未填写%0A加上 fiscal\n"
        );
    }

    #[test]
    fn notes_are_notices_and_whole_file_findings_sit_at_the_start() {
        let files = [SourceFile {
            path: PathBuf::from("gbk.toml"),
            text: None,
            suppressions: Vec::new(),
        }];
        let mut d = Diagnostic::new(&NOT_UTF8, FileId(0), None, "不是 UTF-8");
        d.severity = Severity::Note;
        assert_eq!(
            render(&files, &[d]),
            "::notice file=gbk.toml,line=1,col=1,endLine=1,endColumn=1,\
             title=F006 not-utf8::不是 UTF-8\n"
        );
    }

    #[test]
    fn escapes_messages_and_properties() {
        let files = [file("dir,with:odd%name\n.toml", "x")];
        let d = Diagnostic::new(
            &BUDGET_SUM,
            FileId(0),
            Some(0..1),
            "100% wrong\r\n::error::injected, a: b",
        );
        let line = render(&files, &[d]);
        assert_eq!(
            line,
            "::error file=dir%2Cwith%3Aodd%25name%0A.toml,line=1,col=1,endLine=1,endColumn=2,\
             title=B001 budget-sum-mismatch::100%25 wrong%0D%0A::error::injected, a: b\n"
        );
        assert_eq!(line.lines().count(), 1);
    }

    /// Pieces escaped one by one give what escaping the joined text gave.
    #[test]
    fn pieces_escape_as_the_whole() {
        let pieces = [
            "100%",
            "a\rb",
            "c\nd",
            "x:y,z",
            "\u{1b}]0;t\u{7}",
            "“引”",
            "",
        ];
        for a in pieces {
            for b in pieces {
                let mut out = Vec::new();
                push_escaped(&mut out, a, false);
                out.extend_from_slice(b"%0A");
                push_escaped(&mut out, b, false);
                let whole = visible(&escape_data(&format!("{a}\n{b}"))).into_owned();
                assert_eq!(String::from_utf8(out).unwrap(), whole);
                let mut out = Vec::new();
                push_escaped(&mut out, a, true);
                out.push(b' ');
                push_escaped(&mut out, b, true);
                let whole = escape_property(&format!("{a} {b}"));
                assert_eq!(String::from_utf8(out).unwrap(), whole);
            }
        }
    }

    #[test]
    fn escaping_rules() {
        assert_eq!(escape_data("a%b\rc\nd:e,f"), "a%25b%0Dc%0Ad:e,f");
        assert_eq!(escape_property("a%b\rc\nd:e,f"), "a%25b%0Dc%0Ad%3Ae%2Cf");
    }
}
