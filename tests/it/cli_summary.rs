//! `perf summary` end to end: totals of the bundled department in every format, department
//! name resolution, and files left out.

#![allow(clippy::unwrap_used)]

use crate::common::{perf, perf_in, stderr, stdout};

#[test]
fn totals_the_seed_department() {
    let output = perf(&["summary"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "9035.00",
        "1761.00 (19.49%)",
        "4024.90 (44.55%)",
        "6329.00 (70.05%)",
        "9035.00 (100.00%)",
    ] {
        assert!(text.contains(expected), "{expected} missing:\n{text}");
    }
    insta::assert_snapshot!("summary_departments_table", text);
}

#[test]
fn dept_alias_lists_projects() {
    let output = perf(&["summary", "--dept", "人社局"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    insta::assert_snapshot!("summary_dept_table", stdout(&output));
}

#[test]
fn markdown_and_csv() {
    let markdown = perf(&["summary", "--dept", "高新区人社局", "--format", "markdown"]);
    insta::assert_snapshot!("summary_dept_markdown", stdout(&markdown));
    let csv = perf(&["summary", "--format", "csv"]);
    insta::assert_snapshot!("summary_departments_csv", stdout(&csv));
}

#[test]
fn json_has_exact_decimal_strings() {
    let output = perf(&["summary", "--dept", "人社局", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let dept = &doc["departments"][0];
    assert_eq!(dept["name"], "高新区人社局");
    assert_eq!(dept["projects"].as_array().unwrap().len(), 7);
    assert_eq!(dept["totals"]["total"], "9035");
    let p = dept["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "被征地农民社会保障费")
        .unwrap();
    assert_eq!(p["total"], "4000");
    assert_eq!(p["fiscal"], "4000");
    assert_eq!(p["other"], "0");
    assert_eq!(p["plan"]["6"], "50");
    assert_eq!(doc["totals"]["planned"][1]["amount"], "4024.90");
}

#[test]
fn displayed_totals_equal_the_sum_of_displayed_rows() {
    // Three projects of 1/3 万元 each (written in 元) round to 0.33 each: the total shows 0.99.
    let dir = tempfile::tempdir().unwrap();
    let dept = dir.path().join("某局");
    std::fs::create_dir(&dept).unwrap();
    std::fs::write(
        dept.join("department.toml"),
        "[department]\nname = \"某局\"\nyear = 2024\n",
    )
    .unwrap();
    for name in ["甲", "乙", "丙"] {
        std::fs::write(
            dept.join(format!("{name}.toml")),
            format!(
                "[project]\nname = \"{name}\"\ndepartment = \"某局\"\nyear = 2024\ngoals = [\"目标\"]\n\
                 [budget]\nunit = \"元\"\ntotal = \"3333.3333\"\nfiscal = \"3333.3333\"\n\
                 [plan]\n12 = 100\n[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"x\"\ntarget = \"≥1个\"\n"
            ),
        )
        .unwrap();
    }
    let output = perf_in(
        dir.path(),
        &["summary", ".", "--dept", "某局", "--format", "csv"],
    );
    let text = stdout(&output);
    assert!(text.contains("甲,0.33,0.33,0.00"), "{text}");
    assert!(text.contains("合计（3 个项目）,0.99,0.99,0.00"), "{text}");
}

#[test]
fn unknown_and_ambiguous_departments_exit_two_with_candidates() {
    let output = perf(&["summary", "--dept", "教育部"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("高新区人社局"),
        "{}",
        stderr(&output)
    );

    let output = perf(&["summary", "budgets/", "examples/", "--dept", "局"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("不唯一") && err.contains("示例区教育局") && err.contains("高新区人社局"),
        "{err}"
    );
}

#[test]
fn files_that_do_not_parse_are_left_out_and_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("部门")).unwrap();
    std::fs::copy(
        "examples/示例区教育局/学生资助补助经费.toml",
        dir.path().join("部门/好.toml"),
    )
    .unwrap();
    std::fs::write(dir.path().join("部门/坏.toml"), "[project\nname = ").unwrap();
    let output = perf_in(dir.path(), &["summary", "."]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("520.00"), "{}", stdout(&output));
    let err = stderr(&output);
    assert!(
        err.contains("1 个文件未计入汇总") && err.contains("坏.toml") && err.contains("F001"),
        "{err}"
    );
}

#[test]
fn months_option_chooses_checkpoints() {
    let output = perf(&["summary", "--months", "6,12", "--format", "csv"]);
    let header = stdout(&output).lines().next().unwrap().to_owned();
    assert_eq!(
        header,
        "部门,年度,项目数,预算数,财政资金,其他资金,6月底,6月底%,12月底,12月底%"
    );
}

#[test]
fn percent_shares_add_up_to_exactly_one_hundred() {
    let output = perf(&[
        "summary",
        "--dept",
        "人社局",
        "--percent",
        "--format",
        "csv",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == "占比%").unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let (total, body) = rows.split_last().unwrap();
    let sum: rust_decimal::Decimal = body
        .iter()
        .map(|r| r[col].parse::<rust_decimal::Decimal>().unwrap())
        .sum();
    assert_eq!(sum.to_string(), "100.00");
    assert_eq!(total[col], "100.00");
    insta::assert_snapshot!("summary_dept_percent_csv", text);
}

#[test]
fn percent_on_department_rows_in_a_table() {
    let output = perf(&["summary", "budgets/", "examples/", "--percent"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    insta::assert_snapshot!("summary_departments_percent_table", stdout(&output));
}

#[test]
fn repeated_dept_filters_several_departments() {
    let output = perf(&[
        "summary",
        "budgets/",
        "examples/",
        "--dept",
        "人社局",
        "--dept",
        "教育局",
        "--format",
        "csv",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("部门,项目,"), "{text}");
    assert!(
        text.contains("示例区教育局,教师培训经费") && text.contains("高新区人社局,人才发展资金")
    );
    assert!(text.contains("合计,10 个项目"), "{text}");
}

#[test]
fn indicator_pivots_on_the_seed() {
    for by in ["level1", "level2", "basis", "unit"] {
        let output = perf(&["summary", "--by", by, "--percent"]);
        assert_eq!(output.status.code(), Some(0), "{by}: {}", stderr(&output));
        insta::assert_snapshot!(format!("summary_by_{by}"), stdout(&output));
    }
}

#[test]
fn indicator_pivot_json_counts_every_indicator() {
    let output = perf(&["summary", "--by", "level1", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["by"], "level1");
    assert_eq!(doc["total"]["indicators"], 42);
    let rows = doc["rows"].as_array().unwrap();
    let sum: u64 = rows.iter().map(|r| r["indicators"].as_u64().unwrap()).sum();
    assert_eq!(sum, 42);
    // 效果指标 in the seed is counted as 效益指标.
    assert!(rows.iter().any(|r| r["key"] == "效益指标"));
}

#[test]
fn by_year_shows_years_side_by_side_with_the_change() {
    let dir = tempfile::tempdir().unwrap();
    for (year, total) in [(2023, "100"), (2024, "150")] {
        let dept = dir.path().join(format!("某局{year}"));
        std::fs::create_dir(&dept).unwrap();
        for (name, amount) in [("甲", total), ("乙", "40")] {
            std::fs::write(
                dept.join(format!("{name}.toml")),
                format!(
                    "[project]\nname = \"{name}\"\ndepartment = \"某局\"\nyear = {year}\ngoals = [\"目标\"]\n\
                     [budget]\ntotal = {amount}\nfiscal = {amount}\n[plan]\n12 = 100\n\
                     [[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"x\"\ntarget = \"≥1个\"\n"
                ),
            )
            .unwrap();
        }
    }
    let output = perf_in(
        dir.path(),
        &["summary", ".", "--by", "year", "--format", "csv"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "部门,2023年,2024年,增减,增减率%\n某局,140.00,190.00,+50.00,35.71\n合计,140.00,190.00,+50.00,35.71\n"
    );
    let output = perf_in(
        dir.path(),
        &["summary", ".", "--by", "year", "--dept", "某局"],
    );
    insta::assert_snapshot!("summary_by_year_projects", stdout(&output));
}

/// A tree of one GBK-encoded project file (tests/bad-inputs/gbk.toml).
fn gbk_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        repo.join("tests/bad-inputs/gbk.toml"),
        dir.path().join("gbk.toml"),
    )
    .unwrap();
    dir
}

#[test]
fn summary_reads_as_validate_does_encoding_and_limits() {
    let dir = gbk_tree();
    // Without --encoding the file is left out, saying why (F006).
    let plain = perf_in(dir.path(), &["summary", "."]);
    assert!(stderr(&plain).contains("F006"), "{}", stderr(&plain));
    // With it, the file is read and totalled, as `perf validate --encoding gbk` reads it.
    let gbk = perf_in(dir.path(), &["summary", "--encoding", "gbk", "."]);
    assert_eq!(gbk.status.code(), Some(0), "{}", stderr(&gbk));
    assert!(stdout(&gbk).contains("520.00"), "{}", stdout(&gbk));
    // perf.toml's [limits] apply to summary too: a file over the limit is not read (F009).
    std::fs::write(
        dir.path().join("perf.toml"),
        "[limits]\nmax_file_mb = 0.001\n",
    )
    .unwrap();
    let limited = perf_in(dir.path(), &["summary", "--encoding", "gbk", "."]);
    assert!(stderr(&limited).contains("F009"), "{}", stderr(&limited));
    assert!(!stdout(&limited).contains("520.00"), "{}", stdout(&limited));
}

#[test]
fn summary_refuses_a_broken_configuration() {
    let dir = gbk_tree();
    std::fs::write(dir.path().join("perf.toml"), "[limits\n").unwrap();
    let output = perf_in(dir.path(), &["summary", "."]);
    // 2: perf could not do the job (as `perf validate` under a broken perf.toml).
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("perf.toml"), "{}", stderr(&output));
}
