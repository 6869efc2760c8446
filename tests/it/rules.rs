//! One fixture per rule code, run in-process through the library entry point the CLI uses.
//!
//! Every code in the registry (`perf::diag::registry::REGISTRY`) has a fixture under
//! `tests/rules/`: `<CODE>.toml` for the rules a single file can trigger, and a directory
//! `<CODE>/` (a `department.toml` plus project files) for the cross-file rules X001–X006.
//! Each fixture starts with comments saying which line should fire and why; apart from that
//! one problem it is a copy of a clean project (examples/示例区教育局/学生资助补助经费.toml).
//!
//! For each code the test opens a `perf::session::Session` on the fixture (as `perf
//! validate` does, perf.toml lookup included), checks that the code is among the findings at
//! the default severity the registry gives it, and snapshots the findings rendered as
//! `perf validate --format concise` renders them, as `tests/it/snapshots/it__rules__<CODE>.snap`,
//! so every other finding a fixture produces is reviewed too. A single-file project fixture
//! has no department file beside it, so it also raises X002 (a warning); the snapshots show
//! that, and the assertions only require the fixture's own code.
//!
//! In-process, because 87 fixtures × 3 runs of the binary were the suite's slowest part
//! (issue 16 §4). The binary's side — the exit status, the JSON document, `perf rules
//! --markdown` listing the registry — is checked end to end on a few fixtures below.
//!
//! `tests/rules/F006.toml` is binary on purpose: it is GBK-encoded Chinese text, the very bytes
//! F006 exists to reject. Do not convert it to UTF-8 (editors and formatters may offer to).
//!
//! Paths are given relative to the repository root, so the paths in the snapshots are stable.
//! After an intended change to messages or positions, regenerate with
//! `INSTA_UPDATE=always cargo test --test it rules::` and review the diff of the snapshots.

// A harness fails by panicking; the helpers below are not `#[test]` functions, so clippy's
// allow-*-in-tests settings do not reach them.
#![allow(clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use perf::check::Scope;
use perf::diag::registry::{REGISTRY, Rule};
use perf::diag::render::render_concise;
use perf::session::{Options, Session};
use perf::source::stream::refill_texts;
use serde_json::Value;

/// The repository root: the binary's working directory, so fixture paths stay relative.
fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `perf` with `args` in the repository root, without colour, in the default language.
fn perf(args: &[&str]) -> Output {
    Command::cargo_bin("perf")
        .expect("the perf binary is built for integration tests")
        .current_dir(repo_root())
        .env_remove("PERF_LANG")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("perf runs")
}

fn stdout_of(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("perf writes UTF-8 to stdout")
}

/// The fixture of `code`, relative to the repository root: `tests/rules/<CODE>.toml` or the
/// directory `tests/rules/<CODE>`.
fn fixture(code: &str) -> Option<String> {
    [
        format!("tests/rules/{code}.toml"),
        format!("tests/rules/{code}"),
    ]
    .into_iter()
    .find(|p| repo_root().join(p).exists())
}

/// The findings of `path` (relative to the repository root) as `perf validate --format
/// concise` prints them, and the codes with their severities.
fn validate_in_process(path: &str) -> (String, Vec<(String, String)>) {
    // The session resolves paths against the working directory; the tests run from the
    // package root (cargo sets it), which is where the fixture paths are relative to.
    assert_eq!(
        std::env::current_dir().expect("a working directory"),
        repo_root(),
        "integration tests run in the package root"
    );
    let session = Session::open(&[PathBuf::from(path)], &Options::default())
        .unwrap_or_else(|e| panic!("{path}: no session: {e:?}"));
    let mut checked = session.check(Scope::Findings);
    refill_texts(&mut checked.files, &checked.diagnostics);
    let mut out = Vec::new();
    render_concise(&mut out, &checked.files, &checked.diagnostics).expect("renders");
    let fired = checked
        .diagnostics
        .iter()
        .map(|d| (d.rule.code.to_owned(), d.severity.as_str().to_owned()))
        .collect();
    (String::from_utf8(out).expect("UTF-8"), fired)
}

fn rule(code: &str) -> &'static Rule {
    REGISTRY
        .iter()
        .copied()
        .find(|r| r.code == code)
        .unwrap_or_else(|| panic!("{code} is not in the registry; remove its test and fixture"))
}

