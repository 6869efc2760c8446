//! `perf serve` in a real browser: headless Chromium driven over the DevTools protocol (a
//! websocket, `tungstenite`), against the real binary on `--port 0`. `#[ignore]`d in a plain
//! `cargo test` like the report's browser tests; `.ci/run` installs Debian's chromium and runs
//! them with `--ignored`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A child process killed when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `perf serve --port 0` over `root`, and its URL.
fn serve(root: &Path) -> (Killed, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_perf"))
        .arg("serve")
        .arg(root)
        .args(["--port", "0"])
        .env_remove("PERF_LANG")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (Killed(child), line.trim().to_owned())
}

/// Headless Chromium with a DevTools port, and a websocket to its first page.
struct Browser {
    _child: Killed,
    _profile: tempfile::TempDir,
    socket: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
    next: u64,
}

impl Browser {
    fn start() -> Self {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("these tests need Debian's chromium: apt-get install chromium (.ci/run does)");
        // Chromium's stderr is read to its end on a thread, so it never writes into a closed pipe.
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let (found, port) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                if let Some(rest) = line.split("ws://127.0.0.1:").nth(1) {
                    let _ = found.send(rest.split('/').next().unwrap_or_default().to_owned());
                }
            }
        });
        let port = port
            .recv_timeout(Duration::from_secs(30))
            .expect("chromium prints its DevTools address");
        let list = http_get(&format!("127.0.0.1:{port}"), "/json/list");
        let targets: Value = serde_json::from_str(&list).unwrap();
        let page = targets
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["type"] == "page")
            .expect("a page target");
        let url = page["webSocketDebuggerUrl"].as_str().unwrap();
        let (socket, _) = tungstenite::connect(url).unwrap();
        if let tungstenite::stream::MaybeTlsStream::Plain(stream) = socket.get_ref() {
            stream
                .set_read_timeout(Some(Duration::from_secs(30)))
                .unwrap();
        }
        Self {
            _child: Killed(child),
            _profile: profile,
            socket,
            next: 1,
        }
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next;
        self.next += 1;
        let message = json!({ "id": id, "method": method, "params": params });
        self.socket
            .send(tungstenite::Message::text(message.to_string()))
            .unwrap();
        loop {
            let answer = self.socket.read().unwrap();
            let Ok(text) = answer.to_text() else { continue };
            let value: Value = serde_json::from_str(text).unwrap_or(Value::Null);
            if value["id"] == id {
                assert!(value.get("error").is_none(), "{method}: {value}");
                return value["result"].clone();
            }
        }
    }

    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        result["result"]["value"].clone()
    }

    /// Waits until `expression` is true (10 s at most).
    fn until(&mut self, expression: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if self.eval(expression) == json!(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("never true: {expression}");
    }

    fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": url }));
        self.until("document.readyState === 'complete' && !!document.querySelector('main')");
    }
}

/// A plain HTTP GET; the body is read by its Content-Length (Chromium keeps the connection).
fn http_get(address: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
    let mut reader = BufReader::new(stream);
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    String::from_utf8(body).unwrap()
}

fn copy_budgets() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("budgets");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let target = dir.path().join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    dir
}

const SOCIAL: &str = "高新区人社局/被征地农民社会保障费.toml";

/// Sets a form field as typing would, so the page's script hears it.
fn type_into(name: &str, value: &str) -> String {
    format!(
        "(() => {{ const el = document.querySelector('[name=\"{name}\"]'); el.value = {value}; \
         el.dispatchEvent(new Event('input', {{ bubbles: true }})); return true; }})()",
        value = json!(value)
    )
}

