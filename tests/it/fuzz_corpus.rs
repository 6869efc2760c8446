//! Replays the fuzzers' committed corpora (fuzz/corpus/, minimized with `cargo fuzz cmin`) and
//! every crash they ever found (tests/fuzz-regressions/) as ordinary tests, so `cargo test`
//! guards against regressions without nightly tools or a fuzzer.

#![allow(clippy::unwrap_used, clippy::panic)]

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

/// .xls through the real binary: calamine can abort on an allocation (one regression input
/// asks for 118 GB), which `perf import` survives by reading in a child process — and which
/// would take this test process down if replayed in it.
#[test]
fn import_xls_corpus_is_refused_or_imported_never_crashes() {
    let corpus = inputs("fuzz/corpus/import_xls");
    assert!(!corpus.is_empty(), "the committed corpus is present");
    let regressions = inputs("tests/fuzz-regressions/import_xls");
    assert!(!regressions.is_empty(), "the regressions are present");
    let tmp = tempfile::tempdir().unwrap();
    for (k, (name, _)) in corpus.iter().chain(regressions.iter()).enumerate() {
        let dir = tmp.path().join(format!("d{k}"));
        let out = crate::common::perf(&[
            "import",
            name,
            "--dept-dir",
            dir.to_str().unwrap(),
            "--year",
            "2025",
        ]);
        let err = crate::common::stderr(&out);
        assert!(matches!(out.status.code(), Some(0..=2)), "{name}: {out:?}");
        assert!(
            !err.contains("panicked") && !err.contains("memory allocation"),
            "{name}: {err}"
        );
        if name.contains("regressions") {
            assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        }
        if name.contains("alloc-abort") {
            assert!(
                err.contains("工作簿无法读取（文件可能已损坏"),
                "{name}: {err}"
            );
        }
    }
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
