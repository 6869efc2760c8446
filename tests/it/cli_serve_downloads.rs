//! 下载 beyond the workbook and JSON: the SQLite database `perf export --format sqlite`
//! writes and the HTML report `perf report` writes, of the tree the pages show.

#![allow(clippy::unwrap_used)]

use axum::http::StatusCode;
use http_body_util::BodyExt;

use crate::serve_client::{Client, first_department_link};

async fn bytes(client: &Client, uri: &str) -> (StatusCode, String, Vec<u8>) {
    let response = client.raw("GET", uri, &[], "").await;
    let status = response.status();
    let kind = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, kind, body.to_vec())
}

#[tokio::test]
async fn the_tree_downloads_as_a_sqlite_database_and_as_the_html_report() {
    let client = Client::budgets(true);
    let (_, overview) = client.get("/").await;
    assert!(overview.contains("href=\"/download/perf.sqlite\""));
    assert!(overview.contains("href=\"/download/report.html\""));

    let (status, kind, db) = bytes(&client, "/download/perf.sqlite").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "application/vnd.sqlite3");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("perf.sqlite");
    std::fs::write(&path, &db).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let projects: i64 = conn
        .query_row("SELECT count(*) FROM projects", [], |r| r.get(0))
        .unwrap();
    assert_eq!(projects, 7);

    let (status, kind, html) = bytes(&client, "/download/report.html").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "text/html; charset=utf-8");
    let html = String::from_utf8(html).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80]);
    assert!(html.contains("被征地农民社会保障费") && html.contains("C001"));
}

#[tokio::test]
async fn a_department_downloads_as_the_workbook_its_clerk_fills_in() {
    use calamine::Reader;
    let client = Client::budgets(true);
    let (_, overview) = client.get("/").await;
    let page_link = first_department_link(&overview);
    let (_, page) = client.get(&page_link).await;
    let link = page_link.replacen("/dept/", "/download/dept/", 1);
    assert!(page.contains(&format!("href=\"{link}\"")), "{page}");
    let (status, kind, bytes) = bytes(&client, &link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.contains("spreadsheetml"), "{kind}");
    let workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheets = workbook.sheet_names();
    // The department's seven projects, each in the official layout (perf template --dept).
    for project in [
        "被征地农民社会保障费",
        "人才发展资金",
        "党员档案集中管理经费",
    ] {
        assert!(sheets.iter().any(|s| s.contains(project)), "{sheets:?}");
    }
    assert_eq!(
        client.get("/download/dept/%E6%B2%A1%E6%9C%89").await.0,
        StatusCode::NOT_FOUND
    );
}
