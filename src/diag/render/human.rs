//! The human format: a header `error[CODE]: message`, the source line with the offending value
//! underlined (measured by display width, so CJK and full-width characters line up), and a
//! `help:` line.
//!
//! The layout is annotate-snippets' (ASCII decor, plain or styled). Perf's findings only ever
//! take one narrow shape of it — one line with one primary annotation without a label, or
//! just a path — and laying that out through annotate-snippets' general machinery cost ~4 µs
//! a finding, most of the human format's price on a large tree (issue 16). So
//! [`human_direct`] writes that shape itself, in both colourings, and whatever it cannot
//! reproduce byte for byte (long lines annotate-snippets would trim, tabs, characters it
//! rewrites) goes to annotate-snippets, finding by finding. The tests hold the two to the
//! same bytes ([`compare`]: the unit tests in human_direct.rs and
//! tests/it/human_equivalence.rs).
//!
//! [`human_direct`]: super::human_direct

use std::borrow::Cow;
use std::io::{self, Write};
use std::ops::Range;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::diag::file::SourceFile;
use crate::diag::render::human_direct;
use crate::diag::render::{Resolved, Resolver};
use crate::diag::{Diagnostic, Severity};
use crate::text::{visible, visible_source};

/// How many bytes of laid-out findings are gathered before they go to the writer: one call
/// through `dyn Write` per batch instead of a dozen per finding.
const BATCH: usize = 64 * 1024;

/// Writes every finding in the human format; `color` adds ANSI styles (terminals only).
pub fn render_human(
    out: &mut dyn Write,
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
    color: bool,
) -> io::Result<()> {
    let renderer = annotated_renderer(color);
    let mut resolver = Resolver::new(files);
    let mut batch = Vec::with_capacity(BATCH + 1024);
    for d in diagnostics {
        let at = resolver.resolve(d);
        let finding = Finding::new(d, &at);
        if !human_direct::write(&mut batch, &finding, color) {
            write_annotated(&mut batch, &renderer, &finding);
        }
        if batch.len() >= BATCH {
            out.write_all(&batch)?;
            batch.clear();
        }
    }
    out.write_all(&batch)
}

/// annotate-snippets' renderer as the human format sets it up.
pub(crate) fn annotated_renderer(color: bool) -> Renderer {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.decor_style(DecorStyle::Ascii)
}

/// One finding as the human format shows it: every piece already made [`visible`], the
/// snippet cut down to the finding's line.
#[derive(Debug, Clone)]
pub(crate) struct Finding<'a> {
    pub(crate) severity: Severity,
    pub(crate) code: &'a str,
    pub(crate) message: Cow<'a, str>,
    pub(crate) path: Cow<'a, str>,
    /// The finding's line and where on it; `None` shows just the path.
    pub(crate) excerpt: Option<Excerpt<'a>>,
    pub(crate) help: Option<Cow<'a, str>>,
}

/// The source line a finding underlines.
#[derive(Debug, Clone)]
pub(crate) struct Excerpt<'a> {
    /// The line (its line ending included), escaped for the terminal.
    pub(crate) source: Cow<'a, str>,
    /// Its number in the file.
    pub(crate) line: usize,
    /// The underlined bytes of `source`, clipped to the first line.
    pub(crate) span: Range<usize>,
}

impl<'a> Finding<'a> {
    /// `d` laid out against where the resolver found it.
    pub(crate) fn new(d: &'a Diagnostic, at: &Resolved<'a>) -> Self {
        // File-derived text reaches the terminal escaped (crate::text): the message and help
        // may quote values, the path is a file name, the snippet is the file.
        let excerpt = match (at.line, &at.span) {
            // Just the finding's line goes to the snippet, numbered as in the file: handing
            // it the whole text costs the file's length per finding.
            (Some((line, from)), Some(span)) => {
                let span = span.start.saturating_sub(from)..span.end.saturating_sub(from);
                let (source, span) = visible_source(line, first_line(line, span));
                Some(Excerpt {
                    source,
                    line: at.start.line,
                    span,
                })
            }
            _ => None,
        };
        Self {
            severity: d.severity,
            code: d.rule.code,
            message: visible(&d.message),
            path: match &at.path {
                Cow::Borrowed(path) => visible(path),
                Cow::Owned(path) => Cow::Owned(visible(path).into_owned()),
            },
            excerpt,
            help: d.help.as_deref().map(visible),
        }
    }
}

/// Lays `finding` out through annotate-snippets, followed by a blank line.
pub(crate) fn write_annotated(out: &mut Vec<u8>, renderer: &Renderer, finding: &Finding<'_>) {
    let level = match finding.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let title = level
        .primary_title(finding.message.as_ref())
        .id(finding.code);
    let group = match &finding.excerpt {
        Some(excerpt) => Group::with_title(title).element(
            Snippet::source(excerpt.source.as_ref())
                .line_start(excerpt.line)
                .path(finding.path.as_ref())
                .annotation(AnnotationKind::Primary.span(excerpt.span.clone())),
        ),
        None => Group::with_title(title).element(Origin::path(finding.path.as_ref())),
    };
    let group = match &finding.help {
        Some(help) => group.element(Level::HELP.message(help.as_ref())),
        None => group,
    };
    out.extend_from_slice(renderer.render(&[group]).as_bytes());
    out.extend_from_slice(b"\n\n");
}

/// How many findings [`compare`] saw the direct writer lay out, and hand to annotate-snippets.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Agreement {
    pub(crate) direct: usize,
    pub(crate) annotated: usize,
}

/// Renders every finding both ways, plain and in colour: the direct writer must give
/// annotate-snippets' bytes wherever it does not give up, and write nothing where it does.
/// The error names the first finding that differs and shows both renderings.
pub(crate) fn compare(
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
) -> Result<Agreement, String> {
    let mut resolver = Resolver::new(files);
    let mut agreement = Agreement::default();
    for d in diagnostics {
        let at = resolver.resolve(d);
        if compare_one(&Finding::new(d, &at))? {
            agreement.direct += 1;
        } else {
            agreement.annotated += 1;
        }
    }
    Ok(agreement)
}

/// [`compare`] for one finding: whether the direct writer took it (it takes a finding in
/// colour exactly when it takes it plain).
pub(crate) fn compare_one(finding: &Finding<'_>) -> Result<bool, String> {
    let mut took = [false; 2];
    for (color, took) in [false, true].into_iter().zip(&mut took) {
        let mut annotated = Vec::new();
        write_annotated(&mut annotated, &annotated_renderer(color), finding);
        let mut direct = Vec::new();
        *took = human_direct::write(&mut direct, finding, color);
        if !(*took && direct == annotated || !*took && direct.is_empty()) {
            return Err(format!(
                "{finding:?}\ndirect writer ({}, {}):\n{}\nannotate-snippets:\n{}",
                if color { "colour" } else { "plain" },
                if *took {
                    "took it"
                } else {
                    "gave up after writing"
                },
                String::from_utf8_lossy(&direct).escape_debug(),
                String::from_utf8_lossy(&annotated).escape_debug()
            ));
        }
    }
    if took[0] != took[1] {
        return Err(format!("{finding:?}: taken {took:?} (plain, colour)"));
    }
    Ok(took[0])
}

/// Clips a span to its first line, so a finding on a whole table underlines its header
/// instead of printing the table.
fn first_line(text: &str, span: Range<usize>) -> Range<usize> {
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
