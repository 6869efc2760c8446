//! perf.toml, command-line levels, inline suppressions, baselines and the exit-status options.

// Fixture set-up helpers may panic: a failed set-up is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use crate::common::{perf_in, stderr, stdout};

/// A tree with the seed department, and optionally a perf.toml at its root.
fn tree(config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let dept = dir.path().join("budgets/高新区人社局");
    std::fs::create_dir_all(&dept).unwrap();
    for entry in std::fs::read_dir("budgets/高新区人社局").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dept.join(path.file_name().unwrap())).unwrap();
    }
    if let Some(config) = config {
        std::fs::write(dir.path().join("perf.toml"), config).unwrap();
    }
    dir
}

fn run_codes(dir: &Path, extra: &[&str]) -> (Option<i32>, Vec<String>) {
    let mut args = vec!["validate", "--format", "concise"];
    args.extend_from_slice(extra);
    let output = perf_in(dir, &args);
    let codes = stdout(&output)
        .lines()
        .filter_map(|l| {
            l.split('[')
                .nth(1)
                .and_then(|r| r.split(']').next())
                .map(str::to_owned)
        })
        .collect();
    (output.status.code(), codes)
}

#[test]
fn rule_levels_from_the_config_file() {
    let dir = tree(Some(
        "[rules]\nS005 = \"allow\"\nplan-behind-schedule = \"allow\"\nC001 = \"warn\"\nI008 = \"error\"\n",
    ));
    let (status, codes) = run_codes(dir.path(), &[]);
    assert!(!codes.contains(&"S005".to_owned()), "{codes:?}");
    assert_eq!(status, Some(1), "I008 became an error");
    let output = perf_in(dir.path(), &["validate", "--format", "concise"]);
    assert!(
        stdout(&output).contains("warning[C001]"),
        "{}",
        stdout(&output)
    );
    assert!(stdout(&output).contains("error[I008]"));
}

#[test]
fn command_line_levels_win_over_the_file() {
    let dir = tree(Some("[rules]\nS005 = \"allow\"\n"));
    let (_, codes) = run_codes(dir.path(), &["--warn", "S005", "--allow", "C001"]);
    assert!(
        codes.contains(&"S005".to_owned()) && !codes.contains(&"C001".to_owned()),
        "{codes:?}"
    );
}

#[test]
fn overrides_apply_to_matching_paths() {
    let dir = tree(Some(
        "[[overrides]]\npaths = [\"budgets/高新区人社局/9村*.toml\"]\nrules = { S005 = \"allow\", P002 = \"error\" }\n",
    ));
    let output = perf_in(dir.path(), &["validate", "--format", "concise", "budgets"]);
    let text = stdout(&output);
    assert!(!text.contains("[S005]"), "{text}");
    assert!(
        text.contains("9村村民参加企业职工养老保险财政补贴.toml:3:8: error[P002]"),
        "{text}"
    );
    assert!(
        text.contains("机关事业养老保险财政补助.toml:3:8: warning[P002]"),
        "{text}"
    );
}

