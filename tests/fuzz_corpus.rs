//! Replays the fuzzers' committed corpora (fuzz/corpus/, minimized with `cargo fuzz cmin`) and
//! every crash they ever found (tests/fuzz-regressions/) as ordinary tests, so `cargo test`
//! guards against regressions without nightly tools or a fuzzer.

use std::path::Path;

fn inputs(dir: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let Ok(entries) = std::fs::read_dir(&root) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.path().display().to_string(),
                std::fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn validate_file_corpus_runs_without_panicking() {
    let corpus = inputs("fuzz/corpus/validate_file");
    assert!(!corpus.is_empty(), "the committed corpus is present");
    for (name, bytes) in corpus
        .iter()
        .chain(inputs("tests/fuzz-regressions/validate_file").iter())
    {
        let result = std::panic::catch_unwind(|| perf::fuzzing::validate_bytes(bytes));
        assert!(result.is_ok(), "{name} panics");
    }
}

#[test]
fn target_grammar_corpus_reads_back_the_same() {
    let corpus = inputs("fuzz/corpus/target_grammar");
    assert!(!corpus.is_empty(), "the committed corpus is present");
    for (name, bytes) in corpus
        .iter()
        .chain(inputs("tests/fuzz-regressions/target_grammar").iter())
    {
        if let Ok(text) = std::str::from_utf8(bytes) {
            assert!(perf::fuzzing::target_roundtrip(text), "{name}: {text:?}");
        }
    }
}

#[test]
fn import_document_corpus_runs_without_panicking() {
    let corpus = inputs("fuzz/corpus/import_document");
    assert!(!corpus.is_empty(), "the committed corpus is present");
    for (name, bytes) in corpus
        .iter()
        .chain(inputs("tests/fuzz-regressions/import_document").iter())
    {
        let result = std::panic::catch_unwind(|| perf::fuzzing::import_bytes(bytes));
        match result {
            Ok(Ok(_)) => {}
            Ok(Err(bug)) => panic!("{name}: an imported file does not read back: {bug}"),
            Err(_) => panic!("{name} panics"),
        }
    }
}

/// The workbook targets: each file as the format its corpus is for. (.xls is read in this
/// process here, under its panic guard; `perf import` reads it in a child process.)
fn replay_workbooks(target: &str, ext: &str) {
    let corpus = inputs(&format!("fuzz/corpus/{target}"));
    assert!(!corpus.is_empty(), "the committed corpus is present");
    for (name, bytes) in corpus
        .iter()
        .chain(inputs(&format!("tests/fuzz-regressions/{target}")).iter())
    {
        let result = std::panic::catch_unwind(|| perf::fuzzing::import_as(ext, bytes));
        match result {
            Ok(Ok(_)) => {}
            Ok(Err(bug)) => panic!("{name}: an imported file does not read back: {bug}"),
            Err(_) => panic!("{name} panics"),
        }
    }
}

#[test]
fn import_xlsx_corpus_runs_without_panicking() {
    replay_workbooks("import_xlsx", "xlsx");
}

#[test]
fn import_xls_corpus_runs_without_panicking() {
    replay_workbooks("import_xls", "xls");
}

#[test]
fn import_ods_corpus_runs_without_panicking() {
    replay_workbooks("import_ods", "ods");
}

#[test]
fn fmt_corpus_formats_to_the_same_values_idempotently() {
    let corpus = inputs("fuzz/corpus/fmt");
    assert!(!corpus.is_empty(), "the committed corpus is present");
    for (name, bytes) in corpus
        .iter()
        .chain(inputs("tests/fuzz-regressions/fmt").iter())
    {
        if let Ok(text) = std::str::from_utf8(bytes) {
            assert!(perf::fuzzing::fmt_roundtrip(text), "{name}: {text:?}");
        }
    }
}
