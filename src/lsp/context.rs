//! Where the cursor is, in the terms hover, completion, code actions and go-to need: the
//! table it is in (`[project]`, the n-th `[[indicator]]`), the key and string value of its
//! line, a `# perf: allow(…)` comment. Read from the line text itself, not the parsed file, so
//! it works on half-typed text that does not parse.

use std::ops::Range;

use crate::lsp::position::LineIndex;

/// The line of the cursor, read as `key = value  # comment`.
#[derive(Debug, Clone)]
pub(crate) struct Line<'t> {
    /// The line's text, without its line break.
    pub(crate) text: &'t str,
    /// Byte offset of the line in the document.
    pub(crate) start: usize,
    /// The cursor's byte offset within the line.
    pub(crate) cursor: usize,
    /// The key before `=`, when the line is a key/value line.
    pub(crate) key: Option<&'t str>,
    /// The content of the value's basic string (`"…"`), and its range within the line
    /// (quotes excluded).
    pub(crate) string: Option<(&'t str, Range<usize>)>,
    /// Where the comment starts (its `#`), when the line has one.
    pub(crate) comment: Option<usize>,
}

impl<'t> Line<'t> {
    /// The line at `offset` of the indexed text.
    pub(crate) fn at(index: &LineIndex<'t>, line: usize, offset: usize) -> Option<Self> {
        let (start, text) = index.line(line)?;
        let cursor = offset.saturating_sub(start).min(text.len());
        let comment = comment_start(text);
        let code = text.get(..comment.unwrap_or(text.len())).unwrap_or(text);
        let (key, string) = match code.split_once('=') {
            Some((key, value)) if !key.trim_start().starts_with('[') => {
                let key = key.trim().trim_matches('"');
                let value_at = key_len(code);
                (Some(key), basic_string(value, value_at))
            }
            _ => (None, None),
        };
        Some(Self {
            text,
            start,
            cursor,
            key,
            string,
            comment,
        })
    }

    /// The text before the cursor.
    pub(crate) fn before_cursor(&self) -> &'t str {
        self.text.get(..self.cursor).unwrap_or(self.text)
    }

    /// The word of ASCII letters and digits around the cursor (a rule code), with its range
    /// within the line.
    pub(crate) fn word(&self) -> Option<(&'t str, Range<usize>)> {
        let is_word = |c: char| c.is_ascii_alphanumeric() || c == '-';
        let before = self.before_cursor();
        let start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_word(c))
            .last()
            .map_or(self.cursor, |(i, _)| i);
        let after = self.text.get(self.cursor..).unwrap_or("");
        let end = self.cursor + after.find(|c: char| !is_word(c)).unwrap_or(after.len());
        let word = self.text.get(start..end)?;
        (!word.is_empty()).then_some((word, start..end))
    }

    /// Whether the cursor is inside an unclosed `allow(` of a `# perf:` comment.
    pub(crate) fn in_allow_list(&self) -> bool {
        let Some(hash) = self.comment else {
            return false;
        };
        if self.cursor <= hash {
            return false;
        }
        let comment = self.text.get(hash..self.cursor).unwrap_or("");
        let Some(open) = comment.find("allow(") else {
            return false;
        };
        comment.contains("perf:") && !comment.get(open..).unwrap_or("").contains(')')
    }
}

/// The byte offset just after `key =` in `code` (where the value starts).
fn key_len(code: &str) -> usize {
    code.find('=').map_or(code.len(), |i| i + 1)
}

/// The content of a single-line basic string at the start of `value` (after spaces), with its
/// range in the line (`offset` is where `value` starts in the line).
fn basic_string(value: &str, offset: usize) -> Option<(&str, Range<usize>)> {
    let leading = value.len() - value.trim_start().len();
    let rest = value.trim_start().strip_prefix('"')?;
    let mut escaped = false;
    let mut end = rest.len();
    for (i, c) in rest.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => {
                end = i;
                break;
            }
            _ => escaped = false,
        }
    }
    let start = offset + leading + 1;
    Some((rest.get(..end)?, start..start + end))
}

