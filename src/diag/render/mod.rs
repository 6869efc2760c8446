//! Turning findings into text for a writer: human (annotated source), concise (one line
//! each), JSON and JSON Lines, and the CI formats (GitHub annotations, GitLab Code Quality,
//! SARIF, JUnit). Nothing here decides what is wrong; it only lays it out.

mod github;
mod gitlab;
pub(crate) mod human;
mod human_direct;
mod junit;
pub mod junit_stream;
mod machine;
mod sarif;
pub mod stream;

pub use github::render_github;
pub use gitlab::render_gitlab;
pub use human::render_human;
pub use junit::render_junit;
pub use machine::{render_concise, render_json, render_jsonl};
pub use sarif::render_sarif;

use std::borrow::Cow;
use std::ops::Range;

use crate::diag::Diagnostic;
use crate::diag::file::{LineCol, SourceFile};

/// Whether serde_json would escape anything in `text`: a control character below 0x20, `"`
/// or `\` (its table escapes nothing else). One pass with no branch per byte.
fn json_escapes(text: &str) -> bool {
    text.bytes().fold(false, |any, b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// `text` as a JSON string, as `serde_json::to_writer` writes it: copied between quotes when
/// nothing in it is escaped (nearly every message), else through serde_json. Its byte-by-byte
/// escaping loop was a visible share of the document formats.
pub(crate) fn json_string(out: &mut Vec<u8>, text: &str) -> serde_json::Result<()> {
    if json_escapes(text) {
        return serde_json::to_writer(&mut *out, text);
    }
    out.reserve(text.len() + 2);
    out.push(b'"');
    out.extend_from_slice(text.as_bytes());
    out.push(b'"');
    Ok(())
}

/// Where a finding is, resolved against its file's text.
#[derive(Debug, Clone)]
pub(crate) struct Resolved<'a> {
    /// The file's path as shown (borrowed unless it is not UTF-8).
    pub(crate) path: Cow<'a, str>,
    pub(crate) text: Option<&'a str>,
    pub(crate) span: Option<Range<usize>>,
    pub(crate) start: LineCol,
    pub(crate) end: LineCol,
    /// The line the finding starts on (its newline included) and that line's byte offset in
    /// the text: what a snippet shows, without handing the whole file to the snippet renderer.
    pub(crate) line: Option<(&'a str, usize)>,
}

/// Resolves findings' files and positions. The line starts of the file in hand are computed
/// once and searched, so a file with many findings costs its length once plus a binary search
/// and one line per finding — never the text before each finding again (200,000 findings in
/// one table would otherwise be quadratic). Findings come sorted by file, so one file's index
/// is kept at a time.
pub(crate) struct Resolver<'a> {
    files: &'a [SourceFile],
    /// The file whose line starts are in `starts`, and its path as shown.
    indexed: Option<(usize, Cow<'a, str>)>,
    /// Line starts of the file in hand, found as far as its findings need them: findings
    /// usually sit in the first part of a file, and finding every newline of every file
    /// with one was 2% of `perf validate`.
    starts: Vec<usize>,
    /// Whether `starts` holds every line start of the file.
    complete: bool,
    /// The last place resolved in the file in hand by counting (start of file at first):
    /// findings in file order are resolved from it without `starts` ([`Mark::ahead`]).
    cursor: Mark,
    /// How many line indexes were built (the tests check it is once per file).
    pub(crate) built: usize,
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(files: &'a [SourceFile]) -> Self {
        Self {
            files,
            indexed: None,
            // Room for a budget file's lines, so that the index is not grown line by line.
            starts: Vec::with_capacity(128),
            complete: false,
            cursor: Mark::ORIGIN,
            built: 0,
        }
    }

    /// The file table findings point into.
    pub(crate) fn files(&self) -> &'a [SourceFile] {
        self.files
    }

    /// A finding's path as shown and where it starts, as [`Resolver::resolve`] finds them:
    /// the one-line formats need no end and no line, whose searches cost ~200 instructions
    /// a finding.
    pub(crate) fn start(&mut self, d: &Diagnostic) -> (Cow<'a, str>, LineCol) {
        let path = self.enter(d);
        let text = self.files.get(d.file.0).and_then(|f| f.text.as_deref());
        let start = match (text, &d.span) {
            (Some(text), Some(span)) if self.cursor.offset <= clamp(text, span.start) => {
                let at = self.cursor.ahead(text, clamp(text, span.start));
                self.cursor = at;
                at.line_col(text)
            }
            (Some(text), Some(span)) => {
                self.index_past(text, span.start);
                locate(text, &self.starts, span.start)
            }
            _ => LineCol { line: 1, column: 1 },
        };
        (path, start)
    }

    /// The path of `d`'s file as shown; a new file's index started afresh.
    fn enter(&mut self, d: &Diagnostic) -> Cow<'a, str> {
        let file = self.files.get(d.file.0);
        match &self.indexed {
            Some((at, path)) if *at == d.file.0 => path.clone(),
            _ => {
                let path = file.map_or(Cow::Borrowed(""), |f| f.path.to_string_lossy());
                self.indexed = Some((d.file.0, path.clone()));
                self.starts.clear();
                self.starts.push(0);
                self.complete = false;
                self.cursor = Mark::ORIGIN;
                self.built += 1;
                path
            }
        }
    }

    /// A finding's file and position; a finding without text or span sits at 1:1.
    pub(crate) fn resolve(&mut self, d: &Diagnostic) -> Resolved<'a> {
        let file = self.files.get(d.file.0);
        // Borrowed, and worked out once per file: a path string allocated (or even checked
        // for UTF-8) for every finding was a visible share of writing 400,000 findings.
        let path = self.enter(d);
        let text = file.and_then(|f| f.text.as_deref());
        let origin = LineCol { line: 1, column: 1 };
        let (start, end, line) = match (text, &d.span) {
            // A finding at or after the last one (findings come in file order, nearly
            // always): its lines counted from there, and the end's from its start.
            (Some(text), Some(span))
                if self.cursor.offset <= clamp(text, span.start) && span.start <= span.end =>
            {
                let at = self.cursor.ahead(text, clamp(text, span.start));
                self.cursor = at;
                let end = at.ahead(text, clamp(text, span.end));
                let to = text
                    .as_bytes()
                    .get(at.offset..)
                    .and_then(|rest| memchr::memchr(b'\n', rest))
                    .map_or(text.len(), |i| at.offset + i + 1);
                (
                    at.line_col(text),
                    end.line_col(text),
                    text.get(at.start..to).map(|l| (l, at.start)),
                )
            }
            (Some(text), Some(span)) => {
                self.index_past(text, span.start.max(span.end));
                let start = locate(text, &self.starts, span.start);
                let end = locate(text, &self.starts, span.end);
                let from = self
                    .starts
                    .get(start.line.saturating_sub(1))
                    .copied()
                    .unwrap_or_default();
                let to = self.starts.get(start.line).copied().unwrap_or(text.len());
                (start, end, text.get(from..to).map(|l| (l, from)))
            }
            _ => (origin, origin, None),
        };
        Resolved {
            path,
            text,
            span: d.span.clone(),
            start,
            end,
            line,
        }
    }

    /// Finds line starts until one lies past `offset` (or the text ends): then [`locate`]
    /// sees every line start up to `offset`, and the start of the line after it.
    fn index_past(&mut self, text: &str, offset: usize) {
        let bytes = text.as_bytes();
        while !self.complete && self.starts.last().is_none_or(|&s| s <= offset) {
            let from = self.starts.last().copied().unwrap_or_default();
            match bytes
                .get(from..)
                .and_then(|rest| memchr::memchr(b'\n', rest))
            {
                Some(at) => self.starts.push(from + at + 1),
                None => self.complete = true,
            }
        }
    }
}

