//! Real published 绩效自评表 (tests/real-forms/60-… to 79-…, issue 20): each `expected/` dir is
//! what a careful clerk types from the form, with the unit's own 得分 (`self_score`), 执行率
//! (`self_rate`) and total (`self_total`). `perf score` must land within 2 points of the
//! form's own total (`own_total` in meta.toml), or every difference must be explained by a
//! finding — the codes `expect_codes` lists, each of which must be reported by
//! `perf validate`. `expect_grade` pins the grade where the form cannot carry one.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};

use crate::common::{perf, stdout};
use serde_json::Value;

/// The self-evaluation cases of the shared corpus: numbers 60 to 79.
fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real-forms");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            name.get(..2)
                .and_then(|n| n.parse::<u32>().ok())
                .is_some_and(|n| (60..=79).contains(&n))
        })
        .collect();
    dirs.sort();
    dirs
}

fn relative(dir: &Path) -> String {
    dir.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .join("expected")
        .display()
        .to_string()
}

fn decimal(value: &Value) -> f64 {
    value.as_str().unwrap().parse().unwrap()
}

#[test]
fn every_case_has_its_source_and_meta() {
    let cases = cases();
    // Issue 20 acceptance: at least eight real tables.
    assert!(cases.len() >= 8, "{cases:?}");
    for dir in &cases {
        let source = std::fs::read_to_string(dir.join("source.txt")).unwrap();
        let first = source.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("http"),
            "{}: line 1 is the address",
            dir.display()
        );
        let meta: toml::Table =
            toml::from_str(&std::fs::read_to_string(dir.join("meta.toml")).unwrap()).unwrap();
        for key in ["province", "level", "year", "kind", "layout"] {
            assert!(
                meta.contains_key(key),
                "{}: meta.toml lacks {key}",
                dir.display()
            );
        }
        assert_eq!(meta["kind"].as_str(), Some("自评"), "{}", dir.display());
    }
}

#[test]
fn perf_agrees_with_the_units_own_totals_or_says_why() {
    for dir in cases() {
        let meta: toml::Table =
            toml::from_str(&std::fs::read_to_string(dir.join("meta.toml")).unwrap()).unwrap();
        let expected = relative(&dir);
        let score = perf(&["score", "--format", "json", &expected]);
        let view: Value = serde_json::from_str(&stdout(&score)).unwrap();
        let projects = view["projects"].as_array().unwrap();
        assert_eq!(projects.len(), 1, "{expected}");
        let project = &projects[0];
        let total = decimal(&project["total"]);

        let validate = perf(&["validate", "--format", "json", &expected]);
        let report: Value = serde_json::from_str(&stdout(&validate)).unwrap();
        let codes: Vec<&str> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        let expect: Vec<&str> = meta
            .get("expect_codes")
            .and_then(|c| c.as_array())
            .map(|c| c.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        for code in &expect {
            assert!(
                codes.contains(code),
                "{expected}: {code} not reported: {codes:?}"
            );
        }
        if let Some(own) = meta.get("own_total") {
            let own = own
                .as_float()
                .or_else(|| own.as_integer().map(|i| i as f64))
                .unwrap();
            let close = (total - own).abs() <= 2.0;
            assert!(
                close || !expect.is_empty(),
                "{expected}: perf {total} vs the form's {own}, and no finding listed to explain it"
            );
            // The form's own total sits beside perf's.
            assert_eq!(decimal(&project["self_total"]), own, "{expected}");
        }
        if let Some(grade) = meta.get("expect_grade").and_then(|g| g.as_str()) {
            assert_eq!(project["grade"].as_str(), Some(grade), "{expected}");
            assert!(project["why_ungraded"].is_string(), "{expected}");
        }
    }
}
