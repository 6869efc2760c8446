//! What perf writes and refuses to write (issue 14, docs/design.md "What perf writes"), each
//! reported case run on the real binary: devices, FIFOs and `/dev/stdout` written into;
//! symlinks written through; hard-linked and read-only files refused; outputs that are the
//! run's inputs refused; new files 0666 less the umask in every format; an existing file perf
//! did not write (a Word document, a clerk's workbook, a PDF, a foreign SQLite database) kept
//! without `--force`, while an empty file, perf's own output and an old text output are
//! replaced; an import written all together or not at all.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use crate::common::{perf, perf_in, stderr, stdout};

const DEPT: &str = "高新区人社局";
const PROJECT: &str = "人才发展资金.toml";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of budgets/ in a fresh folder (`<tmp>/budgets`).
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = root().join("budgets");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let to = dir
            .path()
            .join("budgets")
            .join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

/// A committed (canonical) project file and the same file with a layout fmt rewrites.
fn canonical_and_messy() -> (String, String) {
    let text = std::fs::read_to_string(root().join("budgets").join(DEPT).join(PROJECT)).unwrap();
    let messy = text.replacen(" = ", "=", 1);
    assert_ne!(text, messy);
    (text, messy)
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// One `error:` line, in Chinese, with no raw OS text and no English fragment.
fn assert_one_clean_message(err: &str) {
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(!err.contains("os error"), "{err}");
    assert!(!err.contains("failed to"), "{err}");
}

#[test]
fn dev_null_stays_a_character_device() {
    let output = perf(&["report", "budgets", "-o", "/dev/null"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let meta = std::fs::metadata("/dev/null").unwrap();
    assert!(meta.file_type().is_char_device());
}

#[test]
fn dev_stdout_is_written_into() {
    let output = perf(&["schema", "project", "-o", "/dev/stdout"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let direct = perf(&["schema", "project"]);
    assert_eq!(stdout(&output), stdout(&direct));
    assert!(std::fs::symlink_metadata("/dev/stdout").is_ok());
}

#[test]
fn a_fifo_receives_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let (tx, rx) = mpsc::channel();
    let reader_path = fifo.clone();
    let reader = std::thread::spawn(move || {
        let bytes = std::fs::read(&reader_path).unwrap();
        tx.send(()).unwrap();
        bytes
    });
    let output = perf(&["schema", "project", "-o", fifo.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    if rx.recv_timeout(Duration::from_secs(20)).is_err() {
        // perf never opened the FIFO: open it ourselves so the reader ends, then fail.
        drop(std::fs::OpenOptions::new().write(true).open(&fifo));
        panic!("the FIFO received nothing");
    }
    let received = reader.join().unwrap();
    assert_eq!(received, perf(&["schema", "project"]).stdout);
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn an_output_symlink_is_kept_and_its_target_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.html");
    let link = dir.path().join("link.html");
    std::fs::write(&target, "old").unwrap();
    std::os::unix::fs::symlink("real.html", &link).unwrap();
    let output = perf(&["report", "budgets", "-o", link.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let html = std::fs::read_to_string(&target).unwrap();
    assert!(html.contains("<html"), "the link's target holds the report");
    assert_eq!(names(dir.path()), ["link.html", "real.html"]);
}

#[test]
fn fmt_through_a_symlink_keeps_the_link() {
    let (canonical, messy) = canonical_and_messy();
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.txt");
    std::fs::write(&real, &messy).unwrap();
    std::os::unix::fs::symlink("real.txt", dir.path().join("link.toml")).unwrap();
    let output = perf_in(dir.path(), &["fmt", "link.toml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let link = std::fs::symlink_metadata(dir.path().join("link.toml")).unwrap();
    assert!(link.file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&real).unwrap(), canonical);
    assert_eq!(names(dir.path()), ["link.toml", "real.txt"]);
}

#[test]
fn fmt_refuses_a_hard_linked_file_and_leaves_its_twin_alone() {
    let (canonical, messy) = canonical_and_messy();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), &messy).unwrap();
    std::fs::hard_link(dir.path().join("a.toml"), dir.path().join("twin.txt")).unwrap();
    // Another file of the same run is still formatted.
    std::fs::write(dir.path().join("b.toml"), &messy).unwrap();
    let output = perf_in(dir.path(), &["fmt", "a.toml", "b.toml"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("a.toml 有 2 个硬链接"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.toml")).unwrap(),
        messy
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("twin.txt")).unwrap(),
        messy
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.toml")).unwrap(),
        canonical
    );
    assert_eq!(names(dir.path()), ["a.toml", "b.toml", "twin.txt"]);
}

#[test]
fn fmt_refuses_a_read_only_file_and_keeps_it_as_it_was() {
    let (_, messy) = canonical_and_messy();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.toml");
    std::fs::write(&path, &messy).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::metadata(&path).unwrap();
    let output = perf_in(dir.path(), &["fmt", "a.toml"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("a.toml 是只读文件"), "{err}");
    assert!(err.contains("chmod u+w"), "{err}");
    let after = std::fs::metadata(&path).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), messy);
    assert_eq!(after.permissions().mode() & 0o777, 0o444);
    assert_eq!(
        std::os::unix::fs::MetadataExt::ino(&after),
        std::os::unix::fs::MetadataExt::ino(&before)
    );
}

#[test]
fn outputs_that_are_inputs_of_the_run_are_refused() {
    let tree = tree();
    let project = format!("budgets/{DEPT}/{PROJECT}");
    let department = format!("budgets/{DEPT}/department.toml");
    std::fs::write(tree.path().join("perf.toml"), "").unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["report", "budgets", "-o", &project],
        vec!["report", "budgets", "-o", &department],
        vec!["report", "budgets", "-o", "perf.toml"],
        vec!["validate", "budgets", "--output", &project],
        vec!["validate", "budgets", "--output", &department],
        vec!["validate", "budgets", "--write-baseline", &project],
        vec!["validate", "budgets", "--write-baseline", "perf.toml"],
        vec![
            "validate",
            "budgets",
            "--write-baseline",
            "budgets/new.toml",
        ],
        vec!["export", "budgets", "--format", "json", "-o", &project],
        vec!["export", "budgets", "--format", "sqlite", "-o", &department],
    ];
    let files = [project.as_str(), department.as_str(), "perf.toml"];
    let before: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(tree.path().join(f)).unwrap())
        .collect();
    for args in &cases {
        let output = perf_in(tree.path(), args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        let err = stderr(&output);
        assert!(
            err.contains("不能作为输出") || err.contains("会覆盖预算数据"),
            "{err}"
        );
        assert_one_clean_message(&err);
    }
    for (file, bytes) in files.iter().zip(&before) {
        assert_eq!(
            &std::fs::read(tree.path().join(file)).unwrap(),
            bytes,
            "{file}"
        );
    }
    assert!(!tree.path().join("budgets/new.toml").exists());
    assert!(!tree.path().join("budgets/notes.toml").exists());
}

#[test]
fn a_folder_as_output_gets_one_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let budgets = root().join("budgets");
    let budgets = budgets.to_str().unwrap();
    for output in ["out", "out/", "missing/"] {
        let result = perf_in(dir.path(), &["report", budgets, "-o", output]);
        assert_eq!(result.status.code(), Some(2), "{output}");
        let err = stderr(&result);
        assert!(err.contains("是一个目录"), "{err}");
        assert_one_clean_message(&err);
    }
    let result = perf_in(dir.path(), &["report", budgets, "-o", "missing/r.html"]);
    assert_eq!(result.status.code(), Some(2));
    let err = stderr(&result);
    assert!(
        err.contains("目录") && err.contains("不存在；请先创建该目录"),
        "{err}"
    );
    assert_one_clean_message(&err);
    assert_eq!(names(dir.path()), ["out"]);
}

/// Runs `perf args` in `dir` under `umask 027`.
fn perf_with_umask(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg("umask 027 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_perf"))
        .args(args)
        .current_dir(dir)
        .env_remove("PERF_LANG")
        .output()
        .unwrap()
}

#[test]
fn new_files_get_0666_less_the_umask_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let budgets = root().join("budgets");
    let budgets = budgets.to_str().unwrap();
    let runs: [&[&str]; 5] = [
        &["export", budgets, "--format", "json", "-o", "out.json"],
        &["export", budgets, "-o", "out.xlsx"],
        &["export", budgets, "--format", "csv", "-o", "csv/"],
        &["export", budgets, "-o", "out.sqlite"],
        &["report", budgets, "-o", "out.html"],
    ];
    for args in runs {
        let output = perf_with_umask(dir.path(), args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let mut files = vec![
        dir.path().join("out.json"),
        dir.path().join("out.xlsx"),
        dir.path().join("out.sqlite"),
        dir.path().join("out.html"),
    ];
    for name in names(&dir.path().join("csv")) {
        files.push(dir.path().join("csv").join(name));
    }
    assert!(files.len() >= 8, "{files:?}");
    for file in files {
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "{}", file.display());
    }
}

#[test]
fn an_existing_mode_is_kept_when_an_output_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.html");
    std::fs::write(&path, "old").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o604)).unwrap();
    let output = perf(&["report", "budgets", "-o", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o604);
}

#[test]
fn a_foreign_sqlite_database_is_kept_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('留着');")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let out = path.to_str().unwrap();
    let refused = perf(&["export", "budgets", "-o", out]);
    assert_eq!(refused.status.code(), Some(2));
    let err = stderr(&refused);
    assert!(err.contains("看起来是 SQLite 数据库"), "{err}");
    assert!(err.contains("不是 perf 写出的文件"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_one_clean_message(&err);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(names(dir.path()), ["mine.db"]);
    // perf's own export is replaced without --force; a foreign one with it.
    let ours = dir.path().join("perf.db");
    let ours = ours.to_str().unwrap();
    for args in [
        vec!["export", "budgets", "-o", ours],
        vec!["export", "budgets", "-o", ours],
        vec!["export", "budgets", "-o", out, "--force"],
    ] {
        let output = perf(&args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let projects: i64 = conn
        .query_row("SELECT count(*) FROM projects", [], |r| r.get(0))
        .unwrap();
    assert_eq!(projects, 7);
}

#[test]
fn an_import_is_written_all_together_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join(DEPT);
    let seed = root().join("tests/fixtures/seed/高新区人社局-2024年部门预算绩效文本.txt");
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
    // One file hand-edited, another made read-only: --force may not replace the read-only
    // one, so it replaces none.
    let edited = target.join(PROJECT);
    std::fs::write(&edited, "# 手工改过\n").unwrap();
    let locked = target.join("department.toml");
    // (A file equal to what the import makes is left alone, so the locked one differs.)
    let mut text = std::fs::read_to_string(&locked).unwrap();
    text.push_str("# 本地备注\n");
    std::fs::write(&locked, text).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = names(&target);
    let output = run(args(true));
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("是只读文件"), "{err}");
    assert_eq!(std::fs::read_to_string(&edited).unwrap(), "# 手工改过\n");
    assert_eq!(
        names(&target),
        before,
        "no file added, no temporary file left"
    );
}

#[test]
fn a_csv_export_that_cannot_write_one_table_writes_none() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("csv");
    std::fs::create_dir_all(out.join("projects.csv")).unwrap();
    let output = perf(&[
        "export",
        "budgets",
        "--format",
        "csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("projects.csv 是一个目录"), "{err}");
    assert_one_clean_message(&err);
    assert_eq!(
        names(&out),
        ["projects.csv"],
        "no table written, no temporary file left"
    );
}

#[test]
fn sigterm_runs_the_cleanup_handler_and_exits_143() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("source.txt");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    // Reading a FIFO nobody writes to blocks: the run is in progress when the signal comes.
    let mut child = Command::new(env!("CARGO_BIN_EXE_perf"))
        .args(["import", "source.txt", "--dept-dir", "out"])
        .current_dir(dir.path())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143), "{status:?}");
    assert_eq!(names(dir.path()), ["source.txt"]);
}

#[test]
fn perf_new_creates_files_with_the_umask_and_says_a_blocked_folder_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "new",
        "department",
        "--name",
        "示例区民政局",
        "--year",
        "2025",
    ];
    let output = perf_with_umask(dir.path(), &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let file = dir.path().join("budgets/示例区民政局/department.toml");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);

    // A file where the budgets folder should be.
    let blocked = tempfile::tempdir().unwrap();
    std::fs::write(blocked.path().join("budgets"), "").unwrap();
    let output = perf_in(blocked.path(), &args);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("无法创建目录"), "{err}");
    assert!(err.contains("路径中有一段不是目录"), "{err}");
    assert_one_clean_message(&err);
}

