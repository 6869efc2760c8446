//! .ods read directly and sparsely (zip + quick-xml): `content.xml` holds each sheet as a
//! `table:table` of `table:table-row`s of `table:table-cell`s. LibreOffice compresses empty
//! space with `number-rows-repeated` / `number-columns-repeated` (a million empty rows is one
//! element); here an empty repeat only advances the position, and a repeated cell with
//! content is counted against the limit before it is expanded. Cells a merge covers are
//! `table:covered-table-cell`s and are left out (the merged text is in the spanning cell).
//!
//! Values are read as calamine read them before: numbers (`office:value`) as the shortest text
//! of the double, dates and times as their ISO text, booleans as `true`/`false`, other cells
//! as their paragraphs joined by line breaks.

use std::io::Cursor;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::import::read_xlsx::{attr, number_text, push_ref};
use crate::import::sheet::{Merge, Sheet, SheetCell, Tally, zip_text};
use crate::import::{ImportError, limits};

fn fail(message: String) -> ImportError {
    ImportError::Workbook(message)
}

/// A cell being read.
struct Open {
    repeat: u64,
    value: Option<String>,
    text: String,
    paragraphs: usize,
    covered: bool,
    rows_spanned: u64,
    cols_spanned: u64,
}

/// Every sheet of the spreadsheet, sparse.
pub fn sheets(bytes: &[u8]) -> Result<Vec<Sheet>, ImportError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| fail(format!("不是 ods 文件：{e}")))?;
    let xml = zip_text(&mut archive, "content.xml", limits::MAX_XML_BYTES, &fail)?
        .ok_or_else(|| fail("压缩包中没有 content.xml，不是 ods 文件".into()))?;
    parse(&xml)
}

fn sheet_name(sheet: &Option<Sheet>) -> String {
    sheet.as_ref().map(|s| s.name.clone()).unwrap_or_default()
}

