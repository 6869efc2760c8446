//! Writing findings as a run produces them, file by file, instead of all at once: the
//! line-oriented formats (human, concise, JSON Lines, GitHub) write each file's findings as
//! they come; the document formats (JSON, SARIF, GitLab) write their opening, then each
//! finding as an element of their array, then — once the run is over — the closing with the
//! counts. The bytes are those of the one-shot renderers (same indentation, same fields),
//! except that the JSON document's counts now follow its findings (docs/output.md).

use std::io::{self, Write};

use crate::diag::baseline::Anchor;
use crate::diag::file::SourceFile;
use crate::diag::render::{
    Resolver, gitlab, machine, render_concise, render_github, render_human, render_jsonl, sarif,
};
use crate::diag::{Counts, Diagnostic};

/// Which format to write.
#[derive(Debug, Clone)]
pub enum Format {
    /// [`render_human`]; `true` adds colour.
    Human(bool),
    /// [`render_concise`].
    Concise,
    /// [`render_jsonl`].
    Jsonl,
    /// [`render_github`].
    Github,
    /// [`machine::render_json`]'s document.
    Json,
    /// [`sarif::render_sarif`]'s log.
    Sarif,
    /// [`gitlab::render_gitlab`]'s report, paths keyed from the anchor.
    Gitlab(Anchor),
}

/// Findings laid out for a [`FindingsWriter`], with their counts: what can be done apart
/// from the writer, on the thread that checked the file, so that writing hundreds of
/// thousands of findings is not the one thread the whole run waits for.
#[derive(Debug)]
pub struct Rendered {
    counts: Counts,
    body: Body,
}

impl Rendered {
    /// How many findings of each severity it holds.
    pub fn counts(&self) -> Counts {
        self.counts
    }
}

#[derive(Debug)]
enum Body {
    Nothing,
    /// A line format's bytes, written as they are.
    Lines(Vec<u8>),
    /// A document's array elements, laid out with their indentation, each after a `,\n`
    /// (the writer drops the comma of the document's first), and how many there are.
    Items(Vec<u8>, usize),
}

impl Format {
    /// Lays out `diagnostics` (they point into `files`; sorted) as this format writes them.
    pub fn render(&self, files: &[SourceFile], diagnostics: &[Diagnostic]) -> io::Result<Rendered> {
        let counts = Counts::of(diagnostics);
        if diagnostics.is_empty() {
            return Ok(Rendered {
                counts,
                body: Body::Nothing,
            });
        }
        // The line formats' buffer, with room for a line per finding (a path and a message),
        // so that it is not grown by doubling for every file with findings.
        let mut bytes = match self {
            Self::Human(_) | Self::Concise | Self::Jsonl | Self::Github => {
                Vec::with_capacity(diagnostics.len() * 192)
            }
            Self::Json | Self::Sarif | Self::Gitlab(_) => Vec::new(),
        };
        let body = match self {
            Self::Human(color) => {
                render_human(&mut bytes, files, diagnostics, *color)?;
                Body::Lines(bytes)
            }
            Self::Concise => {
                render_concise(&mut bytes, files, diagnostics)?;
                Body::Lines(bytes)
            }
            Self::Jsonl => {
                render_jsonl(&mut bytes, files, diagnostics)?;
                Body::Lines(bytes)
            }
            Self::Github => {
                render_github(&mut bytes, files, diagnostics)?;
                Body::Lines(bytes)
            }
            Self::Json => {
                let mut layout = Layout::new(self.array_indent()?.as_bytes());
                let mut resolver = Resolver::new(files);
                for d in diagnostics {
                    layout.push(|out| machine::write_json_item(&mut resolver, d, out))?;
                }
                layout.into_body()
            }
            Self::Sarif => {
                let mut layout = Layout::new(self.array_indent()?.as_bytes());
                sarif::write_results(files, diagnostics, &mut layout)?;
                layout.into_body()
            }
            Self::Gitlab(anchor) => {
                let pad = format!("{}  ", self.array_indent()?);
                let mut bytes = Vec::with_capacity(diagnostics.len() * 400);
                let count =
                    gitlab::write_items(files, diagnostics, anchor, pad.as_bytes(), &mut bytes)?;
                Body::Items(bytes, count)
            }
        };
        Ok(Rendered { counts, body })
    }
}

