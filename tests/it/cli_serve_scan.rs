//! When `perf serve` looks for files changed on disk. Under `Scan::WhenDue` (what the binary
//! runs, with a one-second ticker) a request scans only when a scan is due — after a tick or
//! after a request that may write — so eight clerks at once do not each `stat` the whole tree.

#![allow(clippy::unwrap_used)]

use crate::serve_client::{Client, confirm, enc_path, preview_id, seed_department_copy};

#[tokio::test]
async fn a_change_on_disk_shows_once_a_scan_is_due() {
    let dir = tempfile::tempdir().unwrap();
    let file = seed_department_copy(dir.path());
    let client = Client::when_due(dir.path());
    let page = format!(
        "/project/{}",
        enc_path("高新区人社局/被征地农民社会保障费.toml")
    );
    let c001 = "href=\"/rules/C001\"";
    let (_, before) = client.get(&page).await;
    assert!(before.contains(c001));
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("=7000万元", "≤4000万元")).unwrap();

    // No scan due: the page answers from the tree as loaded.
    let (_, stale) = client.get(&page).await;
    assert!(stale.contains(c001), "scanned without a tick");
    // The ticker marks a scan due: the next request finds the change.
    client.app.mark_scan_due();
    let (_, fresh) = client.get(&page).await;
    assert!(!fresh.contains(c001), "not reloaded after the tick");

    // The live check, a POST that only reads, does not make a scan due; a request that may
    // write (here a save of a stale form: 409, but the guard cannot know) does.
    std::fs::write(&file, &text).unwrap();
    let rel = enc_path("高新区人社局/被征地农民社会保障费.toml");
    client.post(&format!("/check/{rel}"), &[]).await;
    let (_, still) = client.get(&page).await;
    assert!(!still.contains(c001), "a live check made a scan due");
    let (status, _) = client
        .post(&format!("/edit/{rel}"), &[("hash".into(), "stale".into())])
        .await;
    assert_eq!(status, axum::http::StatusCode::CONFLICT);
    let (_, after_post) = client.get(&page).await;
    assert!(after_post.contains(c001), "not reloaded after a save");
}

#[tokio::test]
async fn a_confirmed_import_shows_on_the_page_it_opens_whatever_the_ticker_did() {
    let dir = tempfile::tempdir().unwrap();
    seed_department_copy(dir.path());
    let client = Client::when_due(dir.path());
    let table = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/real-forms/04-jingyan-mata-2023/source.txt"),
    )
    .unwrap();
    let (status, preview) = client
        .upload(
            "/import",
            &[("new_folder", "马踏镇")],
            Some(("表.txt", &table)),
            true,
        )
        .await;
    assert_eq!(status, axum::http::StatusCode::OK, "{preview}");
    let id = preview_id(&preview);
    // The ticker scans between the preview and the confirmation (nothing new on disk yet).
    client.app.refresh();
    let (status, location) = confirm(&client, &id).await;
    assert_eq!(status, axum::http::StatusCode::SEE_OTHER, "{location}");
    assert!(location.starts_with("/dept/"), "{location}");
    let (status, page) = client.get(&location).await;
    assert_eq!(status, axum::http::StatusCode::OK, "{page}");
    assert!(page.contains("基层组织活动经费"), "{page}");
}
