//! 导入 of an .xls workbook through the real `perf serve` binary: the upload is parsed in a
//! child process (`perf __read-xls`, memory capped) as `perf import` parses it, previewed,
//! confirmed and written. The fixture is `perf template --dept 高新区人社局` saved as .xls by
//! LibreOffice (Excel 97–2003, what WPS and old Excel still write).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::serve_client::multipart;

/// One request on its own connection: status and body.
fn http(address: &str, method: &str, path: &str, kind: &str, body: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nOrigin: http://{address}\r\n\
         Connection: close\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, text)
}

/// Uploads `bytes` as `name` to 导入, into the new folder `folder`.
fn upload(address: &str, csrf: &str, folder: &str, name: &str, bytes: &[u8]) -> (u16, String) {
    let body = multipart(&[("new_folder", folder)], Some((name, bytes)), Some(csrf));
    http(
        address,
        "POST",
        "/import",
        "multipart/form-data; boundary=XperfX",
        &body,
    )
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> &'a str {
    let start = text.find(open).expect(open) + open.len();
    &text[start..start + text[start..].find(close).unwrap()]
}

#[test]
fn an_xls_upload_is_read_in_a_child_previewed_and_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("预算")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_perf"))
        .current_dir(dir.path())
        .env_remove("PERF_LANG")
        .args(["serve", "预算", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut url = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    let address = url
        .trim()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();

    let (status, page) = http(&address, "GET", "/import", "text/plain", b"");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(".xls,"), "the file input offers .xls: {page}");
    let csrf = between(&page, "name=\"csrf-token\" content=\"", "\"").to_owned();

    let xls = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/seed/高新区人社局-绩效目标表.xls"),
    )
    .unwrap();
    let (status, preview) = upload(
        &address,
        &csrf,
        "高新区人社局",
        "高新区人社局-绩效目标表.xls",
        &xls,
    );
    assert_eq!(status, 200, "{preview}");
    assert!(preview.contains("被征地农民社会保障费"), "{preview}");
    let id = between(&preview, "name=\"id\" value=\"", "\"").to_owned();

    // A workbook that makes calamine ask for gigabytes: the child dies, the page says the
    // file cannot be read, the server runs on.
    let damaged = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/bad-inputs/import/calamine-alloc-abort.xls"),
    )
    .unwrap();
    let (status, refused) = upload(&address, &csrf, "坏表", "坏表.xls", &damaged);
    assert_eq!(status, 422, "{refused}");
    assert!(refused.contains("工作簿无法读取"), "{refused}");
    assert!(!dir.path().join("预算/坏表").exists());

    let form = format!("id={id}&csrf={csrf}");
    let (status, answer) = http(
        &address,
        "POST",
        "/import/confirm",
        "application/x-www-form-urlencoded",
        form.as_bytes(),
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(status, 303, "{answer}");
    let written: Vec<String> = std::fs::read_dir(dir.path().join("预算/高新区人社局"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written.len(), 7, "{written:?}");
    let cost = std::fs::read_to_string(
        dir.path()
            .join("预算/高新区人社局/被征地农民社会保障费.toml"),
    )
    .unwrap();
    assert!(cost.contains("=7000万元"), "{cost}");
}
