//! Byte offsets (what perf's spans are) to LSP positions and back. LSP counts a position's
//! `character` in UTF-16 code units: `≧` is one unit, a character outside the Basic
//! Multilingual Plane (`𠀀`) two — never bytes (`≧` is three) and never display cells.

use lsp_types::{Position, Range};

/// The line starts of one text, so that many spans convert without rescanning it.
#[derive(Debug, Clone)]
pub struct LineIndex<'t> {
    text: &'t str,
    /// Byte offset at which each line starts; the first is 0.
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    /// Indexes `text`.
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { text, starts }
    }

    /// The position of byte `offset` (clamped to the text, moved back to a char boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset = offset.saturating_sub(1);
        }
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let units: usize = self
            .text
            .get(start..offset)
            .unwrap_or("")
            .chars()
            .map(char::len_utf16)
            .sum();
        Position::new(to_u32(line), to_u32(units))
    }

    /// The range of the byte span `start..end`.
    pub fn range(&self, span: &std::ops::Range<usize>) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of `position`: a line past the end is the end of the text, a character
    /// past the end of its line is the end of that line (before its `\n`), and a position
    /// inside a surrogate pair is the start of that character.
    pub fn offset(&self, position: Position) -> usize {
        let line = usize::try_from(position.line).unwrap_or(usize::MAX);
        let Some(&start) = self.starts.get(line) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next.saturating_sub(1));
        let wanted = usize::try_from(position.character).unwrap_or(usize::MAX);
        let mut units = 0;
        for (i, c) in self.text.get(start..end).unwrap_or("").char_indices() {
            if units + c.len_utf16() > wanted {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }

    /// The text of line `line` (0-based) without its line break, and its start offset.
    pub fn line(&self, line: usize) -> Option<(usize, &'t str)> {
        let start = *self.starts.get(line)?;
        let end = self.starts.get(line + 1).map_or(self.text.len(), |&n| n);
        let text = self.text.get(start..end)?;
        Some((start, text.trim_end_matches(['\n', '\r'])))
    }

    /// The indexed text.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The number of lines (a text ending in `\n` has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_are_counted_in_utf16_units() {
        // 目标 and ≧ are one unit each (three bytes each); 𠀀 is two units (four bytes).
        let text = "name = \"目标\"\ntarget = \"≧5个\"\n# 𠀀x\n";
        let index = LineIndex::new(text);
        let five = text.find('5').unwrap();
        assert_eq!(index.position(five), Position::new(1, 11));
        assert_eq!(index.offset(Position::new(1, 11)), five);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(x), Position::new(2, 4));
        assert_eq!(index.offset(Position::new(2, 4)), x);
        let closing = text.find("\"\n").unwrap();
        assert_eq!(index.position(closing), Position::new(0, 10));
    }

    #[test]
    fn every_char_boundary_round_trips() {
        let text = "a≧𠀀b\r\n满意度 = \"≥90%\"\n";
        let index = LineIndex::new(text);
        for (offset, _) in text.char_indices() {
            assert_eq!(index.offset(index.position(offset)), offset, "{offset}");
        }
    }

    #[test]
    fn positions_out_of_range_are_clamped() {
        let text = "ab\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(Position::new(0, 99)), 2);
        assert_eq!(index.offset(Position::new(9, 0)), text.len());
        assert_eq!(index.position(99), Position::new(1, 2));
        // Inside the surrogate pair of 𠀀: the start of the character.
        let index = LineIndex::new("𠀀");
        assert_eq!(index.offset(Position::new(0, 1)), 0);
        // Inside the bytes of ≧: back to its start.
        assert_eq!(LineIndex::new("≧").position(1), Position::new(0, 0));
    }
}
