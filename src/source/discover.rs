//! Finding budget files: directories are walked in sorted order for `*.toml`; files named on
//! the command line are taken as they are.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::source::{LoadError, SpecialKind};

/// The configuration file perf reads for a tree; it is not a budget file.
pub const CONFIG_FILE_NAME: &str = "perf.toml";

/// The budget files under `paths`, sorted and deduplicated, and the paths that could not be
/// walked. Discovery never stops at the first problem.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<LoadError>) {
    let mut files = Vec::new();
    let errors = discover_into(paths, &mut files);
    (files, errors)
}

/// [`discover`], adding the files to `files` (a [`crate::source::paths::PathList`] keeps a
/// national-scale tree's paths compactly).
pub fn discover_into(paths: &[PathBuf], files: &mut impl Extend<PathBuf>) -> Vec<LoadError> {
    let mut seen = BTreeSet::new();
    let mut errors = Vec::new();
    // One directory cannot list a file twice: only overlapping roots need the set (which
    // would otherwise hold a second copy of every path of a national-scale tree).
    let dedup = paths.len() > 1;
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
                files.extend([root.clone()]);
            }
            continue;
        }
        // Named on the command line, whatever its name: the user asked for it.
        if let Some(kind) = SpecialKind::of(metadata.file_type()) {
            errors.push(LoadError::Special {
                path: root.clone(),
                kind,
            });
            continue;
        }
        let canonical_root = root.canonicalize().unwrap_or_else(|_| root.clone());
        // Sorted by name. The entries of one directory are its path joined with their names,
        // so comparing whole paths as bytes orders them as their names do, without taking
        // each path apart for its name at every comparison (`sort_by_file_name` did, which
        // was 2% of `perf validate`).
        let walk =
            WalkDir::new(root).sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()));
        for entry in walk {
            match entry {
                // A link inside the tree leads to a file the walk reaches under its real name
                // (loading it twice would report it as its own duplicate); any other link is
                // reported.
                Ok(entry) if entry.path_is_symlink() => {
                    if let Err(error) = check_symlink(entry.path(), &canonical_root) {
                        errors.push(error);
                    }
                }
                Ok(entry) if entry.file_type().is_file() && is_budget_file(entry.path()) => {
                    if !dedup || seen.insert(entry.path().to_path_buf()) {
                        files.extend([entry.into_path()]);
                    }
                }
                // A FIFO, socket or device named like a budget file is reported, never opened
                // (a FIFO would block the read) and never skipped silently.
                Ok(entry) if is_budget_file(entry.path()) => {
                    if let Some(kind) = SpecialKind::of(entry.file_type()) {
                        errors.push(LoadError::Special {
                            path: entry.into_path(),
                            kind,
                        });
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
    errors
}

/// A symlink found while walking is never followed: a link out of the tree (to a budget file
/// or a folder), and a dangling or looping one, is an error — never a silent skip, and never
/// a read outside what the user asked for. A file named on the command line is read even
/// through a link: naming it is asking for it.
fn check_symlink(link: &Path, root: &Path) -> Result<(), LoadError> {
    let target = link
        .canonicalize()
        .map_err(|source| LoadError::BrokenLink {
            path: link.to_path_buf(),
            source,
        })?;
    if !target.starts_with(root) && (target.is_dir() || is_budget_file(link)) {
        return Err(LoadError::LinkOutsideTree {
            path: link.to_path_buf(),
            target,
        });
    }
    Ok(())
}

/// The budget files directly in `folder`, as the walk finds them there — regular files (not
/// links, not special files) named `*.toml` but not `perf.toml`, in the walk's order — or
/// `None` when it cannot be listed. `source::folders` finds a file again from its folder.
pub fn list_folder(folder: &Path) -> Option<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder).ok()? {
        let entry = entry.ok()?;
        let path = entry.path();
        if entry.file_type().ok()?.is_file() && is_budget_file(&path) {
            files.push(path);
        }
    }
    // The walk's order: paths' bytes, which within one folder are the names' (compared whole,
    // not taken apart for their names at every comparison: this sort was 0.8% of a run).
    files.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    Some(files)
}

/// A `*.toml` file other than `perf.toml`. The name is taken once and read as bytes:
/// `Path::extension` would take the path apart again (this runs for every file of the walk).
fn is_budget_file(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    let name = match bytes.last() {
        // Ending in neither `/` nor `.`, the path's last component is what follows its last
        // `/` (`Path::file_name` would parse the components back to it: ~4 instructions a
        // byte of every path of the walk).
        Some(&last) if last != b'/' && last != b'.' => {
            bytes.rsplit(|&b| b == b'/').next().unwrap_or(bytes)
        }
        _ => match path.file_name() {
            Some(name) => name.as_encoded_bytes(),
            None => return false,
        },
    };
    // `.toml` alone is a hidden file's name with no extension, as `Path::extension` says.
    name.len() > ".toml".len() && name.ends_with(b".toml") && name != CONFIG_FILE_NAME.as_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Read on bytes, the test says what `Path::extension` and `Path::file_name` say.
    #[test]
    fn budget_files_are_named_as_path_reads_them() {
        let names = [
            "a.toml",
            "项目.toml",
            ".toml",
            "..toml",
            "a.TOML",
            "a.toml.bak",
            "perf.toml",
            "dir/perf.toml",
            "dir/x.toml",
            "toml",
            "a.toml/",
            "dir/..",
            "",
            "a.toml/.",
            "/a.toml",
            "dir//b.toml",
            "./c.toml",
            "d/.toml",
            "/",
        ];
        for name in names {
            let path = Path::new(name);
            let plain = path.extension().is_some_and(|e| e == "toml")
                && path.file_name().is_some_and(|n| n != CONFIG_FILE_NAME);
            assert_eq!(is_budget_file(path), plain, "{name}");
        }
    }

    /// The walk lists a directory's entries in the order of their names, bytes compared.
    #[test]
    fn entries_are_walked_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            "b.toml",
            "a.toml",
            "a-b.toml",
            "aa.toml",
            "项目.toml",
            "Z.toml",
        ];
        for name in names {
            crate::write::fixture(&dir.path().join(name), "");
        }
        crate::write::create_dir_all(&dir.path().join("a")).unwrap();
        crate::write::fixture(&dir.path().join("a/inner.toml"), "");
        let (files, errors) = discover(&[dir.path().to_path_buf()]);
        assert!(errors.is_empty());
        let found: Vec<String> = files
            .iter()
            .map(|f| {
                let rel = f.strip_prefix(dir.path()).unwrap();
                rel.to_string_lossy().into_owned()
            })
            .collect();
        assert_eq!(
            found,
            [
                "Z.toml",
                "a/inner.toml",
                "a-b.toml",
                "a.toml",
                "aa.toml",
                "b.toml",
                "项目.toml"
            ]
        );
    }
}