#[test]
#[ignore = "needs chromium: cargo test --test cli_serve_browser -- --ignored (.ci/run does)"]
fn c001_disappears_as_the_cost_target_is_typed_then_the_save_writes_it() {
    let dir = copy_budgets();
    let (_server, url) = serve(dir.path());
    let mut browser = Browser::start();
    let rel: String = SOCIAL
        .split('/')
        .map(|s| s.bytes().map(|b| format!("%{b:02X}")).collect::<String>())
        .collect::<Vec<_>>()
        .join("/");
    browser.open(&format!("{url}edit/{rel}"));
    assert_eq!(
        browser.eval("document.querySelector('form.edit').innerText.includes('C001')"),
        json!(true)
    );
    browser.eval(&type_into("ind.3.target", "≤4000万元"));
    browser.until(
        "document.getElementById('live').dataset.count !== undefined \
         && !document.querySelector('form.edit').innerText.includes('C001')",
    );
    assert_eq!(
        browser.eval(
            "document.querySelector('[data-field=\"ind.3.target\"] small.reading').textContent"
        ),
        json!("读作：≤ 4000 万元")
    );
    let path = dir.path().join(SOCIAL);
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("=7000万元"),
        "not saved yet"
    );

    // Add an indicator row with the button, fill it, save.
    browser.eval("document.getElementById('add-row').click(); true");
    browser.eval(&type_into("ind.7.name", "新增一行"));
    browser.eval(&type_into("ind.7.target", "≥3个"));
    browser.eval("document.querySelector('form.edit').submit(); true");
    browser.until("location.pathname.startsWith('/project/')");
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("target = \"≤4000万元\""), "{saved}");
    assert!(saved.contains("name = \"新增一行\""), "{saved}");
    assert!(saved.contains("# 其他资金：原表空白"), "comments kept");
    // A change on disk (a git pull, an editor) is announced on the open page.
    assert_eq!(
        browser.eval("document.getElementById('changed').hidden"),
        json!(true)
    );
    std::fs::write(&path, saved.replace("新增一行", "磁盘上改过")).unwrap();
    browser.until("!document.getElementById('changed').hidden");
    let output = crate::common::perf_in(dir.path(), &["validate", SOCIAL, "--format", "concise"]);
    assert!(!crate::common::stdout(&output).contains("C001"));
}

#[test]
#[ignore = "needs chromium: cargo test --test cli_serve_browser -- --ignored (.ci/run does)"]
fn a_document_uploaded_through_the_import_page_is_previewed_then_written() {
    let dir = copy_budgets();
    let (_server, url) = serve(dir.path());
    let mut browser = Browser::start();
    browser.open(&format!("{url}import"));
    // The file input is filled as a user's choice would fill it (DevTools, not a script).
    let document = browser.call("DOM.getDocument", json!({}));
    let input = browser.call(
        "DOM.querySelector",
        json!({ "nodeId": document["root"]["nodeId"], "selector": "#file" }),
    );
    let table = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/real-forms/04-jingyan-mata-2023/source.txt");
    browser.call(
        "DOM.setFileInputFiles",
        json!({ "nodeId": input["nodeId"], "files": [table.to_str().unwrap()] }),
    );
    browser.eval(&type_into("new_folder", "马踏镇"));
    browser.eval("document.querySelector('form.import').submit(); true");
    browser.until("!!document.querySelector('form.confirm')");
    let preview = browser.eval("document.querySelector('main').innerText");
    let preview = preview.as_str().unwrap();
    assert!(
        preview.contains("村组干部报酬") && preview.contains("基层组织活动经费"),
        "{preview}"
    );
    assert!(preview.contains("单位的编码“820001”未导入"), "{preview}");
    let folder = dir.path().join("马踏镇");
    assert!(!folder.exists(), "nothing written by the preview");
    browser.eval("document.querySelector('form.confirm').submit(); true");
    browser.until("location.pathname.startsWith('/dept/')");
    assert_eq!(
        browser.eval("document.querySelector('main').innerText.includes('基层组织活动经费')"),
        json!(true)
    );
    assert!(folder.join("村组干部报酬.toml").is_file());
    assert!(folder.join("基层组织活动经费.toml").is_file());
}