impl Format {
    /// The indentation of a document's array (the spaces before its `[`), worked out from
    /// the document's skeleton once per format; empty for the line formats.
    fn array_indent(&self) -> io::Result<&'static str> {
        use std::sync::OnceLock;
        static JSON: OnceLock<String> = OnceLock::new();
        static SARIF: OnceLock<String> = OnceLock::new();
        static GITLAB: OnceLock<String> = OnceLock::new();
        let cell = match self {
            Self::Json => &JSON,
            Self::Sarif => &SARIF,
            Self::Gitlab(_) => &GITLAB,
            _ => return Ok(""),
        };
        if let Some(indent) = cell.get() {
            return Ok(indent);
        }
        // The opening does not hold the counts: any will do.
        let indent = match self.skeleton(0, Counts::default())? {
            Some((before, _)) => {
                let last = before.rsplit('\n').next().unwrap_or_default();
                last.chars().take_while(|c| *c == ' ').collect()
            }
            None => String::new(),
        };
        Ok(cell.get_or_init(|| indent))
    }

    /// A document's skeleton, split where its array goes.
    fn skeleton(&self, checked: usize, counts: Counts) -> io::Result<Option<(String, String)>> {
        let text = match self {
            Self::Json => machine::json_skeleton(MARKER, checked, counts)?,
            Self::Sarif => sarif::skeleton(MARKER)?,
            Self::Gitlab(_) => serde_json::to_string_pretty(MARKER)?,
            _ => return Ok(None),
        };
        let quoted = serde_json::to_string(MARKER)?;
        let Some((before, after)) = text.split_once(&quoted) else {
            return Err(io::Error::other("the document has no place for findings"));
        };
        Ok(Some((before.to_owned(), after.to_owned())))
    }
}

/// A document's array elements laid out as [`FindingsWriter`] writes them, each line
/// indented to sit in the document's array and each element after a `,\n`: done on the
/// thread that checked the file rather than by the one thread that writes (where splitting and
/// indenting every line of 400,000 elements was a share of the run no other thread could
/// take). Each element is written into one buffer kept from element to element.
pub(crate) struct Layout {
    bytes: Vec<u8>,
    /// The array's indentation and two spaces: what starts each line of an element.
    pad: Vec<u8>,
    scratch: Vec<u8>,
    count: usize,
}

impl Layout {
    /// An empty layout for an array indented by `indent`.
    pub(crate) fn new(indent: &[u8]) -> Self {
        let mut pad = indent.to_vec();
        pad.extend_from_slice(b"  ");
        Self {
            bytes: Vec::new(),
            pad,
            scratch: Vec::with_capacity(1024),
            count: 0,
        }
    }

    /// Adds the element `write` appends to the buffer it is given (one JSON value, as
    /// `serde_json::to_string_pretty` lays it out).
    pub(crate) fn push(
        &mut self,
        write: impl FnOnce(&mut Vec<u8>) -> serde_json::Result<()>,
    ) -> serde_json::Result<()> {
        self.scratch.clear();
        write(&mut self.scratch)?;
        self.bytes.extend_from_slice(b",\n");
        indent_lines(&mut self.bytes, &self.scratch, &self.pad);
        self.count += 1;
        Ok(())
    }

    fn into_body(self) -> Body {
        Body::Items(self.bytes, self.count)
    }

