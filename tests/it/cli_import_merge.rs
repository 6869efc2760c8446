//! `perf import` onto existing files (issue 15 item 2, "Merge, not replace"): the Excel round
//! trip `perf export` → edit → `perf import` keeps examples/ byte for byte except the edited
//! cell; execution, actuals and comments survive; `--force` lists what it loses before
//! replacing; `--dry-run` prints a diff and writes nothing.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::common::{perf, stderr, stdout};

const DEPTS: [&str; 2] = ["示例区人力资源和社会保障局", "示例区教育局"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of examples/<dept>/ under `dir`.
fn copy_dept(dir: &Path, dept: &str) -> PathBuf {
    let to = dir.join(dept);
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(root().join("examples").join(dept)).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
    to
}

/// Every file of `dir` by name with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn export(dept: &str, to: &Path) {
    let source = root().join("examples").join(dept);
    let output = perf(&[
        "export",
        source.to_str().unwrap(),
        "-o",
        to.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

fn import(xlsx: &Path, dept_dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "import",
        xlsx.to_str().unwrap(),
        "--dept-dir",
        dept_dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    perf(&args)
}

/// Edits a text cell as Excel would: the workbook's shared string `from` becomes `to` (it
/// must occur exactly once, so the test edits the cell it means).
fn edit_cell(xlsx: &Path, from: &str, to: &str, out: &Path) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "xl/sharedStrings.xml" {
            let text = String::from_utf8(bytes).unwrap();
            assert_eq!(text.matches(from).count(), 1, "{from} is not one cell");
            bytes = text.replace(from, to).into_bytes();
        }
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap();
}

#[test]
fn the_excel_round_trip_keeps_examples_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    for dept in DEPTS {
        let xlsx = dir.path().join(format!("{dept}.xlsx"));
        export(dept, &xlsx);
        let copy = copy_dept(dir.path(), dept);
        let before = files(&copy);
        let output = import(&xlsx, &copy, &[]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(0), "{err}");
        assert!(err.contains("与表中内容一致，未改动"), "{err}");
        assert!(err.contains("写入 0 个文件"), "{err}");
        assert_eq!(files(&copy), before, "{dept}: {err}");
    }
}

#[test]
fn an_edited_cell_changes_only_its_value_and_keeps_execution_and_comments() {
    let dir = tempfile::tempdir().unwrap();
    let dept = "示例区人力资源和社会保障局";
    let xlsx = dir.path().join("export.xlsx");
    export(dept, &xlsx);
    let edited = dir.path().join("edited.xlsx");
    // 人力资源市场信息化建设: a file with execution data, actuals and a comment header.
    edit_cell(&xlsx, "≥80%", "≥82%", &edited);
    let copy = copy_dept(dir.path(), dept);
    let name = "人力资源市场信息化建设.toml";
    let original = std::fs::read_to_string(copy.join(name)).unwrap();
    assert_eq!(original.matches("target = \"≥80%\"").count(), 1);
    let output = import(&edited, &copy, &[]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(err.contains("改动 1 处"), "{err}");
    assert!(err.contains(".target：\"≥80%\" → \"≥82%\""), "{err}");
    let merged = std::fs::read_to_string(copy.join(name)).unwrap();
    assert_eq!(
        merged,
        original.replace("target = \"≥80%\"", "target = \"≥82%\""),
        "only the edited value changes"
    );
    for kept in [
        "[execution]",
        "actual = ",
        "likelihood = ",
        "reason = ",
        "# 示例数据",
    ] {
        assert!(merged.contains(kept), "{kept} lost");
    }
    // Every other file is untouched.
    for (file, bytes) in files(&copy) {
        if file != name {
            let theirs = std::fs::read(root().join("examples").join(dept).join(&file)).unwrap();
            assert_eq!(bytes, theirs, "{file} changed");
        }
    }
}

#[test]
fn force_lists_what_it_loses_before_replacing() {
    let dir = tempfile::tempdir().unwrap();
    let dept = "示例区人力资源和社会保障局";
    let xlsx = dir.path().join("export.xlsx");
    export(dept, &xlsx);
    let copy = copy_dept(dir.path(), dept);
    let output = import(&xlsx, &copy, &["--force"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(
        err.contains("人力资源市场信息化建设.toml（--force），原文件中以下内容将丢失："),
        "{err}"
    );
    assert!(err.contains("  - execution（整个）"), "{err}");
    assert!(
        err.contains("  - indicator“新建业务系统模块”（产出指标/数量指标）：actual、likelihood"),
        "{err}"
    );
    assert!(err.contains("  - # 注释 2 行"), "{err}");
    let replaced = std::fs::read_to_string(copy.join("人力资源市场信息化建设.toml")).unwrap();
    assert!(!replaced.contains("[execution]"), "--force replaces");
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let dept = "示例区教育局";
    let xlsx = dir.path().join("export.xlsx");
    export(dept, &xlsx);
    let edited = dir.path().join("edited.xlsx");
    edit_cell(&xlsx, "≥15所", "≥16所", &edited);
    let copy = copy_dept(dir.path(), dept);
    let before = files(&copy);
    let output = import(&edited, &copy, &["--dry-run"]);
    let (out, err) = (stdout(&output), stderr(&output));
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(
        out.contains("-target = \"≥15所\"\n+target = \"≥16所\"\n"),
        "{out}"
    );
    assert!(out.contains("学生资助补助经费.toml：不变"), "{out}");
    // Only the file the edit changes would be written, not the two that stay as they are.
    assert!(
        err.contains("--dry-run：没有写入任何文件（1 个文件会被写入；"),
        "{err}"
    );
    assert_eq!(files(&copy), before);
    // Into a new folder: the whole new files are printed, and the folder is not created.
    let fresh = dir.path().join("新部门");
    let output = import(&edited, &fresh, &["--dry-run"]);
    assert!(stdout(&output).contains("# 新文件 "), "{}", stdout(&output));
    assert!(stdout(&output).contains("[project]\nname = \"校舍维修改造\""));
    assert!(!fresh.exists());
}

#[test]
fn a_row_the_table_no_longer_has_is_kept_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let dept = "示例区教育局";
    let xlsx = dir.path().join("export.xlsx");
    export(dept, &xlsx);
    let copy = copy_dept(dir.path(), dept);
    // A row added to the file after the export is not in the table.
    let file = copy.join("校舍维修改造.toml");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("\n[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"新增一行\"\ntarget = \"≥1所\"\n");
    std::fs::write(&file, &text).unwrap();
    let output = import(&xlsx, &copy, &[]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(
        err.contains("indicator“新增一行”（产出指标/数量指标）：表中没有，文件中保留"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn a_file_of_another_project_is_not_merged_into() {
    let dir = tempfile::tempdir().unwrap();
    let dept = "示例区教育局";
    let xlsx = dir.path().join("export.xlsx");
    export(dept, &xlsx);
    let copy = copy_dept(dir.path(), dept);
    let file = copy.join("校舍维修改造.toml");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("name = \"校舍维修改造\"", "name = \"别的项目\"");
    std::fs::write(&file, &text).unwrap();
    let output = import(&xlsx, &copy, &[]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains("校舍维修改造.toml 已存在，但不是项目“校舍维修改造”的文件"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn a_budget_written_in_yuan_stays_in_yuan() {
    let dir = tempfile::tempdir().unwrap();
    let dept = dir.path().join("局");
    std::fs::create_dir_all(&dept).unwrap();
    let text = std::fs::read_to_string(root().join("examples/示例区教育局/校舍维修改造.toml"))
        .unwrap()
        .replace(
            "[budget]\ntotal = 860\nfiscal = 860\n",
            "[budget]\nunit = \"元\"\ntotal = 8600000\nfiscal = 8600000\n",
        );
    assert!(text.contains("unit = \"元\""));
    let file = dept.join("校舍维修改造.toml");
    std::fs::write(&file, &text).unwrap();
    // The export converts to 万元; the import compares in the file's unit.
    let xlsx = dir.path().join("x.xlsx");
    let output = perf(&[
        "export",
        dept.to_str().unwrap(),
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = import(&xlsx, &dept, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("与表中内容一致，未改动"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn the_department_file_is_merged_too() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("高新区人社局");
    let seed = root().join("tests/fixtures/seed/高新区人社局-2024年部门预算绩效文本.txt");
    let output = import(&seed, &target, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // A comment and a key the document does not carry, added by hand, survive a re-import.
    let file = target.join("department.toml");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replacen("[department]\n", "# 本地备注\n[department]\n", 1)
        .replacen("year = 2024\n", "year = 2024\nbudget = 9035\n", 1);
    assert!(text.contains("budget = 9035"), "{text}");
    std::fs::write(&file, &text).unwrap();
    let output = import(&seed, &target, &[]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(
        err.contains("department.toml 与表中内容一致，未改动"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}
