//! `perf import`: the seed text and a Word file made from it reproduce budgets/高新区人社局/
//! field by field; an xlsx export of budgets/ and examples/ imports back to the same model;
//! unmappable content is reported with its place; nothing is overwritten without --force.

// A harness fails by panicking; the helpers below are not `#[test]` functions, so clippy's
// allow-*-in-tests settings do not reach them.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{perf, perf_in, stderr};
use perf::model::department::Department;
use perf::model::project::Project;
use perf::source::load;

const SEED_TXT: &str = "tests/fixtures/seed/高新区人社局-2024年部门预算绩效文本.txt";
const SEED_DOCX: &str = "tests/fixtures/seed/高新区人社局-2024年部门预算绩效文本.docx";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The projects (by file name) and departments of a tree, with no structural finding.
fn model(dir: &Path) -> (BTreeMap<String, Project>, Vec<Department>) {
    crate::common::load_model(dir)
}

fn assert_imports_the_seed(document: &str) {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("高新区人社局");
    let output = perf(&["import", document, "--dept-dir", target.to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(err.contains("写入 8 个文件；0 处内容未能识别"), "{err}");
    let (imported, imported_departments) = model(&target);
    let (committed, committed_departments) = model(&root().join("budgets/高新区人社局"));
    // Same files, and every field of every project and of the department equal.
    assert_eq!(
        imported.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>()
    );
    for (file, project) in &committed {
        assert_eq!(&imported[file], project, "{file}");
    }
    assert_eq!(imported_departments, committed_departments);
    // What perf import writes is already in the canonical layout.
    let check = perf(&["fmt", "--check", target.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn the_seed_text_reproduces_the_committed_department() {
    assert_imports_the_seed(SEED_TXT);
}

#[test]
fn a_word_file_made_from_the_seed_imports_to_the_same_model() {
    // Made by scripts/make_seed_docx.py: real tables with merged cells (w:vMerge, w:gridSpan).
    assert_imports_the_seed(SEED_DOCX);
}

/// What the official table holds — the fields an xlsx export carries. Fields outside the form
/// (weights, execution and 自评 data, the unit a file writes amounts in) are not exported; the
/// split is compared as derived (a blank 其他资金 is exported as 0), and rows in the order of
/// the form, which groups them under merged 一级/二级 cells.
fn official_view(p: &Project) -> String {
    let budget = p.budget.as_ref().map(|b| {
        let split = b.split_wan();
        (b.total_wan(), split.map(|s| (s.fiscal, s.other)))
    });
    let plan = p
        .plan
        .as_ref()
        .map(|plan| {
            plan.points
                .iter()
                .map(|pt| (pt.month, pt.percent.normalize()))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let mut groups: Vec<(&str, &str)> = Vec::new();
    for row in &p.indicators {
        let key = (&*row.level1_label, &*row.level2_label);
        if !groups.contains(&key) {
            groups.push(key);
        }
    }
    let mut rows: Vec<_> = p
        .indicators
        .iter()
        .map(|r| {
            let group = groups
                .iter()
                .position(|g| *g == (&*r.level1_label, &*r.level2_label));
            (
                group,
                &r.level1_label,
                &r.level2_label,
                &r.name,
                &r.description,
                &r.target.raw,
                &r.basis,
            )
        })
        .collect();
    // Level 1 groups stay together too: sort by the first appearance of the 一级 label.
    let level1_order: Vec<&str> = groups.iter().fold(Vec::new(), |mut acc, (l1, _)| {
        if !acc.contains(l1) {
            acc.push(l1);
        }
        acc
    });
    rows.sort_by_key(|r| (level1_order.iter().position(|l| l == r.1), r.0));
    format!(
        "{:?}",
        (
            &p.name,
            &p.title,
            &p.code,
            &p.department,
            p.year,
            &p.purpose,
            &p.goals,
            budget,
            plan,
            rows
        )
    )
}

fn assert_round_trip(tree: &str) {
    let dir = tempfile::tempdir().unwrap();
    let workbook = dir.path().join("导出.xlsx");
    let export = perf(&["export", tree, "-o", workbook.to_str().unwrap()]);
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
    let target = dir.path().join("导入");
    let output = perf(&[
        "import",
        workbook.to_str().unwrap(),
        "--dept-dir",
        target.to_str().unwrap(),
    ]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(err.contains("工作表“汇总”中没有“项目名称”"), "{err}");
    let workspace = load(&[root().join(tree)]);
    let committed: BTreeMap<String, String> = workspace
        .projects
        .iter()
        .map(|p| (p.project.name.clone(), official_view(&p.project)))
        .collect();
    let (imported, _) = model(&target);
    let imported: BTreeMap<String, String> = imported
        .values()
        .map(|p| (p.name.clone(), official_view(p)))
        .collect();
    assert_eq!(imported.len(), committed.len());
    for (name, view) in &committed {
        assert_eq!(imported.get(name), Some(view), "{name}");
    }
}

#[test]
fn an_xlsx_export_of_budgets_imports_back_to_the_same_model() {
    assert_round_trip("budgets");
}

#[test]
fn an_xlsx_export_of_examples_imports_back_to_the_same_model() {
    assert_round_trip("examples");
}

#[test]
fn existing_files_are_kept_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("高新区人社局");
    let seed = root().join(SEED_TXT);
    let args = |force: bool| {
        let mut a = vec![
            "import".to_owned(),
            seed.display().to_string(),
            "--dept-dir".into(),
            target.display().to_string(),
        ];
        if force {
            a.push("--force".into());
        }
        a
    };
    let run = |a: Vec<String>| {
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        perf_in(dir.path(), &refs)
    };
    assert_eq!(run(args(false)).status.code(), Some(0));
    let file = target.join("人才发展资金.toml");
    std::fs::write(&file, "# 手工改过\n").unwrap();
    let again = run(args(false));
    assert_eq!(again.status.code(), Some(2));
    let err = stderr(&again);
    assert!(err.contains("人才发展资金.toml 已存在"), "{err}");
    assert!(err.contains("没有写入任何文件"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "# 手工改过\n");
    assert_eq!(run(args(true)).status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("[project]")
    );
}

/// The seed with a stray paragraph between two tables and an unreadable amount.
fn damaged_seed(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(root().join(SEED_TXT)).unwrap();
    let text = text
        .replacen("\t2800万元\n", "\t两千八百万元\n", 1)
        .replacen(
            "人才发展资金项目绩效目标表",
            "（此页有手写批注）\n人才发展资金项目绩效目标表",
            1,
        );
    let path = dir.join("有问题的文本.txt");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn unmappable_content_is_reported_and_marked_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let source = damaged_seed(dir.path());
    let target = dir.path().join("高新区人社局");
    let output = perf(&[
        "import",
        source.to_str().unwrap(),
        "--dept-dir",
        target.to_str().unwrap(),
    ]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("金额“两千八百万元”不是数字"), "{err}");
    assert!(err.contains("（此页有手写批注）"), "{err}");
    // Places are line numbers of the text file.
    assert!(err.contains("第 "), "{err}");
    let text = std::fs::read_to_string(target.join("人才发展资金.toml")).unwrap();
    assert!(
        text.contains("# perf import：以下内容未能识别"),
        "the file is marked:\n{text}"
    );
    assert!(text.contains("不是数字"), "{text}");
}

#[test]
fn strict_writes_no_file_with_unmapped_content() {
    let dir = tempfile::tempdir().unwrap();
    let source = damaged_seed(dir.path());
    let target = dir.path().join("高新区人社局");
    let output = perf(&[
        "import",
        source.to_str().unwrap(),
        "--dept-dir",
        target.to_str().unwrap(),
        "--strict",
    ]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(!target.join("人才发展资金.toml").exists());
    assert!(target.join("被征地农民社会保障费.toml").exists());
    assert!(err.contains("因 --strict 未写入"), "{err}");
}

#[test]
fn an_unsupported_file_is_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("表.pdf");
    std::fs::write(&path, "%PDF").unwrap();
    let output = perf(&["import", path.to_str().unwrap(), "--dept-dir", "x"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("不支持的文件类型"));
}
