//! A bounded load test of `perf serve` (issue 17): N requests, C at a time, against a server
//! on 127.0.0.1 only, spread evenly over the workbench's pages — 总览, 部门, 项目, 问题清单,
//! the edit form — and the live check a clerk's typing triggers (`POST /check/…` with the
//! whole form, as `serve.js` sends it, one 指标值 changed). Prints p50/p99/max per page and,
//! given the server's pid, its resident memory (VmRSS now, VmHWM the peak).
//!
//! ```text
//! perf serve TREE --port 8711 &
//! cargo run --release --example serve_load -- --port 8711 --requests 2000 --concurrency 8 --pid $!
//! ```
//!
//! std only (one HTTP/1.1 request per connection, `Connection: close`): what is measured is the
//! server, not a client library. docs/performance.md has the figures.

#![allow(clippy::print_stdout, clippy::print_stderr, missing_docs)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

struct Args {
    port: u16,
    requests: usize,
    concurrency: usize,
    pid: Option<u32>,
}

fn args() -> Result<Args, String> {
    let mut out = Args {
        port: 8000,
        requests: 2000,
        concurrency: 8,
        pid: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let bad = |_| format!("{flag}: not a number: {value}");
        match flag.as_str() {
            "--port" => out.port = value.parse().map_err(bad)?,
            "--requests" => out.requests = value.parse().map_err(bad)?,
            "--concurrency" => out.concurrency = value.parse().map_err(bad)?,
            "--pid" => out.pid = Some(value.parse().map_err(bad)?),
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(out)
}

/// One response: status and body.
struct Response {
    status: u16,
    body: String,
}

/// One request on a fresh loopback connection, read to the end.
fn request(port: u16, method: &str, path: &str, body: Option<&str>) -> Result<Response, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .map_err(|e| e.to_string())?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Origin: http://127.0.0.1:{port}\r\n"
    );
    if let Some(body) = body {
        head.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body.unwrap_or("").as_bytes()))
        .map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(|e| e.to_string())?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no header end")?;
    let header = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = header
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or("no status")?;
    let mut body = raw[split + 4..].to_vec();
    if header
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    Ok(Response {
        status,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&raw[..end])
            .ok()
            .and_then(|s| usize::from_str_radix(s.trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = end + 2;
        let Some(chunk) = raw.get(start..start + size) else {
            break;
        };
        out.extend_from_slice(chunk);
        raw = raw.get(start + size + 2..).unwrap_or(&[]);
    }
    out
}

/// Every `attr="…"` value in `html` that starts with `prefix`, in order, deduplicated.
fn hrefs(html: &str, prefix: &str) -> Vec<String> {
    let needle = format!("href=\"{prefix}");
    let mut out: Vec<String> = Vec::new();
    for (i, _) in html.match_indices(&needle) {
        let rest = &html[i + 6..];
        if let Some(end) = rest.find('"') {
            let link = unescape(&rest[..end]);
            if !out.contains(&link) {
                out.push(link);
            }
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')?;
    Some(unescape(&tag[start..start + end]))
}

/// The pairs a browser submits for the edit form in `html`: inputs, textareas, and each
/// select's selected (or first) option.
fn form_pairs(html: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open..];
        let Some(close) = rest.find('>') else { break };
        let tag = &rest[..=close];
        let after = &rest[close + 1..];
        if tag.starts_with("<input")
            && let Some(name) = attr(tag, "name")
        {
            pairs.push((name, attr(tag, "value").unwrap_or_default()));
        } else if tag.starts_with("<textarea")
            && let Some(name) = attr(tag, "name")
        {
            let end = after.find("</textarea>").unwrap_or(after.len());
            pairs.push((name, unescape(&after[..end])));
        } else if tag.starts_with("<select")
            && let Some(name) = attr(tag, "name")
        {
            let end = after.find("</select>").unwrap_or(after.len());
            let options: Vec<&str> = after[..end].split("<option").skip(1).collect();
            let chosen = options
                .iter()
                .find(|o| o.split('>').next().is_some_and(|t| t.contains(" selected")))
                .or(options.first());
            let value = chosen
                .and_then(|o| attr(&format!("<option{}", o.split('>').next()?), "value"))
                .unwrap_or_default();
            pairs.push((name, value));
        }
        rest = after;
    }
    pairs
}

/// application/x-www-form-urlencoded, as `URLSearchParams` writes it.
fn encode(pairs: &[(String, String)]) -> String {
    let one = |s: &str| {
        let mut out = String::new();
        for b in s.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                    out.push(b as char)
                }
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
        out
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", one(k), one(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A page to load: its label, method, path and form body.
#[derive(Clone)]
struct Target {
    label: &'static str,
    method: &'static str,
    path: String,
    body: Option<String>,
}

fn get(label: &'static str, path: String) -> Target {
    Target {
        label,
        method: "GET",
        path,
        body: None,
    }
}

/// Crawls the workbench for the pages to load: every department, the projects of the first
/// 20 departments, and for 50 of them the edit form and a live check with one 指标值 typed.
fn targets(port: u16) -> Result<Vec<Vec<Target>>, String> {
    let overview = request(port, "GET", "/", None)?;
    let departments = hrefs(&overview.body, "/dept/");
    let mut projects = Vec::new();
    for dept in departments.iter().take(20) {
        projects.extend(hrefs(&request(port, "GET", dept, None)?.body, "/project/"));
    }
    if departments.is_empty() || projects.is_empty() {
        return Err("no department or project links on the overview".into());
    }
    let mut edits = Vec::new();
    let mut checks = Vec::new();
    for project in projects
        .iter()
        .step_by((projects.len() / 50).max(1))
        .take(50)
    {
        let path = project.replacen("/project/", "/edit/", 1);
        let page = request(port, "GET", &path, None)?;
        let mut pairs = form_pairs(&page.body);
        // The clerk types a new 指标值 into the first row.
        if let Some(target) = pairs.iter_mut().find(|(k, _)| k.ends_with(".target")) {
            target.1 = format!("{}0", target.1);
        }
        edits.push(get("编辑表单", path));
        checks.push(Target {
            label: "边填边查 POST /check",
            method: "POST",
            path: project.replacen("/project/", "/check/", 1),
            body: Some(encode(&pairs)),
        });
    }
    Ok(vec![
        vec![get("总览 /", "/".into())],
        departments.into_iter().map(|d| get("部门", d)).collect(),
        projects.into_iter().map(|p| get("项目", p)).collect(),
        vec![get("问题清单 /findings", "/findings".into())],
        edits,
        checks,
    ])
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn proc_status(pid: u32, key: &str) -> Option<String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    Some(line[key.len()..].trim().to_owned())
}

fn main() {
    let args = match args() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("serve_load: {e}");
            std::process::exit(2);
        }
    };
    let kinds = match targets(args.port) {
        Ok(kinds) => kinds,
        Err(e) => {
            eprintln!(
                "serve_load: cannot crawl the server on 127.0.0.1:{}: {e}",
                args.port
            );
            std::process::exit(2);
        }
    };
    let next = AtomicUsize::new(0);
    let times: Mutex<BTreeMap<&'static str, Vec<Duration>>> = Mutex::new(BTreeMap::new());
    let failures: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..args.concurrency {
            scope.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= args.requests {
                        break;
                    }
                    // Even shares of the page kinds; within a kind, its pages in turn.
                    let kind = &kinds[n % kinds.len()];
                    let target = &kind[(n / kinds.len()) % kind.len()];
                    let t0 = Instant::now();
                    let result = request(
                        args.port,
                        target.method,
                        &target.path,
                        target.body.as_deref(),
                    );
                    let took = t0.elapsed();
                    match result {
                        Ok(r) if r.status == 200 => {
                            if let Ok(mut times) = times.lock() {
                                times.entry(target.label).or_default().push(took);
                            }
                        }
                        Ok(r) => {
                            if let Ok(mut f) = failures.lock() {
                                f.push(format!("{} {} → {}", target.method, target.path, r.status));
                            }
                        }
                        Err(e) => {
                            if let Ok(mut f) = failures.lock() {
                                f.push(format!("{} {} → {e}", target.method, target.path));
                            }
                        }
                    }
                }
            });
        }
    });
    let wall = started.elapsed();
    println!(
        "{} requests, {} at a time, in {:.2} s",
        args.requests,
        args.concurrency,
        wall.as_secs_f64()
    );
    println!("| page | requests | p50 (ms) | p99 (ms) | max (ms) |");
    println!("|---|---:|---:|---:|---:|");
    for (label, mut list) in times.into_inner().unwrap_or_default() {
        list.sort();
        println!(
            "| {label} | {} | {} | {} | {} |",
            list.len(),
            ms(percentile(&list, 0.5)),
            ms(percentile(&list, 0.99)),
            ms(list.last().copied().unwrap_or_default())
        );
    }
    let failures = failures.into_inner().unwrap_or_default();
    if let Some(pid) = args.pid {
        println!(
            "server RSS now {}, peak {}",
            proc_status(pid, "VmRSS:").unwrap_or_default(),
            proc_status(pid, "VmHWM:").unwrap_or_default()
        );
    }
    if !failures.is_empty() {
        eprintln!("{} failed requests, e.g. {}", failures.len(), failures[0]);
        std::process::exit(1);
    }
}
