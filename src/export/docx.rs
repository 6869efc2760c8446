//! `perf export --format docx`: the 部门预算绩效文本 as a Word document — the same content and
//! rows as the text export ([`crate::export::text`]), laid out as real tables: each table
//! has as many grid columns as its widest row, a row's last cell spans the rest
//! (`w:gridSpan`), and a first-column cell left blank under a label continues it
//! (`w:vMerge`), as the official form merges 一级指标, 绩效目标, 资金支出计划 and
//! 预算规模及资金用途. Text is in 仿宋 (`w:rFonts w:eastAsia`). The package is minimal
//! WordprocessingML written by hand on the zip crate; it is signed like perf's workbooks
//! (creator and last saved by `perf`, custom property `generator` = `perf`, see
//! [`crate::write::kind`]) so a later export may replace it until someone saves it in Word.

use std::io::{Cursor, Write};

use quick_xml::escape::escape;
use zip::write::SimpleFileOptions;

use crate::export::Dataset;
use crate::export::text::{cover, heading, parts, rows, sections};
use crate::source::Workspace;
use crate::write::kind::GENERATOR;

/// The bytes of the .docx file.
pub fn write(workspace: &Workspace, data: &Dataset) -> std::io::Result<Vec<u8>> {
    let mut body = String::new();
    for part in parts(workspace, data) {
        if let Some(d) = part.department {
            for line in cover(d) {
                paragraph(&mut body, &line, true);
            }
            for (is_heading, text) in sections(d) {
                paragraph(&mut body, &text, is_heading);
            }
        }
        for (record, project) in part.projects {
            paragraph(&mut body, &heading(record), true);
            table(&mut body, &rows(record, project));
            paragraph(&mut body, "", false);
        }
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1247" w:bottom="1440" w:left="1247" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    );
    let core = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{GENERATOR}</dc:creator><cp:lastModifiedBy>{GENERATOR}</cp:lastModifiedBy></cp:coreProperties>"#
    );
    let custom = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="generator"><vt:lpwstr>{GENERATOR}</vt:lpwstr></property></Properties>"#
    );
    let members: [(&str, &str); 7] = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", &document),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
        ("docProps/core.xml", &core),
        ("docProps/custom.xml", &custom),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    for (name, xml) in members {
        zip.start_file(name, options)
            .map_err(std::io::Error::other)?;
        zip.write_all(xml.as_bytes())?;
    }
    let cursor = zip.finish().map_err(std::io::Error::other)?;
    Ok(cursor.into_inner())
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A paragraph of runs, one per line of `text` (a line break between them).
fn paragraph(out: &mut String, text: &str, bold: bool) {
    out.push_str("<w:p>");
    runs(out, text, bold);
    out.push_str("</w:p>");
}

fn runs(out: &mut String, text: &str, bold: bool) {
    let props = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:r><w:br/></w:r>");
        }
        if !line.is_empty() {
            out.push_str(&format!(
                r#"<w:r>{props}<w:t xml:space="preserve">{}</w:t></w:r>"#,
                escape(line)
            ));
        }
    }
}

/// The rows as a bordered table on a grid as wide as the widest row.
fn table(out: &mut String, rows: &[Vec<String>]) {
    let width = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    // A4 less the margins, in twentieths of a point, shared evenly.
    let col = 9412 / width;
    out.push_str(r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>"#);
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        out.push_str(&format!(
            r#"<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#
        ));
    }
    out.push_str("</w:tblBorders></w:tblPr><w:tblGrid>");
    for _ in 0..width {
        out.push_str(&format!(r#"<w:gridCol w:w="{col}"/>"#));
    }
    out.push_str("</w:tblGrid>");
    for (r, row) in rows.iter().enumerate() {
        out.push_str("<w:tr>");
        let first_blank = |row: Option<&Vec<String>>| {
            row.and_then(|row| row.first())
                .is_some_and(|c| c.is_empty())
        };
        for (c, cell) in row.iter().enumerate() {
            let mut props = String::new();
            let span = if c + 1 == row.len() { width - c } else { 1 };
            if span > 1 {
                props.push_str(&format!(r#"<w:gridSpan w:val="{span}"/>"#));
            }
            if c == 0 && r > 0 && cell.is_empty() {
                props.push_str("<w:vMerge/>");
            } else if c == 0 && first_blank(rows.get(r + 1)) {
                props.push_str(r#"<w:vMerge w:val="restart"/>"#);
            }
            out.push_str(&format!("<w:tc><w:tcPr>{props}</w:tcPr><w:p>"));
            runs(out, cell, false);
            out.push_str("</w:p></w:tc>");
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// Every run in 仿宋 (宋体 where it is missing is the reader's fallback), 12 pt.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋" w:cs="Times New Roman"/><w:sz w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>"#;
