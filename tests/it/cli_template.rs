//! `perf template`: the workbook a department fills in, written by the real binary and read
//! back by `perf import` — the clerk's round trip (docs/export.md, README "for the clerk").

// Set-up helpers outside #[test] functions unwrap too: a failed set-up is a failed test.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use crate::common::{perf_in, stderr};
use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;

/// A scratch copy of the bundled department.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("budgets/高新区人社局");
    let to = dir.path().join("budgets/高新区人社局");
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
    dir
}

/// The projects of a tree as the JSON export states them, without what depends on where
/// the file is (its path, its findings' lines). The form groups indicator rows under their
/// 二级 (merged cells), so a file that interleaves them reads back grouped: rows are
/// compared in a fixed order.
fn projects(dir: &Path, tree: &str) -> Vec<Value> {
    let out = perf_in(dir, &["export", tree, "--format", "json"]);
    let mut doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut projects = doc["projects"].as_array_mut().unwrap().clone();
    for p in &mut projects {
        let p = p.as_object_mut().unwrap();
        for key in ["file", "findings", "id", "department_id"] {
            p.remove(key);
        }
        let rows = p["indicators"].as_array_mut().unwrap();
        for row in rows.iter_mut() {
            row.as_object_mut().unwrap().remove("position");
        }
        rows.sort_by_key(|r| {
            (
                r["level1"].to_string(),
                r["level2"].to_string(),
                r["name"].to_string(),
            )
        });
    }
    projects.sort_by_key(|p| p["name"].as_str().unwrap().to_owned());
    projects
}

#[test]
fn the_departments_forms_read_back_as_the_same_projects() {
    let dir = tree();
    let out = perf_in(dir.path(), &["template", "--dept", "人社局"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let note = stderr(&out);
    let book = dir.path().join("高新区人社局绩效目标表.xlsx");
    assert!(
        note.contains("已写出 高新区人社局绩效目标表.xlsx（7 个项目的绩效目标表）"),
        "{note}"
    );
    assert!(
        note.contains("perf import 高新区人社局绩效目标表.xlsx --dept-dir budgets/高新区人社局"),
        "{note}"
    );
    let workbook: Xlsx<_> = open_workbook(&book).unwrap();
    assert_eq!(
        workbook.sheet_names().len(),
        1 + 7 + 1,
        "汇总, 7 forms, 检查结果"
    );

    // Imported into an empty folder, the workbook gives back the same projects.
    let out = perf_in(
        dir.path(),
        &[
            "import",
            "高新区人社局绩效目标表.xlsx",
            "--dept-dir",
            "回读/高新区人社局",
        ],
    );
    assert!(out.status.code() != Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("0 处内容未能识别"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        projects(dir.path(), "回读/"),
        projects(dir.path(), "budgets/")
    );
}

#[test]
fn one_project_gets_one_form() {
    let dir = tree();
    let out = perf_in(
        dir.path(),
        &[
            "template",
            "--dept",
            "高新区",
            "--project",
            "人才发展资金",
            "-o",
            "表.xlsx",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let workbook: Xlsx<_> = open_workbook(dir.path().join("表.xlsx")).unwrap();
    assert_eq!(workbook.sheet_names(), ["汇总", "人才发展资金"]);
}

#[test]
fn a_new_project_gets_a_blank_form_with_the_frameworks_rows() {
    let dir = tree();
    let out = perf_in(
        dir.path(),
        &[
            "template",
            "--dept",
            "人社局",
            "--project",
            "就业见习补贴",
            "--framework",
            "101",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("已写出空白的项目绩效目标表 就业见习补贴.xlsx"));
    let mut workbook: Xlsx<_> = open_workbook(dir.path().join("就业见习补贴.xlsx")).unwrap();
    let sheet = workbook.worksheet_range("就业见习补贴").unwrap();
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or_default();
    assert_eq!(
        cell(0, 0),
        Data::String("项目绩效目标表（2024年度）".into())
    );
    assert_eq!(cell(1, 1), Data::String("就业见习补贴".into()));
    // The amounts are empty cells to fill, not zeros or dashes.
    assert_eq!(cell(3, 2), Data::Empty);
    let labels: Vec<String> = sheet
        .rows()
        .filter_map(|r| r.get(1))
        .map(|c| c.to_string())
        .collect();
    // 101号 puts 成本指标 as a 一级 with 经济成本指标 under it.
    assert!(labels.iter().any(|l| l == "经济成本指标"), "{labels:?}");

    // Read back unfilled, it is a project file that names its department and year.
    let out = perf_in(
        dir.path(),
        &[
            "import",
            "就业见习补贴.xlsx",
            "--dept-dir",
            "budgets/高新区人社局",
        ],
    );
    assert!(out.status.code() != Some(2), "{}", stderr(&out));
    let text =
        std::fs::read_to_string(dir.path().join("budgets/高新区人社局/就业见习补贴.toml")).unwrap();
    assert!(
        text.contains("department = \"高新区人社局\"") && text.contains("year = 2024"),
        "{text}"
    );
}

#[test]
fn an_unknown_department_or_an_empty_one_says_what_to_do() {
    let dir = tree();
    let out = perf_in(dir.path(), &["template", "--dept", "卫健局"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("已有的部门：高新区人社局"),
        "{}",
        stderr(&out)
    );
    let empty = dir.path().join("budgets/示例区卫生健康局");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(
        empty.join("department.toml"),
        "[department]\nname = \"示例区卫生健康局\"\nyear = 2025\n",
    )
    .unwrap();
    let out = perf_in(dir.path(), &["template", "--dept", "卫生健康局"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("用 --project 项目名称"),
        "{}",
        stderr(&out)
    );
    let out = perf_in(
        dir.path(),
        &["template", "--dept", "卫生健康局", "--project", "新项目"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let workbook: Xlsx<_> = open_workbook(dir.path().join("新项目.xlsx")).unwrap();
    assert!(workbook.sheet_names().contains(&"新项目".to_owned()));
}

/// A department with no department.toml: the import command perf prints points at the
/// folder its projects are in (a real published table, imported, then templated).
#[test]
fn the_import_command_names_the_folder_the_projects_are_in() {
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/real-forms/05-yueyang-gaobiaozhun-2022/source.txt");
    let out = perf_in(
        dir.path(),
        &[
            "import",
            source.to_str().unwrap(),
            "--dept-dir",
            "budgets/某县",
        ],
    );
    assert!(out.status.code() != Some(2), "{}", stderr(&out));
    assert!(!dir.path().join("budgets/某县/department.toml").exists());
    let out = perf_in(
        dir.path(),
        &["template", "--dept", "岳阳县", "-o", "表.xlsx"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("perf import 表.xlsx --dept-dir budgets/某县"),
        "{}",
        stderr(&out)
    );
    // Read back onto the tree it came from, nothing changes.
    let out = perf_in(
        dir.path(),
        &[
            "import",
            "表.xlsx",
            "--dept-dir",
            "budgets/某县",
            "--dry-run",
        ],
    );
    assert!(
        stderr(&out).contains("（0 个文件会被写入；"),
        "{}",
        stderr(&out)
    );
}
