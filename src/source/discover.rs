//! Finding budget files: directories are walked in sorted order for `*.toml`; files named on
//! the command line are taken as they are.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::source::LoadError;

/// The configuration file perf reads for a tree; it is not a budget file.
pub const CONFIG_FILE_NAME: &str = "perf.toml";

/// The budget files under `paths`, sorted and deduplicated, and the paths that could not be
/// walked. Discovery never stops at the first problem.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<LoadError>) {
    let mut files = Vec::new();
    let mut seen = BTreeSet::new();
    let mut errors = Vec::new();
    for root in paths {
        let metadata = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(source) if source.kind() == std::io::ErrorKind::NotFound => {
                errors.push(LoadError::NotFound { path: root.clone() });
                continue;
            }
            Err(source) => {
                errors.push(LoadError::Io {
                    path: root.clone(),
                    source,
                });
                continue;
            }
        };
        if metadata.is_file() {
            if seen.insert(root.clone()) {
                files.push(root.clone());
            }
            continue;
        }
        for entry in WalkDir::new(root).sort_by_file_name() {
            match entry {
                Ok(entry) if entry.file_type().is_file() && is_budget_file(entry.path()) => {
                    if seen.insert(entry.path().to_path_buf()) {
                        files.push(entry.into_path());
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err.path().map_or_else(|| root.clone(), Path::to_path_buf);
                    errors.push(LoadError::Walk { path, source: err });
                }
            }
        }
    }
    (files, errors)
}

fn is_budget_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "toml")
        && path.file_name().is_some_and(|n| n != CONFIG_FILE_NAME)
}
