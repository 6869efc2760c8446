//! Word documents (.docx): a zip archive whose `word/document.xml` holds the body as
//! WordprocessingML. Paragraphs (`w:p`) become paragraphs; tables (`w:tbl`) become grids whose
//! cells know their grid column — a cell spanning columns (`w:gridSpan`) counts for all of
//! them, and the cells a vertical merge hides (`w:vMerge` without `restart`) are left out, as
//! the merged cell's text is in the first one. A table inside a cell is read as that cell's
//! text.

use std::io::Cursor;

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};

use crate::import::sheet::zip_text;
use crate::import::{Block, Cell, Grid, ImportError, Place, limits};

/// The document's paragraphs and tables, in order.
pub fn blocks(bytes: &[u8]) -> Result<Vec<Block>, ImportError> {
    let fail = |e: &dyn std::fmt::Display| ImportError::Docx(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| fail(&e))?;
    // Over the limit is an error: a document cut short would silently lose its last tables.
    let xml = zip_text(
        &mut archive,
        "word/document.xml",
        limits::MAX_XML_BYTES,
        &ImportError::Docx,
    )?
    .ok_or_else(|| ImportError::Docx("压缩包中没有 word/document.xml，不是 Word 文档".into()))?;
    parse(&xml)
}

#[derive(Default)]
struct TableState {
    rows: Vec<Vec<Cell>>,
    row: Vec<Cell>,
    col: usize,
    cell: Option<CellState>,
}

#[derive(Default)]
struct CellState {
    text: String,
    span: usize,
    hidden: bool,
}

