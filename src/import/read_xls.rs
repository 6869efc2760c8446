//! .xls (Excel 97–2003, BIFF in an OLE compound file), read with calamine — the one format
//! perf does not parse itself. calamine's BIFF reader trusts the file: damaged files have made
//! it panic (`assertion left == right`, `range start index … out of range`, inside the `cfb`
//! crate) or ask for hundreds of gigabytes, which aborts the process. Upstream knows the
//! class: tafia/calamine#481 (the `cfb` assertion on a damaged sector chain), #174 (an
//! allocation of 137 GB on a damaged length), #612 and #721 (slice ranges); perf's own
//! reproducers are in tests/fuzz-regressions/import_xls/, ready to attach to a report from a
//! machine that can reach GitHub (this project's build machines cannot). A panic is caught
//! here and becomes "工作簿无法读取"; an allocation abort cannot be caught inside a process, so
//! the command line runs this reader in a child process with a memory limit (see
//! `src/cli/import.rs`) and gives the library its result through [`XlsReader`].

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{Reader, Xls};

use crate::import::ImportError;
use crate::import::sheet::{Merge, Sheet, SheetCell, Tally};

/// How .xls bytes become sheets: in this process ([`read`]) or, from the command line, in a
/// child process that cannot take the caller down with it.
pub type XlsReader<'a> = &'a dyn Fn(&[u8]) -> Result<Vec<Sheet>, ImportError>;

/// Reads the workbook with calamine, turning a panic inside it into an error.
pub fn read(bytes: &[u8]) -> Result<Vec<Sheet>, ImportError> {
    match catch_unwind(AssertUnwindSafe(|| read_unguarded(bytes))) {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(unreadable(&what))
        }
    }
}

/// The error for a workbook the reader failed on.
pub fn unreadable(what: &str) -> ImportError {
    ImportError::Unreadable(if what.is_empty() {
        "读取程序出错".to_owned()
    } else {
        what.to_owned()
    })
}

fn read_unguarded(bytes: &[u8]) -> Result<Vec<Sheet>, ImportError> {
    let fail = |e: &dyn std::fmt::Display| ImportError::Workbook(e.to_string());
    let mut book = Xls::new(Cursor::new(bytes)).map_err(|e| fail(&e))?;
    let mut tally = Tally::default();
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| fail(&format!("工作表“{name}”：{e}")))?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut sheet = Sheet {
            name: name.clone(),
            ..Sheet::default()
        };
        for (r, c, value) in range.used_cells() {
            let text = value.to_string();
            if text.trim().is_empty() {
                continue;
            }
            let (row, col) = (top.saturating_add(r as u32), left.saturating_add(c as u32));
            tally.cells(&name, 1, row.into(), col.into())?;
            sheet.cells.push(SheetCell {
                row,
                col,
                text,
                formula: None,
            });
        }
        for m in book.merge_cells_by_sheet_name(&name).unwrap_or_default() {
            tally.merge(&name)?;
            sheet.merges.push(Merge {
                top: m.start.0,
                left: m.start.1,
                bottom: m.end.0,
                right: m.end.1,
            });
        }
        out.push(sheet);
    }
    Ok(out)
}
