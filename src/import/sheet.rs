//! A worksheet as its readers deliver it: only the cells that hold something, with their
//! positions, and the merged ranges. Nothing here is dense — a sheet with cells at A1 and
//! XFD1048576 is two cells, not seventeen billion — so the size of the work is the size of
//! the data actually present, and the limits ([`Tally`]) are checked as cells are read,
//! before anything is built from them.
//!
//! Also here: reading a zip entry with a byte limit (never trusting the size the archive
//! declares), shared by the .xlsx, .ods and .docx readers.

use std::collections::{BTreeMap, BinaryHeap};
use std::io::Read;

use serde::{Deserialize, Serialize};

use crate::import::{ImportError, limits};

/// One sheet, sparse.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// The cells that hold something, in any order.
    pub cells: Vec<SheetCell>,
    /// The merged ranges.
    pub merges: Vec<Merge>,
}

/// A cell that holds something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetCell {
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u32,
    /// The value as text: numbers as the shortest text of the stored double (`4000`, `0.2`).
    pub text: String,
    /// A formula whose result the file does not keep (it was never calculated and saved):
    /// the text is then the formula, and the import reports it.
    pub formula: Option<String>,
}

/// A merged range, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    /// First row.
    pub top: u32,
    /// First column.
    pub left: u32,
    /// Last row.
    pub bottom: u32,
    /// Last column.
    pub right: u32,
}

/// Counts what a workbook holds against the limits, as it is read.
#[derive(Debug, Default)]
pub struct Tally {
    cells: usize,
    merges: usize,
}

impl Tally {
    /// Counts `n` more cells at `(row, col)` (0-based; the last of them when repeated).
    pub fn cells(&mut self, sheet: &str, n: u64, row: u64, col: u64) -> Result<(), ImportError> {
        if row >= u64::from(limits::MAX_ROWS) || col >= u64::from(limits::MAX_COLS) {
            return Err(ImportError::Limit(format!(
                "工作表“{sheet}”有内容的单元格超出了工作表的范围（第 {} 行第 {} 列；最多 {} 行 {} 列）：文件已损坏，请在 Excel 或 WPS 中打开后另存再导入",
                row.saturating_add(1),
                col.saturating_add(1),
                limits::MAX_ROWS,
                limits::MAX_COLS
            )));
        }
        self.cells = self
            .cells
            .saturating_add(usize::try_from(n).unwrap_or(usize::MAX));
        if self.cells > limits::MAX_CELLS {
            return Err(ImportError::Limit(format!(
                "工作簿有内容的单元格超过 {} 个（读到工作表“{sheet}”时）：这不是项目绩效目标表的大小；请只保留项目表再导入",
                limits::MAX_CELLS
            )));
        }
        Ok(())
    }

    /// Counts one more merged range.
    pub fn merge(&mut self, sheet: &str) -> Result<(), ImportError> {
        self.merges += 1;
        if self.merges > limits::MAX_MERGES {
            return Err(ImportError::Limit(format!(
                "工作簿的合并单元格超过 {} 处（读到工作表“{sheet}”时）：这不是项目绩效目标表的大小；请只保留项目表再导入",
                limits::MAX_MERGES
            )));
        }
        Ok(())
    }
}

/// Checks sheets that came from elsewhere (the .xls reader) against the limits.
pub fn check(sheets: &[Sheet]) -> Result<(), ImportError> {
    let mut tally = Tally::default();
    for sheet in sheets {
        for cell in &sheet.cells {
            tally.cells(&sheet.name, 1, cell.row.into(), cell.col.into())?;
        }
        for _ in &sheet.merges {
            tally.merge(&sheet.name)?;
        }
    }
    Ok(())
}

