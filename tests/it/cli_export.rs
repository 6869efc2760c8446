//! `perf export`: xlsx, csv, sqlite and json written by the real binary, read back (calamine,
//! the csv crate, rusqlite) and compared with the model as the JSON export states it.

// Set-up helpers outside #[test] functions unwrap too: a failed set-up is a failed test.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use crate::common::{perf, perf_in, stderr};
use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;

/// The model: the JSON export of budgets/.
fn model() -> Value {
    let output = perf(&["export", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn export(format: &str, output: &Path) {
    let out = output.to_str().unwrap();
    let result = perf(&["export", "budgets/", "--format", format, "--output", out]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
}

fn decimal(v: &Value) -> rust_decimal::Decimal {
    v.as_str().unwrap().parse().unwrap()
}

#[test]
fn json_holds_the_whole_model() {
    let doc = model();
    assert_eq!(doc["format"], "perf-export");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["departments"][0]["name"], "高新区人社局");
    assert_eq!(doc["departments"][0]["aliases"][0], "人社局");
    let projects = doc["projects"].as_array().unwrap();
    assert_eq!(projects.len(), 7);
    let total: rust_decimal::Decimal = projects.iter().map(|p| decimal(&p["total"])).sum();
    assert_eq!(total.to_string(), "9035");
    let p = projects
        .iter()
        .find(|p| p["name"] == "被征地农民社会保障费")
        .unwrap();
    assert_eq!(p["department_id"], 1);
    assert_eq!(p["indicators"][3]["level2_label"], "成本指标");
    assert_eq!(p["indicators"][3]["comparator"], "=");
    assert_eq!(p["indicators"][4]["level1_label"], "效果指标");
    assert_eq!(p["indicators"][4]["level1"], "效益指标");
    assert_eq!(p["findings"][0]["code"], "C001");
}

#[test]
fn xlsx_reads_back_with_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("预算.xlsx");
    export("xlsx", &path);
    let doc = model();
    let projects = doc["projects"].as_array().unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let names = book.sheet_names();
    // 汇总, one sheet per project, and 检查结果 last (the seed has findings).
    assert_eq!(names.len(), 2 + projects.len());
    assert_eq!(names[0], "汇总");
    assert_eq!(names.last().unwrap(), "检查结果");

    let summary = book.worksheet_range("汇总").unwrap();
    for (i, p) in projects.iter().enumerate() {
        let row = i as u32 + 1;
        assert_eq!(
            summary.get_value((row, 2)),
            Some(&Data::String(p["name"].as_str().unwrap().into()))
        );
        let expected: f64 = p["total"].as_str().unwrap().parse().unwrap();
        assert_eq!(summary.get_value((row, 3)), Some(&Data::Float(expected)));
    }
    let total_row = projects.len() as u32 + 1;
    assert_eq!(
        summary.get_value((total_row, 0)),
        Some(&Data::String("合计".into()))
    );
    assert_eq!(
        summary.get_value((total_row, 3)),
        Some(&Data::Float(9035.0))
    );

    // The project sheet in the official layout.
    let sheet = book.worksheet_range("被征地农民社会保障费").unwrap();
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or_default();
    assert_eq!(
        cell(0, 0),
        Data::String("项目绩效目标表（2024年度）".into())
    );
    assert_eq!(cell(1, 1), Data::String("被征地农民社会保障费".into()));
    assert_eq!(cell(3, 2), Data::Float(4000.0));
    // 资金支出计划 as percentages: 20% is stored as 0.2.
    assert_eq!(cell(6, 1), Data::String("3月底".into()));
    assert_eq!(cell(7, 1), Data::Float(0.2));
    let rows: Vec<Vec<Data>> = sheet.rows().map(<[Data]>::to_vec).collect();
    let cost = rows
        .iter()
        .find(|r| r.get(2) == Some(&Data::String("项目金额".into())))
        .unwrap();
    assert_eq!(cost[4], Data::String("=7000万元".into()));
    // The findings are not printed inside the official form.
    assert!(
        !rows
            .iter()
            .any(|r| r.iter().any(|c| c.to_string().contains("C001"))),
        "findings inside the form"
    );
    // 检查结果 names the sheet and the cell each finding is about: C001 is about the
    // 成本指标 row's 指标值, the cell that holds `=7000万元`.
    let findings = book.worksheet_range("检查结果").unwrap();
    let header: Vec<String> = findings
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        [
            "项目",
            "单元格",
            "级别",
            "代码",
            "问题",
            "修改建议",
            "文件位置"
        ]
    );
    let c001 = findings
        .rows()
        .find(|r| r.get(3) == Some(&Data::String("C001".into())))
        .unwrap();
    assert_eq!(c001[0], Data::String("被征地农民社会保障费".into()));
    let address = c001[1].to_string();
    let (col, row) = address.split_at(1);
    let col = u32::from(col.as_bytes()[0] - b'A');
    let row: u32 = row.parse::<u32>().unwrap() - 1;
    assert_eq!(
        cell(row, col),
        Data::String("=7000万元".into()),
        "{address}"
    );
    assert!(
        c001[6].to_string().ends_with(".toml:54:10"),
        "{:?}",
        c001[6]
    );
    let merged = book
        .merge_cells_by_sheet_name("被征地农民社会保障费")
        .unwrap();
    // Title, name, department, budget label and purpose, plan label, goals label and goals,
    // and the 一级/二级 label cells that span rows.
    assert!(merged.len() >= 8, "{merged:?}");
}

#[test]
fn xlsx_sheet_names_are_cut_to_31_characters_without_collisions() {
    let dir = tempfile::tempdir().unwrap();
    let dept = dir.path().join("部门");
    std::fs::create_dir(&dept).unwrap();
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/示例区教育局/教师培训经费.toml"),
    )
    .unwrap();
    let long = "关于全面推进区域教育优质均衡发展的教师专业能力提升培训项目经费";
    for (file, name) in [
        ("a.toml", format!("{long}一期")),
        ("b.toml", format!("{long}二期")),
        ("c.toml", "汇总".into()),
    ] {
        std::fs::write(
            dept.join(file),
            seed.replacen("name = \"教师培训经费\"", &format!("name = \"{name}\""), 1),
        )
        .unwrap();
    }
    let output = perf_in(dir.path(), &["export", ".", "-o", "out.xlsx"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let book: Xlsx<_> = open_workbook(dir.path().join("out.xlsx")).unwrap();
    let names = book.sheet_names();
    // 汇总, three projects, 检查结果 (the copies are duplicates: X001).
    assert_eq!(names.len(), 5, "{names:?}");
    assert!(names.iter().all(|n| n.chars().count() <= 31), "{names:?}");
    let unique: std::collections::HashSet<&String> = names.iter().collect();
    assert_eq!(unique.len(), 5, "{names:?}");
    assert!(names.contains(&"汇总~2".to_owned()), "{names:?}");
}

#[test]
fn csv_tables_read_back_with_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("表");
    export("csv", &out);
    let doc = model();
    let read = |name: &str| {
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM unless asked");
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let header = reader.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        (header, rows)
    };
    let (header, projects) = read("projects.csv");
    let col = |h: &str| header.iter().position(|x| x == h).unwrap();
    let model_projects = doc["projects"].as_array().unwrap();
    assert_eq!(projects.len(), model_projects.len());
    for (row, p) in projects.iter().zip(model_projects) {
        assert_eq!(&row[col("name")], p["name"].as_str().unwrap());
        assert_eq!(&row[col("total")], p["total"].as_str().unwrap());
        assert_eq!(&row[col("department")], "高新区人社局");
    }
    let (_, plan) = read("plan.csv");
    let points: usize = model_projects
        .iter()
        .map(|p| p["plan"].as_array().unwrap().len())
        .sum();
    assert_eq!(plan.len(), points);
    let (header, indicators) = read("indicators.csv");
    let count: usize = model_projects
        .iter()
        .map(|p| p["indicators"].as_array().unwrap().len())
        .sum();
    assert_eq!(indicators.len(), count);
    let target = header.iter().position(|x| x == "target").unwrap();
    let kind = header.iter().position(|x| x == "kind").unwrap();
    assert!(
        indicators
            .iter()
            .any(|r| &r[target] == "'=7000万元" && &r[kind] == "quantitative")
    );
    assert!(indicators.iter().any(|r| &r[target] == "'=100%"));
    assert!(
        !indicators.iter().any(|r| r[target].starts_with('=')),
        "every formula-like target is protected"
    );
    let (_, findings) = read("findings.csv");
    assert!(findings.iter().any(|r| &r[5] == "C001"));
}

/// A tree whose texts look like spreadsheet formulas, and a negative amount.
fn formula_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("注入.toml"),
        r#"[project]
name = "=HYPERLINK(\"http://evil.example/\",\"点我\")"
department = "@SUM(A1:A9)"
year = 2024
purpose = "+cmd|' /C calc'!A0"
goals = ["-2+3+cmd|' /C calc'!A0"]

[budget]
total = 10
fiscal = 12

[[indicator]]
level1 = "产出指标"
level2 = "数量指标"
name = "\t=1+1"
target = "=100%"
"#,
    )
    .unwrap();
    dir
}

