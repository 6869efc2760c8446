//! `perf lsp` end to end: the real binary spoken to over stdio with Content-Length framing,
//! as an editor does (tests/lsp is the client).

// Helpers outside #[test] functions: the allow-*-in-tests settings do not reach them.
#![allow(clippy::unwrap_used, clippy::panic)]

mod lsp;

use std::path::{Path, PathBuf};

use lsp::{Client, codes, file_uri};
use serde_json::{Value, json};

const SEED: &str = "budgets/高新区人社局/被征地农民社会保障费.toml";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seed() -> (String, String) {
    let path = repo().join(SEED);
    (file_uri(&path), std::fs::read_to_string(&path).unwrap())
}

fn has(code: &'static str) -> impl Fn(&[Value]) -> bool {
    move |list| codes(list).iter().any(|c| c == code)
}

#[test]
fn opening_the_seed_shows_c001_on_line_54_as_validate_does() {
    let mut client = Client::initialized(&repo(), &[]);
    let (uri, text) = seed();
    client.open(&uri, &text);
    let list = client.diagnostics(&uri, has("C001"));
    let c001 = list.iter().find(|d| d["code"] == "C001").unwrap();
    // `target = "=7000万元"`: the value starts at the 10th character of line 54 (0-based 53,
    // character 9) and ends after 9 characters, counted in UTF-16 units.
    assert_eq!(
        c001["range"],
        json!({ "start": { "line": 53, "character": 9 }, "end": { "line": 53, "character": 18 } })
    );
    assert_eq!(c001["severity"], 1, "error");
    assert_eq!(c001["source"], "perf");
    assert_eq!(
        c001["message"],
        "成本指标“项目金额”为“=7000万元”（7000万元），与预算数 4000万元 不一致"
    );
    let help = &c001["relatedInformation"][0];
    assert_eq!(
        help["message"],
        "建议：改成 `≤4000万元`（与预算数一致），或核对预算数"
    );
    assert_eq!(help["location"]["uri"], uri.as_str());
    let href = c001["codeDescription"]["href"].as_str().unwrap();
    assert!(href.ends_with("docs/rules.md#c001"), "{href}");
    // The rest of what `perf validate` says about the file: I008 on line 70, as a warning.
    let i008 = list.iter().find(|d| d["code"] == "I008").unwrap();
    assert_eq!(i008["range"]["start"]["line"], 69);
    assert_eq!(i008["severity"], 2);
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn a_change_that_fixes_the_cost_clears_c001_and_a_broken_file_gets_its_syntax_error() {
    let mut client = Client::initialized(&repo(), &[]);
    let (uri, text) = seed();
    client.open(&uri, &text);
    client.diagnostics(&uri, has("C001"));
    client.change(&uri, 2, &text.replace("=7000万元", "≤4000万元"));
    let list = client.diagnostics(&uri, |l| !has("C001")(l));
    assert!(has("I008")(&list), "{list:?}");
    // Half-typed TOML: a syntax error where it is, and the server goes on.
    let broken = text.replace("target = \"=7000万元\"", "target = \"=7000万元");
    client.change(&uri, 3, &broken);
    let list = client.diagnostics(&uri, has("F001"));
    let f001 = list.iter().find(|d| d["code"] == "F001").unwrap();
    assert_eq!(f001["range"]["start"]["line"], 53, "{f001}");
    client.change(&uri, 4, &text);
    client.diagnostics(&uri, has("C001"));
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn only_the_newest_of_quick_changes_is_published() {
    let mut client = Client::initialized(&repo(), &[]);
    let (uri, text) = seed();
    client.open(&uri, &text);
    client.diagnostics(&uri, has("C001"));
    for version in 2..40 {
        client.change(
            &uri,
            version,
            &text.replace("=7000万元", &format!("={version}万元")),
        );
    }
    client.change(&uri, 40, &text.replace("=7000万元", "≤4000万元"));
    let last = client
        .take(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 40);
    assert!(!has("C001")(
        last["params"]["diagnostics"].as_array().unwrap()
    ));
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    let cleared = client.take(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(Vec::is_empty)
    });
    assert_eq!(cleared["params"]["uri"], uri.as_str());
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn messages_follow_lang() {
    let mut client = Client::initialized(&repo(), &["--lang", "en"]);
    let (uri, text) = seed();
    client.open(&uri, &text);
    let list = client.diagnostics(&uri, has("C001"));
    let c001 = list.iter().find(|d| d["code"] == "C001").unwrap();
    let help = c001["relatedInformation"][0]["message"].as_str().unwrap();
    assert!(help.starts_with("help: "), "{help}");
    assert_eq!(
        c001["message"],
        "cost indicator “项目金额” is “=7000万元” (7000万元), which differs from the budget total of 4000万元"
    );
    assert_eq!(client.shut_down(), 0);
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn saving_refreshes_cross_file_findings_of_open_files_and_perf_toml_is_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("budgets")).unwrap();
    copy_tree(&repo().join("budgets"), &root.join("budgets"));
    // perf.toml turns I008 off: the server must not show it.
    std::fs::write(root.join("perf.toml"), "[rules]\nI008 = \"allow\"\n").unwrap();
    let mut client = Client::initialized(root, &[]);
    let path = root.join(SEED);
    let uri = file_uri(&path);
    client.open(&uri, &std::fs::read_to_string(&path).unwrap());
    let list = client.diagnostics(&uri, has("C001"));
    assert!(!has("I008")(&list), "{list:?}");
    assert!(!has("X001")(&list), "{list:?}");
    // Another file with the same project appears on disk and is saved: the open file is
    // judged again against the tree as it now is.
    let copy = path.with_file_name("副本.toml");
    std::fs::copy(&path, &copy).unwrap();
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": file_uri(&copy) } }),
    );
    let list = client.diagnostics(&uri, has("X001"));
    assert!(has("C001")(&list));
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn exit_without_shutdown_is_status_1_and_a_closed_pipe_ends_the_server() {
    let mut client = Client::initialized(&repo(), &[]);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait(), 1);
    let client = Client::initialized(&repo(), &[]);
    assert_eq!(client.wait(), 1);
}
