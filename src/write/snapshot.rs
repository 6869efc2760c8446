//! The identity of a file as perf read it — device, inode, size and modification time — so
//! that a replacement can check nobody changed the file in between.

use std::fs::Metadata;
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::write::error::{Step, WriteError};

/// A file's identity when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Snapshot {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: i64,
    mtime_nsec: i64,
}

impl Snapshot {
    /// The identity in `meta`.
    pub fn of(meta: &Metadata) -> Self {
        Self {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime: meta.mtime(),
            mtime_nsec: meta.mtime_nsec(),
        }
    }

    /// The identity of the file at `path` now (following symlinks).
    pub fn of_path(path: &Path) -> Result<Self, WriteError> {
        std::fs::metadata(path)
            .map(|meta| Self::of(&meta))
            .map_err(|e| WriteError::io(path, Step::Read, e))
    }
}

/// Reads a file to update it: its bytes and its identity, taken from the open file (so both
/// are of the same file even if the path is replaced meanwhile).
pub fn read_for_update(path: &Path) -> Result<(Vec<u8>, Snapshot), WriteError> {
    let fail = |e| WriteError::io(path, Step::Read, e);
    let mut file = std::fs::File::open(path).map_err(fail)?;
    let before = file.metadata().map_err(fail)?;
    if before.is_dir() {
        return Err(WriteError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(fail)?;
    Ok((bytes, Snapshot::of(&before)))
}
