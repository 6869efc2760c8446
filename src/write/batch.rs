//! All-or-nothing writes of several files (`perf import`, `perf fmt`, CSV exports): every
//! file is staged beside its target first, every identity re-checked, then the renames; if
//! one rename fails, the files already replaced get their old content back (from a hard-link
//! backup kept until every rename succeeded), so the tree ends as it was.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::write::error::{Step, WriteError};
use crate::write::kind::{Replace, check_kind};
use crate::write::snapshot::Snapshot;
use crate::write::target::{check_replaceable, existing, folder, resolve};
use crate::write::temp::{TempFile, register, renaming, temp_name, unregister};

/// What a batch may do to a file.
#[derive(Debug, Clone, Copy)]
enum Mode {
    /// Replace a file read earlier, only if it is still as read.
    Replace(Snapshot),
    /// Create a file; replace an existing one only when `overwrite`.
    Create { overwrite: bool },
    /// Write an output; replace an existing file only as `Replace` allows.
    Output(Replace),
}

#[derive(Debug)]
struct Item {
    path: PathBuf,
    bytes: Vec<u8>,
    mode: Mode,
}

/// Files to write together: all of them, or none.
#[derive(Debug, Default)]
pub struct Batch {
    items: Vec<Item>,
}

/// One file staged and ready to rename.
struct Staged {
    /// The path as given (for messages).
    path: PathBuf,
    /// The file really replaced (symlinks followed).
    target: PathBuf,
    temp: TempFile,
    mode: Mode,
    /// A second name for the old file, to put it back if a later rename fails.
    backup: Option<Backup>,
}

/// A hard link to (or copy of) a file about to be replaced; removed when dropped, unless a
/// failed rollback left the old content only there.
struct Backup {
    path: PathBuf,
    keep: bool,
}

