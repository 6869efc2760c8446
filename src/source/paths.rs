//! The paths of every file of a walk, kept compactly: a national-scale tree has 10⁵–10⁶ files,
//! and one `PathBuf` each (its own allocation, the folder repeated every time) was the largest
//! thing `perf validate` held (docs/performance.md). Folders are stored once; file names sit
//! end to end in one string. A path that is not UTF-8 is kept whole, on the side.

use std::collections::HashMap;
use std::path::PathBuf;

/// Paths in the order they were added, each given back exactly as it was added.
#[derive(Debug, Default, Clone)]
pub struct PathList {
    /// Each folder once (the text before the last separator, separator included).
    dirs: Vec<Box<str>>,
    dir_ids: HashMap<Box<str>, u32>,
    /// File names, end to end.
    names: String,
    /// Per path: its folder and where its name ends in `names`; `NOT_UTF8` for a path kept in
    /// `whole` instead.
    entries: Vec<(u32, u32)>,
    /// Paths that are not UTF-8, by index.
    whole: Vec<(usize, PathBuf)>,
}

const NOT_UTF8: u32 = u32::MAX;

impl PathList {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a path at the end.
    pub fn push(&mut self, path: PathBuf) {
        let (Some(text), Ok(start)) = (path.to_str(), u32::try_from(self.names.len())) else {
            self.push_whole(path);
            return;
        };
        let cut = text.rfind(std::path::is_separator).map_or(0, |i| i + 1);
        let (dir, name) = text.split_at(cut);
        let dir = match self.dir_ids.get(dir) {
            Some(&id) => id,
            None => {
                let Ok(id) = u32::try_from(self.dirs.len()) else {
                    self.push_whole(path);
                    return;
                };
                self.dirs.push(dir.into());
                self.dir_ids.insert(dir.into(), id);
                id
            }
        };
        let Some(end) = u32::try_from(name.len())
            .ok()
            .and_then(|len| start.checked_add(len))
        else {
            self.push_whole(path);
            return;
        };
        self.names.push_str(name);
        self.entries.push((dir, end));
    }

    fn push_whole(&mut self, path: PathBuf) {
        self.whole.push((self.entries.len(), path));
        self.entries.push((NOT_UTF8, 0));
    }

    /// How many paths there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The `i`th path.
    pub fn get(&self, i: usize) -> Option<PathBuf> {
        let &(dir, end) = self.entries.get(i)?;
        if dir == NOT_UTF8 {
            let at = self.whole.binary_search_by_key(&i, |(j, _)| *j).ok()?;
            return self.whole.get(at).map(|(_, path)| path.clone());
        }
        // A name starts where the previous UTF-8 entry's name ended.
        let start = self
            .entries
            .get(..i)?
            .iter()
            .rev()
            .find(|(d, _)| *d != NOT_UTF8)
            .map_or(0, |&(_, end)| end);
        let dir = self.dirs.get(dir as usize)?;
        let name = self.names.get(start as usize..end as usize)?;
        let mut path = String::with_capacity(dir.len() + name.len());
        path.push_str(dir);
        path.push_str(name);
        Some(PathBuf::from(path))
    }

    /// Every path, in order.
    pub fn iter(&self) -> impl Iterator<Item = PathBuf> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

impl FromIterator<PathBuf> for PathList {
    fn from_iter<I: IntoIterator<Item = PathBuf>>(iter: I) -> Self {
        let mut list = Self::new();
        for path in iter {
            list.push(path);
        }
        list
    }
}

impl Extend<PathBuf> for PathList {
    fn extend<I: IntoIterator<Item = PathBuf>>(&mut self, iter: I) {
        for path in iter {
            self.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_come_back_exactly() {
        let paths: Vec<PathBuf> = [
            "budgets/高新区人社局/a.toml",
            "budgets/高新区人社局/b.toml",
            "budgets//odd/./c.toml",
            "x.toml",
            "/abs/d.toml",
            "budgets/高新区人社局/e.toml",
            "",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let list: PathList = paths.iter().cloned().collect();
        assert_eq!(list.len(), paths.len());
        assert_eq!(list.iter().collect::<Vec<_>>(), paths);
        // The folder is stored once.
        assert_eq!(list.dirs.len(), 4);
    }

    #[cfg(unix)]
    #[test]
    fn paths_that_are_not_utf8_are_kept_whole() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let odd = PathBuf::from(OsStr::from_bytes(b"dir/\xff.toml"));
        let paths = vec![
            PathBuf::from("dir/a.toml"),
            odd.clone(),
            PathBuf::from("dir/b.toml"),
        ];
        let list: PathList = paths.iter().cloned().collect();
        assert_eq!(list.iter().collect::<Vec<_>>(), paths);
        assert_eq!(list.get(1), Some(odd));
        assert_eq!(list.get(3), None);
    }
}
