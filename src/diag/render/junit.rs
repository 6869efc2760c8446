//! JUnit XML, for CI systems that show test reports: every file checked is one test case,
//! which fails when the file has an error.
//!
//! ```xml
//! <testsuites name="perf" tests="2" failures="1">
//!   <testsuite name="perf validate" tests="2" failures="1" errors="0" skipped="0">
//!     <testcase classname="perf.validate" name="budgets/a.toml">
//!       <failure type="B001" message="…">budgets/a.toml:3:9: error[B001] …</failure>
//!       <system-out>budgets/a.toml:5:1: warning[P003] …</system-out>
//!     </testcase>
//!     <testcase classname="perf.validate" name="budgets/b.toml"/>
//!   </testsuite>
//! </testsuites>
//! ```
//!
//! `tests` counts the files (clean ones included) and `failures` the files with at least one
//! error; each error is its own `<failure>`, its body the concise line and a `help:` line when
//! the rule has one. Warnings and notes do not fail a file: they are listed, one concise line
//! each, in the test case's `<system-out>`. Everything is XML-escaped, and characters XML 1.0
//! cannot carry (control characters other than tab, LF and CR; U+FFFE, U+FFFF) are dropped.

use std::io::{self, Write};

use crate::diag::file::SourceFile;
use crate::diag::render::Resolver;
use crate::diag::{Diagnostic, Severity};

/// Writes one JUnit XML document: a test case per file, a failure per error.
pub fn render_junit(
    out: &mut dyn Write,
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    // One case per file; a finding pointing past the file table (not made by perf itself)
    // still gets a case, so nothing is dropped silently.
    let case_count = diagnostics
        .iter()
        .map(|d| d.file.0 + 1)
        .max()
        .unwrap_or(0)
        .max(files.len());
    // The cases are written one by one, each from its file's findings: a national-scale
    // tree has 10^5 cases, which are not built in memory first.
    let mut by_file: Vec<&Diagnostic> = diagnostics.iter().collect();
    by_file.sort_by_key(|d| d.file.0);
    let is_error = |d: &&Diagnostic| d.severity == Severity::Error;
    let failures = by_file
        .chunk_by(|a, b| a.file == b.file)
        .filter(|group| group.iter().any(is_error))
        .count();
    write_head(out, case_count, failures)?;
    let mut resolver = Resolver::new(files);
    let mut groups = by_file.chunk_by(|a, b| a.file == b.file).peekable();
    for i in 0..case_count {
        let name = files
            .get(i)
            .map_or_else(|| format!("<file #{i}>"), |f| f.path.display().to_string());
        let group = groups
            .next_if(|g| g.first().is_some_and(|d| d.file.0 == i))
            .unwrap_or_default();
        let pieces: Vec<Piece> = group.iter().map(|d| Piece::of(&mut resolver, d)).collect();
        write_case(
            out,
            case_name(&name).as_bytes(),
            pieces.iter().map(|p| (p.error, p.text.as_bytes())),
        )?;
    }
    write_tail(out)
}

/// One finding laid out for its test case: a whole `<failure>` element for an error, a line
/// of the case's `<system-out>` for a warning or note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    /// Whether it is an error (a `<failure>`).
    pub(crate) error: bool,
    /// The XML, escaped.
    pub(crate) text: String,
}

impl Piece {
    /// Lays out `d` (it points into the resolver's table).
    pub(crate) fn of(resolver: &mut Resolver<'_>, d: &Diagnostic) -> Self {
        let at = resolver.resolve(d);
        let mut line = format!(
            "{}:{}:{}: {}[{}] {}",
            at.path, at.start.line, at.start.column, d.severity, d.rule.code, d.message
        );
        if let Some(help) = &d.help {
            line.push_str("\nhelp: ");
            line.push_str(help);
        }
        let error = d.severity == Severity::Error;
        let text = if error {
            format!(
                "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                escape(d.rule.code, true),
                escape(&d.message, true),
                escape(&line, false),
            )
        } else {
            let mut text = escape(&line, false);
            text.push('\n');
            text
        };
        Self { error, text }
    }
}

/// A test case's name as its `name` attribute holds it (a path, escaped).
pub(crate) fn case_name(path: &str) -> String {
    escape(path, true)
}

/// The document's opening, with the count of cases and of failed ones.
pub(crate) fn write_head(out: &mut dyn Write, cases: usize, failures: usize) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="perf" tests="{cases}" failures="{failures}">"#,
    )?;
    writeln!(
        out,
        r#"  <testsuite name="perf validate" tests="{cases}" failures="{failures}" errors="0" skipped="0">"#,
    )
}

