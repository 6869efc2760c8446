//! `perf rules`: the registry listing, explanations, and docs/rules.md kept in step.

use crate::common::{perf, stdout};

#[test]
fn docs_rules_md_is_generated_from_the_registry() {
    let output = perf(&["rules", "--markdown"]);
    assert_eq!(output.status.code(), Some(0));
    let committed = std::fs::read_to_string("docs/rules.md").unwrap_or_default();
    assert!(
        committed == stdout(&output),
        "docs/rules.md is out of date: run `cargo run -- rules --markdown > docs/rules.md`"
    );
}

#[test]
fn explains_a_rule_by_code_or_name() {
    let by_code = stdout(&perf(&["rules", "C001"]));
    let by_name = stdout(&perf(&["rules", "cost-total-mismatch"]));
    assert_eq!(by_code, by_name);
    assert!(
        by_code.contains("=7000万元") && by_code.contains("如何修改"),
        "{by_code}"
    );
}

#[test]
fn lists_every_rule() {
    let text = stdout(&perf(&["rules"]));
    for code in ["F001", "B001", "S005", "I008", "C001", "X003"] {
        assert!(text.contains(code), "{code}");
    }
}

#[test]
fn an_unknown_rule_exits_two() {
    assert_eq!(perf(&["rules", "Z999"]).status.code(), Some(2));
}
