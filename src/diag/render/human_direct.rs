//! The human format's one shape, written straight into the output: annotate-snippets 0.12's
//! ASCII layout of a title, one source line with one unlabelled primary annotation (or just
//! a path) and an optional `help`, byte for byte, plain or with `Renderer::styled`'s colours,
//! without its general machinery (a styled character grid per finding, source maps, margin
//! and label placement).
//!
//! Like the scanner in src/source/scan.rs, it gives up rather than guess: [`write`] returns
//! false, having written nothing, for anything annotate-snippets would lay out differently
//! from the simple case — a line it would trim to the terminal width or whose leading
//! whitespace it would cut, tabs (it widens them), characters it rewrites (controls, the
//! zero-width joiner, bidi controls; perf escapes most of them before, see crate::text), a
//! span reaching past the line's end — and the caller renders that finding through
//! annotate-snippets. The equivalence tests (here and tests/it/human_equivalence.rs) hold the
//! two to the same bytes.

use std::io::Write as _;
use std::ops::Range;

use annotate_snippets::renderer::{
    DEFAULT_EMPHASIS_STYLE, DEFAULT_ERROR_STYLE, DEFAULT_LINE_NUM_STYLE, DEFAULT_NOTE_STYLE,
    DEFAULT_WARNING_STYLE, Style,
};
use unicode_width::UnicodeWidthChar;

use crate::diag::Severity;
use crate::diag::render::human::{Excerpt, Finding};

/// annotate-snippets' default terminal width (`DEFAULT_TERM_WIDTH`): wider source lines are
/// trimmed, so they are not ours.
const TERM_WIDTH: usize = 140;

/// Writes `finding` as annotate-snippets lays it out (ASCII decor; `color` as
/// `Renderer::styled` colours it), then a blank line; false, with nothing written, when it is
/// not the simple shape (the caller falls back).
pub(crate) fn write(out: &mut Vec<u8>, finding: &Finding<'_>, color: bool) -> bool {
    if rewritten(&finding.message) {
        return false;
    }
    let measured = match &finding.excerpt {
        Some(excerpt) => match measure(excerpt) {
            Some(measured) => Some(measured),
            None => return false,
        },
        None => None,
    };
    let (level, level_style) = match finding.severity {
        Severity::Error => ("error", DEFAULT_ERROR_STYLE),
        Severity::Warning => ("warning", DEFAULT_WARNING_STYLE),
        Severity::Note => ("note", DEFAULT_NOTE_STYLE),
    };
    let mut p = Painter {
        out,
        color,
        current: NONE,
    };

    // The title; its further lines are indented under the message.
    p.put(level, level_style);
    p.put("[", level_style);
    p.put(finding.code, level_style);
    p.put("]", level_style);
    p.put(": ", EMPHASIS);
    let label_width = width(level) + width(finding.code) + 4;
    p.lines(&finding.message, label_width, EMPHASIS);
    p.end_line();

    // The gutter: as wide as the line number (none without a snippet).
    let gutter = measured.as_ref().map_or(0, |m| digits(m.line));
    match &measured {
        Some(m) => {
            p.spaces(gutter, NONE);
            p.put("--> ", LINE_NUM);
            p.put(&finding.path, NONE);
            p.put(":", NONE);
            p.number(m.line, NONE);
            p.put(":", NONE);
            p.number(m.column, NONE);
            p.end_line();
            p.bar(gutter);
            p.end_line();
            // The line number, right-aligned in the gutter, then the line.
            p.spaces(gutter - digits(m.line), LINE_NUM);
            p.number(m.line, LINE_NUM);
            p.put(" ", NONE);
            p.put("|", LINE_NUM);
            if !m.content.is_empty() {
                p.put(" ", NONE);
                p.put(m.content, NONE);
            }
            p.end_line();
            p.bar(gutter);
            p.spaces(1 + m.carets.start, NONE);
            p.repeat(b'^', m.carets.len(), level_style);
        }
        None => {
            p.put("--> ", LINE_NUM);
            p.put(&finding.path, NONE);
        }
    }
    if let Some(help) = &finding.help {
        p.end_line();
        if measured.is_some() {
            p.bar(gutter);
            p.end_line();
        }
        p.spaces(gutter + 1, NONE);
        p.put("= ", LINE_NUM);
        p.put("help", EMPHASIS);
        p.put(": ", NONE);
        p.lines(help, gutter + 9, NONE);
    }
    p.end_line();
    p.out.push(b'\n');
    true
}

