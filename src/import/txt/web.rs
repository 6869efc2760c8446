//! Text copied from a web page or a PDF rather than out of Word: the tables of published
//! 项目绩效目标表 as browsers and converters give them. Three ways of writing cells are told
//! apart by the lines themselves:
//!
//! * `|` cells — each cell a line ending in ` |`, a row opened by a line `|` and closed by a
//!   run of `|`-only lines (the last two lines of the run; lines before them in the run are
//!   empty cells). Rows are known; merged cells are simply absent, so a row can be shorter
//!   than the header (`form` places such rows and refuses the ones that do not fit).
//! * tab-separated rows — one row a line, cells split by tabs.
//! * one cell per line — rows are lost; a line of spaces alone is an empty cell, a blank line
//!   separates cells.
//!
//! A table starts at its `项目名称` line; its heading is the last line before it that names
//! the form (`…项目支出绩效目标申报表`, `绩效目标表（2020年度）`), with the lines between.
//! Lines before the heading are paragraphs (page furniture, reported as not understood).
//!
//! One cell per line with no 项目名称 at all may be a 批复表 printed as a tree, its levels told
//! by indentation: `tree` reads it, or says why it will not.

use super::tree::{self, Tree};
use crate::import::labels::{Label, column_of, exec_column_of, is_title, label_of};
use crate::import::{Block, Cell, Grid, Place, squeeze};
use crate::model::money::MoneyUnit;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Pipes,
    Tabs,
    Lines,
}

fn mode(lines: &[&str]) -> Mode {
    let pipes = lines.iter().filter(|l| l.trim_end().ends_with('|')).count();
    let tabs = lines.iter().filter(|l| l.trim().contains('\t')).count();
    if pipes >= 5 && pipes >= tabs {
        Mode::Pipes
    } else if tabs >= 3 {
        Mode::Tabs
    } else {
        Mode::Lines
    }
}

/// True when a cell of the line, in `mode`, is the label `项目名称`.
fn names_project(line: &str, mode: Mode) -> bool {
    let is_name = |t: &str| label_of(t.trim()) == Some(Label::Name);
    match mode {
        Mode::Pipes => line.split('|').any(is_name),
        Mode::Tabs => line.split('\t').any(is_name),
        Mode::Lines => is_name(line),
    }
}

/// The document's paragraphs and tables, in order.
pub(super) fn blocks(lines: &[&str]) -> Vec<Block> {
    let mode = mode(lines);
    let names: Vec<usize> = (0..lines.len())
        .filter(|&i| lines.get(i).is_some_and(|l| names_project(l, mode)))
        .collect();
    let mut out = Vec::new();
    if names.is_empty() && mode == Mode::Lines {
        match tree::read(lines) {
            Some(Tree::Read { header, end, grid }) => {
                // The heading: the last line naming the form before the tree; the lines
                // between it and the tree (a repeated title) head it too, but for the unit
                // line, which the grid carries.
                let title = (0..header)
                    .rev()
                    .find(|&t| lines.get(t).is_some_and(|l| is_title(&squeeze(l))));
                let start = (0..header)
                    .find(|&t| lines.get(t).is_some_and(|l| is_title(&squeeze(l))))
                    .filter(|_| title.is_some())
                    .unwrap_or(header);
                paragraphs(lines, 0, start, &mut out);
                for t in start..header {
                    let unit = lines
                        .get(t)
                        .is_some_and(|l| matches!(label_of(l.trim()), Some(Label::Unit(_))));
                    if !unit {
                        paragraphs(lines, t, t + 1, &mut out);
                    }
                }
                out.push(Block::Table(grid));
                paragraphs(lines, end, lines.len(), &mut out);
                return out;
            }
            Some(Tree::Refused { line, why }) => {
                paragraphs(lines, 0, lines.len(), &mut out);
                out.push(Block::Refused(Cell {
                    text: format!(
                        "按缩进分级的表未读取：{why}；缩进一致时才按缩进读出一级、二级、三级指标"
                    ),
                    place: Place::Line(line),
                    col: 0,
                }));
                return out;
            }
            None => {}
        }
    }
    let mut starts = Vec::new();
    let mut floor = 0;
    for &n in &names {
        // The heading: the last line naming the form between the previous table and this one.
        let title = (floor..n)
            .rev()
            .find(|&t| lines.get(t).is_some_and(|l| is_title(&squeeze(l))));
        let start = title.unwrap_or(n);
        // The table's body starts after its title and a line giving the year alone
        // (`（2020年度）`); what follows (`预算单位：…`) is part of the form.
        let mut body = title.map_or(n, |t| t + 1);
        while body < n
            && lines
                .get(body)
                .is_some_and(|l| l.trim().is_empty() || is_year_only(l))
        {
            body += 1;
        }
        starts.push((start, body));
        floor = n + 1;
    }
    let first = starts.first().map_or(lines.len(), |&(s, _)| s);
    paragraphs(lines, 0, first, &mut out);
    for (k, &(start, body)) in starts.iter().enumerate() {
        paragraphs(lines, start, body, &mut out);
        let end = starts.get(k + 1).map_or(lines.len(), |&(s, _)| s);
        let (rows, rows_known) = match mode {
            Mode::Pipes => (pipe_rows(lines, body, end), true),
            Mode::Tabs => (tab_rows(lines, body, end), true),
            Mode::Lines => (vec![line_cells(lines, body, end)], false),
        };
        out.push(Block::Table(Grid { rows, rows_known }));
    }
    out
}

