//! Where each file of a walk sits, kept in a few bytes a folder, so that the path of file `i`
//! can be found again by listing its folder alone instead of walking the whole tree again.
//!
//! The cross-file step reads a few candidate projects again after the pass, which keeps
//! their [`FileId`]s but not their paths. Walking the whole tree again to find them was
//! 2.4–3.6% of a run's samples at 10⁵ files, all of it serial, after the pass. The
//! walk is sorted, so a folder's budget files come in name order, in runs between its
//! subfolders: a file's place in its folder is its run's start plus its place in the run.
//! Listing that folder again, with the walk's own filter and order, gives its path back —
//! when the folder still holds as many budget files as the walk saw; otherwise the tree
//! changed and the caller says so. (A file rewritten in place is caught by the caller, which
//! checks each project read again against what the pass saw.)

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diag::FileId;

/// The folders of a walk and the runs of files in each, in walk order.
#[derive(Debug, Default)]
pub struct Folders {
    /// Each folder once, with how many budget files the walk found in it.
    ids: HashMap<PathBuf, u32>,
    counts: Vec<u32>,
    /// Runs of consecutive files in one folder: the first file's id, the folder, and the
    /// first file's place among the folder's budget files.
    runs: Vec<Run>,
    /// The folder of the last file and its path: most files follow one in their folder.
    last: Option<(u32, PathBuf)>,
    /// Files seen.
    seen: usize,
}

#[derive(Debug, Clone, Copy)]
struct Run {
    first: usize,
    folder: u32,
    place: u32,
}

impl Folders {
    /// Notes the next file of the walk.
    pub fn push(&mut self, path: &Path) {
        let id = self.seen;
        self.seen += 1;
        let parent = path.parent().unwrap_or(Path::new(""));
        let (folder, continues) = match &self.last {
            Some((folder, last)) if last == parent => (*folder, true),
            _ => {
                let next = u32::try_from(self.counts.len()).unwrap_or(u32::MAX);
                let folder = *self.ids.entry(parent.to_path_buf()).or_insert(next);
                if folder == next {
                    self.counts.push(0);
                }
                self.last = Some((folder, parent.to_path_buf()));
                (folder, false)
            }
        };
        let Some(count) = self.counts.get_mut(folder as usize) else {
            return;
        };
        if !continues {
            self.runs.push(Run {
                first: id,
                folder,
                place: *count,
            });
        }
        *count += 1;
    }

    /// The paths of `wanted` (sorted ids of this walk), listing each folder they sit in with
    /// `list` (which gives a folder's budget files in the walk's order); `None` when a folder
    /// no longer holds the budget files the walk found there (the tree changed).
    pub fn find(
        &self,
        wanted: &[FileId],
        list: impl Fn(&Path) -> Option<Vec<PathBuf>>,
    ) -> Option<Vec<PathBuf>> {
        let mut names: Vec<Option<&Path>> = vec![None; self.counts.len()];
        for (path, &folder) in &self.ids {
            if let Some(slot) = names.get_mut(folder as usize) {
                *slot = Some(path);
            }
        }
        // Each wanted file's folder and place in it, taken folder by folder: each folder is
        // listed once, and only one listing is held at a time (a listing per candidate
        // folder held together was 90 MB at 10⁶ files).
        let mut places = Vec::with_capacity(wanted.len());
        for (k, &FileId(id)) in wanted.iter().enumerate() {
            if id >= self.seen {
                return None;
            }
            let at = self
                .runs
                .partition_point(|r| r.first <= id)
                .checked_sub(1)?;
            let run = self.runs.get(at)?;
            places.push((run.folder, run.place as usize + (id - run.first), k));
        }
        places.sort_unstable();
        let mut found: Vec<Option<PathBuf>> = vec![None; wanted.len()];
        for group in places.chunk_by(|a, b| a.0 == b.0) {
            let folder = group.first()?.0;
            let mut files = list((*names.get(folder as usize)?)?)?;
            if files.len() != *self.counts.get(folder as usize)? as usize {
                return None;
            }
            for &(_, place, k) in group {
                *found.get_mut(k)? = Some(std::mem::take(files.get_mut(place)?));
            }
        }
        found.into_iter().collect()
    }

    /// How many files were noted.
    pub fn len(&self) -> usize {
        self.seen
    }

    /// Whether none were.
    pub fn is_empty(&self) -> bool {
        self.seen == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A walk with subfolders between a folder's files: every file is found again from its
    /// folder's listing, and a folder that lost or gained a file gives nothing.
    #[test]
    fn files_are_found_from_their_folders_listing() {
        let walk = [
            "t/a.toml",
            "t/b/x.toml",
            "t/b/y.toml",
            "t/c.toml",
            "t/d/z.toml",
            "t/e.toml",
            "t/f.toml",
        ];
        let mut folders = Folders::default();
        for path in walk {
            folders.push(Path::new(path));
        }
        assert_eq!(folders.len(), walk.len());
        let listing = |folder: &Path| -> Option<Vec<PathBuf>> {
            let mut files: Vec<PathBuf> = walk
                .iter()
                .map(PathBuf::from)
                .filter(|p| p.parent() == Some(folder))
                .collect();
            files.sort();
            Some(files)
        };
        let every: Vec<FileId> = (0..walk.len()).map(FileId).collect();
        let found = folders.find(&every, listing).unwrap();
        assert_eq!(found, walk.map(PathBuf::from).to_vec());
        let some = [FileId(3), FileId(6)];
        assert_eq!(
            folders.find(&some, listing).unwrap(),
            vec![PathBuf::from("t/c.toml"), PathBuf::from("t/f.toml")]
        );
        // The folder of file 6 gained a file: the tree changed.
        let gained = |folder: &Path| {
            let mut files = listing(folder)?;
            if folder == Path::new("t") {
                files.push(PathBuf::from("t/g.toml"));
            }
            Some(files)
        };
        assert_eq!(folders.find(&some, gained), None);
        // A file the walk did not have.
        assert_eq!(folders.find(&[FileId(7)], listing), None);
    }
}
