//! Benchmark (divan) of `perf lsp`'s latency: from a change of a 200-indicator project file to
//! its published diagnostics, through the real server loop over an in-memory connection, in
//! the bundled tree (issue 19 asks for 20 ms). `cargo bench --bench lsp`; CI only builds it.

#![allow(
    missing_docs,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    unreachable_pub
)]

use std::path::PathBuf;

use divan::Bencher;
use lsp_server::{Message, Notification, Request};
use perf::lsp::{Connection, Start};
use serde_json::json;

fn main() {
    divan::main();
}

/// The seed's project with its six indicator rows repeated to 200, under a copy of the tree.
fn workspace() -> (tempfile::TempDir, PathBuf, String) {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("budgets/高新区人社局");
    std::fs::create_dir_all(&folder).unwrap();
    for entry in std::fs::read_dir(repo.join("budgets/高新区人社局")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), folder.join(entry.file_name())).unwrap();
    }
    let seed = std::fs::read_to_string(folder.join("被征地农民社会保障费.toml")).unwrap();
    let (head, rows) = seed.split_once("[[indicator]]").unwrap();
    let rows: Vec<String> = rows
        .split("[[indicator]]")
        .map(|r| format!("[[indicator]]{r}"))
        .collect();
    let mut text = head.to_owned();
    for i in 0..200 {
        text.push_str(&rows[i % rows.len()].replacen("name = \"", &format!("name = \"{i}"), 1));
    }
    let path = folder.join("大项目.toml");
    std::fs::write(&path, &text).unwrap();
    (dir, path, text)
}

fn uri(path: &std::path::Path) -> String {
    perf::lsp::uri::from_path(path).unwrap().as_str().to_owned()
}

#[divan::bench(sample_count = 50)]
fn change_to_diagnostics_200_indicators(bencher: Bencher) {
    let (dir, path, text) = workspace();
    let (server, client) = Connection::memory();
    let start = Start {
        lang: perf::i18n::Lang::Zh,
        fallback_root: dir.path().to_path_buf(),
    };
    let thread = std::thread::spawn(move || perf::lsp::run(&server, &start));
    let root = uri(dir.path());
    let send = |m: Message| client.sender.send(m).unwrap();
    send(
        Request::new(
            1.into(),
            "initialize".into(),
            json!({ "capabilities": {}, "rootUri": root }),
        )
        .into(),
    );
    client.receiver.recv().unwrap();
    send(Notification::new("initialized".into(), json!({})).into());
    let doc = uri(&path);
    send(
        Notification::new(
            "textDocument/didOpen".into(),
            json!({ "textDocument": { "uri": doc, "languageId": "toml", "version": 1, "text": text } }),
        )
        .into(),
    );
    client.receiver.recv().unwrap();
    let mut version = 1;
    bencher.bench_local(|| {
        version += 1;
        let changed = text.replacen("total = 4000", &format!("total = {}", 4000 + version), 1);
        send(
            Notification::new(
                "textDocument/didChange".into(),
                json!({ "textDocument": { "uri": doc, "version": version }, "contentChanges": [{ "text": changed }] }),
            )
            .into(),
        );
        match client.receiver.recv().unwrap() {
            Message::Notification(n) => n.params["diagnostics"].as_array().map(Vec::len),
            other => panic!("{other:?}"),
        }
    });
    drop(client);
    thread.join().unwrap().unwrap();
}
