//! `perf show PROJECT`: one project's 绩效目标表 in the official layout with its findings, by
//! name, unique part of a name or file path; ambiguous and unknown names exit 2.

use crate::common::{perf, perf_in, stderr, stdout};

#[test]
fn shows_the_seed_project_with_its_findings() {
    let output = perf(&["show", "被征地农民社会保障费"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "项目绩效目标表（2024年度）",
        "4000.00",
        "3月底 20%",
        "目标2：",
        "=7000万元",
        "error[C001]",
        "1 个错误，1 个警告",
    ] {
        assert!(text.contains(expected), "{expected} missing:\n{text}");
    }
    insta::assert_snapshot!("show_table", text);
}

#[test]
fn a_unique_part_of_a_name_or_a_file_path_finds_the_project() {
    let by_part = stdout(&perf(&["show", "党员档案"]));
    let by_path = stdout(&perf(&[
        "show",
        "budgets/高新区人社局/党员档案集中管理经费.toml",
    ]));
    assert!(by_part.contains("党员档案集中管理经费"), "{by_part}");
    assert_eq!(by_part, by_path);
}

#[test]
fn markdown_groups_levels_like_merged_cells() {
    let output = perf(&["show", "被征地农民社会保障费", "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    insta::assert_snapshot!("show_markdown", stdout(&output));
}

#[test]
fn json_keeps_exact_amounts_and_parsed_targets() {
    let output = perf(&["show", "被征地农民社会保障费", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["total"], "4000");
    assert_eq!(doc["plan"][1]["month"], 6);
    assert_eq!(doc["plan"][1]["amount"], "2000");
    let cost = &doc["groups"][0]["groups"][3]["rows"][0];
    assert_eq!(cost["target"], "=7000万元");
    assert_eq!(cost["kind"], "quantitative");
    assert_eq!(cost["value"], "7000");
    assert_eq!(doc["findings"][0]["code"], "C001");
    assert_eq!(doc["findings"][0]["line"], 54);
}

#[test]
fn json_is_the_export_record_with_groups_besides() {
    // One view of a project: `show --format json` has the fields of the project in
    // `perf export --format json`, less the ids, and the same rows grouped.
    let shown = perf(&["show", "被征地农民社会保障费", "--format", "json"]);
    let mut shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    let exported = perf(&["export", "budgets", "--format", "json"]);
    let exported: serde_json::Value = serde_json::from_slice(&exported.stdout).unwrap();
    let mut record = exported["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "被征地农民社会保障费")
        .unwrap()
        .clone();
    let grouped: usize = shown["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["groups"].as_array().unwrap())
        .map(|g| g["rows"].as_array().unwrap().len())
        .sum();
    assert_eq!(grouped, shown["indicators"].as_array().unwrap().len());
    assert!(grouped > 0);
    shown.as_object_mut().unwrap().remove("groups");
    let record = record.as_object_mut().unwrap();
    record.remove("id");
    record.remove("department_id");
    // The export names files as the tree was given; `show` as its loader does.
    record.remove("file");
    shown.as_object_mut().unwrap().remove("file");
    assert_eq!(&shown, &serde_json::Value::Object(record.clone()));
}

#[test]
fn ambiguous_names_exit_two_listing_candidates() {
    let output = perf(&["show", "养老保险"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    for expected in [
        "不唯一",
        "城乡居民养老保险区级财政补助",
        "机关事业养老保险财政补助",
        "9村村民参加企业职工养老保险财政补贴",
    ] {
        assert!(err.contains(expected), "{expected} missing:\n{err}");
    }
}

#[test]
fn unknown_names_exit_two_listing_projects() {
    let output = perf(&["show", "不存在的项目"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("找不到项目"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn configuration_levels_apply_to_the_findings_shown() {
    let output = perf(&["show", "被征地农民社会保障费", "--allow", "I008"]);
    let text = stdout(&output);
    assert!(!text.contains("I008") && text.contains("C001"), "{text}");
}

#[test]
fn a_file_that_does_not_parse_is_a_failure_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("坏.toml"), "[project\n").unwrap();
    let output = perf_in(dir.path(), &["show", "坏.toml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("perf validate"),
        "{}",
        stderr(&output)
    );
}
