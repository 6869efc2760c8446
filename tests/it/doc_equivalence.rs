//! perf parses budget files with its own one-pass builder (src/source/doc.rs) and hands
//! anything unusual to `toml::de::DeTable`. These tests hold the builder to the `toml` crate:
//! wherever it does not give up, it must build the same tree (keys, values, spans, order) —
//! on every file in the repository, on every fuzzing input, and on random documents made of
//! the shapes TOML's table rules are about. And it must not give up on real budget files, or
//! the speed-up is lost (docs/performance.md).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use perf::fuzzing::doc_agrees;
use perf::source::doc::parse_fast;
use proptest::prelude::*;

/// Every file under `dir` (recursively) whose name ends in `ext` (any file when empty), as text.
fn texts(dir: &str, ext: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| ext.is_empty() || e.path().extension().is_some_and(|x| x == ext))
        .filter_map(|e| {
            let text = String::from_utf8(std::fs::read(e.path()).ok()?).ok()?;
            Some((e.path().display().to_string(), text))
        })
        .collect()
}

#[test]
fn every_file_in_the_repository_parses_the_same_both_ways() {
    let mut count = 0;
    for dir in ["budgets", "examples", "tests", "schema"] {
        for (name, text) in texts(dir, "toml") {
            assert!(doc_agrees(&text), "{name}");
            count += 1;
        }
    }
    assert!(count > 100, "only {count} files found");
}

#[test]
fn every_fuzzing_input_parses_the_same_both_ways() {
    let mut count = 0;
    for dir in [
        "fuzz/corpus/validate_file",
        "fuzz/corpus/doc_equivalence",
        "tests/fuzz-regressions/validate_file",
    ] {
        for (name, text) in texts(dir, "") {
            assert!(doc_agrees(&text), "{name}: {text:?}");
            count += 1;
        }
    }
    assert!(count > 1000, "only {count} inputs found");
}

#[test]
fn budget_files_take_the_fast_path() {
    // The bundled trees: every file is valid TOML, so none may fall back.
    for dir in ["budgets", "examples"] {
        for (name, text) in texts(dir, "toml") {
            let text = text.trim_start_matches('\u{feff}');
            assert!(parse_fast(text).is_some(), "{name} fell back to toml::de");
        }
    }
}

/// Lines that exercise TOML's table rules: headers that define, imply, extend or redefine
/// tables and arrays of tables; dotted keys; duplicate keys; inline tables and arrays that
/// headers may not extend; strings with escapes, literal strings, numbers of every form.
const LINES: &[&str] = &[
    "[a]",
    "[b]",
    "[a.b]",
    "[a.b.c]",
    "[b.a]",
    "[\"a\"]",
    "[ a . b ]",
    "[[a]]",
    "[[b]]",
    "[[a.b]]",
    "[[a.c]]",
    "[[c]]",
    "a = 1",
    "b = \"x\"",
    "c = 'y'",
    "d = 1.5",
    "a.b = 2",
    "b.c.d = true",
    "\"a\" = 3",
    "'b' = 4",
    "c = { x = 1, y = \"z\" }",
    "a = { b = { c = 1 } }",
    "b = [1, 2, 3]",
    "c = [{ x = 1 }, { x = 2 }]",
    "d = []",
    "e = \"\\u00e9\\n\\t\"",
    "f = \"\"\"\nmulti\nline\"\"\"",
    "g = 0x1F",
    "h = 1_000",
    "i = 1979-05-27T07:32:00Z",
    "j = 1e3",
    "k = -0.0",
    "名称 = \"中文\"",
    "\"预算 数\" = 100",
    "# a comment",
    "",
    "x = ",
    "[",
    "l = inf",
    "m = \"a\" # trailing",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn random_documents_parse_the_same_both_ways(
        picks in proptest::collection::vec(0..LINES.len(), 0..14),
        crlf in any::<bool>(),
    ) {
        let newline = if crlf { "\r\n" } else { "\n" };
        let text: String = picks
            .iter()
            .map(|&i| format!("{}{newline}", LINES[i]))
            .collect();
        prop_assert!(doc_agrees(&text), "{text:?}");
    }
}

proptest! {
    #[test]
    fn same_key_is_string_equality(a in "[a-z0-9预算_]{0,8}", b in "[a-z0-9预算_]{0,8}") {
        prop_assert_eq!(perf::source::doc::same_key(&a, &b), a == b);
        prop_assert!(perf::source::doc::same_key(&a, &a.clone()));
    }
}
