//! `--help` in the reader's language (issue 18): Chinese by default, English with `--lang en`
//! or `PERF_LANG=en`, and an example block in every command's help.

use crate::common::{perf, stderr, stdout};

const SUBCOMMANDS: &[&str] = &[
    "validate",
    "summary",
    "rules",
    "config",
    "target",
    "diff",
    "show",
    "report",
    "export",
    "fmt",
    "import",
    "new",
    "schema",
    "monitor",
    "score",
    "completions",
    "man",
    "lsp",
];

fn help(args: &[&str]) -> String {
    let output = perf(args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        stderr(&output)
    );
    stdout(&output)
}

#[test]
fn help_is_chinese_by_default_and_english_with_lang_en() {
    let zh = help(&["validate", "--help"]);
    assert!(zh.contains("检查预算绩效文件"), "{zh}");
    let en = help(&["validate", "--help", "--lang", "en"]);
    assert!(en.contains("Check budget files"), "{en}");
    let en = help(&["--lang=en", "--help"]);
    assert!(en.contains("validate and summarise"), "{en}");
    let zh = help(&["--help"]);
    assert!(zh.contains("预算绩效文件的检查与汇总工具"), "{zh}");
}

#[test]
fn perf_lang_en_gives_english_help() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_perf"))
        .args(["summary", "--help"])
        .env("PERF_LANG", "en")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = stdout(&output);
    assert!(text.contains("Total budgets"), "{text}");
}

#[test]
fn every_command_has_examples() {
    for sub in SUBCOMMANDS {
        let zh = help(&[sub, "--help"]);
        assert!(zh.contains("示例：\n  perf "), "{sub}: {zh}");
        let en = help(&[sub, "--help", "--lang", "en"]);
        assert!(en.contains("Examples:\n  perf "), "{sub}: {en}");
    }
}

#[test]
fn the_global_options_are_described_in_the_help_language() {
    let zh = help(&["score", "--help"]);
    assert!(
        zh.contains("何时给输出着色") && zh.contains("消息和标题的语言"),
        "{zh}"
    );
    let en = help(&["score", "--help", "--lang", "en"]);
    assert!(en.contains("When to colour the output"), "{en}");
}

/// Every option is described in the help language: a command's own options (not only the
/// global ones), the value lists and defaults (in the text, not clap's English lists), and
/// the section headings.
#[test]
fn every_option_is_described_in_the_help_language() {
    let zh = help(&["validate", "--help"]);
    for text in [
        "用法：perf validate",
        "选项:",
        "输出格式：human（源码行、下划线和提示，默认）",
        "[默认：human]",
        "有警告也失败（退出码 1）",
        "把这条规则（代码或名称）按错误报告；可重复",
        "显示帮助",
    ] {
        assert!(zh.contains(text), "{text} missing from:\n{zh}");
    }
    for english in [
        "Output format",
        "Possible values",
        "[default: human]",
        "Print help",
    ] {
        assert!(
            !zh.contains(english),
            "{english} in the Chinese help:\n{zh}"
        );
    }
    let en = help(&["validate", "--help", "--lang", "en"]);
    for text in [
        "Usage: perf validate",
        "Output format: human",
        "[default: human]",
    ] {
        assert!(en.contains(text), "{text} missing from:\n{en}");
    }
    let nested = help(&["new", "project", "--help"]);
    assert!(
        nested.contains("在部门目录中新建一个项目文件")
            && nested.contains("复制这个项目文件的结构和文字"),
        "{nested}"
    );
    let root = help(&["--help"]);
    assert!(
        root.contains("命令:") && root.contains("显示版本"),
        "{root}"
    );
}