/// Unstyled text (annotate-snippets' `none`, `Quotation`, `LineAndColumn`).
const NONE: Style = Style::new();
/// The title's message and the word `help`.
const EMPHASIS: Style = DEFAULT_EMPHASIS_STYLE;
/// The gutter: line numbers, `|`, `-->`, `=`.
const LINE_NUM: Style = DEFAULT_LINE_NUM_STYLE;

/// Writes a finding's lines, switching styles as annotate-snippets' styled buffer does: an
/// escape sequence where the style changes (after the reset of the one before), a reset at
/// the end of each line. Without colour, just the text.
struct Painter<'o> {
    out: &'o mut Vec<u8>,
    color: bool,
    current: Style,
}

impl Painter<'_> {
    fn style(&mut self, style: Style) {
        if self.color && style != self.current {
            // Writing into a Vec cannot fail.
            let _ = write!(
                self.out,
                "{}{}",
                self.current.render_reset(),
                style.render()
            );
            self.current = style;
        }
    }

    /// `text` in `style`; nothing at all (no style change) when it is empty.
    fn put(&mut self, text: &str, style: Style) {
        if !text.is_empty() {
            self.style(style);
            self.out.extend_from_slice(text.as_bytes());
        }
    }

    fn repeat(&mut self, byte: u8, n: usize, style: Style) {
        if n > 0 {
            self.style(style);
            self.out.resize(self.out.len() + n, byte);
        }
    }

    fn spaces(&mut self, n: usize, style: Style) {
        self.repeat(b' ', n, style);
    }

    fn number(&mut self, n: usize, style: Style) {
        self.style(style);
        // Digits by hand: `write!` through `io::Write` cost some 250 instructions a number,
        // three numbers a finding.
        super::machine::push_number(self.out, n);
    }

    /// `text`'s lines, each after the first indented by `indent` spaces.
    fn lines(&mut self, text: &str, indent: usize, style: Style) {
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.end_line();
                self.spaces(indent, NONE);
            }
            self.put(line, style);
        }
    }

    /// The gutter's empty line: `|` one column past the line numbers.
    fn bar(&mut self, gutter: usize) {
        self.spaces(gutter + 1, NONE);
        self.put("|", LINE_NUM);
    }

    fn end_line(&mut self) {
        if self.color {
            let _ = write!(self.out, "{}", self.current.render_reset());
            self.current = NONE;
        }
        self.out.push(b'\n');
    }
}

/// A snippet's line as annotate-snippets would show it.
#[derive(Debug)]
struct Measured<'a> {
    /// The line without its line ending.
    content: &'a str,
    line: usize,
    /// The first underlined character, counted from 1 (the `-->` line's column).
    column: usize,
    /// The display columns the carets take (an empty span gets one).
    carets: Range<usize>,
}

/// Measures `excerpt` as annotate-snippets' source map would; `None` unless it is laid out
/// exactly as one untrimmed line with its span underlined.
fn measure<'a>(excerpt: &'a Excerpt<'_>) -> Option<Measured<'a>> {
    let source = excerpt.source.as_ref();
    let span = excerpt.span.clone();
    // One line: annotate-snippets splits at `\n` and drops a `\r` before it.
    let newline = source.find('\n');
    if newline.is_some_and(|i| i + 1 != source.len()) {
        return None;
    }
    let end_of_line = newline.unwrap_or(source.len());
    // A span past the line's end makes the gutter count the next line's number.
    if span.start > span.end
        || span.end > end_of_line
        || !source.is_char_boundary(span.start)
        || !source.is_char_boundary(span.end)
    {
        return None;
    }
    let content = &source[..end_of_line];
    let content = match newline {
        Some(_) => content.strip_suffix('\r').unwrap_or(content),
        None => content,
    };

    // One pass over the line: its display width, leading whitespace, and where the span
    // starts and ends in characters and display columns.
    let (mut chars, mut columns) = (0, 0);
    let (mut start, mut end) = (None, None);
    let mut leading = 0;
    let mut blank = true;
    for (i, c) in content.char_indices() {
        if i == span.start {
            start = Some((chars, columns));
        }
        if i == span.end {
            end = Some(columns);
        }
        if is_rewritten(c) {
            return None;
        }
        if blank {
            if c.is_whitespace() {
                leading += 1;
            } else {
                blank = false;
            }
        }
        chars += 1;
        columns += c.width().unwrap_or(1);
    }
    // A span starting past the last character points one character further (a span on a
    // CRLF line's `\n`); one ending there ends at the line's end.
    let (start_char, start_column) =
        start.unwrap_or((chars + usize::from(span.start > content.len()), columns));
    let mut end_column = if span.start == span.end {
        start_column
    } else {
        end.unwrap_or(columns)
    };
    // An empty (or zero-width) span gets one caret.
    if end_column == start_column {
        end_column += 1;
    }

    // annotate-snippets cuts leading whitespace it deems long (more than 26 columns before
    // the span) and trims lines wider than the terminal: not ours.
    let whitespace = if blank { 0 } else { leading };
    let gutter = digits(excerpt.line);
    if whitespace.min(start_column).saturating_sub(6) > 20
        || columns > TERM_WIDTH.saturating_sub(gutter + 3)
    {
        return None;
    }
    Some(Measured {
        content,
        line: excerpt.line,
        column: start_char + 1,
        carets: start_column..end_column,
    })
}

