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
        assert!(result.is_ok(), "{name} panics");
    }
}
