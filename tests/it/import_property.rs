//! Property: whatever goes into `perf import` — arbitrary bytes in any format, arbitrary text
//! (control characters, quotes, `perf:` comments, line breaks) in the cells of a real table —
//! every file it would write loads in perf as written (no F001 or other misreading). The check
//! is `perf::fuzzing::import_as`, the same the fuzz targets run.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::io::Write;

use proptest::prelude::*;

fn xml_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// An .xlsx of label/value rows, values given.
fn xlsx(values: &[String]) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let labels = [
        "项目名称",
        "主管部门",
        "预算数",
        "年度绩效目标",
        "一级指标",
        "产出指标",
    ];
    let mut data = String::from("<worksheet><sheetData>");
    for (r, (label, value)) in labels.iter().zip(values).enumerate() {
        let r = r + 1;
        data.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{label}</t></is></c><c r="B{r}" t="inlineStr"><is><t>{}</t></is></c></row>"#,
            xml_text(value)
        ));
    }
    data.push_str("</sheetData></worksheet>");
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    for (name, text) in [
        (
            "xl/workbook.xml",
            r#"<workbook><sheets><sheet name="表" r:id="rId1"/></sheets></workbook>"#.to_owned(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#
                .to_owned(),
        ),
        ("xl/worksheets/sheet1.xml", data),
    ] {
        zip.start_file(name, SimpleFileOptions::default()).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

/// Text copied out of Word: a department paragraph, a heading and a table of cells.
fn txt(values: &[String]) -> String {
    let mut text = format!(
        "{}\n一、总体绩效目标\n{}\n\n项目绩效目标表\n",
        values[0], values[1]
    );
    for (label, value) in ["项目名称", "主管部门", "预算数", "年度绩效目标"]
        .iter()
        .zip(values.iter().skip(2))
    {
        text.push_str(&format!("\t{label}\n\t{value}\n"));
    }
    text.push_str(&format!("\n\n\n{}\n", values[5]));
    text
}

/// Any text, with a strong bias towards what breaks files: control characters, quotes,
/// backslashes, comment markers and line breaks.
fn nasty() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            any::<char>(),
            proptest::char::range('\u{0}', '\u{1f}'),
            Just('\u{7f}'),
            Just('"'),
            Just('\''),
            Just('\\'),
            Just('#'),
            Just('\n'),
            Just('项'),
        ],
        0..40,
    )
    .prop_map(|chars| {
        let s: String = chars.into_iter().collect();
        if s.len().is_multiple_of(3) {
            format!("perf: allow({s}")
        } else {
            s
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn any_bytes_in_any_format_never_give_an_unreadable_file(
        ext in prop_oneof![Just("txt"), Just("docx"), Just("xlsx"), Just("ods"), Just("xls")],
        bytes in proptest::collection::vec(any::<u8>(), 0..2000),
    ) {
        if let Err(bug) = perf::fuzzing::import_as(ext, &bytes) {
            panic!("{bug}");
        }
    }

    #[test]
    fn any_text_in_the_cells_of_a_workbook_reads_back(
        values in proptest::collection::vec(nasty(), 6),
    ) {
        if let Err(bug) = perf::fuzzing::import_as("xlsx", &xlsx(&values)) {
            panic!("{bug}");
        }
    }

    #[test]
    fn any_text_in_a_text_document_reads_back(
        values in proptest::collection::vec(nasty(), 6),
    ) {
        if let Err(bug) = perf::fuzzing::import_as("txt", txt(&values).as_bytes()) {
            panic!("{bug}");
        }
    }
}

#[test]
fn the_generated_documents_are_read_as_projects() {
    let values: Vec<String> = ["甲项目", "测试局", "100", "完成甲。", "数量指标", "乙"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    assert_eq!(perf::fuzzing::import_as("xlsx", &xlsx(&values)), Ok(1));
    assert_eq!(
        perf::fuzzing::import_as("txt", txt(&values).as_bytes()),
        Ok(1)
    );
}
