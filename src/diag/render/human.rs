//! The human format: a header `error[CODE]: message`, the source line with the offending value
//! underlined (annotate-snippets, which measures CJK and full-width characters correctly),
//! and a `help:` line.

use std::io::{self, Write};

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::diag::file::SourceFile;
use crate::diag::render::Resolver;
use crate::diag::{Diagnostic, Severity};
use crate::text::{visible, visible_source};

/// Writes every finding in the human format; `color` adds ANSI styles (terminals only).
pub fn render_human(
    out: &mut dyn Write,
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
    color: bool,
) -> io::Result<()> {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let renderer = renderer.decor_style(DecorStyle::Ascii);
    let mut resolver = Resolver::new(files);
    for d in diagnostics {
        let at = resolver.resolve(d);
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        // File-derived text reaches the terminal escaped (crate::text): the message and help
        // may quote values, the path is a file name, the snippet is the file.
        let message = visible(&d.message);
        let path = visible(&at.path);
        let title = level.primary_title(message.as_ref()).id(d.rule.code);
        let source;
        let group = match (at.line, &at.span) {
            // Just the finding's line goes to the snippet, numbered as in the file: handing
            // it the whole text costs the file's length per finding.
            (Some((line, from)), Some(span)) => {
                let span = span.start.saturating_sub(from)..span.end.saturating_sub(from);
                let (shown, span) = visible_source(line, first_line(line, span));
                source = shown;
                Group::with_title(title).element(
                    Snippet::source(source.as_ref())
                        .line_start(at.start.line)
                        .path(path.as_ref())
                        .annotation(AnnotationKind::Primary.span(span)),
                )
            }
            _ => Group::with_title(title).element(Origin::path(path.as_ref())),
        };
        let help = d.help.as_deref().map(visible);
        let group = match &help {
            Some(help) => group.element(Level::HELP.message(help.as_ref())),
            None => group,
        };
        writeln!(out, "{}\n", renderer.render(&[group]))?;
    }
    Ok(())
}

/// Clips a span to its first line, so a finding on a whole table underlines its header
/// instead of printing the table.
fn first_line(text: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let start = span.start.min(text.len());
    let end = text[start..span.end.min(text.len()).max(start)]
        .find('\n')
        .map_or(span.end.min(text.len()), |i| start + i);
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_multi_line_spans() {
        let text = "[budget]\ntotal = 1\n";
        assert_eq!(first_line(text, 0..text.len()), 0..8);
        assert_eq!(first_line(text, 9..18), 9..18);
    }
}
