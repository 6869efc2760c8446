//! `perf import` on workbooks laid out as departments make them, not as perf exports them:
//! tables found by their words anywhere in a sheet, several per sheet, merged cells, amounts
//! in 元, extra columns; and OpenDocument spreadsheets.

// A harness fails by panicking; the helpers below are not `#[test]` functions, so clippy's
// allow-*-in-tests settings do not reach them.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{perf, stderr};
use perf::model::project::Project;

/// The projects of a tree by file name, with no structural finding.
fn model(dir: &Path) -> BTreeMap<String, Project> {
    crate::common::load_model(dir).0
}

/// A workbook laid out as departments do it, not as perf exports it: two tables one under the
/// other on one sheet, starting in column B, merged labels, amounts in 元, a 度量单位 and a
/// 权重 column, no 指标描述 column, two goals in one cell, a second table without a title.
fn handmade_workbook(path: &Path) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("项目表").unwrap();
    let f = Format::new();
    let s = |ws: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, t: &str| {
        ws.write_string(r, c, t).unwrap();
    };
    ws.merge_range(0, 1, 0, 7, "2025年项目绩效目标表", &f)
        .unwrap();
    s(ws, 1, 1, "项目名称");
    ws.merge_range(1, 2, 1, 4, "甲项目", &f).unwrap();
    s(ws, 1, 5, "项目编码");
    ws.merge_range(1, 6, 1, 7, "XM-001", &f).unwrap();
    s(ws, 2, 1, "主管部门");
    ws.merge_range(2, 2, 2, 7, "测试局", &f).unwrap();
    ws.merge_range(3, 1, 5, 1, "预算规模及资金用途（元）", &f)
        .unwrap();
    s(ws, 3, 2, "预算数");
    ws.write_number(3, 3, 1234567.0).unwrap();
    ws.merge_range(3, 4, 5, 7, "用于甲。", &f).unwrap();
    s(ws, 4, 2, "其中：财政资金");
    ws.write_number(4, 3, 1000000.0).unwrap();
    s(ws, 5, 2, "其他资金");
    ws.write_number(5, 3, 234567.0).unwrap();
    ws.merge_range(6, 1, 7, 1, "资金支出计划", &f).unwrap();
    for (c, (m, p)) in [
        ("3月底", "25%"),
        ("6月底", "50%"),
        ("9月底", "75%"),
        ("12月底", "100%"),
    ]
    .into_iter()
    .enumerate()
    {
        s(ws, 6, 2 + c as u16, m);
        s(ws, 7, 2 + c as u16, p);
    }
    s(ws, 8, 1, "年度绩效目标");
    ws.merge_range(8, 2, 8, 7, "目标1：完成甲。\n目标2：完成乙。", &f)
        .unwrap();
    for (c, h) in [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "度量单位",
        "权重",
        "指标值确定依据",
    ]
    .into_iter()
    .enumerate()
    {
        s(ws, 9, 1 + c as u16, h);
    }
    ws.merge_range(10, 1, 11, 1, "产出指标", &f).unwrap();
    let rows: [[&str; 6]; 3] = [
        ["数量指标", "完成数量", "≥10", "个", "60", "计划标准"],
        ["成本指标", "总成本", "≤1234567", "元", "20", "计划标准"],
        ["服务对象满意度指标", "满意度", "≥90", "%", "20", "行业标准"],
    ];
    for (i, row) in rows.iter().enumerate() {
        let r = 10 + i as u32;
        for (c, t) in row.iter().enumerate() {
            if c == 4 {
                ws.write_number(r, 2 + c as u16, t.parse::<f64>().unwrap())
                    .unwrap();
            } else {
                s(ws, r, 2 + c as u16, t);
            }
        }
    }
    s(ws, 12, 1, "满意度指标");
    // The second table: no title, amounts in 万元 named in the label, a 指标描述 column.
    s(ws, 14, 1, "项目名称");
    s(ws, 14, 2, "乙项目");
    s(ws, 15, 1, "预算数（万元）");
    ws.write_number(15, 2, 88.5).unwrap();
    s(ws, 16, 1, "资金用途");
    s(ws, 16, 2, "用于乙。");
    s(ws, 17, 1, "绩效目标");
    s(ws, 17, 2, "完成乙。");
    for (c, h) in ["一级指标", "二级指标", "三级指标", "指标描述", "指标值"]
        .into_iter()
        .enumerate()
    {
        s(ws, 18, 1 + c as u16, h);
    }
    for (c, t) in ["产出指标", "数量指标", "份数", "印制份数", "≥100份"]
        .into_iter()
        .enumerate()
    {
        s(ws, 19, 1 + c as u16, t);
    }
    book.save(path).unwrap();
}

