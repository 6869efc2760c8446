//! `perf serve --open`: the URL handed to the desktop's opener (here a stand-in `xdg-open`
//! on PATH that writes what it was given), and a missing opener said, not fatal.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::BufRead;
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn serve(path_var: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_perf"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("PERF_LANG")
        .env("PATH", path_var)
        .args(["serve", "budgets", "--read-only", "--port", "0", "--open"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Starts the server, returns the URL it printed and what it said on stderr by then.
fn first_line(command: &mut Command) -> (std::process::Child, String) {
    let mut child = command.spawn().unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (child, line.trim().to_owned())
}

#[test]
fn open_hands_the_url_to_the_desktop_opener() {
    let bin = tempfile::tempdir().unwrap();
    let seen = bin.path().join("seen.txt");
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", seen.display()),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (mut child, url) = first_line(&mut serve(&bin.path().display().to_string()));
    let deadline = Instant::now() + Duration::from_secs(20);
    while !seen.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    // The opener may still be writing when the file appears.
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(std::fs::read_to_string(&seen).unwrap(), url);
}

#[test]
fn without_an_opener_the_server_says_so_and_runs_on() {
    let empty = tempfile::tempdir().unwrap();
    let (mut child, url) = first_line(&mut serve(&empty.path().display().to_string()));
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    // stderr read as it comes, until the notice (or 20 s).
    let (lines, said) = std::sync::mpsc::channel();
    let err = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(err).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let mut heard = Vec::new();
    while let Ok(line) = said.recv_timeout(Duration::from_secs(20)) {
        let done = line.contains("无法打开浏览器");
        heard.push(line);
        if done {
            break;
        }
    }
    // Still serving after saying so: the port answers.
    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let connected = std::net::TcpStream::connect(address).is_ok();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        heard.last().is_some_and(|l| l.contains("无法打开浏览器")),
        "{heard:?}"
    );
    assert!(connected);
}
