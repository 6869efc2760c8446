//! One output file (`-o/--output`, `--write-baseline`, an export): written into a device,
//! FIFO or `/dev/stdout` directly, otherwise built in a temporary file beside the real target
//! (symlinks followed, the link kept) and renamed over it with the old file's mode, owner and
//! group.

use std::fs::{Metadata, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::write::error::{Step, WriteError};
use crate::write::inputs::Inputs;
use crate::write::kind::{Replace, check_kind};
use crate::write::snapshot::Snapshot;
use crate::write::target::{
    check_replaceable, existing, folder, is_stream, names_a_folder, resolve,
};
use crate::write::temp::TempFile;

/// Streams `write` into `path`. Refused: a folder, one of the run's `inputs`, a file with
/// other hard links, a read-only file, and an existing file that `replace` does not allow
/// (one perf did not write, unless forced: [`crate::write::kind`]). A target that changes
/// while the output is being written is not replaced.
pub fn write_output(
    path: &Path,
    inputs: &Inputs,
    replace: Replace,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let (target, meta) = prepare(path, inputs)?;
    if is_stream(path, meta.as_ref()) || is_stream(&target, meta.as_ref()) {
        return write_in_place(path, meta.as_ref(), write);
    }
    if let Some(meta) = &meta {
        check_replaceable(path, meta)?;
        check_kind(path, &target, replace)?;
    }
    let mut temp = TempFile::create_in(folder(&target), path, meta.as_ref())?;
    if let Some(file) = temp.file() {
        let mut out = BufWriter::new(file);
        write(&mut out).map_err(|e| WriteError::io(path, Step::Write, e))?;
        out.flush()
            .map_err(|e| WriteError::io(path, Step::Write, e))?;
    }
    temp.finish(path)?;
    commit(path, &target, meta.as_ref(), temp)
}

/// Writes a file that a library must build at a path of its own (SQLite): `build` gets the
/// temporary file (empty, with the right mode) and fills it; it is then renamed over `path`.
/// An existing file is replaced only when it is empty, when `is_ours` recognises it as
/// perf's, or with `force`.
pub fn write_staged(
    path: &Path,
    inputs: &Inputs,
    force: bool,
    is_ours: impl FnOnce(&Path) -> bool,
    build: impl FnOnce(&Path) -> io::Result<()>,
) -> Result<(), WriteError> {
    let (target, meta) = prepare(path, inputs)?;
    if let Some(meta) = &meta {
        check_replaceable(path, meta)?;
        if !force && !is_ours(&target) {
            check_kind(path, &target, Replace::database(false))?;
        }
    }
    let mut temp = TempFile::create_in(folder(&target), path, meta.as_ref())?;
    temp.finish(path)?;
    build(temp.path()).map_err(|e| WriteError::io(path, Step::Write, e))?;
    commit(path, &target, meta.as_ref(), temp)
}

/// The checks every output shares; the file really written and its metadata if it exists.
fn prepare(
    path: &Path,
    inputs: &Inputs,
) -> Result<(std::path::PathBuf, Option<Metadata>), WriteError> {
    if names_a_folder(path) {
        return Err(WriteError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    inputs.refuses(path)?;
    let target = resolve(path)?;
    let meta = existing(&target)?;
    if meta.as_ref().is_some_and(Metadata::is_dir) {
        return Err(WriteError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    Ok((target, meta))
}

/// Renames the finished temporary file over `target`, unless the target changed meanwhile.
fn commit(
    path: &Path,
    target: &Path,
    before: Option<&Metadata>,
    temp: TempFile,
) -> Result<(), WriteError> {
    let now = existing(target)?;
    if now.as_ref().map(Snapshot::of) != before.map(Snapshot::of) {
        return Err(WriteError::ChangedWhileWriting {
            path: path.to_path_buf(),
        });
    }
    std::fs::rename(temp.path(), target).map_err(|e| WriteError::io(path, Step::Replace, e))?;
    temp.keep();
    if let Ok(dir) = std::fs::File::open(folder(target)) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// A device, FIFO or `/dev/stdout`: opened and written as it is, never replaced. A regular
/// file reached this way (`-o /dev/stdout > file`) is appended to, as a shell redirect is.
fn write_in_place(
    path: &Path,
    meta: Option<&Metadata>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let regular = meta.is_some_and(Metadata::is_file);
    let file = OpenOptions::new()
        .write(true)
        .append(regular)
        .open(path)
        .map_err(|e| WriteError::io(path, Step::Open, e))?;
    let mut out = BufWriter::new(file);
    write(&mut out).map_err(|e| WriteError::io(path, Step::Write, e))?;
    out.flush()
        .map_err(|e| WriteError::io(path, Step::Write, e))
}
