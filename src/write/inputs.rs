//! What one run reads — its folders and files — so that an output can never be one of them:
//! `-o budgets/dept/project.toml` would otherwise replace budget data with a report.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::write::error::{InputKind, WriteError};
use crate::write::target::{folder, resolve};

/// The names perf reads as configuration or department data wherever they are.
const RESERVED: [&str; 2] = ["department.toml", "perf.toml"];

/// The folders and files a run reads.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Folders checked, canonical.
    roots: Vec<PathBuf>,
    /// Files read, canonical, with their device and inode.
    files: Vec<(PathBuf, Option<(u64, u64)>)>,
}

impl Inputs {
    /// A run that reads nothing (`perf schema`).
    pub fn none() -> Self {
        Self::default()
    }

    /// The paths a run was given: folders become roots, files inputs.
    pub fn of_paths<P: AsRef<Path>>(paths: impl IntoIterator<Item = P>) -> Self {
        let mut inputs = Self::default();
        for path in paths {
            inputs.add(path.as_ref());
        }
        inputs
    }

    /// Adds a folder or file the run reads (a path that does not exist is ignored).
    pub fn add(&mut self, path: &Path) {
        let Ok(canonical) = path.canonicalize() else {
            return;
        };
        match std::fs::metadata(&canonical) {
            Ok(meta) if meta.is_dir() => self.roots.push(canonical),
            Ok(meta) => self.files.push((canonical, Some((meta.dev(), meta.ino())))),
            Err(_) => {}
        }
    }

    /// Adds a path when there is one (the configuration file found, a baseline read).
    pub fn extend(&mut self, path: Option<&Path>) {
        if let Some(path) = path {
            self.add(path);
        }
    }

    /// An error when writing `output` would overwrite what this run reads: one of its files,
    /// a `*.toml` under one of its folders, or a file named `department.toml`/`perf.toml`.
    pub fn refuses(&self, output: &Path) -> Result<(), WriteError> {
        let refuse = |why| {
            Err(WriteError::IsInput {
                path: output.to_path_buf(),
                why,
            })
        };
        let target = resolve(output).unwrap_or_else(|_| output.to_path_buf());
        for name in [output, target.as_path()] {
            if name
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| RESERVED.contains(&n))
            {
                return refuse(InputKind::Reserved);
            }
        }
        let identity = std::fs::metadata(&target)
            .ok()
            .map(|meta| (meta.dev(), meta.ino()));
        let canonical = canonical_target(&target);
        for (file, id) in &self.files {
            if *file == canonical || (identity.is_some() && *id == identity) {
                return refuse(InputKind::File);
            }
        }
        let is_toml = canonical
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        if is_toml && let Some(root) = self.roots.iter().find(|r| canonical.starts_with(r)) {
            return refuse(InputKind::UnderTree(root.clone()));
        }
        Ok(())
    }
}

/// The canonical form of a file that may not exist yet: its folder made canonical.
fn canonical_target(path: &Path) -> PathBuf {
    if let Ok(canonical) = path.canonicalize() {
        return canonical;
    }
    let dir = folder(path);
    match (dir.canonicalize(), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}
