//! .xlsx/.xlsm read directly and sparsely (zip + quick-xml), so that the work and the memory
//! follow the cells the file holds, not the range it declares: `xl/workbook.xml` names the
//! sheets, its `_rels` say where each one is, `xl/sharedStrings.xml` holds the text, and each
//! sheet's `<sheetData>` holds `<c r=".." t="..">` cells with a `<v>` value or an inline
//! `<is><t>` string, then `<mergeCells>`.
//!
//! Values are read as calamine read them before (so imports are unchanged): numbers as the
//! shortest text of the stored double, booleans as `true`/`false`, errors as their code. A
//! formula (`<f>`) without a stored value is kept as `=formula` and reported by the import.

use std::collections::HashMap;
use std::io::Cursor;

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};

use crate::import::sheet::{Merge, Sheet, SheetCell, Tally, zip_text};
use crate::import::{ImportError, limits};

/// Shared strings in one workbook: several times the cell limit, as a workbook may keep
/// strings no cell uses any more.
const MAX_SHARED_STRINGS: usize = 5 * limits::MAX_CELLS;

fn too_many_strings() -> ImportError {
    ImportError::Limit(format!(
        "xl/sharedStrings.xml 有超过 {MAX_SHARED_STRINGS} 个字符串：这不是项目绩效目标表的大小；请只保留项目表再导入"
    ))
}

fn fail(message: String) -> ImportError {
    ImportError::Workbook(message)
}

/// Every sheet of the workbook, sparse.
pub fn sheets(bytes: &[u8]) -> Result<Vec<Sheet>, ImportError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| fail(format!("不是 xlsx 文件：{e}")))?;
    let mut text = |name: &str| zip_text(&mut archive, name, limits::MAX_XML_BYTES, &fail);
    let workbook = text("xl/workbook.xml")?
        .ok_or_else(|| fail("压缩包中没有 xl/workbook.xml，不是 xlsx 文件".into()))?;
    let rels = text("xl/_rels/workbook.xml.rels")?.unwrap_or_default();
    let shared = match text("xl/sharedStrings.xml")? {
        Some(xml) => shared_strings(&xml)?,
        None => Vec::new(),
    };
    let targets = relationships(&rels)?;
    let mut tally = Tally::default();
    let mut out = Vec::new();
    for (name, id) in sheet_list(&workbook)? {
        let Some(target) = targets.get(&id) else {
            return Err(fail(format!("工作表“{name}”在压缩包中找不到（关系 {id}）")));
        };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_owned(),
            None => format!("xl/{}", target.trim_start_matches("./")),
        };
        let Some(xml) = text(&path)? else {
            return Err(fail(format!("工作表“{name}”在压缩包中找不到（{path}）")));
        };
        out.push(sheet(&name, &xml, &shared, &mut tally)?);
    }
    Ok(out)
}

/// The value of the attribute whose local name is `name` (prefixes vary between writers).
pub(crate) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

/// Appends an entity or character reference's text.
pub(crate) fn push_ref(out: &mut String, e: &quick_xml::events::BytesRef<'_>) {
    match e.resolve_char_ref() {
        Ok(Some(c)) => out.push(c),
        _ => out.push_str(resolve_predefined_entity(e).unwrap_or_default()),
    }
}

fn xml_error(part: &str, e: &quick_xml::Error) -> ImportError {
    fail(format!("{part} 不是有效的 XML：{e}"))
}