fn export_csv(dir: &Path, extra: &[&str]) -> std::collections::BTreeMap<String, String> {
    let out = dir.join("表");
    let mut args = vec!["export", "注入.toml", "--format", "csv", "-o", "表"];
    args.extend(extra);
    let result = perf_in(dir, &args);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    ["projects.csv", "indicators.csv"]
        .iter()
        .map(|n| (n.to_string(), std::fs::read_to_string(out.join(n)).unwrap()))
        .collect()
}

#[test]
fn csv_cells_that_look_like_formulas_get_a_leading_quote() {
    let dir = formula_tree();
    let files = export_csv(dir.path(), &[]);
    let projects = &files["projects.csv"];
    let indicators = &files["indicators.csv"];
    let mut reader = csv::Reader::from_reader(projects.as_bytes());
    let header = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let col = |h: &str| header.iter().position(|x| x == h).unwrap();
    assert_eq!(
        &row[col("name")],
        "'=HYPERLINK(\"http://evil.example/\",\"点我\")"
    );
    assert_eq!(&row[col("department")], "'@SUM(A1:A9)");
    assert_eq!(&row[col("purpose")], "'+cmd|' /C calc'!A0");
    assert_eq!(&row[col("goals")], "'-2+3+cmd|' /C calc'!A0");
    // Amounts are numbers perf formats itself: a negative one stays a number.
    assert_eq!(&row[col("other")], "-2");
    let mut reader = csv::Reader::from_reader(indicators.as_bytes());
    let header = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let col = |h: &str| header.iter().position(|x| x == h).unwrap();
    assert_eq!(&row[col("name")], "'\t=1+1");
    assert_eq!(&row[col("target")], "'=100%");
    assert_eq!(&row[col("comparator")], "'=");
    assert_eq!(&row[col("value")], "100");
}

