//! `perf export --format text|docx`: the 部门预算绩效文本 written from the tree. Exporting
//! budgets/高新区人社局/ as text gives the seed document's content back (whitespace aside),
//! and importing the exported text or Word file gives the tree back, field by field.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};

use crate::common::{perf, stderr, stdout};

const SEED_TXT: &str = "tests/fixtures/seed/高新区人社局-2024年部门预算绩效文本.txt";
const SEED_DOCX: &str = "tests/fixtures/seed/高新区人社局-2024年部门预算绩效文本.docx";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The document cut at its table headings: the 部门整体绩效目标 first, then one piece per
/// project table (its heading and cells), each with all whitespace removed. The seed writes
/// an absent 项目编码 as `————`, which the tree keeps as no code: it is removed too.
fn pieces(text: &str) -> Vec<String> {
    let mut pieces: Vec<Vec<&str>> = vec![Vec::new()];
    for line in text.lines() {
        if !line.starts_with('\t') && line.contains("绩效目标表") {
            let mut piece = Vec::new();
            if line.trim().starts_with("项目绩效目标表") {
                // A heading split in two lines: its first half ends the previous piece.
                let last = pieces.last_mut().unwrap();
                while last.last().is_some_and(|l| l.trim().is_empty()) {
                    last.pop();
                }
                piece.extend(last.pop());
            }
            piece.push(line);
            pieces.push(piece);
        } else {
            pieces.last_mut().unwrap().push(line);
        }
    }
    pieces
        .into_iter()
        .map(|lines| {
            lines
                .concat()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .replace("————", "")
        })
        .collect()
}

fn export_text(dir: &Path) -> String {
    let output = perf(&["export", dir.to_str().unwrap(), "--format", "text"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn the_text_export_of_the_bundled_department_is_the_seed_content() {
    let exported = pieces(&export_text(&root().join("budgets/高新区人社局")));
    let seed = pieces(&std::fs::read_to_string(root().join(SEED_TXT)).unwrap());
    assert_eq!(exported.len(), 8, "the department part and 7 tables");
    assert_eq!(seed.len(), 8);
    // The department part: cover, 总体绩效目标, 分项绩效目标, 工作保障措施, in order.
    assert_eq!(exported[0], seed[0]);
    // Every table, cell by cell, in the seed's order: department.toml's `projects` records
    // it (the file names do not).
    assert_eq!(exported[1..], seed[1..]);
}

/// A name in the order that matches no project is said, and the others keep their order.
#[test]
fn an_order_naming_no_project_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let dept = dir.path().join("高新区人社局");
    std::fs::create_dir(&dept).unwrap();
    for entry in std::fs::read_dir(root().join("budgets/高新区人社局")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dept.join(entry.file_name())).unwrap();
    }
    let file = dept.join("department.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("  \"人才发展资金\",\n", "  \"人才发展基金\",\n", 1),
    )
    .unwrap();
    let output = perf(&["export", "--format", "text", dept.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("“人才发展基金”没有对应的项目文件"), "{err}");
    let text = String::from_utf8(output.stdout).unwrap();
    let first = text.find("被征地农民社会保障费").unwrap();
    let unlisted = text.find("\t人才发展资金").unwrap();
    assert!(
        first < unlisted,
        "a project the order does not name comes after it"
    );
}

/// Exports budgets/高新区人社局 to `file` (format from its extension), imports it and checks
/// the imported tree equals the committed one.
fn assert_round_trip(file: &str) {
    let dir = tempfile::tempdir().unwrap();
    let document = dir.path().join(file);
    let output = perf(&[
        "export",
        root().join("budgets/高新区人社局").to_str().unwrap(),
        "--output",
        document.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let target = dir.path().join("高新区人社局");
    let output = perf(&[
        "import",
        document.to_str().unwrap(),
        "--dept-dir",
        target.to_str().unwrap(),
    ]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(err.contains("写入 8 个文件；0 处内容未能识别"), "{err}");
    let (imported, imported_departments) = crate::common::load_model(&target);
    let (committed, committed_departments) =
        crate::common::load_model(&root().join("budgets/高新区人社局"));
    assert_eq!(
        imported.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>()
    );
    for (file, project) in &committed {
        assert_eq!(&imported[file], project, "{file}");
    }
    assert_eq!(imported_departments, committed_departments);
}

#[test]
fn importing_the_text_export_gives_the_tree_back() {
    assert_round_trip("文本.txt");
}

#[test]
fn importing_the_word_export_gives_the_tree_back() {
    assert_round_trip("文本.docx");
}

#[test]
fn a_word_export_replaces_perfs_own_but_not_a_clerks_document() {
    let dir = tempfile::tempdir().unwrap();
    let tree = root().join("budgets/高新区人社局");
    let ours = dir.path().join("perf.docx");
    for _ in 0..2 {
        let output = perf(&[
            "export",
            tree.to_str().unwrap(),
            "-o",
            ours.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    // A Word file perf did not write (the seed made by scripts/make_seed_docx.py) is kept.
    let theirs = dir.path().join("clerk.docx");
    let clerk = std::fs::read(root().join(SEED_DOCX)).unwrap();
    std::fs::write(&theirs, &clerk).unwrap();
    let output = perf(&[
        "export",
        tree.to_str().unwrap(),
        "-o",
        theirs.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
    assert_eq!(std::fs::read(&theirs).unwrap(), clerk);
    let output = perf(&[
        "export",
        tree.to_str().unwrap(),
        "-o",
        theirs.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_ne!(std::fs::read(&theirs).unwrap(), clerk);
}