    /// Each element as it was written, without the layout, for the tests: an element's own
    /// lines are indented deeper than its `{` (but its last, `}`), so `,\n` then the pad then
    /// `{` starts an element.
    #[cfg(test)]
    pub(crate) fn items_for_tests(&self) -> Vec<String> {
        let text = String::from_utf8_lossy(&self.bytes);
        let pad = String::from_utf8_lossy(&self.pad).into_owned();
        text.split(&format!(",\n{pad}{{"))
            .skip(1)
            .map(|item| {
                let item = format!("{pad}{{{item}");
                let lines: Vec<&str> = item
                    .lines()
                    .map(|l| l.strip_prefix(pad.as_str()).unwrap_or(l))
                    .collect();
                lines.join("\n")
            })
            .collect()
    }
}

/// Appends `item` to `out` with `pad` before each of its lines, as `str::lines` splits them
/// (the way elements were laid out before). A JSON value from serde_json holds no raw `\r`
/// and does not end in a newline: its lines are what lies between its `\n`s, found with
/// `memchr`; anything else goes through `lines` itself.
fn indent_lines(out: &mut Vec<u8>, item: &[u8], pad: &[u8]) {
    let plain = !item.is_empty() && !item.ends_with(b"\n") && memchr::memchr(b'\r', item).is_none();
    if !plain {
        let text = String::from_utf8_lossy(item);
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                out.push(b'\n');
            }
            out.extend_from_slice(pad);
            out.extend_from_slice(line.as_bytes());
        }
        return;
    }
    let mut from = 0;
    out.extend_from_slice(pad);
    for at in memchr::memchr_iter(b'\n', item) {
        out.extend_from_slice(item.get(from..=at).unwrap_or_default());
        out.extend_from_slice(pad);
        from = at + 1;
    }
    out.extend_from_slice(item.get(from..).unwrap_or_default());
}

/// Where a document's array goes in its skeleton (a JSON string no finding can produce).
const MARKER: &str = "\u{1}perf-items\u{1}";

/// A writer of findings that takes them a file at a time.
pub struct FindingsWriter<'w> {
    out: &'w mut dyn Write,
    format: Format,
    counts: Counts,
    /// Elements written to a document's array so far.
    items: usize,
    /// The array's indentation, once the opening is written.
    indent: Option<String>,
}

impl<'w> FindingsWriter<'w> {
    /// A writer of `format` to `out`; nothing is written until the first file or the finish.
    pub fn new(out: &'w mut dyn Write, format: Format) -> Self {
        Self {
            out,
            format,
            counts: Counts::default(),
            items: 0,
            indent: None,
        }
    }

    /// Writes one file's findings (they point into `files`; sorted). Findings of several files
    /// may be given at once when `files` holds them all.
    pub fn write(&mut self, files: &[SourceFile], diagnostics: &[Diagnostic]) -> io::Result<()> {
        let rendered = self.format.render(files, diagnostics)?;
        self.write_rendered(rendered)
    }

    /// Writes findings laid out ahead by [`Format::render`] (on another thread, say), in the
    /// order they are to appear.
    pub fn write_rendered(&mut self, rendered: Rendered) -> io::Result<()> {
        self.counts += rendered.counts;
        let (bytes, count) = match rendered.body {
            Body::Nothing => return Ok(()),
            Body::Lines(bytes) => return self.out.write_all(&bytes),
            Body::Items(bytes, count) => (bytes, count),
        };
        self.open()?;
        // Laid out on the checking thread (`Format::lay_out`); the document's first element
        // follows the `[` without a comma.
        let bytes = match self.items {
            0 => bytes.get(1..).unwrap_or_default(),
            _ => bytes.as_slice(),
        };
        self.items += count;
        self.out.write_all(bytes)
    }

    /// Writes a document's opening (up to its array's `[`), once.
    fn open(&mut self) -> io::Result<()> {
        if self.indent.is_some() {
            return Ok(());
        }
        // The opening does not hold the counts: any will do.
        if let Some((before, _)) = self.format.skeleton(0, Counts::default())? {
            write!(self.out, "{before}[")?;
            self.indent = Some(self.format.array_indent()?.to_owned());
        }
        Ok(())
    }