/// Where a line's comment starts: the first `#` outside a string.
pub(crate) fn comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '#') => return Some(i),
            (None, '"' | '\'') => quote = Some(c),
            (Some('"'), '\\') if !escaped => {
                escaped = true;
                continue;
            }
            (Some(q), c) if c == q && !escaped => quote = None,
            _ => {}
        }
        escaped = false;
    }
    None
}

/// The table the line `line` is in: its header path (`["indicator"]`, `["budget", "items"]`;
/// empty above the first header) and the line range of its block.
pub(crate) fn table_at(index: &LineIndex<'_>, line: usize) -> (Vec<String>, Range<usize>) {
    let header = |n: usize| index.line(n).and_then(|(_, text)| header_path(text));
    let start = (0..=line).rev().find(|&n| header(n).is_some());
    let end = (line + 1..index.line_count())
        .find(|&n| header(n).is_some())
        .unwrap_or(index.line_count());
    match start {
        Some(n) => (header(n).unwrap_or_default(), n + 1..end),
        None => (Vec::new(), 0..end),
    }
}

/// The path of a `[a.b]` or `[[a.b]]` header line.
fn header_path(text: &str) -> Option<Vec<String>> {
    let code = text
        .get(..comment_start(text).unwrap_or(text.len()))?
        .trim();
    let inner = code.strip_prefix('[')?.strip_suffix(']')?;
    let inner = inner
        .strip_prefix('[')
        .and_then(|i| i.strip_suffix(']'))
        .unwrap_or(inner);
    Some(
        inner
            .split('.')
            .map(|s| s.trim().trim_matches('"').to_owned())
            .collect(),
    )
}

/// The string value of `key` in the lines `block` (the first one found).
pub(crate) fn value_in_block(
    index: &LineIndex<'_>,
    block: &Range<usize>,
    key: &str,
) -> Option<String> {
    block.clone().find_map(|n| {
        let (start, _) = index.line(n)?;
        let line = Line::at(index, n, start)?;
        (line.key? == key).then(|| line.string.map(|(s, _)| s.to_owned()))?
    })
}

/// The keys present in the lines `block`.
pub(crate) fn keys_in_block(index: &LineIndex<'_>, block: &Range<usize>) -> Vec<String> {
    block
        .clone()
        .filter_map(|n| {
            let (start, _) = index.line(n)?;
            Some(Line::at(index, n, start)?.key?.to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[project]\nname = \"项目\"\n\n[[indicator]]\nlevel1 = \"产出指标\"  # perf: allow(I001, I0\ntarget = \"≧5个\"\n";

    #[test]
    fn a_line_reads_as_key_string_and_comment() {
        let index = LineIndex::new(TEXT);
        let offset = TEXT.find("≧").unwrap();
        let line = Line::at(&index, 5, offset).unwrap();
        assert_eq!(line.key, Some("target"));
        let (value, range) = line.string.clone().unwrap();
        assert_eq!(value, "≧5个");
        assert_eq!(line.text.get(range), Some("≧5个"));
        let offset = TEXT.find("I0\n").unwrap() + 2;
        let line = Line::at(&index, 4, offset).unwrap();
        assert!(line.in_allow_list());
        assert_eq!(line.word().unwrap().0, "I0");
        let offset = TEXT.find("I001").unwrap() + 1;
        let line = Line::at(&index, 4, offset).unwrap();
        assert_eq!(line.word().unwrap().0, "I001");
    }

    #[test]
    fn the_table_of_a_line_and_its_values() {
        let index = LineIndex::new(TEXT);
        let (path, block) = table_at(&index, 5);
        assert_eq!(path, ["indicator"]);
        assert_eq!(block, 4..7);
        assert_eq!(
            value_in_block(&index, &block, "level1").as_deref(),
            Some("产出指标")
        );
        assert_eq!(keys_in_block(&index, &block), ["level1", "target"]);
        assert_eq!(table_at(&index, 1).0, ["project"]);
    }
}