/// `（2020年度）`, `2020年度)`, `( 2019 年度) | ||||`: a line that states the year alone.
fn is_year_only(line: &str) -> bool {
    let t: String = squeeze(line)
        .chars()
        .filter(|c| !matches!(c, '|' | '(' | ')' | '（' | '）'))
        .collect();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    digits == 4 && matches!(t.get(4..), Some("年度" | "年"))
}

fn is_pipes(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.chars().all(|c| c == '|')
}

fn paragraphs(lines: &[&str], from: usize, to: usize, out: &mut Vec<Block>) {
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        if !line.trim().is_empty() && !is_pipes(line) {
            out.push(Block::Paragraph(Cell {
                text: line.trim().trim_end_matches(['|', ' ']).trim().to_owned(),
                place: Place::Line(i + 1),
                col: 0,
            }));
        }
    }
}

fn cell(text: &str, line: usize, col: usize) -> Cell {
    Cell {
        text: text.trim().to_owned(),
        place: Place::Line(line + 1),
        col,
    }
}

/// Rows of `|` text: see the module comment.
fn pipe_rows(lines: &[&str], from: usize, to: usize) -> Vec<Vec<Cell>> {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    let mut i = from;
    while i < to {
        let Some(line) = lines.get(i) else { break };
        if line.trim().is_empty() {
            i += 1;
            continue;
        }
        if is_pipes(line) {
            let run = (i..to)
                .take_while(|&k| lines.get(k).is_some_and(|l| is_pipes(l)))
                .count();
            if run == 1 && !row.is_empty() && lines.get(i + 1).is_some_and(|l| !is_pipes(l)) {
                // One `|` between two cells of a row: an empty cell.
                row.push(cell("", i, row.len()));
            } else {
                for k in 0..run.saturating_sub(2) {
                    row.push(cell("", i + k, row.len()));
                }
                if !row.is_empty() {
                    rows.push(std::mem::take(&mut row));
                }
            }
            i += run;
            continue;
        }
        let trimmed = line.trim();
        // `| a | b |`: a row of its own (a markdown-like copy); `a | b | |||` ends its row
        // with empty cells; `a |` is one cell of a row that goes on.
        let opens = trimmed.starts_with('|');
        let closed = trimmed.ends_with('|');
        let body = trimmed.trim_start_matches('|');
        let end_run = trimmed
            .chars()
            .rev()
            .take_while(|c| matches!(c, '|' | ' '))
            .filter(|c| *c == '|')
            .count();
        let ends = !closed || end_run >= 2;
        if opens && !row.is_empty() {
            rows.push(std::mem::take(&mut row));
        }
        let parts: Vec<&str> = if closed {
            let mut parts: Vec<&str> = body.split('|').collect();
            parts.pop();
            parts
        } else {
            body.split('|').collect()
        };
        let mut parts: Vec<&str> = parts;
        if ends || opens {
            // Empty cells at the end of a row are what is left of merged cells.
            while parts.last().is_some_and(|p| p.trim().is_empty()) {
                parts.pop();
            }
        }
        for part in parts {
            row.push(cell(part, i, row.len()));
        }
        if ends || (opens && closed) {
            rows.push(std::mem::take(&mut row));
        }
        i += 1;
    }
    if !row.is_empty() {
        rows.push(row);
    }
    rows
}

fn tab_rows(lines: &[&str], from: usize, to: usize) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        if line.trim().is_empty() {
            continue;
        }
        let row: Vec<Cell> = line
            .trim_end()
            .split('\t')
            .enumerate()
            .map(|(c, t)| cell(t, i, c))
            .collect();
        rows.push(row);
    }
    rows
}