#[test]
fn a_broken_config_exits_two_with_its_location() {
    let dir = tree(Some(
        "[rules]\nS05 = \"allow\"\n[threshold]\nmax_lag_points = 30\n",
    ));
    let output = perf_in(dir.path(), &["validate"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("perf.toml:2:1") && err.contains("S005"),
        "{err}"
    );
    assert!(
        err.contains("perf.toml:3:2") && err.contains("thresholds"),
        "{err}"
    );
    assert_eq!(stdout(&output), "");
}

#[test]
fn thresholds_change_what_the_rules_accept() {
    let dir = tree(Some("[thresholds]\nmax_lag_points = 80\n"));
    let (_, codes) = run_codes(dir.path(), &[]);
    assert!(!codes.contains(&"S005".to_owned()), "{codes:?}");
}

#[test]
fn perf_config_prints_the_effective_configuration() {
    let dir = tree(Some("framework = \"88\"\n[rules]\nS005 = \"allow\"\n"));
    let output = perf_in(dir.path(), &["config", "--deny", "I008"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.contains("framework = \"88\"")
            && text.contains("S005 = \"allow\"")
            && text.contains("I008 = \"error\""),
        "{text}"
    );
}

#[test]
fn deny_warnings_and_exit_zero() {
    let dir = tree(Some("[rules]\nC001 = \"allow\"\n"));
    assert_eq!(run_codes(dir.path(), &[]).0, Some(0));
    assert_eq!(run_codes(dir.path(), &["--deny-warnings"]).0, Some(1));
    assert_eq!(run_codes(tree(None).path(), &["--exit-zero"]).0, Some(0));
}

#[test]
fn inline_suppressions_used_unused_and_without_reason() {
    let dir = tree(None);
    let dept = dir.path().join("budgets/高新区人社局");
    let edit = |file: &str, from: &str, to: &str| {
        let path = dept.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "被征地农民社会保障费.toml",
        "target = \"=7000万元\"",
        "target = \"=7000万元\"  # perf: allow(C001) 原表如此，已报财政局核实",
    );
    edit(
        "人才发展资金.toml",
        "[budget]",
        "[budget]  # perf: allow(B001) 预防性注释",
    );
    edit(
        "党员档案集中管理经费.toml",
        "target = \"≧50\"",
        "target = \"≧50\"  # perf: allow(C004)",
    );
    let output = perf_in(dir.path(), &["validate", "--format", "concise"]);
    let text = stdout(&output);
    assert!(!text.contains("[C001]"), "used suppression: {text}");
    assert!(
        text.contains("人才发展资金.toml:13:11: warning[F008]"),
        "unused suppression: {text}"
    );
    assert!(
        text.contains("党员档案集中管理经费.toml:54:17: error[F007]"),
        "missing reason: {text}"
    );
    assert!(
        text.contains("warning[C004]"),
        "a bare allow suppresses nothing: {text}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_baseline_hides_old_findings_and_shows_new_ones() {
    let dir = tree(None);
    let output = perf_in(
        dir.path(),
        &["validate", "--write-baseline", "baseline.json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (status, codes) = run_codes(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!((status, codes.len()), (Some(0), 0), "{codes:?}");

    // Shift every line of one file down and add a new mistake: only the new one shows.
    let path = dir
        .path()
        .join("budgets/高新区人社局/被征地农民社会保障费.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = format!(
        "# 新增的说明\n\n{}",
        text.replace("fiscal = 4000", "fiscal = 3900\nother = 0")
    );
    std::fs::write(&path, text).unwrap();
    let (status, codes) = run_codes(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!((status, codes), (Some(1), vec!["B001".to_owned()]));
}

#[test]
fn a_baseline_is_keyed_on_the_path_relative_to_the_tree_root() {
    let dir = tree(None);
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let absolute = dir.path().join("budgets").display().to_string();
    let output = perf_in(
        dir.path(),
        &["validate", "./budgets", "--write-baseline", "baseline.json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(doc["version"], 2);
    assert!(
        doc["findings"].as_array().unwrap().iter().all(|e| e["file"]
            .as_str()
            .unwrap()
            .starts_with("budgets/高新区人社局/")),
        "{written}"
    );
    // However the tree is typed, and from a sub-folder, the old findings stay hidden.
    for typed in ["budgets", "./budgets", "budgets/", absolute.as_str()] {
        let (status, codes) = run_codes(dir.path(), &[typed, "--baseline", "baseline.json"]);
        assert_eq!((status, codes.len()), (Some(0), 0), "{typed}: {codes:?}");
    }
    let (status, codes) = run_codes(
        &dir.path().join("budgets"),
        &["高新区人社局", "--baseline", "../baseline.json"],
    );
    assert_eq!(
        (status, codes.len()),
        (Some(0), 0),
        "from budgets/: {codes:?}"
    );
}

#[test]
fn a_version_1_baseline_is_still_read_and_an_unknown_version_refused() {
    let dir = tree(None);
    let output = perf_in(
        dir.path(),
        &["validate", "budgets", "--write-baseline", "baseline.json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let path = dir.path().join("baseline.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    // Version 1 recorded the path as typed (`./budgets/…`).
    doc["version"] = 1.into();
    for e in doc["findings"].as_array_mut().unwrap() {
        let file = format!("./{}", e["file"].as_str().unwrap());
        e["file"] = file.into();
    }
    std::fs::write(&path, doc.to_string()).unwrap();
    let (status, codes) = run_codes(dir.path(), &["budgets", "--baseline", "baseline.json"]);
    assert_eq!((status, codes.len()), (Some(0), 0), "{codes:?}");

    doc["version"] = 99.into();
    std::fs::write(&path, doc.to_string()).unwrap();
    let output = perf_in(dir.path(), &["validate", "--baseline", "baseline.json"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(
        text.contains("基线文件 baseline.json 的版本是 99") && text.contains("版本 1 至 2"),
        "{text}"
    );
    std::fs::write(&path, "{\"findings\": 3}").unwrap();
    let output = perf_in(dir.path(), &["validate", "--baseline", "baseline.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("不是 perf 的基线文件"),
        "{}",
        stderr(&output)
    );
    let output = perf_in(dir.path(), &["validate", "--baseline", "missing.json"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(
        text.contains("无法读取基线文件 missing.json：不存在"),
        "{text}"
    );
}

#[test]
fn a_file_list_is_checked_against_its_folder() {
    let dir = tree(None);
    let output = perf_in(
        dir.path(),
        &[
            "validate",
            "--format",
            "concise",
            "budgets/高新区人社局/人才发展资金.toml",
            "budgets/高新区人社局/被征地农民社会保障费.toml",
        ],
    );
    let text = stdout(&output);
    assert!(
        !text.contains("X002"),
        "the department file is found beside them: {text}"
    );
    assert!(text.contains("[C001]") && !text.contains("9村"), "{text}");
    assert!(
        stderr(&output).contains("检查了 2 个文件"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn config_values_out_of_range_are_refused_naming_key_value_and_range() {
    for (config, key, value, range) in [
        (
            "[limits]\nmax_file_mb = -1\n",
            "[limits] max_file_mb",
            "-1",
            "大于 0 且不超过 4096",
        ),
        (
            "[limits]\nmax_file_mb = 0\n",
            "[limits] max_file_mb",
            "0",
            "大于 0 且不超过 4096",
        ),
        (
            "[limits]\nmax_file_mb = 99999999\n",
            "[limits] max_file_mb",
            "99999999",
            "大于 0 且不超过 4096",
        ),
        (
            "[thresholds]\nmax_lag_points = -5\n",
            "[thresholds] max_lag_points",
            "-5",
            "在 0 到 100 之间",
        ),
        (
            "[thresholds]\nwatch_lag_points = -1\n",
            "[thresholds] watch_lag_points",
            "-1",
            "在 0 到 100 之间",
        ),
        (
            "[thresholds]\nweight_total = 0\n",
            "[thresholds] weight_total",
            "0",
            "大于 0",
        ),
        (
            "[thresholds]\ncost_tolerance = -0.5\n",
            "[thresholds] cost_tolerance",
            "-0.5",
            "不小于 0",
        ),
        (
            "[thresholds]\noverachieve_ratio = 0.8\n",
            "[thresholds] overachieve_ratio",
            "0.8",
            "不小于 1",
        ),
        (
            "[thresholds]\ngrade_partial_min = 80\n",
            "[thresholds] grade_partial_min",
            "80",
            "不小于 0 且小于 80",
        ),
        (
            "[thresholds]\nsatisfaction_min = 120\n",
            "[thresholds] satisfaction_min",
            "120",
            "在 0 到 100 之间",
        ),
        (
            "[thresholds]\nweight_output = -10\n",
            "[thresholds] weight_output",
            "-10",
            "不小于 0",
        ),
    ] {
        let dir = tree(Some(config));
        let output = perf_in(dir.path(), &["validate"]);
        assert_eq!(output.status.code(), Some(2), "{config}");
        let text = format!("{}{}", stdout(&output), stderr(&output));
        let want = format!("`{key}` 的值 {value} 超出允许范围：应{range}");
        assert!(text.contains(&want), "{config}: want {want}\n{text}");
        assert!(text.contains("perf.toml"), "the file is named: {text}");
    }
}

#[test]
fn an_alert_below_the_watch_level_is_refused() {
    for config in [
        "[thresholds]\nwatch_lag_points = 30\nalert_lag_points = 10\n",
        // The default alert (20) is below a watch of 30.
        "[thresholds]\nwatch_lag_points = 30\n",
    ] {
        let dir = tree(Some(config));
        let output = perf_in(dir.path(), &["validate"]);
        assert_eq!(output.status.code(), Some(2), "{config}");
        let text = format!("{}{}", stdout(&output), stderr(&output));
        assert!(text.contains("alert_lag_points`（预警，"), "{text}");
        assert!(
            text.contains("小于 `watch_lag_points`（关注，30）"),
            "{text}"
        );
    }
    let dir = tree(Some(
        "[thresholds]\nwatch_lag_points = 20\nalert_lag_points = 20\n",
    ));
    let output = perf_in(dir.path(), &["validate"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
}
