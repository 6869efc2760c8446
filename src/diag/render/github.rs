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

use std::io::{self, Write};

use crate::diag::file::SourceFile;
use crate::diag::render::Resolver;
use crate::diag::{Diagnostic, Severity};
use crate::text::visible;

/// One workflow command per finding.
pub fn render_github(
    out: &mut dyn Write,
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    let mut resolver = Resolver::new(files);
    for d in diagnostics {
        let at = resolver.resolve(d);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let title = format!("{} {}", d.rule.code, d.rule.name);
        let message = match &d.help {
            Some(help) => format!("{}\n{}", d.message, help),
            None => d.message.clone(),
        };
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            visible(&escape_property(&at.path)),
            at.start.line,
            at.start.column,
            at.end.line,
            at.end.column,
            escape_property(&title),
            visible(&escape_data(&message)),
        )?;
    }
    Ok(())
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

    #[test]
    fn escaping_rules() {
        assert_eq!(escape_data("a%b\rc\nd:e,f"), "a%25b%0Dc%0Ad:e,f");
        assert_eq!(escape_property("a%b\rc\nd:e,f"), "a%25b%0Dc%0Ad%3Ae%2Cf");
    }
}
