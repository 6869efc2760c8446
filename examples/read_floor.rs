//! The physical floor for `perf validate`: walk the tree the way perf does (sorted, `*.toml`),
//! then read every file in parallel and check it is UTF-8 — no parsing, nothing kept.
//!
//! ```sh
//! cargo run --release --example read_floor -- DIR
//! ```
//!
//! docs/performance.md compares perf against this program.

#![allow(clippy::print_stdout, clippy::print_stderr, missing_docs)]

use std::io::Read;
use std::path::PathBuf;

use rayon::prelude::*;
use walkdir::WalkDir;

fn main() -> anyhow::Result<()> {
    let roots: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if roots.is_empty() {
        anyhow::bail!("usage: read_floor DIR...");
    }
    let mut paths = Vec::new();
    for root in &roots {
        for entry in WalkDir::new(root).sort_by_file_name() {
            let entry = entry?;
            if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "toml")
            {
                paths.push(entry.into_path());
            }
        }
    }
    // One buffer per worker, reused from file to file. Read without asking the size (through
    // `take`, which `read_to_end` cannot ask a size of): open, read, read, close — the
    // least a reader can do, and what perf does for a file under 64 KB. `File::read_to_end`
    // would add a statx and an lseek per file, and the floor would be a floor no more.
    let (bytes, invalid) = paths
        .par_iter()
        .map_init(Vec::new, |buf, path| -> std::io::Result<(u64, u64)> {
            buf.clear();
            std::fs::File::open(path)?.take(u64::MAX).read_to_end(buf)?;
            // The check perf itself does (simdutf8), so the floor is not slower than perf needs.
            let ok = simdutf8::basic::from_utf8(buf).is_ok();
            Ok((buf.len() as u64, u64::from(!ok)))
        })
        .try_reduce(|| (0, 0), |a, b| Ok((a.0 + b.0, a.1 + b.1)))?;
    println!("{} files, {bytes} bytes, {invalid} not UTF-8", paths.len());
    Ok(())
}