/// (sheet name, relationship id) in workbook order.
fn sheet_list(xml: &str) -> Result<Vec<(String, String)>, ImportError> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader
            .read_event()
            .map_err(|e| xml_error("xl/workbook.xml", &e))?
        {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                let name = attr(&e, "name").unwrap_or_default();
                let id = attr(&e, "id").unwrap_or_default();
                out.push((name, id));
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Relationship id → target.
fn relationships(xml: &str) -> Result<HashMap<String, String>, ImportError> {
    let mut reader = Reader::from_str(xml);
    let mut out = HashMap::new();
    loop {
        match reader
            .read_event()
            .map_err(|e| xml_error("xl/_rels/workbook.xml.rels", &e))?
        {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    out.insert(id, target);
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The shared strings: each `<si>`'s `<t>` texts joined, phonetic runs (`<rPh>`) left out.
fn shared_strings(xml: &str) -> Result<Vec<String>, ImportError> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let (mut in_t, mut in_phonetic) = (false, false);
    loop {
        let event = reader
            .read_event()
            .map_err(|e| xml_error("xl/sharedStrings.xml", &e))?;
        match &event {
            Event::Start(e) => match e.local_name().as_ref() {
                "si" => current = Some(String::new()),
                "t" => in_t = true,
                "rPh" => in_phonetic = true,
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == "si" => {
                out.push(String::new());
                if out.len() > MAX_SHARED_STRINGS {
                    return Err(too_many_strings());
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "si" => {
                    out.extend(current.take());
                    // Cells refer to these; many more strings than cells is not a budget table.
                    if out.len() > MAX_SHARED_STRINGS {
                        return Err(too_many_strings());
                    }
                }
                "t" => in_t = false,
                "rPh" => in_phonetic = false,
                _ => {}
            },
            Event::Text(t) if in_t && !in_phonetic => {
                if let Some(s) = current.as_mut() {
                    s.push_str(t);
                }
            }
            Event::CData(t) if in_t && !in_phonetic => {
                if let Some(s) = current.as_mut() {
                    s.push_str(t);
                }
            }
            Event::GeneralRef(r) if in_t && !in_phonetic => {
                if let Some(s) = current.as_mut() {
                    push_ref(s, r);
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// A cell being read.
#[derive(Default)]
struct Open {
    row: u32,
    col: u32,
    kind: String,
    value: Option<String>,
    inline: Option<String>,
    formula: Option<String>,
}

/// Where text goes while inside a cell.
#[derive(Clone, Copy, PartialEq, Eq)]
enum In {
    Nothing,
    Value,
    Formula,
    Inline,
}

/// One sheet's cells and merges.
fn sheet(
    name: &str,
    xml: &str,
    shared: &[String],
    tally: &mut Tally,
) -> Result<Sheet, ImportError> {
    let part = format!("工作表“{name}”");
    let mut reader = Reader::from_str(xml);
    let mut out = Sheet {
        name: name.to_owned(),
        ..Sheet::default()
    };
    // Rows and cells without an `r` follow the previous ones.
    let (mut next_row, mut next_col) = (0u32, 0u32);
    let mut open: Option<Open> = None;
    let mut inside = In::Nothing;
    let mut in_phonetic = false;
    loop {
        let event = reader.read_event().map_err(|e| xml_error(&part, &e))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    "row" => {
                        let row = match attr(e, "r") {
                            Some(r) => r.trim().parse::<u32>().ok().and_then(|r| r.checked_sub(1)),
                            None => Some(next_row),
                        }
                        .ok_or_else(|| fail(format!("{part}的行号无效")))?;
                        next_row = row.saturating_add(1);
                        next_col = 0;
                    }
                    "c" => {
                        let (row, col) = match attr(e, "r") {
                            Some(r) => reference(&r)
                                .ok_or_else(|| fail(format!("{part}的单元格位置“{r}”无效")))?,
                            None => (next_row.saturating_sub(1), next_col),
                        };
                        next_col = col.saturating_add(1);
                        let cell = Open {
                            row,
                            col,
                            kind: attr(e, "t").unwrap_or_default(),
                            ..Open::default()
                        };
                        if empty {
                            finish(cell, &part, shared, &mut out, tally)?;
                        } else {
                            open = Some(cell);
                        }
                    }
                    "v" if !empty && open.is_some() => inside = In::Value,
                    "f" if open.is_some() => {
                        if let Some(cell) = open.as_mut() {
                            cell.formula.get_or_insert_with(String::new);
                        }
                        if !empty {
                            inside = In::Formula;
                        }
                    }
                    "is" if open.is_some() => {
                        if let Some(cell) = open.as_mut() {
                            cell.inline.get_or_insert_with(String::new);
                        }
                    }
                    "t" if !empty && open.as_ref().is_some_and(|c| c.inline.is_some()) => {
                        inside = In::Inline;
                    }
                    "rPh" if !empty => in_phonetic = true,
                    "mergeCell" => {
                        if let Some(merge) = attr(e, "ref").as_deref().and_then(range) {
                            tally.merge(name)?;
                            out.merges.push(merge);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "c" => {
                    if let Some(cell) = open.take() {
                        finish(cell, &part, shared, &mut out, tally)?;
                    }
                    inside = In::Nothing;
                }
                "v" | "f" | "t" => inside = In::Nothing,
                "rPh" => in_phonetic = false,
                _ => {}
            },
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)
                if inside != In::Nothing && !in_phonetic =>
            {
                let Some(cell) = open.as_mut() else {
                    continue;
                };
                let target = match inside {
                    In::Value => cell.value.get_or_insert_with(String::new),
                    In::Formula => cell.formula.get_or_insert_with(String::new),
                    In::Inline | In::Nothing => cell.inline.get_or_insert_with(String::new),
                };
                match &event {
                    Event::Text(t) => target.push_str(t),
                    Event::CData(t) => target.push_str(t),
                    Event::GeneralRef(r) => push_ref(target, r),
                    _ => {}
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The cell's text, as calamine gave it; empty cells are dropped.
fn finish(
    cell: Open,
    part: &str,
    shared: &[String],
    out: &mut Sheet,
    tally: &mut Tally,
) -> Result<(), ImportError> {
    let text = match (cell.kind.as_str(), &cell.value) {
        ("inlineStr", _) => cell.inline.clone().unwrap_or_default(),
        ("s", Some(v)) => {
            let index: usize = v
                .trim()
                .parse()
                .map_err(|_| fail(format!("{part}的共享字符串编号“{v}”无效")))?;
            shared
                .get(index)
                .cloned()
                .ok_or_else(|| fail(format!("{part}引用了不存在的共享字符串 {index}")))?
        }
        ("b", Some(v)) => (v.trim() != "0").to_string(),
        ("str" | "e" | "d", Some(v)) => v.clone(),
        (_, Some(v)) => number_text(v),
        (_, None) => String::new(),
    };
    let formula = match (&cell.formula, &cell.value, &cell.inline) {
        (Some(f), None, None) if !f.trim().is_empty() => Some(f.trim().to_owned()),
        _ => None,
    };
    let text = match &formula {
        Some(f) => format!("={f}"),
        None => text,
    };
    if text.trim().is_empty() {
        return Ok(());
    }
    tally.cells(&out.name, 1, cell.row.into(), cell.col.into())?;
    out.cells.push(SheetCell {
        row: cell.row,
        col: cell.col,
        text,
        formula,
    });
    Ok(())
}

/// A stored number as text: the shortest text that reads back as the same double (`4000`,
/// `0.2`, `1234.56`), as calamine displayed it.
pub(crate) fn number_text(v: &str) -> String {
    match v.trim().parse::<f64>() {
        Ok(n) if n.is_finite() => n.to_string(),
        _ => v.trim().to_owned(),
    }
}

/// `B3` → (2, 1), 0-based (row, column). `$` signs are allowed.
pub(crate) fn reference(r: &str) -> Option<(u32, u32)> {
    let r = r.trim().replace('$', "");
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let col = letters.chars().try_fold(0u32, |n, c| {
        let digit = u32::from(c.to_ascii_uppercase()) - u32::from('A') + 1;
        n.checked_mul(26)?.checked_add(digit)
    })?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// `A1:C3` (or `A1`) as a merge.
fn range(r: &str) -> Option<Merge> {
    let (a, b) = r.split_once(':').unwrap_or((r, r));
    let (top, left) = reference(a)?;
    let (bottom, right) = reference(b)?;
    Some(Merge {
        top: top.min(bottom),
        left: left.min(right),
        bottom: top.max(bottom),
        right: left.max(right),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_many_shared_strings_are_refused() {
        let xml = format!("<sst>{}</sst>", "<si/>".repeat(MAX_SHARED_STRINGS + 1));
        assert!(matches!(shared_strings(&xml), Err(ImportError::Limit(_))));
        let xml = format!(
            "<sst>{}</sst>",
            "<si><t>a</t></si>".repeat(MAX_SHARED_STRINGS + 1)
        );
        assert!(matches!(shared_strings(&xml), Err(ImportError::Limit(_))));
    }

    #[test]
    fn references_and_numbers() {
        assert_eq!(reference("A1"), Some((0, 0)));
        assert_eq!(reference("$AB$12"), Some((11, 27)));
        assert_eq!(reference("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(reference("A0"), None);
        assert_eq!(reference("ZZZZ1"), None);
        assert_eq!(number_text("4000"), "4000");
        assert_eq!(number_text("0.20000000000000001"), "0.2");
        assert_eq!(number_text("1234.56"), "1234.56");
    }

    #[test]
    fn cells_inline_strings_formulas_and_merges() {
        let xml = r#"<worksheet><sheetData>
            <row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="inlineStr"><is><t>甲 &amp; 乙</t></is></c></row>
            <row r="3"><c r="A3"><v>4000</v></c><c r="B3"><f>SUM(A1:A2)</f></c><c r="C3"><f>1+1</f><v>2</v></c><c t="b"><v>1</v></c></row>
            </sheetData><mergeCells><mergeCell ref="A1:A2"/></mergeCells></worksheet>"#;
        let shared = vec!["零".to_owned(), "项目名称".to_owned()];
        let mut tally = Tally::default();
        let sheet = sheet("表", xml, &shared, &mut tally).unwrap();
        let cells: Vec<(u32, u32, &str, bool)> = sheet
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.text.as_str(), c.formula.is_some()))
            .collect();
        assert_eq!(
            cells,
            [
                (0, 0, "项目名称", false),
                (0, 1, "甲 & 乙", false),
                (2, 0, "4000", false),
                (2, 1, "=SUM(A1:A2)", true),
                (2, 2, "2", false),
                (2, 3, "true", false),
            ]
        );
        assert_eq!(
            sheet.merges,
            [Merge {
                top: 0,
                left: 0,
                bottom: 1,
                right: 0
            }]
        );
    }
}
