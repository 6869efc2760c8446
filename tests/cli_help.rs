//! `--help` in the reader's language (issue 18): Chinese by default, English with `--lang en`
//! or `PERF_LANG=en`, and an example block in every command's help.

mod common;

use common::{perf, stderr, stdout};

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
