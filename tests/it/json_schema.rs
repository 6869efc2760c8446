//! The JSON Schemas in schema/ are what `perf schema` prints (a drift check, like the
//! generated docs), and every budget file under budgets/ and examples/ validates against them
//! with a JSON Schema validator — while files with the mistakes F002/F004/I001 report do not —
//! and the `required` flags of the key tables match what the loader requires.
//!
//! After changing src/source/schema.rs or src/config/file.rs, regenerate with
//! `for k in project department config; do cargo run -q -- schema $k -o schema/$k.schema.json; done`
//! or run this test with `UPDATE_SCHEMAS=1`.

// A harness fails by panicking; the helpers below are not `#[test]` functions, so clippy's
// allow-*-in-tests settings do not reach them.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};

use crate::common::{perf, stdout};
use jsonschema::Validator;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const KINDS: [&str; 3] = ["project", "department", "config"];

#[test]
fn the_schema_files_are_what_perf_schema_prints() {
    for kind in KINDS {
        let output = perf(&["schema", kind]);
        assert_eq!(output.status.code(), Some(0));
        let printed = stdout(&output);
        let path = root().join(format!("schema/{kind}.schema.json"));
        if std::env::var_os("UPDATE_SCHEMAS").is_some() {
            std::fs::write(&path, &printed).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == printed,
            "{} is out of date: run `cargo run -q -- schema {kind} -o schema/{kind}.schema.json` \
             (or this test with UPDATE_SCHEMAS=1) and commit the result",
            path.display()
        );
    }
}

fn validator(kind: &str) -> Validator {
    let text = std::fs::read_to_string(root().join(format!("schema/{kind}.schema.json"))).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft7::options().build(&schema).unwrap()
}

/// The violations of a TOML text against the schema of `kind`.
fn violations(kind: &str, toml_text: &str) -> Vec<String> {
    let value: Value = toml::from_str(toml_text).unwrap();
    validator(kind)
        .iter_errors(&value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn budget_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            budget_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

#[test]
fn every_committed_budget_file_validates() {
    let mut files = Vec::new();
    budget_files(&root().join("budgets"), &mut files);
    budget_files(&root().join("examples"), &mut files);
    assert!(files.len() >= 12, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let kind = if path.file_name().is_some_and(|n| n == "perf.toml") {
            "config"
        } else if text.contains("[department]") {
            "department"
        } else {
            "project"
        };
        let errors = violations(kind, &text);
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn mistakes_the_loader_reports_are_schema_violations_too() {
    let good =
        std::fs::read_to_string(root().join("examples/示例区教育局/教师培训经费.toml")).unwrap();
    assert!(violations("project", &good).is_empty());
    for (mistake, from, to) in [
        ("F002 unknown key", "fiscal = 140", "fiscall = 140"),
        (
            "F004 unquoted target",
            "target = \"≥1500人次\"",
            "target = 1500",
        ),
        ("F004 year as text", "year = 2024", "year = \"2024年\""),
        (
            "F004 amount with a unit",
            "total = 150",
            "total = \"150万元\"",
        ),
        (
            "I001 unknown 一级指标",
            "level1 = \"满意度指标\"",
            "level1 = \"投入指标\"",
        ),
        ("F003 missing name", "name = \"教师培训经费\"\n", ""),
        ("S001 month 13", "12 = 100", "13 = 100"),
    ] {
        let bad = good.replacen(from, to, 1);
        assert_ne!(bad, good, "{mistake}: the example changed");
        assert!(
            !violations("project", &bad).is_empty(),
            "{mistake} passes the schema"
        );
    }
}

#[test]
fn the_config_schema_accepts_the_documented_example() {
    let config = r#"
framework = "lenient"
[rules]
S005 = "allow"
satisfaction-target = "error"
[thresholds]
max_lag_points = 20
cost_tolerance = 0
[[overrides]]
paths = ["budgets/旧项目/**"]
rules = { P002 = "allow", P004 = "warn" }
"#;
    assert!(violations("config", config).is_empty());
    assert!(!violations("config", "framework = \"102\"").is_empty());
    assert!(!violations("config", "[rules]\nS005 = \"ignore\"").is_empty());
}

/// `required` in the key tables is what the schema and `perf new` say; the loader must agree:
/// leaving out a required key is F003, leaving out an optional one is not.
#[test]
fn required_keys_in_the_tables_are_the_keys_the_loader_requires() {
    use perf::diag::FileId;
    use perf::source::fields::Sink;
    use perf::source::schema::{BUDGET, INDICATOR, PROJECT};
    let text =
        std::fs::read_to_string(root().join("examples/示例区教育局/教师培训经费.toml")).unwrap();
    let mut checked = 0;
    for (fields, header) in [
        (PROJECT, "[project]"),
        (BUDGET, "[budget]"),
        (INDICATOR, "[[indicator]]"),
    ] {
        let section = text.find(header).unwrap();
        for field in fields {
            let Some(at) = text[section..].find(&format!("\n{} = ", field.key)) else {
                continue;
            };
            let start = section + at + 1;
            // The key's line, or its whole list when it spans lines.
            let end = if text[start..].starts_with(&format!("{} = [\n", field.key)) {
                start + text[start..].find("\n]\n").unwrap() + 3
            } else {
                start + text[start..].find('\n').unwrap() + 1
            };
            let without = format!("{}{}", &text[..start], &text[end..]);
            let mut sink = Sink::new(FileId(0));
            perf::source::parse_and_lower(&without, &mut sink);
            let missing = sink.items.iter().any(|d| d.rule.code == "F003");
            assert_eq!(missing, field.required, "{header} {}", field.key);
            checked += 1;
        }
    }
    assert!(checked >= 12, "{checked}");
}
