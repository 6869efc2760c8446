//! Workbooks (.xlsx, .xls, .ods, read with calamine): every sheet is searched for
//! 项目绩效目标表 — one per sheet, or several one under another. A table starts at its title row
//! (`…绩效目标表`) or, without one, at its `项目名称` row; it ends where the next one starts.
//! Cells a merged cell covers are left out, so a label's value is the next cell that shows.
//! Numbers are read from the cell's value (`4000`, `0.2`), never from its display format.
//!
//! Sheets with no 项目名称 (a summary sheet) are skipped with a note.

use std::io::Cursor;

use calamine::{Data, Dimensions, Reader, Sheets, open_workbook_auto_from_rs};

use crate::exchange::form;
use crate::exchange::form_labels::{Label, label_of};
use crate::exchange::import::{Cell, Defaults, Grid, ImportError, Imported, Place, short, squeeze};

/// Reads every project table of the workbook.
pub fn import(bytes: Vec<u8>, defaults: &Defaults) -> Result<Imported, ImportError> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| ImportError::Workbook(e.to_string()))?;
    let mut imported = Imported::default();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| ImportError::Workbook(format!("工作表“{name}”：{e}")))?;
        let merges = merged_cells(&mut book, &name);
        let rows = rows(&name, &range, &merges);
        let tables = split(&rows);
        if tables.is_empty() {
            imported.notes.push(format!(
                "工作表“{name}”中没有“项目名称”，不是项目绩效目标表，已跳过"
            ));
            continue;
        }
        let first = tables.first().map_or(0, |t| t.start);
        for cell in rows.iter().take(first).flatten() {
            imported.notes.push(format!(
                "{}：表格之前的文字未导入：“{}”",
                cell.place,
                short(&cell.text)
            ));
        }
        for table in tables {
            let grid = Grid {
                rows: rows
                    .get(table.start..table.end)
                    .unwrap_or_default()
                    .to_vec(),
                rows_known: true,
            };
            if let Some(project) = form::project(&[], &grid, defaults) {
                imported.projects.push(project);
            }
        }
    }
    Ok(imported)
}

/// The merged ranges of a sheet, where the format keeps them (xlsx, xls; ods does not say).
fn merged_cells(book: &mut Sheets<Cursor<Vec<u8>>>, name: &str) -> Vec<Dimensions> {
    match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The non-empty cells of each row, without those a merged cell covers. Rows keep their
/// sheet position; empty rows are dropped.
fn rows(sheet: &str, range: &calamine::Range<Data>, merges: &[Dimensions]) -> Vec<Vec<Cell>> {
    let Some((top, left)) = range.start() else {
        return Vec::new();
    };
    let covered = |row: u32, col: u32| {
        merges.iter().any(|m| {
            (m.start.0..=m.end.0).contains(&row)
                && (m.start.1..=m.end.1).contains(&col)
                && (row, col) != m.start
        })
    };
    let mut out = Vec::new();
    for (r, cells) in range.rows().enumerate() {
        let row = top + r as u32;
        let mut line = Vec::new();
        for (c, value) in cells.iter().enumerate() {
            let col = left + c as u32;
            let text = value.to_string();
            if text.trim().is_empty() || covered(row, col) {
                continue;
            }
            line.push(Cell {
                text,
                place: Place::Cell {
                    sheet: sheet.to_owned(),
                    row: row + 1,
                    col: col + 1,
                },
                col: col as usize,
            });
        }
        if !line.is_empty() {
            out.push(line);
        }
    }
    out
}

/// Rows `start..end` of one table.
struct Span {
    start: usize,
    end: usize,
}

/// Where each table of a sheet starts and ends.
fn split(rows: &[Vec<Cell>]) -> Vec<Span> {
    let has = |i: usize, want: &dyn Fn(Option<Label>) -> bool| {
        rows.get(i)
            .is_some_and(|r| r.iter().any(|c| want(label_of(&c.text))))
    };
    let is_title = |i: usize| {
        rows.get(i)
            .is_some_and(|r| r.iter().any(|c| squeeze(&c.text).contains("绩效目标表")))
    };
    let mut starts: Vec<usize> = Vec::new();
    let mut previous_name: Option<usize> = None;
    for n in (0..rows.len()).filter(|&i| has(i, &|l| l == Some(Label::Name))) {
        let floor = previous_name.map_or(0, |p| p + 1);
        let start = (floor..=n)
            .rev()
            .find(|&t| is_title(t))
            .or_else(|| (n > floor && has(n - 1, &|l| l == Some(Label::Code))).then(|| n - 1))
            .unwrap_or(n);
        starts.push(start);
        previous_name = Some(n);
    }
    starts
        .iter()
        .enumerate()
        .map(|(k, &start)| Span {
            start,
            end: starts.get(k + 1).copied().unwrap_or(rows.len()),
        })
        .collect()
}
