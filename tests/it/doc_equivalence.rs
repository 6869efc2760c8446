//! perf parses budget files with its own readers — a hand-written scanner (src/source/scan.rs),
//! then a one-pass builder over `toml_parser`'s events (src/source/doc.rs) — and hands
//! anything unusual to `toml::de::DeTable`. These tests hold both fast readers to the `toml`
//! crate: wherever one does not give up, it must build the same tree (keys, values, spans,
//! order) — on every file in the repository, on generated trees, on every fuzzing
//! input, on hand-written tricky cases, on random documents made of the shapes TOML's table
//! rules are about and on random edits of a budget file. And they must not give up on real
//! budget files, or the speed-up is lost (docs/performance.md).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use perf::fuzzing::doc_agrees;
use perf::source::doc::{Value, from_toml, parse_fast};
use perf::source::scan::scan;
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
            assert!(scan(text).is_some(), "{name} fell back from the scanner");
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
    "n = [\n  1, # c\n  2,\n]",
    "o = -0",
    "p = \"tab\there\"",
    "q = { 1 = 2, '3' = \"4\" }",
    "05 = 40",
    "[[a.b.c]]",
    "[ a ]",
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

#[test]
fn generated_trees_parse_the_same_both_ways() {
    // `--findings realistic` puts several findings of the rules in every file (the shapes of
    // real tables); the sparse mix at 40% gives one defect of every kind in turn, syntax
    // errors and unknown keys among them.
    let mut syntax_errors = 0;
    for args in [
        [
            "--projects",
            "300",
            "--seed",
            "16",
            "--findings",
            "realistic",
        ],
        [
            "--projects",
            "300",
            "--seed",
            "17",
            "--defect-percent",
            "40",
        ],
    ] {
        let dir = tempfile::tempdir().unwrap();
        crate::gen_corpus::generate_with(dir.path(), &args);
        let (mut count, mut valid) = (0, 0);
        for (name, text) in texts(&dir.path().display().to_string(), "toml") {
            let text = text.trim_start_matches('\u{feff}');
            assert!(doc_agrees(text), "{name}");
            count += 1;
            if toml::de::DeTable::parse(text).is_ok() {
                valid += 1;
                // Every valid file the generator writes is of the shapes the scanner reads.
                assert!(scan(text).is_some(), "{name} fell back from the scanner");
            } else {
                syntax_errors += 1;
                assert!(scan(text).is_none(), "{name} is invalid TOML");
            }
        }
        assert!(
            count > 300 && valid > count * 9 / 10,
            "{valid} of {count} valid"
        );
    }
    assert!(syntax_errors > 0, "no syntax error generated");
}

/// Valid TOML the scanner chooses not to read, and invalid TOML: each must be given up on or
/// read as the `toml` crate reads it (and the invalid ones given up on).
const TRICKY: &[&str] = &[
    "a.b = 1\n",
    "x = \"\"\"\nmulti\nline\"\"\"\n",
    "x = \"\"\"\"\n",
    "x = '''lit'''\n",
    "x = ''\n",
    "x = \"\"\n",
    "x = 1979-05-27T07:32:00Z\n",
    "x = 1979-05-27 07:32:00\n",
    "x = 07:32:00\n",
    "x = +1\n",
    "x = -0\n",
    "x = -0.0\n",
    "x = 1_000\n",
    "x = 0x1F\n",
    "x = 0o7\n",
    "x = 0b1\n",
    "x = 1e3\n",
    "x = 1.5e-3\n",
    "x = inf\n",
    "x = -nan\n",
    "x = 9223372036854775807\n",
    "x = 9223372036854775808\n",
    "x = 123456789012345678\n",
    "x = 1.000000000000000000000000000000000000001\n",
    "x = \"\\e\\x41\"\n",
    "x = \"\\u00E9\\U0001f600\"\n",
    "x = \"\\uD800\"\n",
    "x = \"\\u+041\"\n",
    "x = \"\\U0000+041\"\n",
    "x = \"a\tb\"\n",
    "x = 'a\tb'\n",
    "x = \"a\u{7f}b\"\n",
    "x = \"a\u{1}b\"\n",
    "x = 'a\u{0}b'\n",
    "x = { a = 1, }\n",
    "x = {\n}\n",
    "x = { a = 1,\n b = 2 }\n",
    "x = { a = 1 # c\n}\n",
    "x = [\n1, # c\n2,\r\n]\n",
    "x = [1,\r2]\n",
    "a = 1 # c\u{7}\n",
    "a = 1 # c\u{7f}\n",
    "a = 1 # c\ta\n",
    "# c\r",
    "a = 1\r\n\r\n",
    "a = 1\n\r",
    "a = 1\r",
    "\u{feff}a = 1\n",
    "名称 = 1\n",
    "a = 1 b = 2\n",
    "a = 1, b = 2\n",
    "a = [1] [2]\n",
    "[a] b = 1\n",
    "[a]#c\nb=1#d",
    "[ a . b ]\n[ a ]\n",
    "[[ a ]]\n[[ a ]]\n",
    "[[a]]\n[[a.b]]\n[a.c]\n[[a]]\n",
    "[a]\nb = {}\n[a.b]\n",
    "[a]\nb = [{}]\n[[a.b]]\n",
    "a = [1]\n[[a]]\n",
    "[[a]]\n[a]\n",
    "[a.b]\n[a]\n[a]\n",
    "[a.b]\n[a.b.c]\n[a]\nb = 1\n",
    "\"a\" = 1\na = 2\n",
    "'a' = 1\n\"\\u0061\" = 2\n",
    "x = { a = 1, \"a\" = 2 }\n",
    "x = [[1], [[2]], {a = [{}]}]\n",
    "x = true\ny = false\nz = tru\n",
    "x = True\n",
    "x = 1.\n",
    "x = .1\n",
    "x = 01\n",
    "x = 0.1.2\n",
    "x = -\n",
    "x = 1__0\n",
    "x\n",
    "= 1\n",
    "x = \n",
    "x =\n1\n",
    "[]\n",
    "[a.]\n",
    "[.a]\n",
    "[a..b]\n",
    "[[a]\n",
    "[[a] ]\n",
    "[ [a]]\n",
    "[a]]\n",
];

