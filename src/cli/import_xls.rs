//! .xls files are read in a child process: calamine's BIFF reader can ask for hundreds of
//! gigabytes on a damaged file, and an allocation failure aborts the whole process — no
//! `catch_unwind` stops it. So `perf import` runs itself again with the hidden command
//! `perf __read-xls FILE`, which limits its own address space, reads the sheets (panics are
//! caught there too) and prints them as JSON. A child that dies (abort, signal, timeout) or
//! prints nothing usable is "工作簿无法读取", exit 2 — the parent never risks its own memory.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use clap::Args;
use perf::import::ImportError;
use perf::import::read_xls::{read, unreadable};
use perf::import::sheet::Sheet;

use crate::cli::Outcome;

/// The address space the child may use beyond what it has mapped at the start: a few hundred
/// MiB are plenty for a budget workbook.
const CHILD_MEMORY_BYTES: u64 = 1024 * 1024 * 1024;
/// What the child is taken to have mapped at the start where the system does not say: the
/// allocator's first arena (mimalloc reserves 1 GiB of address space, mostly never touched).
const ASSUMED_MAPPED_BYTES: u64 = 1024 * 1024 * 1024;
/// How long the child may take.
const CHILD_TIMEOUT: Duration = Duration::from_secs(60);
/// The most JSON the parent accepts from the child.
const MAX_JSON_BYTES: u64 = 256 * 1024 * 1024;

/// Arguments of the hidden `perf __read-xls`.
#[derive(Debug, Args)]
pub(crate) struct ReadXlsArgs {
    /// The .xls file.
    file: PathBuf,
}

/// The child: reads the sheets and prints them as JSON on stdout (an error on stderr, exit 2).
pub(crate) fn run_child(args: &ReadXlsArgs) -> anyhow::Result<Outcome> {
    limit_memory();
    // The panic is caught and reported as the error below; the default hook's report would
    // only repeat it.
    std::panic::set_hook(Box::new(|_| {}));
    let result = crate::cli::import::read_capped(&args.file)
        .map_err(|e| ImportError::Workbook(e.to_string()))
        .and_then(|bytes| read(&bytes));
    match result {
        Ok(sheets) => {
            let json = serde_json::to_string(&sheets)?;
            crate::cli::output::with_stdout(|out| writeln!(out, "{json}"))?;
            Ok(Outcome::Success)
        }
        Err(err) => {
            crate::cli::output::note(&err.to_string());
            Ok(Outcome::Failure)
        }
    }
}

#[cfg(unix)]
fn limit_memory() {
    // The cap counts from what is mapped already: the allocator reserved its arena before
    // `main`, and a cap on the total below that left the child unable to allocate at all.
    let cap = mapped_now().saturating_add(CHILD_MEMORY_BYTES);
    // Best effort: where the limit cannot be set, the catch_unwind guard still applies.
    let _ = rlimit::setrlimit(rlimit::Resource::AS, cap, cap);
}

/// The address space this process has mapped (Linux's `VmSize`), or [`ASSUMED_MAPPED_BYTES`]
/// where the system does not say.
#[cfg(unix)]
fn mapped_now() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find_map(|l| l.strip_prefix("VmSize:"))?;
            line.trim().strip_suffix("kB")?.trim().parse::<u64>().ok()
        })
        .map_or(ASSUMED_MAPPED_BYTES, |kb| kb.saturating_mul(1024))
}

#[cfg(not(unix))]
fn limit_memory() {}

/// `perf serve`'s .xls reader (`perf::serve::Settings::read_xls`): the uploaded bytes go to
/// a private temporary file, read in a child like `perf import`'s.
pub(crate) fn read_bytes_in_child(bytes: &[u8]) -> Result<Vec<Sheet>, ImportError> {
    let dir = tempfile::tempdir().map_err(|e| unreadable(&e.to_string()))?;
    let path = dir.path().join("upload.xls");
    perf::write::write_scratch(&path, perf::write::Scratch::Bytes(bytes))
        .map_err(|e| unreadable(&e.to_string()))?;
    read_in_child(&path)
}

/// The parent's side: reads `path` (whose bytes the caller already holds) in a child.
pub(crate) fn read_in_child(path: &Path) -> Result<Vec<Sheet>, ImportError> {
    let exe = std::env::current_exe().map_err(|e| unreadable(&e.to_string()))?;
    let mut child = Command::new(exe)
        .arg("__read-xls")
        .arg(path)
        .env("PERF_LANG", "zh")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| unreadable(&e.to_string()))?;
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(s) = stdout {
            let _ = s.take(MAX_JSON_BYTES).read_to_end(&mut bytes);
        }
        bytes
    });
    let err = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(s) = stderr {
            let _ = s.take(64 * 1024).read_to_end(&mut bytes);
        }
        bytes
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() > CHILD_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(_) => break None,
        }
    };
    let out = out.join().unwrap_or_default();
    let err = String::from_utf8_lossy(&err.join().unwrap_or_default()).into_owned();
    let Some(status) = status else {
        return Err(unreadable(&format!(
            "读取超过 {} 秒",
            CHILD_TIMEOUT.as_secs()
        )));
    };
    match status.code() {
        Some(0) => serde_json::from_slice(&out).map_err(|e| unreadable(&e.to_string())),
        // The child's own message: a Workbook or Limit error, already in Chinese.
        Some(2) if !err.trim().is_empty() => Err(ImportError::Limit(err.trim().to_owned())),
        _ => Err(unreadable(&format!(
            "读取程序异常退出（{}），多半是文件中的长度或位置已损坏",
            status
                .code()
                .map_or_else(|| "被系统终止".to_owned(), |c| format!("退出码 {c}"))
        ))),
    }
}
