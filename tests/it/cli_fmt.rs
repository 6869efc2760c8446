//! `perf fmt`: the canonical layout keeps comments and values, `--check` and `--diff` write
//! nothing and exit 1 when a file would change, files are replaced atomically with their
//! permissions, and the committed trees are already canonical.

// A harness fails by panicking; the helpers below are not `#[test]` functions, so clippy's
// allow-*-in-tests settings do not reach them.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use crate::common::{perf, perf_in, stderr, stdout};
use perf::model::project::Project;
use perf::source::load;

/// A project file in a user's layout: keys out of order, stray spaces and indentation, a
/// literal string, a quoted month, tables in an unusual order, comments everywhere.
const MESSY: &str = r#"# 顶部注释：保留
[budget]   # 表头注释
fiscal=100
  total = 120   # 行尾注释
other = 20

[project]
department = '示例区民政局'
# 名称前的注释
name = "临时救助资金"
goals = [ "及时足额发放。",   # 目标后的注释
   "保障基本生活。" ]
year = 2024

[plan]
"12" = 100
3 = 25
6 = 50
10 = 80

[[indicator]]
target = '≧300人次'
level2 = "数量指标"
level1 = "产出指标"
name = "救助人次"


[[indicator]]
level1 = "满意度指标"
level2 = "服务对象满意度指标"
name = "满意度"
target =    "≥90%"
# 结尾注释
"#;

const CANONICAL: &str = r#"# 顶部注释：保留

[project]
# 名称前的注释
name = "临时救助资金"
department = "示例区民政局"
year = 2024
goals = [
  "及时足额发放。", # 目标后的注释
  "保障基本生活。",
]

[budget]   # 表头注释
total = 120   # 行尾注释
fiscal = 100
other = 20

[plan]
3 = 25
6 = 50
10 = 80
12 = 100

[[indicator]]
level1 = "产出指标"
level2 = "数量指标"
name = "救助人次"
target = '≧300人次'

[[indicator]]
level1 = "满意度指标"
level2 = "服务对象满意度指标"
name = "满意度"
target = "≥90%"
# 结尾注释
"#;

fn project(path: &Path) -> Project {
    let workspace = load(&[path.to_path_buf()]);
    assert!(
        workspace.diagnostics.is_empty(),
        "{:?}",
        workspace.diagnostics
    );
    workspace.projects[0].project.clone()
}

fn messy_tree() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("临时救助资金.toml");
    std::fs::write(&path, MESSY).unwrap();
    (dir, path)
}

#[test]
fn the_committed_trees_are_already_canonical() {
    let output = perf(&["fmt", "--check", "budgets/", "examples/"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "");
}

#[test]
fn check_lists_the_files_that_would_change_and_writes_nothing() {
    let (dir, path) = messy_tree();
    let output = perf_in(dir.path(), &["fmt", "--check", "."]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("临时救助资金.toml"));
    assert!(stderr(&output).contains("需要格式化 1 个文件"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), MESSY);
}

#[test]
fn diff_shows_a_unified_diff_and_writes_nothing() {
    let (dir, path) = messy_tree();
    let output = perf_in(dir.path(), &["fmt", "--diff", "."]);
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    assert!(out.contains("--- ./临时救助资金.toml"), "{out}");
    assert!(out.contains("+department = \"示例区民政局\""), "{out}");
    assert!(out.contains("-department = '示例区民政局'"), "{out}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), MESSY);
}

#[test]
fn fmt_rewrites_to_the_canonical_layout_keeping_comments_and_values() {
    let (dir, path) = messy_tree();
    let before = project(&path);
    let output = perf_in(dir.path(), &["fmt", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("已格式化 1 个文件"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, CANONICAL);
    for line in MESSY.lines().filter_map(|l| l.find('#').map(|i| &l[i..])) {
        assert!(text.contains(line), "comment lost: {line}");
    }
    // The 指标值 keeps its literal quotes: targets are never rewritten.
    assert!(text.contains("target = '≧300人次'"));
    assert_eq!(project(&path), before, "formatting changed a value");
    // Idempotent: a second run changes nothing.
    let again = perf_in(dir.path(), &["fmt", "--check", "."]);
    assert_eq!(again.status.code(), Some(0));
}

#[cfg(unix)]
#[test]
fn fmt_replaces_the_file_atomically_and_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = messy_tree();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let output = perf_in(dir.path(), &["fmt", "."]);
    assert_eq!(output.status.code(), Some(0));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["临时救助资金.toml"],
        "no temporary file is left behind"
    );
}

#[test]
fn a_file_with_a_syntax_error_is_left_alone_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("坏.toml");
    std::fs::write(&broken, "[project]\nname = \"未闭合\n").unwrap();
    let good = dir.path().join("好.toml");
    std::fs::write(&good, MESSY).unwrap();
    let output = perf_in(dir.path(), &["fmt", "."]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("坏.toml:2:"), "{err}");
    assert!(err.contains("TOML 语法错误"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "[project]\nname = \"未闭合\n"
    );
    assert_eq!(std::fs::read_to_string(&good).unwrap(), CANONICAL);
}

#[test]
fn a_bom_and_windows_line_endings_survive() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("项目.toml");
    let text = format!("\u{feff}{}", MESSY.replace('\n', "\r\n"));
    std::fs::write(&path, text).unwrap();
    assert_eq!(perf_in(dir.path(), &["fmt", "."]).status.code(), Some(0));
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        written,
        format!("\u{feff}{}", CANONICAL.replace('\n', "\r\n"))
    );
}

#[test]
fn a_comment_after_the_last_item_without_a_trailing_comma_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.toml");
    std::fs::write(
        &path,
        "[project]\nname = \"x\"\ngoals = [\"a\", \"b\" # 备注\n]\n",
    )
    .unwrap();
    let output = perf_in(dir.path(), &["fmt", "a.toml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        text,
        "[project]\nname = \"x\"\ngoals = [\n  \"a\",\n  \"b\", # 备注\n]\n"
    );
}
