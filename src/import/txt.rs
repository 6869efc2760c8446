//! Text copied out of Word (“另存为纯文本” or copy and paste), like the bundled seed document:
//! paragraphs are lines, and a table comes out as its cells, each starting on a new line with
//! a tab (a cell's own line breaks follow without one). Rows are lost — a merged cell leaves
//! an empty cell behind, a line break inside a cell looks like a row break — so the tables are
//! returned as one run of cells for `form` to read by their words.
//!
//! A table starts after its heading: a line containing `绩效目标表`, together with the line
//! before it when the heading was split in two (`9村村民…财政补贴` / `项目绩效目标表`).
//!
//! Text with no cell line (no line starting with a tab) was copied from somewhere else — a
//! web page, a PDF — and is read by `web`.

mod tree;
mod web;

use crate::import::{Block, Cell, Grid, Place, squeeze};

/// The document's paragraphs and tables, in order.
pub fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    // Word's text: each cell a line of its own, opened by one tab. Rows of several
    // tab-separated cells, or no tab-opened line at all, are text from elsewhere.
    let word_cells = lines.iter().any(|l| l.starts_with('\t'));
    let tab_rows = lines
        .iter()
        .filter(|l| l.trim_start_matches('\t').contains('\t'))
        .count();
    if !word_cells || tab_rows >= 3 {
        return web::blocks(&lines);
    }
    let blank = |i: usize| lines.get(i).is_none_or(|l| l.trim().is_empty());
    let is_cell = |i: usize| lines.get(i).is_some_and(|l| l.starts_with('\t'));
    // (first line of the heading, the line with 绩效目标表)
    let mut headings: Vec<(usize, usize)> = Vec::new();
    for (t, line) in lines.iter().enumerate() {
        let word = squeeze(line);
        if is_cell(t) || !word.contains("绩效目标表") {
            continue;
        }
        let mut start = t;
        if word.starts_with("项目绩效目标表") || word.starts_with("绩效目标表") {
            let mut p = t;
            while p > 0 && blank(p - 1) {
                p -= 1;
            }
            if p > 0 && !is_cell(p - 1) {
                start = p - 1;
            }
        }
        headings.push((start, t));
    }
    let mut out = Vec::new();
    let prose_end = headings.first().map_or(lines.len(), |&(s, _)| s);
    paragraphs(&lines, 0, prose_end, &mut out);
    for (k, &(start, title)) in headings.iter().enumerate() {
        paragraphs(&lines, start, title + 1, &mut out);
        let end = headings.get(k + 1).map_or(lines.len(), |&(s, _)| s);
        let (grid, strays) = table(&lines, title + 1, end);
        out.push(Block::Table(grid));
        out.extend(strays.into_iter().map(Block::Paragraph));
    }
    out
}

fn paragraphs(lines: &[&str], from: usize, to: usize, out: &mut Vec<Block>) {
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        if !line.trim().is_empty() {
            out.push(Block::Paragraph(Cell {
                text: line.trim().to_owned(),
                place: Place::Line(i + 1),
                col: 0,
            }));
        }
    }
}

/// The cells of the lines `from..to`: a line starting with a tab opens a cell, other lines
/// continue it — unless two blank lines or more come first: such a line is not in the table
/// (a note between tables) and is returned apart, as a paragraph.
fn table(lines: &[&str], from: usize, to: usize) -> (Grid, Vec<Cell>) {
    let mut cells: Vec<Cell> = Vec::new();
    let mut strays = Vec::new();
    let mut blanks = 0;
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        let was_blank = blanks;
        blanks = if line.trim().is_empty() {
            blanks + 1
        } else {
            0
        };
        if let Some(rest) = line.strip_prefix('\t') {
            cells.push(Cell {
                text: rest.to_owned(),
                place: Place::Line(i + 1),
                col: cells.len(),
            });
        } else if !line.trim().is_empty() && (was_blank >= 2 || is_footer(line)) {
            strays.push(Cell {
                text: line.trim().to_owned(),
                place: Place::Line(i + 1),
                col: 0,
            });
        } else if let Some(last) = cells.last_mut() {
            last.text.push('\n');
            last.text.push_str(line);
        } else if !line.trim().is_empty() {
            // Text between the heading and the first cell: kept so that it is reported.
            cells.push(Cell {
                text: (*line).to_owned(),
                place: Place::Line(i + 1),
                col: 0,
            });
        }
    }
    let grid = Grid {
        rows: vec![cells],
        rows_known: false,
    };
    (grid, strays)
}

/// A note under the table (`注：…`, `填表人：…`, `附件：…`): never part of the last cell.
fn is_footer(line: &str) -> bool {
    let word = squeeze(line);
    word.starts_with("注:")
        || word.starts_with("注：")
        || matches!(
            crate::import::labels::label_of(&word),
            Some(crate::import::labels::Label::Footer)
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_footer_note_is_not_part_of_the_last_cell() {
        let text = "某项目\n项目绩效目标表\n\t项目名称\n\t某项目\n\t≥90%\n注：本表金额单位为万元。\n填表人：张三\n";
        let blocks = blocks(text);
        let Some(Block::Table(grid)) = blocks.iter().find(|b| matches!(b, Block::Table(_))) else {
            panic!("no table")
        };
        let cells: Vec<&str> = grid.rows[0].iter().map(|c| c.text.as_str()).collect();
        assert_eq!(cells, ["项目名称", "某项目", "≥90%\n"]);
        let strays: Vec<&str> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(c) if c.place == Place::Line(6) || c.place == Place::Line(7) => {
                    Some(c.text.as_str())
                }
                _ => None,
            })
            .collect();
        assert_eq!(strays, ["注：本表金额单位为万元。", "填表人：张三"]);
    }

    #[test]
    fn a_split_heading_and_multi_line_cells() {
        let text = "某局\n一、总体绩效目标\n做好工作。\n\n某项目\n\n项目绩效目标表\n\n\t项目\n\n编码\n\t\n\t项目名称\n\t某项目\n";
        let blocks = blocks(text);
        let paragraphs: Vec<&str> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(c) => Some(c.text.as_str()),
                Block::Table(_) | Block::Refused(_) => None,
            })
            .collect();
        assert_eq!(
            paragraphs,
            [
                "某局",
                "一、总体绩效目标",
                "做好工作。",
                "某项目",
                "项目绩效目标表"
            ]
        );
        let Some(Block::Table(grid)) = blocks.last() else {
            panic!("no table")
        };
        let cells: Vec<&str> = grid.rows[0].iter().map(|c| c.text.as_str()).collect();
        assert_eq!(cells, ["项目\n\n编码", "", "项目名称", "某项目\n"]);
    }
}
