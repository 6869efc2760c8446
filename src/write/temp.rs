//! Temporary files beside their targets (`.perf-<pid>-<n>.tmp`), and the process-wide list
//! of those still alive, so a signal handler can remove them ([`remove_temp_files`]) and a
//! killed run leaves nothing in a budget folder that it can help.
//!
//! A `TempFile` removes itself when dropped unless it was renamed into place, so every
//! error path cleans up.

use std::collections::BTreeSet;
use std::fs::{File, Metadata, OpenOptions};
use std::io;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::write::error::{Step, WriteError};

/// The temporary files (and backups) this process has on disk right now.
static LIVE: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

/// Held while a batch renames its files into place (or puts them back), so that the signal
/// cleanup never removes a backup a rollback still needs, nor exits halfway through a batch.
static RENAMING: Mutex<()> = Mutex::new(());

/// Makes temporary names unique within the process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

fn live() -> std::sync::MutexGuard<'static, BTreeSet<PathBuf>> {
    // A panic while holding the lock cannot leave the set inconsistent: use it anyway.
    LIVE.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

pub(crate) fn register(path: &Path) {
    live().insert(path.to_path_buf());
}

pub(crate) fn unregister(path: &Path) {
    live().remove(path);
}

/// The lock a batch holds while renaming (see [`RENAMING`]).
pub(crate) fn renaming() -> std::sync::MutexGuard<'static, ()> {
    RENAMING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Removes every temporary file this process still has (for a SIGINT/SIGTERM handler, which
/// then exits); returns how many it removed. Waits for a batch that is renaming its files to
/// finish, so the tree is never left half-written by a signal.
pub fn remove_temp_files() -> usize {
    let _renaming = renaming();
    let paths = std::mem::take(&mut *live());
    paths
        .iter()
        .filter(|path| std::fs::remove_file(path).is_ok())
        .count()
}

/// The temporary files alive now (for tests and diagnostics).
pub fn live_temp_files() -> Vec<PathBuf> {
    live().iter().cloned().collect()
}

/// Whether a file name is one of perf's temporary files.
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with(".perf-") && name.ends_with(".tmp")
}

/// A fresh name `.perf-<pid>-<n>.tmp` in `dir`.
pub(crate) fn temp_name(dir: &Path) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    dir.join(format!(".perf-{}-{n}-{nanos:x}.tmp", std::process::id()))
}

/// A temporary file that is removed when dropped, unless [`TempFile::keep`] was called.
#[derive(Debug)]
pub(crate) struct TempFile {
    path: PathBuf,
    file: Option<File>,
    armed: bool,
}

impl TempFile {
    /// Creates a new temporary file in `dir`. A new file gets 0666 less the umask; with
    /// `like`, the metadata of the file it will replace, it gets that file's mode, owner and
    /// group.
    pub(crate) fn create_in(
        dir: &Path,
        target: &Path,
        like: Option<&Metadata>,
    ) -> Result<Self, WriteError> {
        let mut tries = 0;
        let (path, file) = loop {
            let path = temp_name(dir);
            // Registered before it exists, so a signal between create and register cannot
            // leave it behind.
            register(&path);
            match OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .mode(0o666)
                .open(&path)
            {
                Ok(file) => break (path, file),
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists && tries < 16 => {
                    unregister(&path);
                    tries += 1;
                }
                Err(err) => {
                    unregister(&path);
                    return Err(WriteError::io(target, Step::Create, err));
                }
            }
        };
        let temp = Self {
            path,
            file: Some(file),
            armed: true,
        };
        if let Some(meta) = like {
            temp.copy_identity(target, meta)?;
        }
        Ok(temp)
    }

    /// Gives the temporary file the mode, owner and group of the file it replaces.
    fn copy_identity(&self, target: &Path, meta: &Metadata) -> Result<(), WriteError> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        let mine = file
            .metadata()
            .map_err(|e| WriteError::io(target, Step::Create, e))?;
        if (mine.uid(), mine.gid()) != (meta.uid(), meta.gid()) {
            std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).map_err(
                |error| WriteError::Owner {
                    path: target.to_path_buf(),
                    error,
                },
            )?;
        }
        // After chown, which clears set-id bits.
        file.set_permissions(std::fs::Permissions::from_mode(meta.mode() & 0o7777))
            .map_err(|e| WriteError::io(target, Step::Create, e))?;
        Ok(())
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn file(&mut self) -> Option<&mut File> {
        self.file.as_mut()
    }

    /// Flushes the content to disk and closes the file (it stays on disk, still removed on
    /// drop until [`TempFile::keep`]).
    pub(crate) fn finish(&mut self, target: &Path) -> Result<(), WriteError> {
        if let Some(file) = self.file.take() {
            file.sync_all()
                .map_err(|e| WriteError::io(target, Step::Write, e))?;
        }
        Ok(())
    }

    /// The file was renamed into place: do not remove it.
    pub(crate) fn keep(mut self) {
        self.armed = false;
        unregister(&self.path);
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if self.armed {
            self.file = None;
            let _ = std::fs::remove_file(&self.path);
            unregister(&self.path);
        }
    }
}