/// Checks the fixture of `code`: its finding at the registry's severity, and the concise
/// rendering against its snapshot.
fn check_fixture(code: &str) {
    let rule = rule(code);
    let path = fixture(code).unwrap_or_else(|| {
        panic!("no fixture for {code}: add tests/rules/{code}.toml or tests/rules/{code}/")
    });
    let (concise, fired) = validate_in_process(&path);
    let own: Vec<&(String, String)> = fired.iter().filter(|(c, _)| c == code).collect();
    assert!(
        !own.is_empty(),
        "{path} should trigger {code}, but perf reported {fired:?}"
    );
    for (_, severity) in own {
        assert_eq!(
            severity,
            rule.severity.as_str(),
            "{path}: {code} fired at another severity than its registry default"
        );
    }
    insta::assert_snapshot!(code, concise);
}

/// One `#[test]` per rule code, and the list of codes they cover.
macro_rules! rule_fixtures {
    ($($test:ident => $code:literal,)*) => {
        /// The codes that have a test below.
        const TESTED_CODES: &[&str] = &[$($code),*];
        $(
            #[test]
            fn $test() {
                check_fixture($code);
            }
        )*
    };
}

rule_fixtures! {
    f001_toml_syntax => "F001",
    f002_unknown_key => "F002",
    f003_missing_key => "F003",
    f004_invalid_value => "F004",
    f005_file_kind => "F005",
    f006_not_utf8 => "F006",
    f007_suppression_invalid => "F007",
    f008_suppression_unused => "F008",
    f009_file_too_large => "F009",
    p001_goals_empty => "P001",
    p002_output_coverage => "P002",
    p003_effect_missing => "P003",
    p004_satisfaction_missing => "P004",
    p005_purpose_missing => "P005",
    p006_goal_unmatched => "P006",
    p007_actuals_missing_closed_year => "P007",
    b001_budget_sum_mismatch => "B001",
    b002_negative_amount => "B002",
    b003_budget_split_missing => "B003",
    b004_budget_items_mismatch => "B004",
    b005_budget_sources_mismatch => "B005",
    b006_budget_total_zero => "B006",
    s001_plan_month_range => "S001",
    s002_plan_percent_range => "S002",
    s003_plan_decreasing => "S003",
    s004_plan_incomplete => "S004",
    s005_plan_behind_schedule => "S005",
    s006_plan_missing => "S006",
    i001_level1_unknown => "I001",
    i002_level2_unknown => "I002",
    i003_level2_misplaced => "I003",
    i004_level_hybrid => "I004",
    i005_target_unreadable => "I005",
    i006_target_empty => "I006",
    i007_percent_over_100 => "I007",
    i008_satisfaction_target => "I008",
    i009_duplicate_indicator => "I009",
    i010_basis_not_standard => "I010",
    i011_basis_other_unexplained => "I011",
    i012_target_no_comparator => "I012",
    i013_target_no_unit => "I013",
    i014_basis_missing => "I014",
    i015_rate_floor_100 => "I015",
    i016_satisfaction_under_social => "I016",
    i017_weights_incomplete => "I017",
    i018_weights_sum => "I018",
    i019_level_other_framework => "I019",
    i020_indicator_name_empty => "I020",
    i021_target_vague => "I021",
    i022_deadline_after_period => "I022",
    c001_cost_total_mismatch => "C001",
    c002_cost_cap_below_budget => "C002",
    c003_cost_cap_above_budget => "C003",
    c004_cost_floor => "C004",
    c005_cost_floor_above_budget => "C005",
    c006_cost_without_unit => "C006",
    c007_cost_per_period_over_budget => "C007",
    c008_unit_cost_over_budget => "C008",
    c009_unit_cost_unmatched => "C009",
    c010_cost_not_checkable => "C010",
    c011_cost_rows_over_budget => "C011",
    c012_unit_cost_no_currency => "C012",
    c013_unit_cost_small_share => "C013",
    c014_economic_benefit_over_budget => "C014",
    c015_effect_in_cost_row => "C015",
    x001_duplicate_project => "X001",
    x002_department_file_missing => "X002",
    x003_department_year_mismatch => "X003",
    x004_department_budget_mismatch => "X004",
    x005_duplicate_code => "X005",
    x006_department_unfilled => "X006",
    e001_spent_invalid => "E001",
    e002_likelihood_unexplained => "E002",
    e003_actual_unit_mismatch => "E003",
    e004_execution_rate_low => "E004",
    e005_target_too_low => "E005",
    e006_deviation_unexplained => "E006",
    e007_grade_outside_band => "E007",
    e008_self_rate_mismatch => "E008",
    e009_self_score_differs => "E009",
    e010_self_total_differs => "E010",
    e011_actual_restates_target => "E011",
    e012_qualitative_guess => "E012",
    e013_actual_in_words => "E013",
    e014_actual_in_target_unit => "E014",
    e015_high_grade_low_rate => "E015",
    e016_form_points_total => "E016",
}