/// Whether annotate-snippets rewrites `c` in a title or source line (its
/// `OUTPUT_REPLACEMENTS`: controls as their pictures, a tab as four spaces, the zero-width
/// joiner dropped, bidi controls as U+FFFD).
fn is_rewritten(c: char) -> bool {
    c < ' '
        || c == '\u{7f}'
        || c == '\u{200d}'
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Whether a title holds a character annotate-snippets rewrites (a line break is laid out).
fn rewritten(text: &str) -> bool {
    // Every such character starts with a byte below 0x20, 0x7F or 0xE2.
    text.bytes()
        .any(|b| (b < 0x20 && b != b'\n') || b == 0x7f || b == 0xe2)
        && text.chars().any(|c| c != '\n' && is_rewritten(c))
}

/// Display columns, measured as annotate-snippets measures them.
fn width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(1)).sum()
}

fn digits(mut n: usize) -> usize {
    let mut digits = 1;
    while n >= 10 {
        n /= 10;
        digits += 1;
    }
    digits
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::diag::file::LineCol;
    use crate::diag::registry::PLAN_MONTH;
    use crate::diag::render::Resolved;
    use crate::diag::render::human::compare_one;
    use crate::diag::{Diagnostic, FileId};

    /// A small deterministic generator (splitmix64): the same cases on every run.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
            &items[self.below(items.len())]
        }
    }

    /// Pieces of source lines: ASCII, CJK, full-width punctuation, emoji (with a modifier),
    /// combining marks, zero-width characters, what `visible_source` escapes (ESC, bidi
    /// overrides, DEL, C1, a lone CR, NUL), tabs, the ideographic space, long runs.
    const ATOMS: &[&str] = &[
        "a",
        "total = 5",
        "name = \"",
        " ",
        "   ",
        "\"",
        "人社局",
        "，",
        "！",
        "Ａ",
        "😀",
        "👍🏽",
        "e\u{301}",
        "\u{1b}[2J",
        "\u{202e}",
        "\u{7f}",
        "\u{9b}",
        "\r",
        "\t",
        "\u{3000}",
        "\u{200d}",
        "\u{200b}",
        "ｱ",
        "≧",
        "“",
        "\u{0}",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "                        ",
        "中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中",
    ];

    const MESSAGES: &[&str] = &[
        "",
        "a",
        "产出指标缺少成本指标",
        "两行\n消息",
        "tab\there",
        "zwj\u{200d}",
        "esc \u{1b}[2J",
        "cr\r",
        "末尾\n",
    ];

    const HELPS: &[Option<&str>] = &[
        None,
        Some(""),
        Some("补一行 `level1 = \"产出指标\"`"),
        Some("two\nlines"),
        Some("\n"),
        Some("tab\t"),
        Some("zwj\u{200d}"),
        Some("\u{202e}bidi"),
    ];

    const PATHS: &[&str] = &[
        "p.toml",
        "budgets/高新区人社局/项目.toml",
        "",
        "a\nb.toml",
        "with space.toml",
        "\u{1b}]0;x.toml",
    ];

    /// Line numbers around every gutter width up to 999,999.
    fn line_numbers() -> Vec<usize> {
        let mut numbers: Vec<usize> = (1..=12).collect();
        for edge in [100, 1_000, 10_000, 100_000, 1_000_000] {
            numbers.extend([edge - 2, edge - 1, edge, edge + 1]);
        }
        numbers.extend((1..=999_999).step_by(9_973));
        numbers.retain(|&n| n <= 999_999);
        numbers
    }

    /// Char boundaries of `line` and a few offsets past it (spans running into later lines).
    fn offsets(line: &str) -> Vec<usize> {
        let mut offsets: Vec<usize> = line.char_indices().map(|(i, _)| i).collect();
        offsets.extend([line.len(), line.len() + 1, line.len() + 40]);
        offsets
    }

    /// Renders a finding on `line` (numbered `number`) at `span` both ways.
    fn agrees(
        rng: &mut Rng,
        line: &str,
        number: usize,
        span: Option<std::ops::Range<usize>>,
    ) -> bool {
        let mut d = Diagnostic::new(&PLAN_MONTH, FileId(0), span.clone(), *rng.pick(MESSAGES));
        d.severity = *rng.pick(&[Severity::Error, Severity::Warning, Severity::Note]);
        d.help = rng.pick(HELPS).map(str::to_owned);
        let at = LineCol {
            line: number,
            column: 1,
        };
        let resolved = Resolved {
            path: Cow::Borrowed(*rng.pick(PATHS)),
            text: None,
            span: span.clone(),
            start: at,
            end: at,
            line: span.as_ref().map(|_| (line, 0)),
        };
        let finding = Finding::new(&d, &resolved);
        compare_one(&finding).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn generated_findings_are_written_as_annotate_snippets_writes_them() {
        let mut rng = Rng(16);
        let numbers = line_numbers();
        let mut lines: Vec<String> = Vec::new();
        for _ in 0..600 {
            let mut line: String = (0..rng.below(7)).map(|_| *rng.pick(ATOMS)).collect();
            let ending: &str = rng.pick::<&str>(&["\n", "\r\n", ""]);
            line.push_str(ending);
            lines.push(line);
        }
        // Around the trimming threshold (140 columns less the gutter and ` | `), in ASCII and
        // in double-width characters, and leading whitespace around what gets cut (26).
        for width in 125..=142 {
            lines.push(format!("{}\n", "k".repeat(width)));
            lines.push(format!("{}\n", "名".repeat(width / 2)));
            lines.push(format!("a{}\r\n", "名".repeat(width / 2)));
        }
        for indent in 18..=34 {
            lines.push(format!("{}x = 1\n", " ".repeat(indent)));
            lines.push(format!("{}x = 1\n", "\u{3000}".repeat(indent)));
        }
        lines.extend(["", "\n", "\r\n", "   \n", "\r"].map(str::to_owned));

        let (mut direct, mut total) = (0, 0);
        for line in &lines {
            let offsets = offsets(line);
            for _ in 0..24 {
                let a = *rng.pick(&offsets);
                let b = *rng.pick(&offsets);
                let number = *rng.pick(&numbers);
                direct += usize::from(agrees(&mut rng, line, number, Some(a.min(b)..a.max(b))));
                total += 1;
            }
            // Spans at the start, the end, empty, and covering the line ending.
            let end = line.trim_end_matches(['\n', '\r']).len();
            for span in [0..0, 0..end, end..end, 0..line.len(), end..line.len() + 5] {
                let number = *rng.pick(&numbers);
                direct += usize::from(agrees(&mut rng, line, number, Some(span)));
                total += 1;
            }
        }
        for &number in &numbers {
            for span in [None, Some(0..5), Some(4..4)] {
                direct += usize::from(agrees(&mut rng, "total = 5\n", number, span));
                total += 1;
            }
        }
        // Most are the simple shape; the rest must have gone to annotate-snippets unwritten.
        assert!(direct * 2 > total, "{direct} of {total} written directly");
    }

    #[test]
    fn it_gives_up_on_what_annotate_snippets_lays_out_differently() {
        let mut rng = Rng(7);
        let simple = [
            "total = 5\n",
            "name = \"人社局，！😀\"\r\n",
            "",
            "\n",
            "a = e\u{301}",
        ];
        for line in simple {
            assert!(agrees(&mut rng, line, 12, Some(0..line.len())), "{line:?}");
        }
        let long = format!("{}\n", "k".repeat(140));
        let indented = format!("{}x = 1\n", " ".repeat(40));
        for line in ["a\tb = 1\n", &long, &indented, "a\u{200d}b\n"] {
            assert!(
                !agrees(&mut rng, line, 7, Some(line.len() - 2..line.len() - 1)),
                "{line:?}"
            );
        }
    }
}
