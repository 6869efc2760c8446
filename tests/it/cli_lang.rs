//! `--lang en` / `PERF_LANG=en`: findings, help, headings and notes in English; Chinese stays
//! the default (every other snapshot is the Chinese output).

use std::path::Path;
use std::process::Output;

use crate::common::{perf, stderr, stdout};
use assert_cmd::Command;

const TREE: &str = "tests/fixtures/formats";

/// Runs `perf` in the repository root with `PERF_LANG` set.
#[allow(clippy::expect_used)]
fn perf_env(lang: &str, args: &[&str]) -> Output {
    Command::cargo_bin("perf")
        .expect("the perf binary is built")
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env("PERF_LANG", lang)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("perf runs")
}

#[test]
fn validate_concise_in_english() {
    let output = perf(&["--lang", "en", "validate", "--format", "concise", TREE]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("lang_en_concise", stdout(&output));
    assert_eq!(
        stderr(&output).trim(),
        "checked 2 files: 2 errors, 5 warnings, 1 note"
    );
}

#[test]
fn validate_human_in_english() {
    // The flag is global: it may follow the subcommand too.
    let output = perf(&["validate", "--format", "human", "--lang", "en", TREE]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(!text.contains("指标值“"), "{text}");
    insta::assert_snapshot!("lang_en_human", text);
}

#[test]
fn summary_with_perf_lang() {
    let output = perf_env("en", &["summary", "--dept", "人社局"]);
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!("lang_en_summary_dept", stdout(&output));
}

#[test]
fn the_flag_wins_over_the_environment() {
    let output = perf_env(
        "en",
        &["--lang", "zh", "validate", "--format", "concise", TREE],
    );
    assert!(stdout(&output).contains("满意度指标值“=100%”要求恰好 100%"));
    assert!(stderr(&output).contains("检查了 2 个文件"));
}

#[test]
fn a_rule_explained_in_english() {
    let output = perf(&["rules", "C001", "--lang", "en"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.starts_with(
            "# C001 `cost-total-mismatch`: an `=` cost target differs from the budget"
        ),
        "{text}"
    );
    for part in [
        "**Checks**",
        "**Why**",
        "**Example**",
        "**Fix**",
        "=7000万元",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }
    // The other language's summary sits beside the level, as in docs/rules.md.
    assert!(text.contains("default level error · 成本指标金额与预算数不一致"));
    let listing = stdout(&perf(&["--lang", "en", "rules"]));
    assert!(listing.contains("Summary") && listing.contains("the file is not valid TOML"));
}

#[test]
fn unknown_rule_and_bad_date_errors_follow_the_language() {
    let output = perf(&["--lang", "en", "rules", "Z999"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no rule “Z999”"),
        "{}",
        stderr(&output)
    );
    // Clap reads --deny before --lang: its error still comes in English.
    let output = perf(&["validate", "--deny", "Z999", "--lang", "en", TREE]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no rule `Z999`"),
        "{}",
        stderr(&output)
    );
    let output = perf_env("en", &["monitor", "--as-of", "yesterday"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot read the date"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_missing_path_is_reported_in_english() {
    let output = perf(&["--lang", "en", "validate", "no/such/folder"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("error: no such path: no/such/folder"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_unknown_language_is_refused() {
    let output = perf(&["--lang", "fr", "rules"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("use zh or en"));
}

#[test]
fn tables_of_the_other_commands_have_english_headings() {
    let target = stdout(&perf(&["--lang", "en", "target", "≥1,346.5万平方米"]));
    assert!(target.contains("kind: quantitative (quantity)"), "{target}");
    assert!(target.contains("comparator: ≥ (a floor"), "{target}");
    let show = stdout(&perf(&[
        "--lang",
        "en",
        "show",
        "被征地农民社会保障费",
        "budgets",
    ]));
    assert!(
        show.contains("Project name") && show.contains("Level-3 indicator"),
        "{show}"
    );
    assert!(show.contains("Checks: 1 error,"), "{show}");
    let monitor = stdout(&perf(&[
        "--lang",
        "en",
        "monitor",
        "examples",
        "--as-of",
        "2024-06-30",
    ]));
    assert!(monitor.contains("Execution rate"), "{monitor}");
    let score = stdout(&perf(&["--lang", "en", "score", "examples"]));
    assert!(score.contains("self-evaluation scores"), "{score}");
}

/// A bad command line is explained in Chinese by default, in clap's English with `--lang en`,
/// and always exits 2.
#[test]
fn command_line_errors_speak_the_users_language() {
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["summary", "--bogus"],
            &["不认识的参数“--bogus”", "-- --bogus", "用法：perf summary"],
        ),
        (
            &["valdate"],
            &["没有子命令“valdate”", "是不是要写：validate"],
        ),
        (
            &["summary", "--format", "bogus"],
            &["不能取值“bogus”", "table、csv、json、markdown"],
        ),
        (&["summary", "--months", "13"], &["13 不在 1 到 12 之间"]),
        (&["validate", "--deny", "ZZZ"], &["没有规则 `ZZZ`"]),
        (&["summary", "--format"], &["--format <FORMAT> 需要一个值"]),
    ];
    for (args, wanted) in cases {
        let output = crate::common::perf(args);
        let err = crate::common::stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        for w in *wanted {
            assert!(err.contains(w), "{args:?}: `{w}` missing in\n{err}");
        }
        assert!(!err.contains("For more information"), "{args:?}: {err}");
    }
    let english = crate::common::perf(&["--lang", "en", "summary", "--bogus"]);
    let err = crate::common::stderr(&english);
    assert_eq!(english.status.code(), Some(2));
    assert!(err.contains("unexpected argument '--bogus' found"), "{err}");
}

#[test]
fn the_help_subcommand_is_described_in_chinese() {
    let output = crate::common::perf(&["--help"]);
    let out = crate::common::stdout(&output);
    assert!(out.contains("显示本说明，或某个子命令的说明"), "{out}");
    assert!(!out.contains("Print this message"), "{out}");
    let help = crate::common::perf(&["help", "validate"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(crate::common::stdout(&help).contains("用法：perf validate"));
}