/// A file of `bytes` at `dir/name`; its path as a string.
fn put(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_owned()
}

/// A minimal .docx: a zip holding word/document.xml.
fn docx() -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<Types/>").unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(
        "<w:document><w:body><w:p><w:r><w:t>年度工作总结</w:t></w:r></w:p></w:body></w:document>"
            .as_bytes(),
    )
    .unwrap();
    zip.finish().unwrap().into_inner()
}

/// A refusal of `path`: exit 2, one Chinese message naming it, what it looks like and the fix;
/// the file as it was and no temporary file left.
fn assert_kept(output: &std::process::Output, path: &str, looks_like: &str, before: &[u8]) {
    assert_eq!(output.status.code(), Some(2), "{}", stderr(output));
    let err = stderr(output);
    assert!(err.contains(path), "{err}");
    assert!(err.contains(&format!("看起来是{looks_like}")), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_one_clean_message(&err);
    assert_eq!(std::fs::read(path).unwrap(), before, "{path} untouched");
    let dir = Path::new(path).parent().unwrap();
    assert!(
        names(dir).iter().all(|n| !n.starts_with(".perf-")),
        "{:?}",
        names(dir)
    );
}

#[test]
fn a_report_over_a_word_document_is_refused_and_forced_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let before = docx();
    let path = put(dir.path(), "文本.docx", &before);
    let refused = perf(&["report", "budgets", "-o", &path]);
    assert_kept(&refused, &path, " Word 文档", &before);
    let forced = perf(&["report", "budgets", "-o", &path, "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(std::fs::read_to_string(&path).unwrap().contains("<html"));
}

#[test]
fn an_xlsx_export_keeps_a_clerks_workbook_and_replaces_its_own() {
    let dir = tempfile::tempdir().unwrap();
    // The clerk's workbook, written by the same library perf uses but without perf's marker.
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, "绩效目标").unwrap();
    let before = book.save_to_buffer().unwrap();
    let theirs = put(dir.path(), "绩效目标.xlsx", &before);
    let refused = perf(&["export", "budgets", "-o", &theirs]);
    assert_kept(&refused, &theirs, " Excel 工作簿", &before);
    // perf's own export is replaced by the next one without --force.
    let ours = dir.path().join("导出.xlsx");
    let ours = ours.to_str().unwrap();
    for _ in 0..2 {
        let output = perf(&["export", "budgets", "-o", ours]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    // A text file is not a workbook's to replace.
    let text = put(dir.path(), "notes.xlsx", "名称,金额\n".as_bytes());
    let refused = perf(&["export", "budgets", "-o", &text]);
    assert_kept(&refused, &text, "文本文件", "名称,金额\n".as_bytes());
    let forced = perf(&["export", "budgets", "-o", &theirs, "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert_ne!(std::fs::read(&theirs).unwrap(), before);
}

#[test]
fn validate_keeps_a_pdf_and_a_binary_file_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n".to_vec();
    let path = put(dir.path(), "findings.pdf", &pdf);
    for format in ["human", "json", "sarif", "junit"] {
        let refused = perf(&["validate", "budgets", "--format", format, "--output", &path]);
        assert_kept(&refused, &path, " PDF 文件", &pdf);
    }
    let gbk = b"\xCF\xEE\xC4\xBF,\xBD\xF0\xB6\xEE\n".to_vec();
    let baseline = put(dir.path(), "baseline.json", &gbk);
    let refused = perf(&["validate", "budgets", "--write-baseline", &baseline]);
    assert_kept(&refused, &baseline, "二进制文件", &gbk);
    let forced = perf(&[
        "validate",
        "budgets",
        "--write-baseline",
        &baseline,
        "--force",
    ]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    let forced = perf(&["validate", "budgets", "-o", &path, "--force"]);
    assert_eq!(forced.status.code(), Some(1), "{}", stderr(&forced));
    assert_ne!(std::fs::read(&path).unwrap(), pdf);
}

#[test]
fn schema_keeps_a_picture() {
    let dir = tempfile::tempdir().unwrap();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let path = put(dir.path(), "schema.json", &png);
    let refused = perf(&["schema", "project", "-o", &path]);
    assert_kept(&refused, &path, "图片", &png);
    let forced = perf(&["schema", "project", "-o", &path, "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
}

#[test]
fn an_old_json_export_and_an_empty_file_are_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let old = put(
        dir.path(),
        "old.json",
        b"{\"format\": \"something older\"}\n",
    );
    let empty = put(dir.path(), "empty.xlsx", b"");
    let empty_html = put(dir.path(), "empty.html", b"");
    for args in [
        vec!["export", "budgets", "--format", "json", "-o", &old],
        vec!["export", "budgets", "-o", &empty],
        vec!["report", "budgets", "-o", &empty_html],
    ] {
        let output = perf(&args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert!(
        std::fs::read_to_string(&old)
            .unwrap()
            .contains("perf-export")
    );
    assert!(std::fs::read(&empty).unwrap().starts_with(b"PK"));
    assert!(
        std::fs::read_to_string(&empty_html)
            .unwrap()
            .contains("<html")
    );
}

#[test]
fn a_csv_export_keeps_a_binary_file_where_a_table_goes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("csv");
    std::fs::create_dir_all(&out).unwrap();
    // An older export's table (text) is replaced; a workbook saved under a table's name is not.
    std::fs::write(out.join("plan.csv"), "旧,表\n").unwrap();
    let before = docx();
    let projects = put(&out, "projects.csv", &before);
    let args = |force: bool| {
        let mut a = vec![
            "export",
            "budgets",
            "--format",
            "csv",
            "-o",
            out.to_str().unwrap(),
        ];
        if force {
            a.push("--force");
        }
        perf(&a)
    };
    let refused = args(false);
    assert_kept(&refused, &projects, " Word 文档", &before);
    assert_eq!(
        names(&out),
        ["plan.csv", "projects.csv"],
        "no table written"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("plan.csv")).unwrap(),
        "旧,表\n"
    );
    let forced = args(true);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert_ne!(std::fs::read(&projects).unwrap(), before);
    assert_ne!(
        std::fs::read_to_string(out.join("plan.csv")).unwrap(),
        "旧,表\n"
    );
}
