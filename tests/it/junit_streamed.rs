//! `perf validate --format junit` written in flat memory (issue 16): each file's case kept in
//! an anonymous scratch file during the pass, the document written at the end with the
//! cross-file findings and those of files with inline suppressions merged in. Its bytes must
//! be those of the one-shot renderer (`render_junit` over every file and every finding), on
//! the bundled budgets, every rule fixture, a tree mixing a file's own findings with
//! cross-file ones and with suppressions, and a generated realistic tree; and the scratch
//! goes through the write layer (`perf::write::scratch_file`).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use perf::check::Scope;
use perf::diag::Counts;
use perf::diag::render::render_junit;
use perf::session::{Options, Session};
use perf::source::stream::refill_texts;

use crate::common::{perf_in, stderr, stdout};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The one-shot document of `path` under `cwd` and its counts. Paths are given whole to both
/// the library and the binary, so that they name files alike.
fn one_shot(path: &Path) -> (String, Counts) {
    let paths = [path.to_path_buf()];
    let session = Session::open(&paths, &Options::default())
        .unwrap_or_else(|e| panic!("{}: no session: {e:?}", path.display()));
    let mut checked = session.check_paths(&paths, Scope::EveryFile);
    refill_texts(&mut checked.files, &checked.diagnostics);
    let mut out = Vec::new();
    render_junit(&mut out, &checked.files, &checked.diagnostics).unwrap();
    (
        String::from_utf8(out).unwrap(),
        Counts::of(&checked.diagnostics),
    )
}

/// The streamed document of `cwd`/`path` is the one-shot one, and the counts line and exit
/// status follow every finding. Returns the document.
fn assert_same(cwd: &Path, path: &str) -> String {
    let whole = cwd.join(path);
    let (expected, counts) = one_shot(&whole);
    let output = perf_in(
        cwd,
        &["validate", "--format", "junit", &whole.to_string_lossy()],
    );
    let streamed = stdout(&output);
    assert_eq!(streamed, expected, "{path}: {}", stderr(&output));
    let status = if counts.errors > 0 { 1 } else { 0 };
    assert_eq!(output.status.code(), Some(status), "{path}");
    let line = format!(
        "个文件：{} 个错误，{} 个警告",
        counts.errors, counts.warnings
    );
    assert!(
        stderr(&output).contains(&line),
        "{path}: {}",
        stderr(&output)
    );
    streamed
}

#[test]
fn the_bundled_budgets_stream_the_one_shot_document() {
    let xml = assert_same(root(), "budgets");
    assert_eq!(xml.matches("<testcase").count(), 8, "{xml}");
}

#[test]
fn every_rule_fixture_streams_the_one_shot_document() {
    let mut fixtures: Vec<String> = std::fs::read_dir(root().join("tests/rules"))
        .unwrap()
        .map(|e| format!("tests/rules/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() > 80, "{fixtures:?}");
    fixtures.push("tests/rules".to_owned());
    for fixture in &fixtures {
        assert_same(root(), fixture);
    }
}

/// The X001 fixture and two more copies of its project: one with a suppression that
/// suppresses nothing (its findings all wait for the end), one with an error of its own
/// (merged with the cross-file ones by position).
#[test]
fn own_cross_file_and_suppressed_findings_merge_as_one_shot() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("t");
    std::fs::create_dir(&tree).unwrap();
    for entry in std::fs::read_dir(root().join("tests/rules/X001")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), tree.join(entry.file_name())).unwrap();
    }
    let original = std::fs::read_to_string(tree.join("学生资助补助经费.toml")).unwrap();
    let suppressed = original.replace("\n3 = 25\n", "\n3 = 25  # perf: allow(S005) 测试\n");
    let wrong = original.replace("\ntotal = 520\n", "\ntotal = 530\n");
    assert!(suppressed != original && wrong != original);
    std::fs::write(tree.join("学生资助补助经费（副本）.toml"), suppressed).unwrap();
    std::fs::write(tree.join("学生资助补助经费（副本2）.toml"), wrong).unwrap();
    let xml = assert_same(dir.path(), "t");
    let case = |name: &str| {
        let start = xml.find(&format!("{name}\">")).unwrap();
        let end = start + xml[start..].find("</testcase>").unwrap();
        xml[start..end].to_owned()
    };
    let mixed = case("学生资助补助经费（副本2）.toml");
    let (x001, b001) = (mixed.find("[X001]").unwrap(), mixed.find("[B001]").unwrap());
    assert!(x001 < b001, "{mixed}");
    let held = case("学生资助补助经费（副本）.toml");
    assert!(held.contains("[X001]") && held.contains("[F008]"), "{held}");
    assert!(xml.contains(r#"tests="4" failures="2""#), "{xml}");
}

#[test]
fn a_generated_realistic_tree_streams_the_one_shot_document() {
    let tmp = tempfile::tempdir().unwrap();
    crate::gen_corpus::generate_with(
        &tmp.path().join("realistic"),
        &[
            "--projects",
            "400",
            "--seed",
            "16",
            "--findings",
            "realistic",
        ],
    );
    let xml = assert_same(tmp.path(), "realistic");
    assert!(
        xml.contains("<system-out>") && xml.contains("<failure"),
        "{xml}"
    );
    assert!(xml.contains("\"/>\n"), "clean files are cases too");
}

/// The scratch is made by the write layer in the temporary folder: where that folder is
/// missing, the run says so (naming it and the fix) and writes nothing.
#[test]
fn a_missing_temporary_folder_is_reported_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("没有这个目录");
    let out = dir.path().join("report.xml");
    let output = assert_cmd::Command::cargo_bin("perf")
        .unwrap()
        .current_dir(root())
        .env_remove("PERF_LANG")
        .env("TMPDIR", &missing)
        .args(["validate", "--format", "junit", "budgets", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("暂存文件") && message.contains(&missing.display().to_string()),
        "{message}"
    );
    assert!(message.contains("TMPDIR"), "{message}");
    assert!(!out.exists());
    // The other formats need no scratch.
    let concise = assert_cmd::Command::cargo_bin("perf")
        .unwrap()
        .current_dir(root())
        .env("TMPDIR", &missing)
        .args(["validate", "--format", "concise", "budgets"])
        .output()
        .unwrap();
    assert_eq!(concise.status.code(), Some(1), "{}", stderr(&concise));
}
