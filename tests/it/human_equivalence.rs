//! perf writes the human format's one shape itself (src/diag/render/human_direct.rs) and
//! hands anything else to annotate-snippets. These tests hold the direct writer to
//! annotate-snippets: every finding perf reports on the files in the repository (the bundled
//! budgets, the real forms, every rule fixture), on a generated realistic tree and on every
//! fuzzing input is rendered both ways and must come out byte for byte the same wherever the
//! direct writer does not give up. And it must not give up on real budget files, or the
//! speed-up is lost (docs/performance.md). Generated odd cases (CJK, emoji, combining marks,
//! escapes, tabs, every gutter width, lines around the trimming threshold) are the unit tests
//! in human_direct.rs.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};

use perf::check::Scope;
use perf::fuzzing::{HumanAgreement, findings_of_bytes, human_agrees};
use perf::session::{Options, Session};
use perf::source::stream::refill_texts;

/// Checks `paths` as `perf validate` does and renders every finding both ways.
fn agreement(paths: &[PathBuf]) -> HumanAgreement {
    let session = Session::open(paths, &Options::default())
        .unwrap_or_else(|e| panic!("{paths:?}: no session: {e:?}"));
    let mut checked = session.check(Scope::Findings);
    refill_texts(&mut checked.files, &checked.diagnostics);
    human_agrees(&checked.files, &checked.diagnostics).unwrap_or_else(|e| panic!("{e}"))
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The entries of `dir` under the repository root, sorted (none when it is missing: the
/// counts asserted below catch a missing corpus).
fn entries(dir: &str) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .into_iter()
        .flatten()
        .map(|e| e.expect("readable").path())
        .collect();
    entries.sort();
    entries
}

#[test]
fn the_bundled_budgets_are_written_directly_and_the_same() {
    let seen = agreement(&[root().join("budgets")]);
    assert!(seen.direct >= 12, "{seen:?}");
    // Short lines, no tabs: not one finding may need annotate-snippets.
    assert_eq!(seen.annotated, 0, "{seen:?}");
}

#[test]
fn every_real_form_and_rule_fixture_renders_the_same_both_ways() {
    let mut total = HumanAgreement::default();
    let forms = entries("tests/real-forms")
        .into_iter()
        .map(|form| form.join("expected"));
    for path in forms.chain(entries("tests/rules")) {
        let seen = agreement(std::slice::from_ref(&path));
        total.direct += seen.direct;
        total.annotated += seen.annotated;
    }
    assert!(total.direct > 200, "{total:?}");
    assert!(total.annotated * 20 < total.direct, "{total:?}");
}

#[test]
fn a_generated_realistic_tree_renders_the_same_both_ways() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("realistic");
    crate::gen_corpus::generate_with(
        &dir,
        &[
            "--projects",
            "300",
            "--seed",
            "16",
            "--findings",
            "realistic",
        ],
    );
    let seen = agreement(std::slice::from_ref(&dir));
    assert!(seen.direct > 1_000, "{seen:?}");
    assert_eq!(seen.annotated, 0, "{seen:?}");
}

#[test]
fn every_fuzzing_input_renders_the_same_both_ways() {
    let mut total = HumanAgreement::default();
    for dir in [
        "fuzz/corpus/validate_file",
        "tests/fuzz-regressions/validate_file",
    ] {
        for path in entries(dir) {
            let bytes = std::fs::read(&path).unwrap();
            let Some((files, diagnostics)) = findings_of_bytes(&bytes) else {
                continue;
            };
            let seen = human_agrees(&files, &diagnostics)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            total.direct += seen.direct;
            total.annotated += seen.annotated;
        }
    }
    assert!(total.direct > 10_000, "{total:?}");
}
