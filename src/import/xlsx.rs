//! Workbooks (.xlsx, .xls, .ods): every sheet is searched for 项目绩效目标表 — one per sheet,
//! or several one under another. A table starts at its title row (`…绩效目标表`) or, without
//! one, at its `项目名称` row; it ends where the next one starts. Cells a merged cell covers
//! are left out, so a label's value is the next cell that shows. Numbers are read from the
//! cell's value (`4000`, `0.2`), never from its display format.
//!
//! The sheets come sparse from their readers (`read_xlsx`, `read_ods`, and for .xls the
//! caller's [`XlsReader`]), already checked against the limits. A formula cell whose result
//! the file does not keep is reported in the project it belongs to.
//!
//! Sheets with no 项目名称 (a summary sheet) are skipped with a note.

use crate::import::form;
use crate::import::labels::{Label, label_of};
use crate::import::read_xls::XlsReader;
use crate::import::sheet::{Sheet, check, visible};
use crate::import::{Cell, Defaults, Grid, ImportError, Imported, Place, Problem, short, squeeze};
use crate::import::{read_ods, read_xlsx};

/// Reads every project table of the workbook; `ext` is the file's lower-case extension.
pub fn import(
    ext: &str,
    bytes: &[u8],
    defaults: &Defaults,
    xls: XlsReader<'_>,
) -> Result<Imported, ImportError> {
    let sheets = match ext {
        "ods" => read_ods::sheets(bytes)?,
        "xls" => {
            let sheets = xls(bytes)?;
            check(&sheets)?;
            sheets
        }
        _ => read_xlsx::sheets(bytes)?,
    };
    Ok(from_sheets(sheets, defaults))
}

/// The projects of sparse sheets.
pub fn from_sheets(sheets: Vec<Sheet>, defaults: &Defaults) -> Imported {
    let mut imported = Imported::default();
    for sheet in sheets {
        let name = sheet.name.clone();
        let (rows, formulas) = rows(sheet);
        let tables = split(&rows);
        if tables.is_empty() {
            imported.notes.push(format!(
                "工作表“{name}”中没有“项目名称”，不是项目绩效目标表，已跳过"
            ));
            imported
                .notes
                .extend(formulas.into_iter().map(|(_, p)| p.to_string()));
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
            if let Some(mut project) = form::project(&[], &grid, defaults) {
                // The formula problems come first: they explain the values that follow.
                let mut problems: Vec<Problem> = formulas
                    .iter()
                    .filter(|(r, _)| (table.start..table.end).contains(r))
                    .map(|(_, p)| p.clone())
                    .collect();
                problems.append(&mut project.problems);
                project.problems = problems;
                imported.projects.push(project);
            }
        }
        imported.notes.extend(
            formulas
                .iter()
                .filter(|(r, _)| *r < first)
                .map(|(_, p)| p.to_string()),
        );
    }
    imported
}

/// The visible non-empty cells of each row, and the formulas without a stored result (by
/// index into the rows). Rows keep their sheet position; empty rows are dropped.
fn rows(sheet: Sheet) -> (Vec<Vec<Cell>>, Vec<(usize, Problem)>) {
    let mut out: Vec<Vec<Cell>> = Vec::new();
    let mut formulas = Vec::new();
    let mut current_row = None;
    for cell in visible(sheet.cells, &sheet.merges) {
        if cell.text.trim().is_empty() {
            continue;
        }
        if current_row != Some(cell.row) || out.is_empty() {
            out.push(Vec::new());
            current_row = Some(cell.row);
        }
        let place = Place::Cell {
            sheet: sheet.name.clone(),
            row: cell.row.saturating_add(1),
            col: cell.col.saturating_add(1),
        };
        if let Some(formula) = &cell.formula {
            formulas.push((
                out.len() - 1,
                Problem {
                    place: place.clone(),
                    message: format!(
                        "公式 ={} 没有保存计算结果（文件不是由 Excel/WPS 保存的）：请在 Excel 或 WPS 中打开并保存一次后再导入，或填入数值",
                        short(formula)
                    ),
                },
            ));
        }
        if let Some(line) = out.last_mut() {
            line.push(Cell {
                text: cell.text,
                place,
                col: cell.col as usize,
            });
        }
    }
    (out, formulas)
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
