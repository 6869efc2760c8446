//! Every file perf writes goes through here: command-line outputs, `perf fmt`, `perf new`,
//! `perf import`, exports and baselines (docs/design.md, "What perf writes").
//!
//! The rules: a device, FIFO or `/dev/stdout` is written into; any other file is built in a
//! temporary `.perf-*.tmp` beside its real target (symlinks followed, the link kept), flushed
//! to disk and renamed over it with the old file's mode, owner and group (a new file gets
//! 0666 less the umask). Refused: a folder, a file with other hard links, a read-only file, a
//! file changed since it was read, an output that is one of the run's inputs, and an existing
//! file perf did not write (unless forced): only an empty file, perf's own workbook or
//! database, and — when perf writes text — a UTF-8 text file are replaced ([`kind`]). Temporary files are removed on every error and,
//! through [`remove_temp_files`], on SIGINT/SIGTERM. The module never prints: errors are
//! [`WriteError`]s that say themselves in either language.

pub mod batch;
pub mod error;
pub mod inputs;
pub mod kind;
pub mod output;
pub mod scratch;
pub mod snapshot;
mod target;
pub mod temp;

pub use batch::Batch;
pub use error::{InputKind, Step, WriteError};
pub use inputs::Inputs;
pub use kind::{Found, Replace, Writes};
pub use output::{write_output, write_staged};
pub use scratch::{Scratch, scratch_file, write_scratch};
pub use snapshot::{Snapshot, read_for_update};
pub use temp::{is_temp_name, live_temp_files, remove_temp_files};

/// Creates `dir` and the folders above it (for outputs that go into a new folder).
pub fn create_dir_all(dir: &std::path::Path) -> Result<(), WriteError> {
    std::fs::create_dir_all(dir).map_err(|e| WriteError::io(dir, Step::CreateDir, e))
}

/// Writes a test fixture (`contents` at `path`, replaced if there): the unit tests of other
/// modules make their trees through this, so that every file written from `src/` is written
/// here.
#[cfg(test)]
pub(crate) fn fixture(path: &std::path::Path, contents: impl AsRef<[u8]>) {
    if let Err(err) = std::fs::write(path, contents) {
        // ok: test-only (cfg(test)); a fixture that cannot be written is a broken test setup.
        panic!("writing the fixture {}: {err}", path.display());
    }
}

/// Copies a test fixture from `from` to `to` (see [`fixture`]).
#[cfg(test)]
pub(crate) fn fixture_copy(from: &std::path::Path, to: &std::path::Path) {
    if let Err(err) = std::fs::copy(from, to) {
        // ok: test-only (cfg(test)); a fixture that cannot be copied is a broken test setup.
        panic!(
            "copying the fixture {} to {}: {err}",
            from.display(),
            to.display()
        );
    }
}

/// Links `link` to `target` for a test fixture (see [`fixture`]).
#[cfg(test)]
#[cfg(unix)]
pub(crate) fn fixture_symlink(target: &std::path::Path, link: &std::path::Path) {
    if let Err(err) = std::os::unix::fs::symlink(target, link) {
        // ok: test-only (cfg(test)); a fixture that cannot be linked is a broken test setup.
        panic!("linking the fixture {}: {err}", link.display());
    }
}

#[cfg(test)]
mod tests;