    /// Ends the output with the counts of all findings written and `checked` files; returns
    /// the counts.
    pub fn finish(mut self, checked: usize) -> io::Result<Counts> {
        self.open()?;
        if let Some((_, after)) = self.format.skeleton(checked, self.counts)? {
            if self.items == 0 {
                self.out.write_all(b"]")?;
            } else {
                let indent = self.indent.clone().unwrap_or_default();
                write!(self.out, "\n{indent}]")?;
            }
            writeln!(self.out, "{after}")?;
        }
        Ok(self.counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::FileId;
    use crate::diag::registry::{BUDGET_SUM, PLAN_MONTH};
    use crate::diag::render::{render_gitlab, render_json, render_sarif};
    use std::sync::Arc;

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: Some(Arc::from(text)),
            suppressions: Vec::new(),
        }
    }

    /// Two files' findings written one file at a time give the bytes of the one-shot renderer.
    fn same_bytes(format: Format, whole: impl Fn(&mut Vec<u8>, &[SourceFile], &[Diagnostic])) {
        let files = [
            file("a.toml", "[budget]\ntotal = 1\n[plan]\n13 = 5\n"),
            file("b.toml", "[plan]\n14 = 5\n"),
        ];
        let all = vec![
            Diagnostic::new(&BUDGET_SUM, FileId(0), Some(9..18), "合计不符").with_help("改"),
            Diagnostic::new(&PLAN_MONTH, FileId(0), Some(26..32), "月份 13"),
            Diagnostic::new(&PLAN_MONTH, FileId(1), Some(7..13), "月份 14"),
        ];
        let mut expected = Vec::new();
        whole(&mut expected, &files, &all);
        let mut streamed = Vec::new();
        let mut writer = FindingsWriter::new(&mut streamed, format.clone());
        writer.write(&files, &all[..2]).unwrap();
        writer.write(&files, &all[2..]).unwrap();
        let counts = writer.finish(2).unwrap();
        assert_eq!(counts.errors + counts.warnings + counts.notes, 3);
        assert_eq!(
            String::from_utf8(streamed).unwrap(),
            String::from_utf8(expected).unwrap(),
            "{format:?}"
        );
        // No findings at all: an empty array.
        let mut empty = Vec::new();
        whole(&mut empty, &files, &[]);
        let mut streamed = Vec::new();
        FindingsWriter::new(&mut streamed, format.clone())
            .finish(2)
            .unwrap();
        assert_eq!(
            String::from_utf8(streamed).unwrap(),
            String::from_utf8(empty).unwrap()
        );
    }

    /// `indent_lines` lays out an element as `str::lines` split it before, raw `\r`, a final
    /// newline and an empty element included.
    #[test]
    fn elements_are_indented_as_lines_splits_them() {
        let by_lines = |item: &str, pad: &str| {
            let lines: Vec<String> = item.lines().map(|l| format!("{pad}{l}")).collect();
            lines.join("\n")
        };
        for item in ["{\n  \"a\": 1\n}", "x", "", "a\r\nb", "a\n", "a\n\nb", "\n"] {
            for pad in ["", "  ", "      "] {
                let mut out = Vec::new();
                indent_lines(&mut out, item.as_bytes(), pad.as_bytes());
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    by_lines(item, pad),
                    "{item:?}"
                );
            }
        }
    }

    #[test]
    fn documents_written_file_by_file_are_the_documents() {
        same_bytes(Format::Json, |out, files, d| {
            render_json(out, files, 2, d).unwrap();
        });
        same_bytes(Format::Sarif, |out, files, d| {
            render_sarif(out, files, d).unwrap();
        });
        let dir = tempfile::tempdir().unwrap();
        let anchor = Anchor::at(dir.path());
        same_bytes(Format::Gitlab(anchor.clone()), |out, files, d| {
            render_gitlab(out, files, d, &anchor).unwrap();
        });
        same_bytes(Format::Concise, |out, files, d| {
            render_concise(out, files, d).unwrap();
        });
    }
}
