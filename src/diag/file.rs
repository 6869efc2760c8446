//! A budget file's path, text and suppression comments, and turning byte offsets into line and
//! column. Kept in `diag` because every renderer needs them.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diag::registry::Rule;

/// A file perf read, as the workspace keeps it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as discovered (joined onto the path the user gave, so it prints as they typed).
    pub path: PathBuf,
    /// The decoded text (BOM removed). Kept only while something may still point into it:
    /// a file without findings drops its text, so a large tree does not sit in memory.
    pub text: Option<Arc<str>>,
    /// The file's `# perf: allow(…)` comments.
    pub suppressions: Vec<Suppression>,
}

/// One `# perf: allow(…)` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The rules it allows.
    pub rules: Vec<&'static Rule>,
    /// The comment, for pointing at it.
    pub span: Range<usize>,
    /// The bytes it covers: its line, or a whole table when on a table header.
    pub scope: Range<usize>,
}

/// A 1-based line and column, columns counted in characters (not bytes, not display cells).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// The line and column of byte `offset` in `text` (clamped to the text, and to a char boundary).
pub fn line_col(text: &str, offset: usize) -> LineCol {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    LineCol {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

/// Start and end positions of a span; the end is exclusive, as editors and SARIF expect.
pub fn span_positions(text: &str, span: &Range<usize>) -> (LineCol, LineCol) {
    (line_col(text, span.start), line_col(text, span.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "a = 1\ntarget = \"≧5个\"\n";
        let offset = text.find('5').unwrap();
        assert_eq!(
            line_col(text, offset),
            LineCol {
                line: 2,
                column: 12
            }
        );
        assert_eq!(line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(line_col(text, 10_000).line, 3);
    }

    #[test]
    fn offsets_inside_a_character_move_back() {
        let text = "≧";
        assert_eq!(line_col(text, 1), LineCol { line: 1, column: 1 });
    }
}
