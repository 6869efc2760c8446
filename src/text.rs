//! Text that is safe to print on a terminal. File-derived text (project names, targets,
//! messages quoting values, paths) may hold ESC sequences (`ESC ]0;…` retitles the window,
//! `ESC [2J` clears the screen), other C0/C1 controls, DEL or bidi overrides that reorder what
//! the reader sees. Every human format shows such characters escaped, as Rust writes them
//! (`\u{1b}`), through [`visible`] or the [`Visible`] writer. JSON, SARIF and CSV are data and
//! keep the characters (serde escapes controls in JSON strings).

use std::borrow::Cow;
use std::io::{self, Write};
use std::ops::Range;

/// Whether `c` must not reach a terminal raw: C0 controls except tab and line feed, DEL, C1
/// controls, and the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Whether `text` may hold an [`is_hidden`] character, judged on bytes (fast): every such
/// character starts with a byte below 0x20 (but tab, line feed, carriage return), 0x7F, 0xC2
/// (C1 controls) or 0xE2 (the bidi controls; also “” and other punctuation, which the caller
/// then checks character by character).
fn may_hide(text: &str, keep_cr: bool) -> bool {
    text.bytes().any(|b| {
        (b < 0x20 && b != b'\t' && b != b'\n' && !(keep_cr && b == b'\r'))
            || b == 0x7f
            || b == 0xc2
            || b == 0xe2
    })
}

fn push_escaped(out: &mut String, c: char) {
    out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
}

/// Whether `text` holds an [`is_hidden`] character, judged on its UTF-8 bytes: a C0 control
/// (but tab and line feed) or DEL is one byte, a C1 control is `C2 80`–`C2 9F`, the bidi
/// controls are `E2 80 AA`–`E2 80 AE` and `E2 81 A6`–`E2 81 A9`. Exact, so “quoted” messages
/// (`E2 80 9C`) need no second look character by character (every finding's message is
/// checked before it is written).
fn hides(text: &str) -> bool {
    let bytes = text.as_bytes();
    // First a pass with no branch per byte (the compiler runs it many bytes at a time) for
    // the one-byte controls and the C1 lead byte; then each `E2` — found with `memchr`, most
    // are the quotes of “…” — checked exactly. Byte by byte with a branch each, this was a
    // visible share of writing 400,000 findings.
    let rough = bytes.iter().fold(false, |any, &b| {
        any | ((b < 0x20) & (b != b'\t') & (b != b'\n')) | (b == 0x7f) | (b == 0xc2)
    });
    if rough
        && bytes.iter().enumerate().any(|(i, &b)| match b {
            b'\t' | b'\n' => false,
            0..0x20 | 0x7f => true,
            0xc2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
            _ => false,
        })
    {
        return true;
    }
    memchr::memchr_iter(0xe2, bytes).any(|i| match (bytes.get(i + 1), bytes.get(i + 2)) {
        (Some(0x80), Some(n)) => (0xaa..=0xae).contains(n),
        (Some(0x81), Some(n)) => (0xa6..=0xa9).contains(n),
        _ => false,
    })
}