/// One test case: `name` (escaped, [`case_name`]) and its findings' pieces in order, each
/// as (is an error, its laid-out XML): the failures first, then the other lines in one
/// `<system-out>`; a case with no findings is one empty element.
pub(crate) fn write_case<'p>(
    out: &mut dyn Write,
    name: &[u8],
    pieces: impl Iterator<Item = (bool, &'p [u8])> + Clone,
) -> io::Result<()> {
    out.write_all(br#"    <testcase classname="perf.validate" name=""#)?;
    out.write_all(name)?;
    if pieces.clone().next().is_none() {
        return out.write_all(b"\"/>\n");
    }
    out.write_all(b"\">\n")?;
    let mut output = false;
    for (error, text) in pieces.clone() {
        if error {
            out.write_all(text)?;
        } else {
            output = true;
        }
    }
    if output {
        out.write_all(b"      <system-out>")?;
        for (_, text) in pieces.filter(|(error, _)| !error) {
            out.write_all(text)?;
        }
        out.write_all(b"</system-out>\n")?;
    }
    out.write_all(b"    </testcase>\n")
}

/// The document's closing.
pub(crate) fn write_tail(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

/// Escapes `&<>"'` and drops characters XML 1.0 cannot carry; in an attribute also writes
/// tab, LF and CR as character references, which parsers would otherwise turn into spaces.
fn escape(s: &str, attribute: bool) -> String {
    let mut escaped = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' if attribute => escaped.push_str("&#9;"),
            '\n' if attribute => escaped.push_str("&#10;"),
            '\r' => escaped.push_str("&#13;"),
            '\t' | '\n' => escaped.push(c),
            c if is_xml_char(c) => escaped.push(c),
            _ => {}
        }
    }
    escaped
}

/// Whether XML 1.0 allows `c` in a document (Rust `char`s are never surrogates).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::diag::FileId;
    use crate::diag::registry::{BUDGET_SPLIT_MISSING, BUDGET_SUM, NEGATIVE_AMOUNT};

    fn render(files: &[SourceFile], diagnostics: &[Diagnostic]) -> String {
        let mut out = Vec::new();
        render_junit(&mut out, files, diagnostics).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn file(path: &str, text: Option<&str>) -> SourceFile {
        SourceFile {
            path: PathBuf::from(path),
            text: text.map(Into::into),
            suppressions: Vec::new(),
        }
    }

    #[test]
    fn a_case_per_file_a_failure_per_error_warnings_in_output() {
        let text = "[budget]\ntotal = -1\n";
        let files = [file("a.toml", Some(text)), file("干净.toml", None)];
        let diagnostics = [
            Diagnostic::new(
                &BUDGET_SPLIT_MISSING,
                FileId(0),
                Some(0..8),
                "未填写资金来源",
            ),
            Diagnostic::new(
                &BUDGET_SUM,
                FileId(0),
                Some(9..14),
                "合计 <不符> & \"差\" 'x'",
            )
            .with_help("改正"),
            Diagnostic::new(&NEGATIVE_AMOUNT, FileId(0), Some(17..19), "金额为负"),
        ];
        assert_eq!(
            render(&files, &diagnostics),
            r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="perf" tests="2" failures="1">
  <testsuite name="perf validate" tests="2" failures="1" errors="0" skipped="0">
    <testcase classname="perf.validate" name="a.toml">
      <failure type="B001" message="合计 &lt;不符&gt; &amp; &quot;差&quot; &apos;x&apos;">a.toml:2:1: error[B001] 合计 &lt;不符&gt; &amp; &quot;差&quot; &apos;x&apos;
help: 改正</failure>
      <failure type="B002" message="金额为负">a.toml:2:9: error[B002] 金额为负</failure>
      <system-out>a.toml:1:1: warning[B003] 未填写资金来源
</system-out>
    </testcase>
    <testcase classname="perf.validate" name="干净.toml"/>
  </testsuite>
</testsuites>
"#
        );
    }

    #[test]
    fn no_files_is_an_empty_suite() {
        let xml = render(&[], &[]);
        assert!(xml.contains(r#"<testsuites name="perf" tests="0" failures="0">"#));
        assert!(!xml.contains("<testcase"));
    }

    #[test]
    fn findings_past_the_file_table_still_get_a_case() {
        let d = Diagnostic::new(&BUDGET_SUM, FileId(1), None, "x");
        let xml = render(&[file("a.toml", None)], &[d]);
        assert!(xml.contains(r#"tests="2" failures="1""#));
        assert!(xml.contains(r#"name="&lt;file #1&gt;">"#));
    }

    #[test]
    fn escaping_drops_what_xml_cannot_carry() {
        assert_eq!(escape("a\u{0}b\u{1b}c\u{FFFE}d\u{FFFF}e", false), "abcde");
        assert_eq!(escape("a\tb\nc\rd", false), "a\tb\nc&#13;d");
        assert_eq!(escape("a\tb\nc\rd", true), "a&#9;b&#10;c&#13;d");
        assert_eq!(
            escape("≧5个 😀 \u{D7FF}\u{E000}", true),
            "≧5个 😀 \u{D7FF}\u{E000}"
        );
        assert_eq!(escape("<&>\"'", false), "&lt;&amp;&gt;&quot;&apos;");
    }
}
