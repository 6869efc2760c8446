//! The SARIF output validates against the SARIF 2.1.0 JSON schema.
//!
//! `tests/fixtures/sarif-schema-2.1.0.json` is the OASIS SARIF 2.1.0 schema
//! (`$id` <https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json>,
//! JSON Schema draft-07), copied from the `serde-sarif` 0.8.0 crate on crates.io
//! (`src/schema.json`, MIT), which generates its types from it; the test machines have no
//! network. One change: the two `language` patterns (`run`, `toolComponent`) read
//! `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$` in that copy, which is not a valid regular
//! expression, so a draft-07 validator rejects the schema itself; they are replaced by
//! `^[a-zA-Z]{2}(-[a-zA-Z]{2})?$`, the pattern of the corrected schema in oasis-tcs/sarif-spec
//! (SARIF 2.1.0 Errata 01). perf writes no `language`, so this changes nothing it is held to.
//!
//! Validation runs with format checking on, so `artifactLocation.uri` must be a real URI
//! reference (the Chinese file names under `budgets/` must be percent-encoded).
//!
//! The renderer is called directly on what `perf validate` would check: the sample budgets,
//! every rule fixture under `tests/rules/` (so every rule that can fire is in some result,
//! including F006's whole-file finding), and a few made-up findings with awkward paths and
//! messages.

// A harness fails by panicking; the helpers below are not `#[test]` functions, so clippy's
// allow-*-in-tests settings do not reach them.
#![allow(clippy::expect_used)]

use std::path::PathBuf;

use jsonschema::Validator;
use perf::check::judge_loaded;
use perf::diag::render::render_sarif;
use perf::diag::{Diagnostic, FileId, Severity};
use perf::rules::Settings;
use perf::rules::registry::{BUDGET_SUM, NOT_UTF8, OUTPUT_COVERAGE};
use perf::source::file::SourceFile;
use serde_json::Value;

fn validator() -> Validator {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-schema-2.1.0.json"),
    )
    .expect("the vendored schema is readable");
    let schema: Value = serde_json::from_str(&text).expect("the vendored schema is JSON");
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn sarif(files: &[SourceFile], diagnostics: &[Diagnostic]) -> Value {
    let mut out = Vec::new();
    render_sarif(&mut out, files, diagnostics).expect("writing to a Vec cannot fail");
    serde_json::from_slice(&out).expect("the SARIF output is JSON")
}

/// Fails with every schema violation, each with where it is in the log.
fn assert_valid(log: &Value) {
    let errors: Vec<String> = validator()
        .iter_errors(log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "the SARIF log violates the schema:\n{}",
        errors.join("\n")
    );
}

/// Loads and checks `path` as `perf validate` does, and renders the findings as SARIF.
fn sarif_for(path: &str) -> Value {
    let mut workspace = perf::source::load(&[PathBuf::from(path)]);
    assert!(workspace.errors.is_empty(), "{:?}", workspace.errors);
    let diagnostics = judge_loaded(&workspace, &Settings::default());
    workspace.keep_texts_for(&diagnostics);
    sarif(&workspace.files, &diagnostics)
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"]
        .as_array()
        .expect("the run has results")
}

#[test]
fn sample_budgets_validate() {
    let log = sarif_for("budgets");
    assert_valid(&log);
    assert!(
        !results(&log).is_empty(),
        "the sample budgets have findings"
    );
    for result in results(&log) {
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .expect("a result has a URI");
        assert!(uri.starts_with("budgets/%E9%AB%98"), "{uri}");
    }
}

#[test]
fn every_rule_fixture_validates() {
    let log = sarif_for("tests/rules");
    assert_valid(&log);
    let fired: std::collections::BTreeSet<&str> = results(&log)
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    // Not every fixture fires its own rule when all are checked together (X codes depend on
    // which department files are in scope), but the single-file ones do.
    for code in ["F001", "F006", "B001", "S001", "I001", "C001", "P001"] {
        assert!(fired.contains(code), "{code} did not fire: {fired:?}");
    }
}

#[test]
fn awkward_paths_and_messages_validate() {
    let text = "[budget]\ntotal = \"≧5个\"\r\n";
    let files = [
        SourceFile {
            path: PathBuf::from("预算 目录/a#b?c%d[1].toml"),
            text: Some(text.into()),
            suppressions: Vec::new(),
        },
        SourceFile {
            path: PathBuf::from("/abs/path with space/x.toml"),
            text: None,
            suppressions: Vec::new(),
        },
    ];
    let mut note = Diagnostic::new(
        &OUTPUT_COVERAGE,
        FileId(0),
        Some(0..text.len()),
        "多行\n消息",
    )
    .with_help("“帮助” <b>&amp;</b>\t");
    note.severity = Severity::Note;
    let diagnostics = [
        Diagnostic::new(&BUDGET_SUM, FileId(0), Some(9..14), "合计不符"),
        Diagnostic::new(&BUDGET_SUM, FileId(0), Some(14..14), "空范围"),
        note,
        Diagnostic::new(&NOT_UTF8, FileId(1), None, "不是 UTF-8"),
    ];
    let log = sarif(&files, &diagnostics);
    assert_valid(&log);
    assert_eq!(results(&log).len(), 4);
}

#[test]
fn the_schema_rejects_what_it_should() {
    // Guards against a vacuous pass: the vendored schema and the validator really check
    // required properties, enums and URI formats.
    let valid = sarif_for("budgets");
    let validator = validator();
    assert!(validator.is_valid(&valid));

    let mut no_driver_name = valid.clone();
    no_driver_name["runs"][0]["tool"]["driver"]
        .as_object_mut()
        .expect("driver is an object")
        .remove("name");
    assert!(!validator.is_valid(&no_driver_name));

    let mut bad_version = valid.clone();
    bad_version["version"] = "2.0.0".into();
    assert!(!validator.is_valid(&bad_version));

    let mut bad_level = valid.clone();
    bad_level["runs"][0]["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"] =
        "fatal".into();
    assert!(!validator.is_valid(&bad_level));

    let with_uri = |uri: &str| {
        let mut log = valid.clone();
        log["runs"][0]["results"] = serde_json::json!([{
            "message": { "text": "x" },
            "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri } } }],
        }]);
        log
    };
    assert!(validator.is_valid(&with_uri("budgets/%E9%AB%98.toml")));
    assert!(!validator.is_valid(&with_uri("a b.toml")));
    assert!(!validator.is_valid(&with_uri("budgets/高.toml")));
}