/// The cells in reading order (row, then column), one per position (the last one read wins),
/// without those a merged range hides (all but its top-left cell).
///
/// The merges are looked up by a sweep over the rows: a merge becomes active at its first row
/// and leaves at its last, and the active ones are kept by first column, so each cell costs a
/// logarithmic lookup however many merges the sheet has. Merges do not overlap in a valid
/// file; in a damaged one that overlaps, a cell is tested against the nearest merge starting
/// at or left of it.
pub fn visible(mut cells: Vec<SheetCell>, merges: &[Merge]) -> Vec<SheetCell> {
    // Stable sort, then keep the last of equal positions.
    cells.sort_by_key(|c| (c.row, c.col));
    let mut unique: Vec<SheetCell> = Vec::with_capacity(cells.len());
    for cell in cells {
        match unique.last_mut() {
            Some(last) if (last.row, last.col) == (cell.row, cell.col) => *last = cell,
            _ => unique.push(cell),
        }
    }
    let mut pending: Vec<&Merge> = merges
        .iter()
        .filter(|m| m.top <= m.bottom && m.left <= m.right)
        .collect();
    pending.sort_by_key(|m| std::cmp::Reverse(m.top));
    // Active merges by (first column, index); leaving ones by (last row) in a min-heap.
    let mut active: BTreeMap<(u32, usize), Merge> = BTreeMap::new();
    let mut leaving: BinaryHeap<std::cmp::Reverse<(u32, u32, usize)>> = BinaryHeap::new();
    let mut next_id = 0usize;
    let mut out = Vec::with_capacity(unique.len());
    for cell in unique {
        while pending.last().is_some_and(|m| m.top <= cell.row) {
            if let Some(m) = pending.pop() {
                active.insert((m.left, next_id), *m);
                leaving.push(std::cmp::Reverse((m.bottom, m.left, next_id)));
                next_id += 1;
            }
        }
        while let Some(std::cmp::Reverse((bottom, left, id))) = leaving.peek().copied() {
            if bottom >= cell.row {
                break;
            }
            leaving.pop();
            active.remove(&(left, id));
        }
        let hidden = active
            .range(..=(cell.col, usize::MAX))
            .next_back()
            .is_some_and(|(_, m)| cell.col <= m.right && (cell.row, cell.col) != (m.top, m.left));
        if !hidden {
            out.push(cell);
        }
    }
    out
}

/// The text of a zip entry, refused when it is larger than `limit` bytes once decompressed
/// (read with a cap, whatever size the archive claims). `None` when there is no such entry.
pub fn zip_text<R: Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
    limit: u64,
    fail: &dyn Fn(String) -> ImportError,
) -> Result<Option<String>, ImportError> {
    let entry = match archive.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(fail(format!("{name}：{e}"))),
    };
    let mut bytes = Vec::new();
    entry
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("{name}：{e}")))?;
    if bytes.len() as u64 > limit {
        return Err(ImportError::Limit(format!(
            "压缩包中的 {name} 解压后超过 {} MiB 的上限：这不是预算表格的大小，文件没有导入（不会只导入前面一部分）",
            limit / (1024 * 1024)
        )));
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| fail(format!("{name} 不是 UTF-8 编码的 XML")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: u32, col: u32, text: &str) -> SheetCell {
        SheetCell {
            row,
            col,
            text: text.into(),
            formula: None,
        }
    }

    #[test]
    fn merged_ranges_hide_all_but_their_first_cell() {
        let merges = [
            Merge {
                top: 0,
                left: 0,
                bottom: 1,
                right: 1,
            },
            Merge {
                top: 3,
                left: 2,
                bottom: 3,
                right: 4,
            },
        ];
        let cells = vec![
            cell(1, 1, "hidden"),
            cell(0, 0, "top-left"),
            cell(0, 2, "right of it"),
            cell(2, 0, "below"),
            cell(3, 3, "hidden too"),
            cell(3, 2, "second"),
            cell(3, 5, "after"),
            cell(0, 2, "last wins"),
        ];
        let texts: Vec<String> = visible(cells, &merges)
            .into_iter()
            .map(|c| c.text)
            .collect();
        assert_eq!(texts, ["top-left", "last wins", "below", "second", "after"]);
    }

    #[test]
    fn many_merges_are_fast() {
        let merges: Vec<Merge> = (0..150_000)
            .map(|r| Merge {
                top: r,
                left: 0,
                bottom: r,
                right: 1,
            })
            .collect();
        let cells: Vec<SheetCell> = (0..150_000)
            .flat_map(|r| [cell(r, 0, "a"), cell(r, 1, "b")])
            .collect();
        let start = std::time::Instant::now();
        assert_eq!(visible(cells, &merges).len(), 150_000);
        assert!(start.elapsed().as_secs() < 5);
    }
}
