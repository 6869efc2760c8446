//! Moving indicator rows in the edit form, without JavaScript: each row has a 序号; a save
//! writes the rows in the order of those numbers, whole tables with their comments, and a form
//! whose numbers are as the page gave them changes no byte.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::http::StatusCode;

use crate::serve_client::{Client, enc_path, form_fields, seed_department_copy};

const FILE: &str = "高新区人社局/被征地农民社会保障费.toml";

/// The row names of a project file, in order.
fn names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_row = false;
    for line in text.lines() {
        if line.starts_with("[[indicator]]") {
            in_row = true;
        } else if line.starts_with('[') {
            in_row = false;
        } else if in_row && let Some(rest) = line.strip_prefix("name = \"") {
            out.push(rest[..rest.find('"').unwrap()].to_owned());
        }
    }
    out
}

#[tokio::test]
async fn a_row_moves_to_the_number_typed_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = seed_department_copy(dir.path());
    let before = std::fs::read_to_string(&file).unwrap();
    let client = Client::new(dir.path(), false);
    let uri = format!("/edit/{}", enc_path(FILE));
    let (status, page) = client.get(&uri).await;
    assert_eq!(status, StatusCode::OK);
    let fields = form_fields(&page);
    let positions: Vec<&(String, String)> =
        fields.iter().filter(|(k, _)| k.ends_with(".pos")).collect();
    let rows = names(&before);
    assert_eq!(
        positions.len(),
        rows.len() + 1,
        "a 序号 for each row and the blank one"
    );

    // As given: saved, not a byte changed.
    let (status, _) = client.post(&uri, &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);

    // The last row to the top.
    let last = format!("ind.{}.pos", rows.len() - 1);
    let moved: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| {
            if *k == last {
                (k.clone(), "0".to_owned())
            } else {
                (k.clone(), v.clone())
            }
        })
        .collect();
    let (status, _) = client.post(&uri, &moved).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let after = std::fs::read_to_string(&file).unwrap();
    let mut expected = rows.clone();
    let top = expected.pop().unwrap();
    expected.insert(0, top);
    assert_eq!(names(&after), expected);
    // Only the order changed: the same lines, each as many times.
    let mut a: Vec<&str> = before.lines().filter(|l| !l.is_empty()).collect();
    let mut b: Vec<&str> = after.lines().filter(|l| !l.is_empty()).collect();
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b);
}
