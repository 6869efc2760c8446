//! One fixture per rule code, run through the real `perf` binary.
//!
//! Every code the registry lists (as `perf rules --markdown` prints it) has a fixture under
//! `tests/rules/`: `<CODE>.toml` for the rules a single file can trigger, and a directory
//! `<CODE>/` (a `department.toml` plus project files) for the cross-file rules X001–X006.
//! Each fixture starts with comments saying which line should fire and why; apart from that
//! one problem it is a copy of a clean project (examples/示例区教育局/学生资助补助经费.toml).
//!
//! For each code the test runs `perf validate --format json <fixture>` and checks that
//! - the code is among the findings, at the default severity the registry gives it;
//! - the exit status is 1 exactly when some finding is an error, and 0 otherwise;
//!
//! then snapshots the stdout of `perf validate --format concise <fixture>` as
//! `tests/snapshots/rules__<CODE>.snap`, so every other finding a fixture produces is reviewed
//! too. A single-file project fixture has no department file beside it, so it also raises X002
//! (a warning); the snapshots show that, and the assertions only require the fixture's own code.
//!
//! `tests/rules/F006.toml` is binary on purpose: it is GBK-encoded Chinese text, the very bytes
//! F006 exists to reject. Do not convert it to UTF-8 (editors and formatters may offer to).
//!
//! The binary runs in the repository root and is given relative paths, so the paths in the
//! snapshots are stable. After an intended change to messages or positions, regenerate with
//! `INSTA_UPDATE=always cargo test --test rules` and review the diff of `tests/snapshots/`.

// A harness fails by panicking; the helpers below are not `#[test]` functions, so clippy's
// allow-*-in-tests settings do not reach them.
#![allow(clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
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

/// One row of the registry as `perf rules --markdown` documents it.
struct RuleDoc {
    code: String,
    severity: String,
}

/// Every rule, in registry order: a `## CODE …` heading, then a line
/// `family · 默认级别 SEVERITY · summary`.
fn registry() -> Vec<RuleDoc> {
    let output = perf(&["rules", "--markdown"]);
    assert!(
        output.status.success(),
        "perf rules --markdown failed: {output:?}"
    );
    let text = stdout_of(&output);
    let mut rules: Vec<RuleDoc> = Vec::new();
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            let code = heading
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
            rules.push(RuleDoc {
                code,
                severity: String::new(),
            });
        } else if let Some((_, after)) = line.split_once("默认级别 ") {
            let rule = rules
                .last_mut()
                .expect("a severity line follows a rule heading");
            if rule.severity.is_empty() {
                after
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .clone_into(&mut rule.severity);
            }
        }
    }
    assert!(
        !rules.is_empty(),
        "no `## CODE` headings in perf rules --markdown:\n{text}"
    );
    for rule in &rules {
        assert!(
            rule.code.len() == 4 && rule.code[1..].chars().all(|c| c.is_ascii_digit()),
            "not a rule code: {:?}",
            rule.code
        );
        assert!(
            !rule.severity.is_empty(),
            "no 默认级别 line for {}",
            rule.code
        );
    }
    rules
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

/// Runs `perf validate` on the fixture of `code` and checks the finding, the exit status and
/// the concise output against its snapshot.
fn check_fixture(code: &str) {
    let rules = registry();
    let rule = rules.iter().find(|r| r.code == code).unwrap_or_else(|| {
        panic!("{code} is not in `perf rules --markdown`; remove its test and fixture")
    });
    let path = fixture(code).unwrap_or_else(|| {
        panic!("no fixture for {code}: add tests/rules/{code}.toml or tests/rules/{code}/")
    });

    let output = perf(&["validate", "--format", "json", &path]);
    let json = stdout_of(&output);
    let document: Value = serde_json::from_str(&json).unwrap_or_else(|e| {
        panic!(
            "{path}: stdout is not JSON ({e}):\n{json}\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let diagnostics = document["diagnostics"]
        .as_array()
        .expect("`diagnostics` is an array");
    let field = |d: &Value, key: &str| d[key].as_str().unwrap_or_default().to_owned();
    let fired: Vec<String> = diagnostics.iter().map(|d| field(d, "code")).collect();

    let own: Vec<&Value> = diagnostics.iter().filter(|d| d["code"] == code).collect();
    assert!(
        !own.is_empty(),
        "{path} should trigger {code}, but perf reported {fired:?}"
    );
    for d in &own {
        assert_eq!(
            field(d, "severity"),
            rule.severity,
            "{path}: {code} fired at another severity than its registry default"
        );
    }

    let errors = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .count();
    let expected_status = if errors > 0 { 1 } else { 0 };
    assert_eq!(
        output.status.code(),
        Some(expected_status),
        "{path}: exit status with {errors} error(s) among {fired:?}; stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        document["errors"].as_u64(),
        u64::try_from(errors).ok(),
        "{path}: `errors` count"
    );

    let concise = perf(&["validate", "--format", "concise", &path]);
    assert_eq!(
        concise.status.code(),
        Some(expected_status),
        "{path}: concise exit status"
    );
    insta::assert_snapshot!(code, stdout_of(&concise));
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
    let codes: Vec<String> = registry().into_iter().map(|r| r.code).collect();
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
        "rules without a line in rule_fixtures! (tests/rules.rs): {untested:?}"
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