/// A byte offset of a text with its line (from 1) and the offset of that line's start.
#[derive(Debug, Clone, Copy)]
struct Mark {
    offset: usize,
    line: usize,
    start: usize,
}

impl Mark {
    const ORIGIN: Self = Self {
        offset: 0,
        line: 1,
        start: 0,
    };

    /// The mark of `offset`, at or after this one: the newlines between counted (memchr's
    /// vector count) and the last of them found from the end. Indexing every line start on
    /// the way with a `memchr` call per line (~25 bytes) cost ~50 instructions a line, 5.4 M
    /// of `perf validate --format concise` over 1,961 files.
    fn ahead(self, text: &str, offset: usize) -> Self {
        let between = text.as_bytes().get(self.offset..offset).unwrap_or_default();
        match memchr::memrchr(b'\n', between) {
            None => Self { offset, ..self },
            Some(last) => Self {
                offset,
                line: self.line + memchr::memchr_iter(b'\n', between).count(),
                start: self.offset + last + 1,
            },
        }
    }

    fn line_col(self, text: &str) -> LineCol {
        LineCol {
            line: self.line,
            column: text
                .get(self.start..self.offset)
                .map_or(0, |s| s.chars().count())
                + 1,
        }
    }
}

/// `offset` clamped to the text and moved back to a character boundary, as [`locate`] does.
fn clamp(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The byte offset of every line's start, all at once: what [`Resolver`] finds as far as it
/// needs, for the tests to compare with.
#[cfg(test)]
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::with_capacity(text.len() / 40 + 1);
    starts.push(0);
    starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    starts
}

