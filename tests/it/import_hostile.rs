//! `perf import` on hostile and damaged documents (issue 14, part 2): every repro becomes a
//! run of the real binary. Import never crashes, never runs away (time and memory follow the
//! data present, and limits are clear exit-2 refusals), never cuts a document short, and never
//! writes a file perf cannot read back.

#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{perf, stderr};

/// Writes a zip archive of `entries` (deflated).
fn zip_file(path: &Path, entries: &[(&str, &[u8])]) {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in entries {
        zip.start_file(*name, SimpleFileOptions::default()).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// A cell of a hand-written sheet.
enum V<'a> {
    S(&'a str),
    N(&'a str),
    /// A formula with no stored result.
    F(&'a str),
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

/// The XML of one cell.
fn cell(r: &str, v: &V<'_>) -> String {
    match v {
        V::S(t) => format!(
            r#"<c r="{r}" t="inlineStr"><is><t>{}</t></is></c>"#,
            escape(t)
        ),
        V::N(n) => format!(r#"<c r="{r}"><v>{n}</v></c>"#),
        V::F(f) => format!(r#"<c r="{r}"><f>{f}</f></c>"#),
    }
}

/// An .xlsx with one sheet `表` holding `cells` (each `(ref, value)`) and `extra` XML after the
/// sheet data (merges).
fn xlsx(path: &Path, cells: &[(String, V<'_>)], extra: &str) {
    let mut data = String::from("<worksheet><sheetData>");
    // One row element per cell keeps the builder simple; readers accept repeated rows.
    for (r, v) in cells {
        data.push_str("<row>");
        data.push_str(&cell(r, v));
        data.push_str("</row>");
    }
    data.push_str("</sheetData>");
    data.push_str(extra);
    data.push_str("</worksheet>");
    let workbook = r#"<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let rels = r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    zip_file(
        path,
        &[
            ("xl/workbook.xml", workbook.as_bytes()),
            ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
            ("xl/worksheets/sheet1.xml", data.as_bytes()),
        ],
    );
}

/// A small project table in columns A–C, starting at row 1.
fn table() -> Vec<(String, V<'static>)> {
    vec![
        ("A1".into(), V::S("项目名称")),
        ("B1".into(), V::S("甲项目")),
        ("A2".into(), V::S("主管部门")),
        ("B2".into(), V::S("测试局")),
        ("A3".into(), V::S("预算数")),
        ("B3".into(), V::N("100")),
        ("C3".into(), V::S("用于甲。")),
    ]
}

/// Runs `perf import FILE --dept-dir DIR`, returning (exit code, stderr, time taken).
fn import(file: &Path, dir: &Path, extra: &[&str]) -> (i32, String, Duration) {
    let start = Instant::now();
    let mut args = vec![
        "import",
        file.to_str().unwrap(),
        "--dept-dir",
        dir.to_str().unwrap(),
        "--year",
        "2025",
    ];
    args.extend_from_slice(extra);
    let out = perf(&args);
    (
        out.status.code().unwrap_or(-1),
        stderr(&out),
        start.elapsed(),
    )
}

/// The projects of `dir` by name, asserting perf reads every file as written: no syntax
/// error, no unknown key, no wrong kind, no malformed suppression (what the document did not
/// fill — F003 — is the user's to complete and allowed here).
fn loads(dir: &Path) -> Vec<perf::model::project::Project> {
    let workspace = perf::source::load(&[dir.to_path_buf()]);
    assert!(workspace.errors.is_empty(), "{:?}", workspace.errors);
    let bad: Vec<_> = workspace
        .diagnostics
        .iter()
        .filter(|d| d.rule.code.starts_with('F') && d.rule.code != "F003")
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
    workspace
        .projects
        .iter()
        .map(|p| p.project.clone())
        .collect()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_cell_at_xfd1048576_costs_one_cell_not_a_dense_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("远.xlsx");
    let mut cells = table();
    cells.push(("XFD1048576".into(), V::S("远处的字")));
    xlsx(&file, &cells, "");
    let dir = tmp.path().join("测试局");
    let (code, err, took) = import(&file, &dir, &[]);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    // The stray cell is reported where it is, and the project is written.
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("XFD1048576"), "{err}");
    assert_eq!(files_in(&dir), ["甲项目.toml"]);
    loads(&dir);
}

#[test]
fn too_many_cells_is_a_clear_refusal() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("大.xlsx");
    let cells: Vec<(String, V<'_>)> = (1..=200_001)
        .map(|r| (format!("A{r}"), V::N("1")))
        .collect();
    xlsx(&file, &cells, "");
    let dir = tmp.path().join("d");
    let (code, err, _) = import(&file, &dir, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("超过 200000 个"), "{err}");
    assert!(!dir.exists());
}

#[test]
fn merges_are_looked_up_through_an_index_and_limited() {
    let tmp = tempfile::tempdir().unwrap();
    // 40 000 merges (under the limit) with cells under them: quick.
    let file = tmp.path().join("合并.xlsx");
    let mut cells = table();
    let mut merges = String::from("<mergeCells>");
    for r in 10..40_010 {
        cells.push((format!("E{r}"), V::S("并")));
        cells.push((format!("F{r}"), V::S("藏")));
        merges.push_str(&format!(r#"<mergeCell ref="E{r}:F{r}"/>"#));
    }
    merges.push_str("</mergeCells>");
    xlsx(&file, &cells, &merges);
    let (_, err, took) = import(&file, &tmp.path().join("d"), &[]);
    assert!(took < Duration::from_secs(20), "took {took:?}");
    assert!(!err.contains("藏"), "hidden cells are not reported: {err}");
    // Past the limit: refused.
    let file = tmp.path().join("过多.xlsx");
    let mut merges = String::from("<mergeCells>");
    for r in 1..=50_001 {
        merges.push_str(&format!(r#"<mergeCell ref="E{r}:F{r}"/>"#));
    }
    merges.push_str("</mergeCells>");
    xlsx(&file, &table(), &merges);
    let (code, err, _) = import(&file, &tmp.path().join("e"), &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("合并单元格超过 50000 处"), "{err}");
}

#[test]
fn a_formula_without_a_stored_result_is_reported_and_shifts_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("公式.xlsx");
    let mut cells = table();
    cells.retain(|(r, _)| r != "B3");
    cells.push(("B3".into(), V::F("SUM(D1:D2)")));
    xlsx(&file, &cells, "");
    let dir = tmp.path().join("测试局");
    let (code, err, _) = import(&file, &dir, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("表”B3") && err.contains("没有保存计算结果"),
        "{err}"
    );
    let projects = loads(&dir);
    let project = projects.first().expect("written");
    assert_eq!(project.purpose.as_deref(), Some("用于甲。"));
    let text = std::fs::read_to_string(dir.join("甲项目.toml")).unwrap();
    assert!(text.contains("没有保存计算结果"), "{text}");
}

/// An .ods whose `content.xml` is `body` inside one sheet.
fn ods(path: &Path, body: &str) {
    let content = format!(
        r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="表">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    zip_file(
        path,
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("content.xml", content.as_bytes()),
        ],
    );
}

fn ods_row(cells: &[&str]) -> String {
    let mut row = String::from("<table:table-row>");
    for c in cells {
        row.push_str(&format!(
            "<table:table-cell office:value-type=\"string\"><text:p>{c}</text:p></table:table-cell>"
        ));
    }
    row.push_str("</table:table-row>");
    row
}

#[test]
fn ods_repeats_cost_only_where_there_is_content() {
    let tmp = tempfile::tempdir().unwrap();
    // Empty repeats (as LibreOffice writes them) only move the position.
    let file = tmp.path().join("空.ods");
    let body = format!(
        "{}{}<table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>",
        ods_row(&["项目名称", "甲项目"]),
        ods_row(&["主管部门", "测试局"])
    );
    ods(&file, &body);
    let dir = tmp.path().join("测试局");
    let (code, err, took) = import(&file, &dir, &[]);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert_eq!(code, 0, "{err}");
    assert_eq!(files_in(&dir), ["甲项目.toml"]);
    // Content repeated a billion times is refused before it is expanded.
    let file = tmp.path().join("满.ods");
    let body = format!(
        "{}<table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell table:number-columns-repeated=\"1024\" office:value-type=\"string\"><text:p>无法识别</text:p></table:table-cell></table:table-row>",
        ods_row(&["项目名称", "甲项目"])
    );
    ods(&file, &body);
    let dir = tmp.path().join("满");
    let (code, err, took) = import(&file, &dir, &[]);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("超过 200000 个"), "{err}");
    assert!(!dir.exists());
}

#[test]
fn problems_are_capped_with_one_summary_line() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("杂.xlsx");
    let mut cells = table();
    for r in 10..1010 {
        cells.push((format!("E{r}"), V::S("无法识别的字")));
    }
    xlsx(&file, &cells, "");
    let dir = tmp.path().join("测试局");
    let (code, err, _) = import(&file, &dir, &[]);
    assert_eq!(code, 1, "{err}");
    let text = std::fs::read_to_string(dir.join("甲项目.toml")).unwrap();
    assert!(text.contains("另有 800 处未能识别"), "{text}");
    assert!(text.lines().count() < 400, "{} lines", text.lines().count());
}

#[cfg(unix)]
#[test]
fn an_endless_file_is_refused_without_being_read_into_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let link = tmp.path().join("z.txt");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    let (code, err, took) = import(&link, &tmp.path().join("d"), &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("超过 64 MiB"), "{err}");
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

/// A .docx whose body is `body` (WordprocessingML inside `<w:body>`).
fn docx(path: &Path, body: &str) {
    let xml = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    zip_file(path, &[("word/document.xml", xml.as_bytes())]);
}

fn word_table(rows: &[&[&str]]) -> String {
    let mut out = String::from("<w:tbl>");
    for row in rows {
        out.push_str("<w:tr>");
        for c in *row {
            out.push_str(&format!(
                "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>",
                escape(c)
            ));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

#[test]
fn a_word_body_over_the_limit_is_an_error_not_a_cut() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("长.docx");
    let mut body = word_table(&[&["项目名称", "甲项目"], &["主管部门", "测试局"]]);
    // 65 MiB of paragraphs after the first table: cutting would silently lose what follows.
    let filler = "<w:p><w:r><w:t>填充</w:t></w:r></w:p>".repeat(70 * 1024 * 1024 / 39);
    body.push_str(&filler);
    body.push_str(&word_table(&[
        &["项目名称", "乙项目"],
        &["主管部门", "测试局"],
    ]));
    docx(&file, &body);
    let dir = tmp.path().join("测试局");
    let (code, err, _) = import(&file, &dir, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("word/document.xml 解压后超过 64 MiB"), "{err}");
    assert!(!dir.exists(), "nothing written");
}

#[test]
fn control_characters_in_text_and_in_the_file_name_give_loadable_files() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("控\u{7}制\u{1b}.docx");
    let body = format!(
        "<w:p><w:r><w:t>测试局\u{1}部门</w:t></w:r></w:p>{}<w:p><w:r><w:t>尾\u{8}注\u{7f}：perf: allow(</w:t></w:r></w:p>",
        word_table(&[
            &["项目名称", "甲\u{2}项目"],
            &["主管部门", "测试局"],
            &["杂项", "无法\u{b}识别\u{c}的\u{1f}字"],
        ])
    );
    docx(&file, &body);
    let dir = tmp.path().join("测试局");
    let (code, err, _) = import(&file, &dir, &[]);
    assert!(code == 0 || code == 1, "{err}");
    assert!(!files_in(&dir).is_empty());
    // No structural finding (F001 …) in anything written.
    loads(&dir);
    let out = perf(&["validate", dir.to_str().unwrap()]);
    let all = format!("{}{}", stderr(&out), crate::common::stdout(&out));
    assert!(!all.contains("F001") && !all.contains("F007"), "{all}");
}

#[test]
fn reserved_and_over_long_names_get_safe_file_names() {
    let tmp = tempfile::tempdir().unwrap();
    let long_a = format!("{}甲", "很长的项目名称".repeat(13));
    let long_b = format!("{}乙", "很长的项目名称".repeat(13));
    assert!(long_a.chars().count() >= 90);
    let mut body = String::new();
    for name in ["perf", "department", "PERF", &long_a, &long_b] {
        body.push_str("<w:p><w:r><w:t>项目绩效目标表</w:t></w:r></w:p>");
        body.push_str(&word_table(&[&["项目名称", name], &["主管部门", "测试局"]]));
    }
    let file = tmp.path().join("名.docx");
    docx(&file, &body);
    let dir = tmp.path().join("测试局");
    std::fs::create_dir_all(&dir).unwrap();
    // A real configuration file in the folder is never replaced, even with --force.
    std::fs::write(dir.join("perf.toml"), "# 配置\n").unwrap();
    let (code, err, _) = import(&file, &dir, &["--force"]);
    assert!(code == 0 || code == 1, "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("perf.toml")).unwrap(),
        "# 配置\n"
    );
    let names = files_in(&dir);
    assert!(names.contains(&"perf-项目.toml".to_owned()), "{names:?}");
    assert!(
        names.contains(&"department-项目.toml".to_owned()),
        "{names:?}"
    );
    assert!(names.contains(&"PERF-项目-2.toml".to_owned()), "{names:?}");
    assert_eq!(names.len(), 6, "{names:?}");
    assert!(names.iter().all(|n| n.len() <= 200), "{names:?}");
    // The files load (perf.toml aside), with the full names inside.
    std::fs::remove_file(dir.join("perf.toml")).unwrap();
    let mut full: Vec<String> = loads(&dir).iter().map(|p| p.name.clone()).collect();
    full.sort();
    assert!(full.contains(&long_a) && full.contains(&long_b), "{full:?}");
    // A rerun finds each project's file by its name and merges into it (nothing changes),
    // and with --force replaces them.
    let before: Vec<Vec<u8>> = names
        .iter()
        .filter(|n| *n != "perf.toml")
        .map(|n| std::fs::read(dir.join(n)).unwrap())
        .collect();
    let (code, err, _) = import(&file, &dir, &[]);
    assert!(code == 0 || code == 1, "{err}");
    assert!(err.contains("与表中内容一致，未改动"), "{err}");
    let after: Vec<Vec<u8>> = names
        .iter()
        .filter(|n| *n != "perf.toml")
        .map(|n| std::fs::read(dir.join(n)).unwrap())
        .collect();
    assert_eq!(before, after);
    let (code, err, _) = import(&file, &dir, &["--force"]);
    assert!(code == 0 || code == 1, "{err}");
}

#[test]
fn text_and_word_documents_have_the_same_cell_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("长.txt");
    let mut text = String::from("项目绩效目标表\n\t项目名称\n\t甲项目\n");
    text.push_str(&"\t一行\n".repeat(200_001));
    std::fs::write(&file, text).unwrap();
    let (code, err, _) = import(&file, &tmp.path().join("d"), &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("超过 200000 行有内容"), "{err}");
    let file = tmp.path().join("多.docx");
    let mut body = word_table(&[&["项目名称", "甲项目"]]);
    body.push_str(&"<w:p><w:r><w:t>段</w:t></w:r></w:p>".repeat(200_001));
    docx(&file, &body);
    let (code, err, _) = import(&file, &tmp.path().join("e"), &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("段落和表格单元格超过 200000 个"), "{err}");
}

/// The committed bad-input corpus for import (tests/bad-inputs/import/): each file with the
/// exit status and the files it must give (each loading as written), in a few seconds.
#[test]
fn the_bad_input_corpus_for_import() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-inputs/import");
    let expected: &[(&str, i32, &[&str])] = &[
        ("a1-and-xfd1048576.xlsx", 1, &["甲项目.toml"]),
        ("calamine-alloc-abort.xls", 2, &[]),
        ("control-characters.docx", 1, &["甲_项目.toml"]),
        ("formula-without-value.xlsx", 1, &["甲项目.toml"]),
        ("huge-merge.xlsx", 0, &["甲项目.toml"]),
        ("not-a-zip.xlsx", 2, &[]),
        ("repeated-content.ods", 2, &[]),
        (
            "reserved-and-long-names.docx",
            0,
            &[
                "department-项目.toml",
                "perf-项目.toml",
                "很长的项目名称很长的项目名称很长的项目名称很长的项目名称很长的项目名称很长的项目名称很长的项目名称很长的项目名称很-dbc9933c.toml",
            ],
        ),
    ];
    let present = files_in(&root);
    assert_eq!(
        present,
        expected.iter().map(|e| e.0.to_owned()).collect::<Vec<_>>(),
        "every committed file has its expectation"
    );
    let tmp = tempfile::tempdir().unwrap();
    for (name, code, files) in expected {
        let dir = tmp.path().join(name.replace('.', "-"));
        let (got, err, took) = import(&root.join(name), &dir, &[]);
        assert_eq!(got, *code, "{name}: {err}");
        assert!(took < Duration::from_secs(20), "{name}: took {took:?}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert_eq!(files_in(&dir), *files, "{name}: {err}");
        if !files.is_empty() {
            loads(&dir);
        }
    }
}