#[test]
fn tricky_cases_are_given_up_on_or_read_the_same() {
    for text in TRICKY {
        assert!(doc_agrees(text), "{text:?}");
        if toml::de::DeTable::parse(text).is_err() {
            assert!(scan(text).is_none(), "{text:?} is invalid TOML");
        }
    }
    // Some of them are read, and the same way.
    let read = TRICKY.iter().filter(|t| scan(t).is_some()).count();
    assert!(read > 10, "only {read} read");
}

#[test]
fn the_scanner_reads_values_and_spans_as_the_toml_crate_does() {
    let text = "# 注释\r\n[project]\nname = \"学生\\\"资助\\\"\" # 名\n'key' = 'v'\n\
                year = 2024\nrate = -12.50\nok = true\n\
                goals = [ \"a\" , # c\n  'b',\n]\n\
                [plan]\n1 = 8\n05 = 40\n[[budget.items]]\nx = { 3 = 650, \"6\" = \"1900\" }\n";
    let slow = from_toml(toml::de::DeTable::parse(text).unwrap().into_inner());
    let fast = scan(text).unwrap();
    assert_eq!(fast, slow);
    let Value::Table(project) = &fast.get("project").unwrap().value else {
        panic!("project is a table");
    };
    let key = project.keys().nth(1).unwrap();
    assert_eq!(&text[key.span()], "'key'");
    let name = project.get("name").unwrap();
    assert_eq!(&text[name.span()], "\"学生\\\"资助\\\"\"");
    assert_eq!(name.value, Value::String("学生\"资助\"".into()));
    assert_eq!(
        project.get("rate").unwrap().value,
        Value::Float("-12.50".into())
    );
    assert_eq!(&text[fast.get("plan").unwrap().span()], "[plan]");
    assert_eq!(&text[fast.get("budget").unwrap().span()], "budget");
}

/// Characters whose insertion changes what a line of TOML means.
const EDITS: &[&str] = &[
    "\"", "'", "[", "]", "{", "}", ",", ".", "=", "#", " ", "\t", "\n", "\r", "\r\n", "\\", "\\u",
    "-", "+", "_", "0", "1", "e", "a", "名", "\u{7}", "\u{7f}", "\"\"", "''",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// A budget file with a few random insertions and deletions: wherever either fast reader
    /// reads the result, it reads it as the `toml` crate does.
    #[test]
    fn random_edits_of_a_budget_file_parse_the_same_both_ways(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0..EDITS.len(), 0..3usize), 1..4),
    ) {
        let mut text = String::from(SAMPLE);
        for (at, insert, delete) in edits {
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            let mut end = i;
            for _ in 0..delete {
                if let Some(c) = text[end..].chars().next() {
                    end += c.len_utf8();
                }
            }
            text.replace_range(i..end, EDITS[insert]);
        }
        prop_assert!(doc_agrees(&text), "{text:?}");
    }
}

/// A budget file of every shape the scanner reads, for random edits.
const SAMPLE: &str = "# 项目\n[project]\nname = \"学生\\t资助\" # 名\ncode = '01-2'\nyear = 2024\n\
goals = [\n  \"a\", # c\n  'b',\n]\n[budget]\ntotal = 12.5\nok = true\n[plan]\n3 = 20\n05 = 40\n\
[[indicator]]\nlevel1 = \"产出指标\"\nx = { 3 = 650, \"6\" = -1 }\n[[indicator]]\nname = \"\"\n";