#[test]
fn tables_are_found_by_their_words_wherever_they_are_in_a_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = dir.path().join("手工表.xlsx");
    handmade_workbook(&workbook);
    let target = dir.path().join("某部门");
    let output = perf(&[
        "import",
        workbook.to_str().unwrap(),
        "--dept-dir",
        target.to_str().unwrap(),
        "--year",
        "2025",
    ]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    let projects = model(&target);
    let a = &projects["甲项目.toml"];
    assert_eq!(a.code.as_deref(), Some("XM-001"));
    assert_eq!(a.department, "测试局");
    assert_eq!(a.year, Some(2025));
    assert_eq!(a.purpose.as_deref(), Some("用于甲。"));
    assert_eq!(a.goals, ["完成甲。", "完成乙。"]);
    let budget = a.budget.as_ref().unwrap();
    assert_eq!(budget.unit.label(), "元");
    assert_eq!(budget.total.to_string(), "1234567");
    assert_eq!(
        budget.other.map(|o| o.to_string()).as_deref(),
        Some("234567")
    );
    let plan: Vec<(i64, String)> = a
        .plan
        .as_ref()
        .unwrap()
        .points
        .iter()
        .map(|p| (p.month, p.percent.to_string()))
        .collect();
    assert_eq!(
        plan,
        [
            (3, "25".into()),
            (6, "50".into()),
            (9, "75".into()),
            (12, "100".into())
        ]
    );
    let rows: Vec<(&str, &str, &str, Option<&str>)> = a
        .indicators
        .iter()
        .map(|r| {
            (
                &*r.level1_label,
                &*r.level2_label,
                r.target.raw.as_str(),
                r.unit.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("产出指标", "数量指标", "≥10", Some("个")),
            ("产出指标", "成本指标", "≤1234567", Some("元")),
            ("满意度指标", "服务对象满意度指标", "≥90", Some("%")),
        ]
    );
    assert_eq!(
        a.indicators[0].weight.map(|w| w.to_string()).as_deref(),
        Some("60")
    );
    let b = &projects["乙项目.toml"];
    assert_eq!(b.department, "某部门", "the folder names the department");
    assert_eq!(b.budget.as_ref().unwrap().total.to_string(), "88.5");
    assert_eq!(b.indicators[0].description.as_deref(), Some("印制份数"));
}

/// A minimal OpenDocument spreadsheet: one sheet, the official labels, a merged 一级 cell
/// (`table:covered-table-cell` below it).
fn ods(path: &Path) {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let cell = |text: &str| {
        format!(
            "<table:table-cell office:value-type=\"string\"><text:p>{text}</text:p></table:table-cell>"
        )
    };
    let number = |v: &str| {
        format!(
            "<table:table-cell office:value-type=\"float\" office:value=\"{v}\"><text:p>{v}</text:p></table:table-cell>"
        )
    };
    let row = |cells: Vec<String>| format!("<table:table-row>{}</table:table-row>", cells.concat());
    let rows = [
        row(vec![cell("项目绩效目标表（2024年度）")]),
        row(vec![cell("项目名称"), cell("丙项目")]),
        row(vec![cell("主管部门"), cell("测试局")]),
        row(vec![cell("预算数"), number("300")]),
        row(vec![cell("其中：财政资金"), number("300")]),
        row(vec![cell("资金用途"), cell("用于丙。")]),
        row(vec![cell("绩效目标"), cell("完成丙。")]),
        row(vec![cell("一级指标"), cell("二级指标"), cell("三级指标"), cell("指标值")]),
        row(vec![
            "<table:table-cell table:number-rows-spanned=\"2\" office:value-type=\"string\"><text:p>产出指标</text:p></table:table-cell>".into(),
            cell("数量指标"),
            cell("场次"),
            cell("≥4场"),
        ]),
        row(vec![
            "<table:covered-table-cell/>".into(),
            cell("时效指标"),
            cell("完成时间"),
            cell("2024年12月底前"),
        ]),
    ];
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
         xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"丙\">{}</table:table>\
         </office:spreadsheet></office:body></office:document-content>",
        rows.concat()
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest \
        xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
        <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
        <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
        </manifest:manifest>";
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", SimpleFileOptions::default())
        .unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", SimpleFileOptions::default())
        .unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
}

#[test]
fn an_opendocument_spreadsheet_is_read_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("丙.ods");
    ods(&path);
    let target = dir.path().join("测试局");
    let output = perf(&[
        "import",
        path.to_str().unwrap(),
        "--dept-dir",
        target.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let projects = model(&target);
    let p = &projects["丙项目.toml"];
    assert_eq!(p.year, Some(2024));
    assert_eq!(p.budget.as_ref().unwrap().total.to_string(), "300");
    let levels: Vec<(&str, &str)> = p
        .indicators
        .iter()
        .map(|r| (&*r.level1_label, &*r.level2_label))
        .collect();
    assert_eq!(levels, [("产出指标", "数量指标"), ("产出指标", "时效指标")]);
}
