//! Files in a folder perf made for itself (a temporary copy of a git revision for `perf diff`):
//! nobody else's data is there, so none of the replacing rules apply, but the write still
//! lives here so that this module stays the one place that creates files.

use std::io;
use std::path::Path;

/// What a scratch file holds.
#[derive(Debug, Clone, Copy)]
pub enum Scratch<'a> {
    /// These bytes.
    Bytes(&'a [u8]),
    /// A sparse file of this many bytes and no content: stands in for a file too large to read,
    /// so the loader refuses it by its size (F009) without perf ever holding it.
    Sized(u64),
}

/// Writes `content` to `path` inside a folder perf created, making the folders above it.
pub fn write_scratch(path: &Path, content: Scratch<'_>) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    match content {
        Scratch::Bytes(bytes) => std::fs::write(path, bytes),
        Scratch::Sized(size) => std::fs::File::create(path)?.set_len(size),
    }
}