#[test]
fn csv_raw_writes_cells_as_they_are() {
    let dir = formula_tree();
    let files = export_csv(dir.path(), &["--raw"]);
    let mut reader = csv::Reader::from_reader(files["projects.csv"].as_bytes());
    let header = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let col = |h: &str| header.iter().position(|x| x == h).unwrap();
    assert_eq!(&row[col("department")], "@SUM(A1:A9)");
    assert_eq!(&row[col("purpose")], "+cmd|' /C calc'!A0");
    assert!(files["indicators.csv"].contains(",=100%,"));
    let result = perf(&["export", "--format", "json", "--raw"]);
    assert_eq!(result.status.code(), Some(2));
}

#[test]
fn csv_views_protect_formula_cells_too() {
    let dir = formula_tree();
    let result = perf_in(
        dir.path(),
        &["summary", "注入.toml", "--by", "project", "--format", "csv"],
    );
    let out = String::from_utf8(result.stdout).unwrap();
    assert!(out.contains("'=HYPERLINK("), "{out}");
    assert!(!out.contains(",=HYPERLINK"), "{out}");
}

#[test]
fn csv_excel_bom_starts_every_file_with_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("表");
    let result = perf(&[
        "export",
        "--format",
        "csv",
        "--excel-bom",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    for name in ["projects.csv", "plan.csv", "indicators.csv", "findings.csv"] {
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{name}");
    }
    let result = perf(&["export", "--format", "json", "--excel-bom"]);
    assert_eq!(result.status.code(), Some(2));
}

#[test]
fn sqlite_answers_queries_like_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("perf.sqlite");
    export("sqlite", &path);
    let doc = model();
    let db = rusqlite::Connection::open(&path).unwrap();
    let one = |sql: &str| -> String {
        db.query_row(sql, [], |r| r.get::<_, rusqlite::types::Value>(0))
            .map(|v| match v {
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Real(f) => f.to_string(),
                rusqlite::types::Value::Text(t) => t,
                other => format!("{other:?}"),
            })
            .unwrap()
    };
    assert_eq!(one("PRAGMA user_version"), "1");
    assert_eq!(one("SELECT count(*) FROM projects"), "7");
    assert_eq!(one("SELECT sum(total) FROM projects"), "9035");
    assert_eq!(
        one("SELECT total_exact FROM projects WHERE name = '被征地农民社会保障费'"),
        "4000"
    );
    let indicators: usize = doc["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["indicators"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        one("SELECT count(*) FROM indicators"),
        indicators.to_string()
    );
    assert_eq!(
        one(
            "SELECT p.name FROM indicators i JOIN projects p ON p.id = i.project_id
             WHERE i.kind = 'quantitative' AND i.unit = '万元' AND i.value > 5000"
        ),
        "被征地农民社会保障费"
    );
    assert_eq!(
        one(
            "SELECT count(*) FROM indicators WHERE level1_label = '效果指标' AND level1 = '效益指标'"
        ),
        "7"
    );
    assert_eq!(
        one(
            "SELECT amount FROM plan_points p JOIN projects j ON j.id = p.project_id WHERE j.name = '被征地农民社会保障费' AND month = 6"
        ),
        "2000"
    );
    assert_eq!(
        one(
            "SELECT p.name FROM findings f JOIN projects p ON p.id = f.project_id WHERE f.code = 'C001'"
        ),
        "被征地农民社会保障费"
    );
    let findings: usize = doc["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["findings"].as_array().unwrap().len())
        .sum::<usize>()
        + doc["other_findings"].as_array().unwrap().len();
    assert_eq!(one("SELECT count(*) FROM findings"), findings.to_string());
    // Every foreign key holds.
    let broken: i64 = db
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);
}

#[test]
fn exports_replace_an_existing_file_and_need_an_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("perf.sqlite");
    std::fs::write(&path, "old").unwrap();
    // A file perf did not write is kept without --force (tests/cli_write_safety.rs).
    let out = path.to_str().unwrap();
    let refused = perf(&["export", "budgets/", "--format", "sqlite", "-o", out]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert_eq!(std::fs::read(&path).unwrap(), b"old");
    let forced = perf(&[
        "export", "budgets/", "--format", "sqlite", "-o", out, "--force",
    ]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    // perf's own database is replaced without --force.
    export("sqlite", &path);
    assert!(
        std::fs::read(&path)
            .unwrap()
            .starts_with(b"SQLite format 3")
    );
    let output = perf(&["export", "--format", "xlsx"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--output"), "{}", stderr(&output));
}
