//! Files in a folder perf made for itself (a temporary copy of a git revision for `perf diff`),
//! and anonymous scratch files ([`scratch_file`]): nobody else's data is there, so none of the
//! replacing rules apply, but the writes still live here so that this module stays the one
//! place that creates files.

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

/// An anonymous scratch file for a command's own intermediate data (the records of
/// `perf validate --format junit` between the pass and the report): created in the temporary
/// folder (`TMPDIR`, else /tmp) with no name at all (`O_TMPFILE`, or unlinked at once where
/// that is missing), so it can neither replace nor be mistaken for anybody's file, is none of
/// the run's inputs, leaves nothing behind on any exit — SIGKILL included: the system frees
/// it when the last handle closes — and needs no clean-up on signals. Its pages live in the
/// page cache, not in perf's memory.
pub fn scratch_file() -> Result<std::fs::File, crate::write::WriteError> {
    tempfile::tempfile().map_err(|error| {
        crate::write::WriteError::io(std::env::temp_dir(), crate::write::Step::Scratch, error)
    })
}