#[test]
fn every_rule_has_a_fixture() {
    let codes: Vec<String> = REGISTRY.iter().map(|r| r.code.to_owned()).collect();
    let missing: Vec<&String> = codes.iter().filter(|c| fixture(c).is_none()).collect();
    assert!(
        missing.is_empty(),
        "rules without tests/rules/<CODE>.toml or tests/rules/<CODE>/: {missing:?}"
    );
    let untested: Vec<&String> = codes
        .iter()
        .filter(|c| !TESTED_CODES.contains(&c.as_str()))
        .collect();
    assert!(
        untested.is_empty(),
        "rules without a line in rule_fixtures! (tests/it/rules.rs): {untested:?}"
    );

    // And nothing in tests/rules/ is left over from a code that no longer exists.
    let dir = repo_root().join("tests/rules");
    let mut stray = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/rules/ exists") {
        let name = entry
            .expect("a directory entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let code = name.strip_suffix(".toml").unwrap_or(&name);
        if !codes.iter().any(|c| c == code) {
            stray.push(name);
        }
    }
    assert!(
        stray.is_empty(),
        "tests/rules/ entries that name no rule code: {stray:?}"
    );
}

#[test]
fn examples_are_clean() {
    let output = perf(&["validate", "examples/", "--format", "json"]);
    let json = stdout_of(&output);
    let document: Value =
        serde_json::from_str(&json).expect("perf validate --format json prints JSON");
    let diagnostics = document["diagnostics"]
        .as_array()
        .expect("`diagnostics` is an array");
    assert!(
        diagnostics.is_empty(),
        "examples/ should have no findings:\n{json}"
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The binary's side of a fixture, end to end: exit status 1 exactly when a finding is an
/// error, the JSON document's counts, and the concise output equal to the library's.
fn check_binary(code: &str, expected_status: i32) {
    let path = fixture(code).expect("fixture");
    let output = perf(&["validate", "--format", "json", &path]);
    let document: Value = serde_json::from_str(&stdout_of(&output)).expect("JSON on stdout");
    let diagnostics = document["diagnostics"].as_array().expect("diagnostics");
    let errors = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .count();
    assert_eq!(output.status.code(), Some(expected_status), "{path}");
    assert_eq!(document["errors"].as_u64(), u64::try_from(errors).ok());
    assert!(diagnostics.iter().any(|d| d["code"] == code), "{path}");
    let concise = perf(&["validate", "--format", "concise", &path]);
    assert_eq!(concise.status.code(), Some(expected_status), "{path}");
    assert_eq!(stdout_of(&concise), validate_in_process(&path).0, "{path}");
}

#[test]
fn the_binary_reports_fixtures_as_the_library_does() {
    check_binary("C001", 1); // an error: exit 1
    check_binary("I008", 0); // warnings only: exit 0
    check_binary("F001", 1); // a file that does not parse
    check_binary("X001", 1); // a cross-file rule over a folder
    check_binary("F006", 1); // GBK bytes
}

#[test]
fn perf_rules_lists_the_registry() {
    let output = perf(&["rules", "--markdown"]);
    assert!(output.status.success(), "{output:?}");
    let text = stdout_of(&output);
    let listed: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .filter_map(|h| h.split_whitespace().next())
        .collect();
    let registry: Vec<&str> = REGISTRY.iter().map(|r| r.code).collect();
    assert_eq!(listed, registry);
    for r in REGISTRY {
        let heading = text
            .split(&format!("## {}", r.code))
            .nth(1)
            .expect("a section per rule");
        assert!(
            heading.contains(&format!("默认级别 {}", r.severity.as_str())),
            "{}: severity line",
            r.code
        );
    }
}
