//! 下载 beyond the workbook and JSON: the SQLite database `perf export --format sqlite`
//! writes and the HTML report `perf report` writes, of the tree the pages show.

#![allow(clippy::unwrap_used)]

use axum::http::StatusCode;
use http_body_util::BodyExt;

use crate::serve_client::Client;

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
