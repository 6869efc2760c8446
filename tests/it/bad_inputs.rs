//! The bad-input corpus (tests/bad-inputs/ and inputs built here): whatever a file holds, perf
//! never panics, names the file, exits 1 (findings) or 2 (could not do the job) as documented,
//! and still checks every other file.

// Fixture set-up helpers may panic: a failed set-up is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use crate::common::{perf_in, stderr, stdout};

/// A temporary tree holding one bad file beside a clean project, so that "the other files are
/// still checked" can be seen.
fn tree_with(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let dept = dir.path().join("部门");
    std::fs::create_dir(&dept).unwrap();
    std::fs::copy(
        repo("examples/示例区教育局/department.toml"),
        dept.join("department.toml"),
    )
    .unwrap();
    std::fs::copy(
        repo("examples/示例区教育局/教师培训经费.toml"),
        dept.join("教师培训经费.toml"),
    )
    .unwrap();
    std::fs::write(dept.join(name), bytes).unwrap();
    dir
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn corpus(name: &str) -> Vec<u8> {
    std::fs::read(repo("tests/bad-inputs").join(name)).unwrap()
}

/// Runs `perf validate --format concise .` in `dir`: (status, stdout, stderr).
fn validate(dir: &Path) -> (Option<i32>, String, String) {
    let output = perf_in(dir, &["validate", "--format", "concise", "."]);
    (output.status.code(), stdout(&output), stderr(&output))
}

/// (corpus file, expected exit status, text the findings must contain)
const CASES: &[(&str, i32, &[&str])] = &[
    ("gbk.toml", 1, &["gbk.toml:1:1: error[F006]", "GBK"]),
    (
        "utf16-bom.toml",
        1,
        &["utf16-bom.toml:1:1: error[F006]", "UTF-16"],
    ),
    ("bom-crlf.toml", 0, &[]),
    ("empty.toml", 1, &["empty.toml:1:1: error[F005]"]),
    (
        "binary-junk.toml",
        1,
        &["binary-junk.toml:1:1: error[F006]"],
    ),
    (
        "deeply-nested.toml",
        1,
        &["deeply-nested.toml:2:", "error[F001]", "recursion"],
    ),
    (
        "duplicate-keys.toml",
        1,
        &["duplicate-keys.toml:8:1: error[F001]", "duplicate key"],
    ),
    (
        "duplicate-tables.toml",
        1,
        &["duplicate-tables.toml:", "error[F001]"],
    ),
    ("nan-inf.toml", 1, &["error[F004]", "小数 nan", "小数 inf"]),
    (
        "huge-numbers.toml",
        1,
        &[
            "error[F004]",
            "`total`（预算数） 数额过大：79228162514264337593543950335 超过 perf 接受的上限",
            "0.00000000000000000000000000001",
        ],
    ),
    (
        "impossible-date.toml",
        1,
        &["impossible-date.toml:46:10: error[I005] 指标值“2024年13月32日前”无法解析：日期不存在"],
    ),
    (
        "sixteen-digits.toml",
        1,
        &[
            "sixteen-digits.toml:15:9: error[F004] [budget] 的 `total`（预算数） 数额过大：\
             1234567890123456 超过 perf 接受的上限（绝对值不超过 1000000000000000",
            "sixteen-digits.toml:21:5: error[F004] [plan] 的 6 月 数额过大：99999999999999999",
        ],
    ),
    (
        "curly-quotes.toml",
        1,
        &["curly-quotes.toml:4:8: error[F001] TOML 语法错误：文字没有用英文双引号括起"],
    ),
    (
        "full-width-equals.toml",
        1,
        &["full-width-equals.toml:15:7: error[F001] TOML 语法错误：键后面缺少等号 `=`"],
    ),
    (
        "full-width-brackets.toml",
        1,
        &["full-width-brackets.toml:14:1: error[F001] TOML 语法错误：键名无效"],
    ),
    (
        "quoted-amount.toml",
        1,
        &["quoted-amount.toml:15:9: error[F004] [budget] 的 `total`（预算数） 应为数字"],
    ),
    ("negative-zero.toml", 0, &[]),
    ("ten-thousand-rows.toml", 0, &[]),
];

#[test]
fn every_corpus_file_is_judged_and_the_others_still_checked() {
    for &(name, status, expected) in CASES {
        let dir = tree_with(name, &corpus(name));
        let (code, out, err) = validate(dir.path());
        assert_eq!(code, Some(status), "{name}\n{out}{err}");
        for text in expected {
            assert!(out.contains(text), "{name}: {text:?} missing from\n{out}");
        }
        assert!(
            err.contains("检查了 3 个文件"),
            "{name}: every file is checked\n{err}"
        );
        assert!(
            !out.contains("教师培训经费.toml"),
            "{name}: the clean file stays clean\n{out}"
        );
    }
}

/// (corpus file, the help the full report must give): the mistakes clerks make (issue 18).
const HINTS: &[(&str, &str)] = &[
    (
        "curly-quotes.toml",
        "help: 把中文引号 “…” 换成英文双引号 \"…\"",
    ),
    (
        "full-width-equals.toml",
        "help: 把全角的“＝”换成英文半角的“=”",
    ),
    (
        "full-width-brackets.toml",
        "help: 把全角的“［”换成英文半角的“[”",
    ),
    (
        "quoted-amount.toml",
        "help: 金额写数字，不加引号和单位：`total = 120`（单位在 [budget] 的 unit 里，默认万元）",
    ),
];

#[test]
fn clerks_mistakes_get_a_hint_naming_the_fix() {
    for &(name, hint) in HINTS {
        let dir = tree_with(name, &corpus(name));
        let output = perf_in(dir.path(), &["validate", "."]);
        let out = stdout(&output);
        assert!(out.contains(hint), "{name}: {hint:?} missing from\n{out}");
        assert!(
            !out.contains("字符串要用英文双引号"),
            "{name}: no help may lead clerks to quote numbers\n{out}"
        );
    }
}

#[test]
fn a_generic_syntax_error_says_numbers_take_no_quotes() {
    let dir = tree_with("x.toml", b"[project\nname = \"a\"\n");
    let output = perf_in(dir.path(), &["validate", "."]);
    let out = stdout(&output);
    assert!(out.contains("表头的方括号没有闭合"), "{out}");
    assert!(
        out.contains("数字直接写、不加引号（如 `total = 120`）"),
        "{out}"
    );
}

#[test]
fn syntax_errors_are_explained_in_english_with_lang_en() {
    let name = "curly-quotes.toml";
    let dir = tree_with(name, &corpus(name));
    let output = perf_in(dir.path(), &["validate", "--lang", "en", "."]);
    let out = stdout(&output);
    assert!(
        out.contains("replace the curly quotes “…” with straight double quotes"),
        "{out}"
    );
}

#[test]
fn gbk_gets_a_conversion_hint() {
    let dir = tree_with("gbk.toml", &corpus("gbk.toml"));
    let output = perf_in(dir.path(), &["validate", "."]);
    assert!(
        stdout(&output).contains("iconv -f GBK -t UTF-8"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn gbk_files_can_be_read_with_encoding_gbk() {
    let dir = tree_with("gbk.toml", &corpus("gbk.toml"));
    let output = perf_in(
        dir.path(),
        &["validate", "--format", "concise", "--encoding", "gbk", "."],
    );
    let out = stdout(&output);
    assert!(!out.contains("F006"), "decoded as GBK: {out}");
    assert_eq!(
        output.status.code(),
        Some(0),
        "read and judged like any file: {out}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    let dir = tree_with("big.toml", &corpus("ten-thousand-rows.toml"));
    std::fs::write(dir.path().join("perf.toml"), "[limits]\nmax_file_mb = 1\n").unwrap();
    let (code, out, err) = validate(dir.path());
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(
        out.contains("big.toml:1:1: error[F009]") && out.contains("1.2 MB"),
        "{out}"
    );
    assert!(err.contains("检查了 3 个文件"), "{err}");
}

#[test]
fn a_directory_named_like_a_budget_file_is_walked() {
    let dir = tree_with("x.toml", b"");
    std::fs::remove_file(dir.path().join("部门/x.toml")).unwrap();
    std::fs::create_dir(dir.path().join("部门/x.toml")).unwrap();
    let (code, _, err) = validate(dir.path());
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn an_unreadable_file_exits_two_and_the_others_are_checked() {
    // Reading /proc/self/mem from its start fails with an I/O error even for root, which
    // ignores permission bits: a portable stand-in for an unreadable file on Linux.
    let dir = tree_with(
        "ok.toml",
        &std::fs::read(repo("examples/示例区教育局/校舍维修改造.toml")).unwrap(),
    );
    let output = perf_in(
        dir.path(),
        &["validate", "--format", "concise", "/proc/self/mem", "."],
    );
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("无法读取文件 /proc/self/mem"), "{err}");
    assert!(err.contains("检查了 4 个文件"), "{err}");
}

/// A FIFO named `x.toml` is reported and never opened: opening it would wait for a writer
/// forever, so a hang here is the failure (the test harness would time out).
#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_budget_file_is_reported_not_read() {
    let dir = tree_with("x.toml", b"");
    let fifo = dir.path().join("部门/x.toml");
    std::fs::remove_file(&fifo).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let (status, out, err) = validate(dir.path());
    assert_eq!(status, Some(2), "{out}{err}");
    assert!(
        err.contains("x.toml 是命名管道（FIFO），不是普通文件"),
        "{err}"
    );
    // Summary's one-pass walk (the streaming loader) says the same.
    let output = perf_in(dir.path(), &["summary", "."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("命名管道（FIFO）"),
        "{}",
        stderr(&output)
    );
    // Named on the command line, whatever its name.
    let other = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&other)
        .status()
        .unwrap();
    assert!(made.success());
    let output = perf_in(dir.path(), &["validate", "pipe"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("pipe 是命名管道（FIFO）"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn symlinks_out_of_the_tree_dangling_or_looping_are_reported_not_followed() {
    let dir = tree_with(
        "ok.toml",
        &std::fs::read(repo("examples/示例区教育局/校舍维修改造.toml")).unwrap(),
    );
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.toml"),
        "[project]\nname = \"树外\"\n",
    )
    .unwrap();
    let dept = dir.path().join("部门");
    std::os::unix::fs::symlink(outside.path().join("secret.toml"), dept.join("out.toml")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/x.toml", dept.join("dangling.toml")).unwrap();
    std::os::unix::fs::symlink("loop2.toml", dept.join("loop1.toml")).unwrap();
    std::os::unix::fs::symlink("loop1.toml", dept.join("loop2.toml")).unwrap();
    std::os::unix::fs::symlink("ok.toml", dept.join("inside.toml")).unwrap();
    let (code, out, err) = validate(dir.path());
    assert_eq!(code, Some(2), "{out}{err}");
    assert!(err.contains("out.toml") && err.contains("未跟随"), "{err}");
    assert!(
        err.contains("dangling.toml") && err.contains("loop1.toml"),
        "{err}"
    );
    assert!(
        !out.contains("树外") && !out.contains("X001"),
        "not followed, not loaded twice: {out}"
    );
    assert!(err.contains("检查了 3 个文件"), "{err}");
}

#[test]
fn non_utf8_file_names_are_named() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tree_with("ok.toml", b"");
    std::fs::remove_file(dir.path().join("部门/ok.toml")).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"\xC8\xCB\xC9\xE7.toml"); // "人社" in GBK
    std::fs::write(dir.path().join("部门").join(name), "[project\n").unwrap();
    let (code, out, _) = validate(dir.path());
    assert_eq!(code, Some(1));
    assert!(
        out.contains(".toml:1:") && out.contains("error[F001]"),
        "{out}"
    );
}

#[test]
fn an_empty_tree_and_a_missing_path_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = validate(dir.path());
    assert_eq!(code, Some(2));
    assert!(err.contains("没有找到预算文件"), "{err}");
    let output = perf_in(dir.path(), &["validate", "不存在的目录"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("不存在的目录"));
}