/// The line and column of byte `offset` (clamped to the text and to a char boundary), found
/// in `starts`: a binary search, then the characters of that one line counted.
fn locate(text: &str, starts: &[usize], offset: usize) -> LineCol {
    let offset = clamp(text, offset);
    let line = starts.partition_point(|&s| s <= offset).max(1);
    let from = starts.get(line - 1).copied().unwrap_or_default();
    LineCol {
        line,
        column: text.get(from..offset).map_or(0, |s| s.chars().count()) + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::FileId;
    use crate::diag::file::line_col;
    use crate::diag::registry::PLAN_MONTH;
    use std::sync::Arc;

    /// `json_string` writes serde_json's bytes, whatever the string holds.
    #[test]
    fn json_strings_are_serde_jsons() {
        let mut texts: Vec<String> = (0u32..0x100)
            .filter_map(char::from_u32)
            .map(|c| format!("名{c}称"))
            .collect();
        texts.extend(["", "plain", "“引号”", "a\"b", "a\\b", "\u{2028}\u{7f}"].map(String::from));
        for text in &texts {
            let mut out = Vec::new();
            json_string(&mut out, text).unwrap();
            assert_eq!(out, serde_json::to_vec(text).unwrap(), "{text:?}");
        }
    }

    #[test]
    fn positions_match_the_plain_scan() {
        let text = "a = 1\r\ntarget = \"≧5个\"\n\n[plan]\n13 = 5";
        let starts = line_starts(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                locate(text, &starts, offset),
                line_col(text, offset),
                "{offset}"
            );
        }
    }

    /// Line starts found only as far as the findings need give the positions and lines of
    /// the full index, whatever order the findings come in, and across files.
    #[test]
    fn a_partial_index_resolves_like_the_full_one() {
        let texts = [
            "a = 1\r\ntarget = \"≧5个\"\n\n[plan]\n13 = 5",
            "x\ny\n",
            "",
            "中文一行\n\u{b}\n\n\nabcdefghijklmnopq\r\nx\n\u{b}\n\t\u{8a}yz 结尾\n\n\n\n\n\n\n\n\n",
        ];
        let files: Vec<SourceFile> = texts
            .iter()
            .map(|t| SourceFile {
                path: "p.toml".into(),
                text: Some(Arc::from(*t)),
                suppressions: Vec::new(),
            })
            .collect();
        let mut resolver = Resolver::new(&files);
        for (file, text) in texts.iter().enumerate() {
            let starts = line_starts(text);
            let offsets: Vec<usize> = (0..=text.len() + 2).collect();
            for &offset in offsets.iter().rev().chain(&offsets) {
                let d = Diagnostic::new(&PLAN_MONTH, FileId(file), Some(offset..offset + 1), "m");
                let at = resolver.resolve(&d);
                let start = locate(text, &starts, offset);
                assert_eq!(at.start, start, "{file} {offset}");
                assert_eq!(at.end, locate(text, &starts, offset + 1), "{file} {offset}");
                let from = starts.get(start.line - 1).copied().unwrap_or_default();
                let to = starts.get(start.line).copied().unwrap_or(text.len());
                assert_eq!(at.line, text.get(from..to).map(|l| (l, from)));
            }
        }
        assert_eq!(resolver.built, texts.len());
        // In file order (counted from the last finding), with spans of every width, empty
        // and reversed, and now and then a step back (the index again).
        for (file, text) in texts.iter().enumerate() {
            let starts = line_starts(text);
            let mut resolver = Resolver::new(&files);
            let mut starter = Resolver::new(&files);
            for offset in 0..=text.len() + 2 {
                for (from, to) in [
                    (offset, offset),
                    (offset, offset + 1),
                    (offset, offset + 7),
                    (offset, offset.saturating_sub(1)),
                    (offset / 2, offset),
                    (offset, offset + 1),
                ] {
                    let d = Diagnostic::new(&PLAN_MONTH, FileId(file), Some(from..to), "m");
                    assert_eq!(
                        starter.start(&d).1,
                        locate(text, &starts, from),
                        "{file} {from}..{to}"
                    );
                    let at = resolver.resolve(&d);
                    let start = locate(text, &starts, from);
                    assert_eq!(at.start, start, "{file} {from}..{to}");
                    assert_eq!(at.end, locate(text, &starts, to), "{file} {from}..{to}");
                    let line_from = starts.get(start.line - 1).copied().unwrap_or_default();
                    let line_to = starts.get(start.line).copied().unwrap_or(text.len());
                    assert_eq!(
                        at.line,
                        text.get(line_from..line_to).map(|l| (l, line_from)),
                        "{file} {from}..{to}"
                    );
                }
            }
        }
    }

    #[test]
    fn many_findings_in_one_file_index_it_once() {
        // 20,000 findings in one table: one index, each finding costs its own line.
        let mut text = String::from("[plan]\n");
        let mut spans = Vec::new();
        for i in 0..20_000 {
            let start = text.len();
            text.push_str(&format!("{} = 5\n", i + 13));
            spans.push(start..text.len() - 1);
        }
        let files = [SourceFile {
            path: "p.toml".into(),
            text: Some(Arc::from(text.as_str())),
            suppressions: Vec::new(),
        }];
        let mut resolver = Resolver::new(&files);
        for (i, span) in spans.iter().enumerate() {
            let d = Diagnostic::new(&PLAN_MONTH, FileId(0), Some(span.clone()), "m");
            let at = resolver.resolve(&d);
            assert_eq!(at.start.line, i + 2);
            let (line, from) = at.line.unwrap();
            assert_eq!(from, span.start);
            assert_eq!(line, format!("{} = 5\n", i + 13));
        }
        assert_eq!(resolver.built, 1);
    }
}
