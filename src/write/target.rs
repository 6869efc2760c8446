//! Where a write really lands: the final file behind a chain of symlinks (the link is kept
//! and its target replaced), and whether that file may be replaced.

use std::fs::Metadata;
use std::io;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Component, Path, PathBuf};

use crate::write::error::{Step, WriteError};

/// How many links deep perf follows (the kernel's own limit is 40).
const MAX_LINKS: usize = 40;

/// The path a write replaces: `path` itself, or the file its symlinks lead to (a dangling
/// link leads to the file it names, which is then created).
pub(crate) fn resolve(path: &Path) -> Result<PathBuf, WriteError> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)
                    .map_err(|e| WriteError::io(path, Step::Open, e))?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            Ok(_) => return Ok(current),
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(err) => return Err(WriteError::io(path, Step::Open, err)),
        }
    }
    Err(WriteError::io(
        path,
        Step::Open,
        io::Error::other("too many levels of symbolic links"),
    ))
}

/// The folder a file lives in (`.` for a bare name).
pub(crate) fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Whether the path names a folder by its spelling (`out/`, `.`, `..`).
pub(crate) fn names_a_folder(path: &Path) -> bool {
    let text = path.as_os_str().as_encoded_bytes();
    text.ends_with(b"/")
        || matches!(
            path.components().next_back(),
            Some(Component::CurDir | Component::ParentDir | Component::RootDir) | None
        )
}

/// Whether writes to `path` go straight into it: a device, FIFO or socket, or a path under
/// `/dev` or `/proc/self/fd` (`/dev/stdout`).
pub(crate) fn is_stream(path: &Path, meta: Option<&Metadata>) -> bool {
    let special = meta.is_some_and(|m| {
        let t = m.file_type();
        t.is_char_device() || t.is_block_device() || t.is_fifo() || t.is_socket()
    });
    special || path.starts_with("/dev") || path.starts_with("/proc/self/fd")
}

/// Refuses to replace `meta` (the file at `path`): a folder, something other than a regular
/// file, a file with other hard links, or a read-only file.
pub(crate) fn check_replaceable(path: &Path, meta: &Metadata) -> Result<(), WriteError> {
    let path = path.to_path_buf();
    if meta.is_dir() {
        return Err(WriteError::IsDirectory { path });
    }
    if !meta.is_file() {
        return Err(WriteError::NotRegular { path });
    }
    if meta.nlink() > 1 {
        return Err(WriteError::HardLinked {
            path,
            links: meta.nlink(),
        });
    }
    if meta.mode() & 0o222 == 0 {
        return Err(WriteError::ReadOnly { path });
    }
    Ok(())
}

/// The metadata of an existing file, `None` when there is none.
pub(crate) fn existing(path: &Path) -> Result<Option<Metadata>, WriteError> {
    match std::fs::metadata(path) {
        Ok(meta) => Ok(Some(meta)),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(WriteError::io(path, Step::Open, err)),
    }
}