/// Reads the body of a document.xml; more than [`limits::MAX_CELLS`] table cells and
/// paragraphs is refused.
pub fn parse(xml: &str) -> Result<Vec<Block>, ImportError> {
    let mut reader = Reader::from_str(xml);
    let mut pieces = 0usize;
    let mut out = Vec::new();
    let mut tables: Vec<TableState> = Vec::new();
    let mut table_count = 0;
    let mut paragraph_count = 0;
    let mut paragraph: Option<String> = None;
    let mut in_text = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| ImportError::Docx(e.to_string()))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.local_name();
                if matches!(name.as_ref(), "p" | "tc") {
                    pieces += 1;
                    if pieces > limits::MAX_CELLS {
                        return Err(ImportError::Limit(format!(
                            "Word 文档的段落和表格单元格超过 {} 个：这不是预算绩效文本的大小；请只保留项目表再导入",
                            limits::MAX_CELLS
                        )));
                    }
                }
                match name.as_ref() {
                    "p" => {
                        paragraph = Some(String::new());
                        if empty {
                            end_paragraph(
                                &mut paragraph,
                                &mut tables,
                                &mut out,
                                &mut paragraph_count,
                            );
                        }
                    }
                    "t" if !empty => in_text = true,
                    "tab" => push_text(&mut paragraph, "\t"),
                    "br" | "cr" => push_text(&mut paragraph, "\n"),
                    "tbl" => {
                        if tables.is_empty() {
                            table_count += 1;
                        }
                        tables.push(TableState::default());
                    }
                    "tr" => {
                        if let Some(t) = tables.last_mut() {
                            t.row = Vec::new();
                            t.col = 0;
                        }
                    }
                    "gridBefore" => {
                        if let Some(t) = tables.last_mut() {
                            t.col += number(e).unwrap_or(0);
                        }
                    }
                    "tc" => {
                        if let Some(t) = tables.last_mut() {
                            t.cell = Some(CellState {
                                span: 1,
                                ..CellState::default()
                            });
                        }
                    }
                    "gridSpan" => {
                        if let Some(cell) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            cell.span = number(e).unwrap_or(1).max(1);
                        }
                    }
                    "vMerge" => {
                        if let Some(cell) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            cell.hidden = attribute(e, "w:val").is_none_or(|v| v == "continue");
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(e) if in_text => push_text(&mut paragraph, e),
            Event::CData(e) if in_text => {
                push_text(&mut paragraph, e.as_ref());
            }
            Event::GeneralRef(e) if in_text => {
                let resolved = match e.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => resolve_predefined_entity(e).unwrap_or_default().to_owned(),
                };
                push_text(&mut paragraph, &resolved);
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => end_paragraph(&mut paragraph, &mut tables, &mut out, &mut paragraph_count),
                "tc" => end_cell(&mut tables, table_count),
                "tr" => {
                    if let Some(t) = tables.last_mut() {
                        let row = std::mem::take(&mut t.row);
                        t.rows.push(row);
                    }
                }
                "tbl" => end_table(&mut tables, &mut out),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

fn push_text(paragraph: &mut Option<String>, text: &str) {
    if let Some(p) = paragraph.as_mut() {
        p.push_str(text);
    }
}

fn end_paragraph(
    paragraph: &mut Option<String>,
    tables: &mut [TableState],
    out: &mut Vec<Block>,
    count: &mut usize,
) {
    let Some(text) = paragraph.take() else {
        return;
    };
    let outside = tables.is_empty();
    match tables.last_mut().and_then(|t| t.cell.as_mut()) {
        Some(cell) => {
            if !cell.text.is_empty() {
                cell.text.push('\n');
            }
            cell.text.push_str(&text);
        }
        None if outside => {
            *count += 1;
            if !text.trim().is_empty() {
                out.push(Block::Paragraph(Cell {
                    text: text.trim().to_owned(),
                    place: Place::Paragraph(*count),
                    col: 0,
                }));
            }
        }
        None => {}
    }
}

fn end_cell(tables: &mut [TableState], table_count: usize) {
    let Some(t) = tables.last_mut() else {
        return;
    };
    let Some(cell) = t.cell.take() else {
        return;
    };
    if !cell.hidden {
        t.row.push(Cell {
            text: cell.text,
            place: Place::TableCell {
                table: table_count,
                row: t.rows.len() + 1,
                col: t.col + 1,
            },
            col: t.col,
        });
    }
    t.col += cell.span;
}

fn end_table(tables: &mut Vec<TableState>, out: &mut Vec<Block>) {
    let Some(done) = tables.pop() else {
        return;
    };
    match tables.last_mut().and_then(|t| t.cell.as_mut()) {
        // A table inside a cell: its text joins the cell's.
        Some(cell) => {
            for c in done.rows.iter().flatten() {
                if !cell.text.is_empty() {
                    cell.text.push('\n');
                }
                cell.text.push_str(&c.text);
            }
        }
        None => out.push(Block::Table(Grid {
            rows: done.rows,
            rows_known: true,
        })),
    }
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    Some(a.value.to_string())
}

fn number(e: &BytesStart<'_>) -> Option<usize> {
    attribute(e, "w:val")?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_tables_spans_and_merges() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
            <w:p><w:r><w:t>某局 &amp; 某处</w:t></w:r></w:p>
            <w:tbl>
              <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>产出</w:t></w:r></w:p><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc>
                    <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>数量指标</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
                    <w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t xml:space="preserve">乙 </w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl></w:body></w:document>"#;
        let blocks = parse(xml).unwrap();
        let Block::Paragraph(p) = &blocks[0] else {
            panic!()
        };
        assert_eq!(p.text, "某局 & 某处");
        let Block::Table(grid) = &blocks[1] else {
            panic!()
        };
        let rows: Vec<Vec<(&str, usize)>> = grid
            .rows
            .iter()
            .map(|r| r.iter().map(|c| (c.text.as_str(), c.col)).collect())
            .collect();
        assert_eq!(
            rows,
            vec![
                vec![("产出\n指标", 0), ("数量指标", 1)],
                vec![("甲", 1), ("乙 ", 2)]
            ]
        );
        assert_eq!(
            grid.rows[1][1].place.to_string(),
            "第 1 个表格第 2 行第 3 列"
        );
    }
}
