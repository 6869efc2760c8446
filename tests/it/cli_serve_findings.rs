//! 问题清单 at a bureau's scale: the page shows 200 findings at a time with the counts by rule
//! and links to the other pages (filters kept); the CSV still has every finding.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use axum::http::StatusCode;

use crate::serve_client::Client;

/// A tree with one project whose `[plan]` has `months` keys out of 1–12 (S001 each).
fn tree(dir: &Path, months: usize) {
    let department = dir.join("部门");
    std::fs::create_dir_all(&department).unwrap();
    let mut text = String::from(
        "[project]\nname = \"大表\"\ndepartment = \"部门\"\nyear = 2024\npurpose = \"用于测试\"\n\
         goals = [\"完成测试\"]\n\n[budget]\ntotal = 100\nfiscal = 100\nother = 0\n\n[plan]\n",
    );
    for m in 0..months {
        text.push_str(&format!("{} = 50\n", m + 13));
    }
    std::fs::write(department.join("大表.toml"), text).unwrap();
}

/// How many finding rows a page of the list shows.
fn rows(page: &str) -> usize {
    page.matches("<a href=\"/rules/").count()
}

#[tokio::test]
async fn the_list_is_paged_and_the_csv_is_whole() {
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path(), 450);
    let client = Client::new(dir.path(), false);
    let (status, csv) = client.get("/findings.csv").await;
    assert_eq!(status, StatusCode::OK);
    let s001 = csv.lines().filter(|l| l.contains(",S001,")).count();
    assert_eq!(s001, 450, "{csv}");
    let total = csv.lines().count() - 1;

    let (status, first) = client.get("/findings").await;
    assert_eq!(status, StatusCode::OK);
    assert!(first.contains(&format!("共 {total} 条")), "{first}");
    assert_eq!(rows(&first), 200);
    assert!(first.contains("第 1–200 条（第 1 / 3 页）"), "{first}");
    assert!(first.contains("page=2\">下一页"), "{first}");
    assert!(!first.contains("上一页"));
    // The counts by rule link to the list of that rule.
    assert!(
        first.contains("rule=S001&amp;dept=&amp;page=1\">S001 (450)"),
        "{first}"
    );

    let (_, last) = client.get("/findings?page=3").await;
    assert_eq!(rows(&last), total - 400);
    assert!(
        last.contains("上一页") && !last.contains("下一页"),
        "{last}"
    );
    // A page past the end shows the last one; a filter is kept across pages.
    let (_, past) = client.get("/findings?page=99").await;
    assert_eq!(rows(&past), total - 400);
    let (_, filtered) = client.get("/findings?rule=S001&page=2").await;
    assert_eq!(rows(&filtered), 200);
    assert!(
        filtered.contains("rule=S001&amp;dept=&amp;page=3\">下一页"),
        "{filtered}"
    );
}