fn repeat(e: &BytesStart<'_>, name: &str) -> u64 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

/// Reads `content.xml`.
pub fn parse(xml: &str) -> Result<Vec<Sheet>, ImportError> {
    let mut reader = Reader::from_str(xml);
    let mut tally = Tally::default();
    let mut out: Vec<Sheet> = Vec::new();
    let mut sheet: Option<Sheet> = None;
    // The current row: where it is, how often it repeats, and its cells (column, text).
    let (mut row, mut col) = (0u64, 0u64);
    let mut row_repeat = 1u64;
    let mut row_cells: Vec<(u64, String)> = Vec::new();
    let mut row_merges: Vec<(u64, u64, u64)> = Vec::new();
    let mut cell: Option<Open> = None;
    let mut in_paragraph = 0usize;
    let mut in_annotation = false;
    let mut depth_in_cell = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| fail(format!("content.xml 不是有效的 XML：{e}")))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.local_name();
                match name.as_ref() {
                    "table" if cell.is_none() => {
                        sheet = Some(Sheet {
                            name: attr(e, "name").unwrap_or_default(),
                            ..Sheet::default()
                        });
                        row = 0;
                        if empty {
                            out.extend(sheet.take());
                        }
                    }
                    "table-row" if cell.is_none() => {
                        row_repeat = repeat(e, "number-rows-repeated");
                        col = 0;
                        row_cells.clear();
                        row_merges.clear();
                        if empty {
                            row = row.saturating_add(row_repeat);
                        }
                    }
                    "table-cell" | "covered-table-cell" if cell.is_none() => {
                        let open = Open {
                            repeat: repeat(e, "number-columns-repeated"),
                            value: value(e),
                            text: String::new(),
                            paragraphs: 0,
                            covered: name.as_ref() == "covered-table-cell",
                            rows_spanned: repeat(e, "number-rows-spanned"),
                            cols_spanned: repeat(e, "number-columns-spanned"),
                        };
                        if empty {
                            end_cell(
                                &sheet_name(&sheet),
                                open,
                                &mut col,
                                &mut row_cells,
                                &mut row_merges,
                            )?;
                        } else {
                            cell = Some(open);
                            depth_in_cell = 0;
                        }
                    }
                    _ if cell.is_some() => {
                        if !empty {
                            depth_in_cell += 1;
                        }
                        if let Some(open) = cell.as_mut() {
                            match name.as_ref() {
                                "p" | "h" => {
                                    if open.paragraphs > 0 {
                                        open.text.push('\n');
                                    }
                                    open.paragraphs += 1;
                                    if !empty {
                                        in_paragraph += 1;
                                    }
                                }
                                "s" if in_paragraph > 0 => {
                                    let n = attr(e, "c")
                                        .and_then(|c| c.trim().parse::<usize>().ok())
                                        .unwrap_or(1)
                                        .min(1000);
                                    open.text.extend(std::iter::repeat_n(' ', n));
                                }
                                "tab" if in_paragraph > 0 => open.text.push('\t'),
                                "line-break" if in_paragraph > 0 => open.text.push('\n'),
                                // Notes (annotations) are not the cell's value.
                                "annotation" if !empty => in_annotation = true,
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    "table-cell" | "covered-table-cell" if depth_in_cell == 0 => {
                        if let Some(open) = cell.take() {
                            end_cell(
                                &sheet_name(&sheet),
                                open,
                                &mut col,
                                &mut row_cells,
                                &mut row_merges,
                            )?;
                        }
                        in_paragraph = 0;
                        in_annotation = false;
                    }
                    "table-row" if cell.is_none() => {
                        if let Some(s) = sheet.as_mut() {
                            end_row(s, row, row_repeat, &row_cells, &row_merges, &mut tally)?;
                        }
                        row = row.saturating_add(row_repeat);
                    }
                    "table" if cell.is_none() => out.extend(sheet.take()),
                    _ if cell.is_some() => {
                        depth_in_cell = depth_in_cell.saturating_sub(1);
                        match name.as_ref() {
                            "p" | "h" => in_paragraph = in_paragraph.saturating_sub(1),
                            "annotation" => in_annotation = false,
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)
                if in_paragraph > 0 && !in_annotation =>
            {
                if let Some(open) = cell.as_mut() {
                    match &event {
                        Event::Text(t) => open.text.push_str(t),
                        Event::CData(t) => open.text.push_str(t),
                        Event::GeneralRef(r) => push_ref(&mut open.text, r),
                        _ => {}
                    }
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The typed value of a cell, when it has one that is not its text.
fn value(e: &BytesStart<'_>) -> Option<String> {
    match attr(e, "value-type")?.as_str() {
        "float" | "percentage" | "currency" => attr(e, "value").map(|v| number_text(&v)),
        "date" => attr(e, "date-value"),
        "time" => attr(e, "time-value"),
        "boolean" => attr(e, "boolean-value").map(|v| (v.trim() == "true").to_string()),
        _ => None,
    }
}

fn end_cell(
    sheet: &str,
    open: Open,
    col: &mut u64,
    row_cells: &mut Vec<(u64, String)>,
    row_merges: &mut Vec<(u64, u64, u64)>,
) -> Result<(), ImportError> {
    let text = open.value.unwrap_or(open.text);
    if !open.covered && !text.trim().is_empty() {
        // Content repeated across columns: counted before it is expanded (the row's cells are
        // counted again, times its own repeat, when the row ends).
        Tally::default().cells(
            sheet,
            (row_cells.len() as u64).saturating_add(open.repeat),
            0,
            col.saturating_add(open.repeat - 1),
        )?;
        for k in 0..open.repeat {
            row_cells.push((col.saturating_add(k), text.clone()));
        }
    }
    if !open.covered && (open.rows_spanned > 1 || open.cols_spanned > 1) {
        row_merges.push((*col, open.rows_spanned, open.cols_spanned));
    }
    *col = col.saturating_add(open.repeat);
    Ok(())
}

/// Adds a finished row (repeated `times`) to the sheet, after counting it against the limits.
fn end_row(
    sheet: &mut Sheet,
    row: u64,
    times: u64,
    cells: &[(u64, String)],
    merges: &[(u64, u64, u64)],
    tally: &mut Tally,
) -> Result<(), ImportError> {
    if cells.is_empty() && merges.is_empty() {
        return Ok(());
    }
    let last_row = row.saturating_add(times - 1);
    let last_col = cells.iter().map(|c| c.0).max().unwrap_or(0);
    let n = (cells.len() as u64).saturating_mul(times);
    tally.cells(&sheet.name, n, last_row, last_col)?;
    for k in 0..times {
        let r = row.saturating_add(k);
        for (c, text) in cells {
            sheet.cells.push(SheetCell {
                row: u32::try_from(r).unwrap_or(u32::MAX),
                col: u32::try_from(*c).unwrap_or(u32::MAX),
                text: text.clone(),
                formula: None,
            });
        }
        for &(c, rows, cols) in merges {
            tally.merge(&sheet.name)?;
            let clamp = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
            sheet.merges.push(Merge {
                top: clamp(r),
                left: clamp(c),
                bottom: clamp(r.saturating_add(rows - 1)),
                right: clamp(c.saturating_add(cols - 1)),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_expand_only_where_there_is_content() {
        let xml = r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>
            <table:table table:name="表一">
              <table:table-row><table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>项目名称</text:p></table:table-cell><table:covered-table-cell/><table:table-cell table:number-columns-repeated="3" office:value-type="float" office:value="0.2"><text:p>20%</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16379"/></table:table-row>
              <table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
              <table:table-row><table:table-cell><text:p>甲<text:s text:c="2"/>乙</text:p><text:p>丙</text:p></table:table-cell></table:table-row>
            </table:table></office:spreadsheet></office:body></office:document-content>"#;
        let sheets = parse(xml).unwrap();
        let cells: Vec<(u32, u32, &str)> = sheets[0]
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.text.as_str()))
            .collect();
        assert_eq!(
            cells,
            [
                (0, 0, "项目名称"),
                (0, 2, "0.2"),
                (0, 3, "0.2"),
                (0, 4, "0.2"),
                (1_048_571, 0, "甲  乙\n丙"),
            ]
        );
        assert_eq!(sheets[0].merges.len(), 1);
    }

    #[test]
    fn a_huge_repeat_of_content_is_refused_before_it_is_expanded() {
        let xml = r#"<table:table table:name="表"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="string"><text:p>无法识别</text:p></table:table-cell></table:table-row></table:table>"#;
        let err = parse(xml).unwrap_err();
        assert!(matches!(err, ImportError::Limit(_)), "{err}");
    }
}
