//! The SIGINT/SIGTERM cleanup of `perf::write`: `remove_temp_files`, which the binary's
//! signal handler calls before exiting, removes the temporary file of a write in progress.
//! Alone in its test binary, since it removes every temporary file of the process.

#![allow(clippy::unwrap_used)]

use perf::write::{Inputs, is_temp_name, live_temp_files, remove_temp_files, write_staged};

#[test]
fn the_signal_cleanup_removes_the_temporary_file_of_a_write_in_progress() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("perf.sqlite");
    let result = write_staged(
        &target,
        &Inputs::none(),
        false,
        |_| true,
        |temp| {
            let name = temp.file_name().unwrap().to_string_lossy().into_owned();
            assert!(is_temp_name(&name), "{name}");
            assert!(temp.exists());
            assert!(live_temp_files().contains(&temp.to_path_buf()));
            // The signal arrives while the file is being built.
            assert_eq!(remove_temp_files(), 1);
            assert!(!temp.exists());
            Err(std::io::Error::from(std::io::ErrorKind::Interrupted))
        },
    );
    assert!(result.is_err());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    assert!(live_temp_files().is_empty());
}