/// `text` with every [`is_hidden`] character written as `\u{…}`; borrowed when there is none.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !hides(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A file's text made [`visible`] for a source snippet, with `span` moved to the same
/// characters in the escaped text. A carriage return ending a line stays (CRLF files).
pub fn visible_source(text: &str, span: Range<usize>) -> (Cow<'_, str>, Range<usize>) {
    let hidden = |i: usize, c: char| is_hidden(c) && !(c == '\r' && text[i..].starts_with("\r\n"));
    if !may_hide(text, true) || !text.char_indices().any(|(i, c)| hidden(i, c)) {
        return (Cow::Borrowed(text), span);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let (mut start, mut end) = (None, None);
    for (i, c) in text.char_indices() {
        if start.is_none() && i >= span.start {
            start = Some(out.len());
        }
        if end.is_none() && i >= span.end {
            end = Some(out.len());
        }
        if hidden(i, c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    let start = start.unwrap_or(out.len());
    let end = end.unwrap_or(out.len()).max(start);
    (Cow::Owned(out), start..end)
}

/// A writer that passes text through [`visible`] on its way to `inner`. A character split
/// across two writes is held until its last byte arrives; bytes that are not UTF-8 pass as
/// they are (they cannot form a control sequence the terminal acts on as text).
#[derive(Debug)]
pub struct Visible<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> Visible<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            pending: Vec::new(),
        }
    }

    /// The wrapped writer (any held partial character is written first).
    pub fn into_inner(mut self) -> io::Result<W> {
        self.flush_pending()?;
        Ok(self.inner)
    }

    fn flush_pending(&mut self) -> io::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        self.inner.write_all(&pending)
    }
}

impl<W: Write> Write for Visible<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let mut rest: &[u8] = &std::mem::take(&mut self.pending);
        while !rest.is_empty() {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    self.inner.write_all(visible(text).as_bytes())?;
                    rest = &[];
                }
                Err(err) => {
                    let (good, bad) = rest.split_at(err.valid_up_to());
                    // Safe: `from_utf8` checked these bytes.
                    let text = std::str::from_utf8(good).unwrap_or_default();
                    self.inner.write_all(visible(text).as_bytes())?;
                    match err.error_len() {
                        // An incomplete character at the end: keep it for the next write.
                        None => {
                            self.pending = bad.to_vec();
                            rest = &[];
                        }
                        Some(len) => {
                            let (invalid, after) = bad.split_at(len.min(bad.len()));
                            self.inner.write_all(invalid)?;
                            rest = after;
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.flush_pending()?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_escaped() {
        assert_eq!(visible("人社局"), "人社局");
        assert_eq!(visible("a\tb\nc"), "a\tb\nc");
        assert_eq!(
            visible("x\u{1b}]0;pwned\u{7}y\u{1b}[2J\u{7f}\u{9b}\u{202e}\u{2066}\r"),
            "x\\u{1b}]0;pwned\\u{7}y\\u{1b}[2J\\u{7f}\\u{9b}\\u{202e}\\u{2066}\\u{d}"
        );
    }

    /// The byte test agrees with [`is_hidden`] on every character around the ranges it
    /// names (and on text around them).
    #[test]
    fn the_byte_test_is_exact() {
        let chars = (0..0x300u32)
            .chain(0x2000..0x2100)
            .chain([0x3000, 0x201c, 0x201d, 0xff05, 0x1_f600])
            .filter_map(char::from_u32);
        for c in chars {
            let text = format!("名{c}称");
            assert_eq!(hides(&text), is_hidden(c), "{:x}", u32::from(c));
            // After quotes (E2 80 9C), and with an ASCII run long enough for wide passes.
            let text = format!("“项目”{}{c}”·", "x".repeat(40));
            assert_eq!(hides(&text), is_hidden(c), "{:x}", u32::from(c));
        }
    }

    #[test]
    fn source_spans_follow_the_escapes() {
        let text = "a = \"\u{1b}[2J\"\r\nb = 1\r\n";
        let span = text.find("b = 1").unwrap();
        let (shown, moved) = visible_source(text, span..span + 5);
        assert_eq!(&shown[moved], "b = 1");
        assert!(shown.contains("\\u{1b}[2J\"\r\n"));
    }

    #[test]
    fn the_writer_escapes_characters_split_across_writes() {
        let mut out = Visible::new(Vec::new());
        let bytes = "名\u{1b}称\u{202e}".as_bytes();
        for chunk in bytes.chunks(1) {
            out.write_all(chunk).unwrap();
        }
        out.flush().unwrap();
        assert_eq!(
            String::from_utf8(out.into_inner().unwrap()).unwrap(),
            "名\\u{1b}称\\u{202e}"
        );
    }
}