/// One cell per line: blank lines separate cells, a line of spaces alone is an empty cell.
fn line_cells(lines: &[&str], from: usize, to: usize) -> Vec<Cell> {
    let mut cells = Vec::new();
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        if line.is_empty() {
            continue;
        }
        // A label broken over two lines (`主管部门` / `及编码`) is one cell.
        let tail = line.trim();
        if tail.starts_with('及')
            && tail.chars().count() <= 4
            && let Some(last) = cells
                .last_mut()
                .filter(|c: &&mut Cell| label_of(&c.text).is_some())
        {
            last.text.push_str(tail);
            continue;
        }
        // A category broken over two lines (`经济效益` / `指标`, `满意度` / `指标`): the
        // form's narrow 二级 column wraps before its last word; read apart, the row would
        // take `指标` for its 二级 and shift every cell after it.
        if tail == "指标"
            && let Some(last) = cells.last_mut().filter(|c: &&mut Cell| {
                let t = squeeze(&c.text);
                !t.is_empty() && !t.ends_with("指标") && t.chars().count() <= 8
            })
        {
            last.text.push_str(tail);
            continue;
        }
        // A header word broken over two lines (`年度` / `指标值`, `实际` / `完成值`, `全年` /
        // `执行数`): joined when the two make a word of the form and the first is none alone;
        // a unit in brackets under a label (`项目资金` / `(万元)`) belongs to the label.
        if let Some(last) = cells.last_mut().filter(|c: &&mut Cell| {
            let first = squeeze(&c.text);
            let joined = format!("{first}{}", squeeze(tail));
            let is_word = |t: &str| {
                column_of(t).is_some() || exec_column_of(t).is_some() || label_of(t).is_some()
            };
            let unit_under_label = label_of(&first).is_some()
                && tail.starts_with(['(', '（'])
                && tail.ends_with([')', '）'])
                && MoneyUnit::from_label(tail.trim_matches(['(', '（', ')', '）'])).is_some();
            // The unit goes with a label of any length (`项目资金申请` / `(万元)`): read
            // apart, `(万元)` would be taken for the label's value.
            !first.is_empty()
                && !tail.is_empty()
                && ((first.chars().count() <= 4 && is_word(&joined) && !is_word(&first))
                    || unit_under_label)
        }) {
            last.text.push_str(tail);
            continue;
        }
        let n = cells.len();
        cells.push(cell(line, i, n));
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[Vec<Cell>]) -> Vec<Vec<&str>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn pipe_rows_keep_their_empty_cells() {
        let text = "|\n一级指标 |\n二级指标 |\n|\n|\n效益指标 |\n经济效益指标 |\n|\n|\n||\n|\n社会效益指标 |\n满意 |\n|||";
        let lines: Vec<&str> = text.split('\n').collect();
        let rows = pipe_rows(&lines, 0, lines.len());
        assert_eq!(
            texts(&rows),
            vec![
                vec!["一级指标", "二级指标"],
                vec!["效益指标", "经济效益指标", "", ""],
                vec!["社会效益指标", "满意"],
            ]
        );
    }

    #[test]
    fn a_category_broken_before_its_last_word_is_one_cell() {
        let text = "效益指标\n\n经济效益\n\n指标\n\n年增粮食\n\n3500公斤\n\n满意度\n\n指标\n\n服务对象满意度指标";
        let lines: Vec<&str> = text.split('\n').collect();
        let cells = line_cells(&lines, 0, lines.len());
        let texts: Vec<&str> = cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "效益指标",
                "经济效益指标",
                "年增粮食",
                "3500公斤",
                "满意度指标",
                "服务对象满意度指标"
            ]
        );
    }

    #[test]
    fn the_table_starts_at_its_last_heading() {
        let text = "http://example.gov.cn/a.html\n某局2023年某项目支出绩效目标申报表\n2023年项目支出绩效目标申报表\n项目名称\t某项目\n预算部门\t某局\n一级指标\t二级指标\t三级指标\t指标值";
        let lines: Vec<&str> = text.split('\n').collect();
        let blocks = blocks(&lines);
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
                "http://example.gov.cn/a.html",
                "某局2023年某项目支出绩效目标申报表",
                "2023年项目支出绩效目标申报表"
            ]
        );
        let Some(Block::Table(grid)) = blocks.last() else {
            panic!("no table")
        };
        assert_eq!(texts(&grid.rows)[0], vec!["项目名称", "某项目"]);
    }
}