impl Drop for Backup {
    fn drop(&mut self) {
        unregister(&self.path);
        if !self.keep {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces `path` with `bytes`, provided it is still the file `snapshot` describes.
    pub fn replace(&mut self, path: impl Into<PathBuf>, bytes: Vec<u8>, snapshot: Snapshot) {
        self.items.push(Item {
            path: path.into(),
            bytes,
            mode: Mode::Replace(snapshot),
        });
    }

    /// Creates `path` with `bytes`; an existing file is replaced only when `overwrite`.
    pub fn create(&mut self, path: impl Into<PathBuf>, bytes: Vec<u8>, overwrite: bool) {
        self.items.push(Item {
            path: path.into(),
            bytes,
            mode: Mode::Create { overwrite },
        });
    }

    /// Writes the output `path` (a CSV table of an export); an existing file is replaced only
    /// as `replace` allows (empty, UTF-8 text for text, or forced: [`crate::write::kind`]).
    pub fn output(&mut self, path: impl Into<PathBuf>, bytes: Vec<u8>, replace: Replace) {
        self.items.push(Item {
            path: path.into(),
            bytes,
            mode: Mode::Output(replace),
        });
    }

    /// How many files the batch holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the batch holds no file.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Writes every file, or none: returns how many were written.
    pub fn commit(self) -> Result<usize, WriteError> {
        let mut staged = Vec::with_capacity(self.items.len());
        for item in self.items {
            staged.push(stage(item)?);
        }
        for file in &staged {
            check(&file.path, &file.target, file.mode)?;
        }
        // A single file needs no backup: if its rename fails, nothing was replaced.
        if staged.len() > 1 {
            for file in &mut staged {
                file.backup = backup(&file.target)?;
            }
        }
        // A signal now waits until every rename is done or undone (temp::remove_temp_files).
        let _renaming = renaming();
        let mut done: Vec<(PathBuf, Option<Backup>)> = Vec::with_capacity(staged.len());
        // Returning early drops the files not renamed yet: their temporary files and
        // backups are removed.
        for file in staged {
            let Staged {
                path,
                target,
                temp,
                backup,
                ..
            } = file;
            if let Err(err) = rename(temp.path(), &target, done.len()) {
                restore(done);
                return Err(WriteError::io(&path, Step::Replace, err));
            }
            temp.keep();
            done.push((target, backup));
        }
        for (target, _) in &done {
            sync_folder(target);
        }
        Ok(done.len())
    }
}

/// Checks the target, then writes its new content to a temporary file beside it.
fn stage(item: Item) -> Result<Staged, WriteError> {
    let target = resolve(&item.path)?;
    let meta = check(&item.path, &target, item.mode)?;
    let mut temp = TempFile::create_in(folder(&target), &item.path, meta.as_ref())?;
    if let Some(file) = temp.file() {
        file.write_all(&item.bytes)
            .map_err(|e| WriteError::io(&item.path, Step::Write, e))?;
    }
    temp.finish(&item.path)?;
    Ok(Staged {
        path: item.path,
        target,
        temp,
        mode: item.mode,
        backup: None,
    })
}

/// Whether `target` may be written as `mode` says; its metadata when it exists.
fn check(path: &Path, target: &Path, mode: Mode) -> Result<Option<std::fs::Metadata>, WriteError> {
    let meta = existing(target)?;
    match (mode, &meta) {
        (Mode::Replace(snapshot), Some(meta)) => {
            check_replaceable(path, meta)?;
            if Snapshot::of(meta) != snapshot {
                return Err(WriteError::Changed {
                    path: path.to_path_buf(),
                });
            }
        }
        (Mode::Replace(_), None) => {
            return Err(WriteError::Changed {
                path: path.to_path_buf(),
            });
        }
        (Mode::Create { overwrite: false }, Some(_)) => {
            return Err(WriteError::Exists {
                path: path.to_path_buf(),
            });
        }
        (Mode::Create { overwrite: true }, Some(meta)) => check_replaceable(path, meta)?,
        (Mode::Output(replace), Some(meta)) => {
            check_replaceable(path, meta)?;
            check_kind(path, target, replace)?;
        }
        (Mode::Create { .. } | Mode::Output(_), None) => {}
    }
    Ok(meta)
}

/// A hard link to the file about to be replaced, so it can be put back.
fn backup(target: &Path) -> Result<Option<Backup>, WriteError> {
    if existing(target)?.is_none() {
        return Ok(None);
    }
    let name = temp_name(folder(target));
    register(&name);
    // A file system without hard links (FAT, some network shares) gets a copy instead.
    let made =
        std::fs::hard_link(target, &name).or_else(|_| std::fs::copy(target, &name).map(drop));
    match made {
        Ok(()) => Ok(Some(Backup {
            path: name,
            keep: false,
        })),
        Err(err) => {
            let _ = std::fs::remove_file(&name);
            unregister(&name);
            Err(WriteError::io(target, Step::Replace, err))
        }
    }
}

/// Renames the `index`th staged file into place.
fn rename(from: &Path, to: &Path, index: usize) -> std::io::Result<()> {
    #[cfg(test)]
    if tests_hook::fails(index) {
        return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
    }
    let _ = index;
    std::fs::rename(from, to)
}

/// Undoes the renames done so far: old files back from their backups, new ones removed.
fn restore(done: Vec<(PathBuf, Option<Backup>)>) {
    for (target, backup) in done.into_iter().rev() {
        match backup {
            Some(mut backup) => {
                // If this fails the old content survives only in the backup: leave it.
                backup.keep = std::fs::rename(&backup.path, &target).is_err();
            }
            None => {
                let _ = std::fs::remove_file(&target);
            }
        }
    }
}

/// Makes the renames durable (best effort: not every filesystem syncs folders).
fn sync_folder(target: &Path) {
    if let Ok(dir) = std::fs::File::open(folder(target)) {
        let _ = dir.sync_all();
    }
}

/// Lets a test make the nth rename of a commit fail, the one failure no file state can
/// bring about between the checks and the renames.
#[cfg(test)]
pub(crate) mod tests_hook {
    use std::cell::Cell;

    thread_local! {
        static FAIL_AT: Cell<Option<usize>> = const { Cell::new(None) };
    }

    /// Makes the `index`th rename of this thread's next commits fail (`None`: none).
    pub(crate) fn fail_rename_at(index: Option<usize>) {
        FAIL_AT.with(|f| f.set(index));
    }

    pub(super) fn fails(index: usize) -> bool {
        FAIL_AT.with(|f| f.get() == Some(index))
    }
}
