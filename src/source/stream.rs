//! One pass over a tree that keeps almost nothing: each file is read, parsed and lowered on a
//! worker thread and handed, with its project, to the caller's visitor, which does the
//! per-file work at once (run the project's rules, fold its money into a summary) and returns
//! a few bytes of digest. No text is kept: once the findings are final, the texts of the few
//! files they point into are read back. Department files (a small share) are kept whole,
//! because every cross-file rule needs them. Not even every path is kept: the walk hands the
//! workers the paths themselves, and only the paths of the files that leave something behind
//! (findings, suppressions, a department, a read error, a digest) are kept ([`Paths`]); any
//! other file's path is found again ([`Paths::recover`]: the walk is sorted, so a file's
//! [`FileId`] is its place in it) by listing just its folder (`source::folders`, when one
//! folder was walked) or else by walking the tree once more, which the cross-file step does
//! for the few projects it reads again. The caller builds a file table of just the files its
//! findings point into ([`file_table`]).
//!
//! [`super::load`] is the other way in: it keeps every text and model, for the commands that
//! show the data.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use crate::diag::file::SourceFile;
use crate::diag::{Diagnostic, FileId};
use crate::source::ReadOptions;
use crate::source::folders::Folders;
use crate::source::lower::Lowered;
use crate::source::paths::PathList;
use crate::source::suppress::Suppression;
use crate::source::{LoadError, LoadedDepartment, LoadedProject, discover, read_file};

/// One file, as the visitor sees it while the pass is on it.
pub struct FileView<'a> {
    /// The file's id (its place in the walk).
    pub id: FileId,
    /// The file's path.
    pub path: &'a Path,
    /// The decoded text; empty when the file could not be read or decoded.
    pub text: &'a str,
    /// The project, when the file is a project file that lowered. The visitor owns it: it is
    /// dropped once the visitor returns.
    pub project: Option<LoadedProject>,
    /// The department, when the file is a department file that lowered. It is kept (in
    /// [`Streamed::departments`]) as the visitor leaves it: a visitor that has read what it
    /// needs of it may empty its paragraphs.
    pub department: Option<&'a mut LoadedDepartment>,
    /// Whether the file lowered, as a project or as a department.
    pub lowered: bool,
    /// The file's findings so far (from loading); the visitor adds its own, or takes them
    /// all (then they are not kept in [`Streamed::diagnostics`]).
    pub diagnostics: &'a mut Vec<Diagnostic>,
    /// The file's inline suppressions (also kept in [`Streamed::suppressions`]).
    pub suppressions: &'a [Suppression],
}

/// What a pass kept.
#[derive(Debug)]
pub struct Streamed<T> {
    /// The paths of the files that left something behind (or of every file, when asked);
    /// [`Paths::len`] is how many files the pass read.
    pub paths: Paths,
    /// The inline suppressions of the files that have some, in path order.
    pub suppressions: Vec<(FileId, Vec<Suppression>)>,
    /// Every file's findings from loading and from the visitor, in path order.
    pub diagnostics: Vec<Diagnostic>,
    /// Department files that lowered, in path order, whole.
    pub departments: Vec<LoadedDepartment>,
    /// What the visitor returned, for the files it returned something for, in path order.
    pub digests: Vec<(FileId, T)>,
    /// Paths the tool could not read.
    pub errors: Vec<LoadError>,
}

/// The paths of a pass: how many files it read, and the paths of those it kept, by
/// [`FileId`]. A national-scale tree has 10⁶ files, and keeping every path was most of what
/// `perf validate` grew by (docs/performance.md).
#[derive(Debug, Default)]
pub struct Paths {
    /// What was walked: [`Paths::recover`] walks it again.
    roots: Vec<PathBuf>,
    /// How many files the pass read.
    count: usize,
    /// Whether `list` holds every file's path (then a file's id is its index in it).
    every: bool,
    /// The ids of the paths in `list`, in order (unless `every`).
    ids: Vec<FileId>,
    list: PathList,
    /// Where each file sat, when one folder was walked: a file's path is found again by
    /// listing its folder ([`Folders`]) rather than by walking the whole tree again.
    folders: Option<Folders>,
}

impl Paths {
    /// How many files the pass read.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether the pass read no file.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// What was walked (the first path given, when several were).
    pub fn root(&self) -> &Path {
        self.roots.first().map_or(Path::new(""), PathBuf::as_path)
    }

    /// The path of file `id`, when it was kept or recovered.
    pub fn get(&self, id: FileId) -> Option<PathBuf> {
        if self.every {
            return self.list.get(id.0);
        }
        let at = self.ids.binary_search(&id).ok()?;
        self.list.get(at)
    }

    /// Finds the paths of `ids` (sorted) that were not kept: by listing just their folders when
    /// one folder was walked ([`Folders`]), else by walking the tree again — the walk is
    /// sorted, so the `i`th file found is file `i` again, unless the tree changed since the
    /// pass. When a folder or the tree holds another number of files, nothing is recovered
    /// and the error says so; the caller checks that each file it reads again is the one the pass
    /// saw (the walk alone cannot tell a renamed file from the one it replaced).
    pub fn recover(&mut self, ids: &[FileId]) -> Result<(), LoadError> {
        let wanted: Vec<FileId> = ids
            .iter()
            .copied()
            .filter(|&id| self.get(id).is_none())
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        if let Some(folders) = &self.folders {
            let found = folders
                .find(&wanted, discover::list_folder)
                .filter(|_| folders.len() == self.count)
                .ok_or_else(|| LoadError::Changed {
                    path: self.root().to_path_buf(),
                })?;
            self.keep(wanted.iter().copied().zip(found));
            return Ok(());
        }
        let mut pick = Pick {
            wanted: &wanted,
            at: 0,
            seen: 0,
            found: PathList::new(),
        };
        // The walk's own errors were reported by the pass.
        let _ = discover::discover_into(&self.roots, &mut pick);
        if pick.seen != self.count || pick.found.len() != wanted.len() {
            return Err(LoadError::Changed {
                path: self.root().to_path_buf(),
            });
        }
        // Kept as compactly as the pass's own: tens of thousands of candidates at 10⁶ files.
        self.keep(wanted.iter().copied().zip(pick.found.iter()));
        Ok(())
    }
}

/// The second walk's output: counts the files and keeps the paths of the wanted ones, in
/// the order of `wanted`.
struct Pick<'a> {
    wanted: &'a [FileId],
    at: usize,
    seen: usize,
    found: PathList,
}

impl Extend<PathBuf> for Pick<'_> {
    fn extend<I: IntoIterator<Item = PathBuf>>(&mut self, paths: I) {
        for path in paths {
            let id = FileId(self.seen);
            self.seen += 1;
            if self.wanted.get(self.at) == Some(&id) {
                self.found.push(path);
                self.at += 1;
            }
        }
    }
}

/// How many paths the walk hands to the workers at a time, and how many files' results a
/// worker hands to the caller at a time: one at a time, waking the other side cost more than
/// the work saved (docs/performance.md).
const BATCH: usize = 256;

/// The walk's output: the paths go to the workers in batches, numbered in walk order (and
/// into `every`, when every path is kept).
struct Feed {
    /// The id of the first path in `batch`.
    start: usize,
    batch: Vec<PathBuf>,
    every: Option<PathList>,
    folders: Option<Folders>,
    tx: std::sync::mpsc::SyncSender<(usize, Vec<PathBuf>)>,
    /// One permit per batch out (see [`OUTSTANDING`]): sending blocks while all are taken.
    permits: std::sync::mpsc::SyncSender<()>,
}

impl Feed {
    fn flush(&mut self) {
        if !self.batch.is_empty() {
            let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
            let start = self.start;
            self.start += batch.len();
            // The caller returns a permit per batch it has emitted, and stops only once
            // every batch is done; the workers stop receiving only once the walk is over.
            let _ = self.permits.send(());
            let _ = self.tx.send((start, batch));
        }
    }
}

impl Extend<PathBuf> for Feed {
    fn extend<I: IntoIterator<Item = PathBuf>>(&mut self, paths: I) {
        for path in paths {
            if let Some(every) = &mut self.every {
                every.push(path.clone());
            }
            if let Some(folders) = &mut self.folders {
                folders.push(&path);
            }
            self.batch.push(path);
            if self.batch.len() >= BATCH {
                self.flush();
            }
        }
    }
}

/// What a few files leave behind besides their digest. Boxed department: a national-scale
/// tree has 10⁴ department files, and this list is held while it is sorted out.
struct Rare {
    id: usize,
    path: PathBuf,
    diagnostics: Vec<Diagnostic>,
    suppressions: Vec<Suppression>,
    department: Option<Box<LoadedDepartment>>,
    error: Option<LoadError>,
}

/// Which paths a pass keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Those of the files that leave something behind: findings, suppressions, a department,
    /// a read error, a digest. The others can be [recovered](Paths::recover).
    Needed,
    /// Every file's (JUnit lists clean files too).
    Every,
}

/// Discovers the budget files under `paths` and reads them in parallel, calling `visit` on
/// each as soon as it is lowered. Results are in path order whatever the scheduling.
pub fn stream<T, F>(paths: &[PathBuf], read: ReadOptions, keep: Keep, visit: F) -> Streamed<T>
where
    T: Send,
    F: Fn(FileView<'_>) -> Option<T> + Sync,
{
    let mut digests = Vec::new();
    let mut kept = Vec::new();
    let streamed = stream_in_order(
        paths,
        read,
        keep,
        |view| {
            let path = view.path;
            visit(view).map(|digest| (path.to_path_buf(), digest))
        },
        |id, digest| {
            if let Some((path, digest)) = digest {
                kept.push((id, path));
                digests.push((id, digest));
            }
        },
    );
    let mut paths = streamed.paths;
    paths.keep(kept);
    Streamed {
        paths,
        suppressions: streamed.suppressions,
        diagnostics: streamed.diagnostics,
        departments: streamed.departments,
        digests,
        errors: streamed.errors,
    }
}

impl Paths {
    /// Adds kept paths (sorted by id) to those already kept.
    fn keep(&mut self, more: impl IntoIterator<Item = (FileId, PathBuf)>) {
        let mut more = more.into_iter().peekable();
        if self.every || more.peek().is_none() {
            return;
        }
        let old_ids = std::mem::take(&mut self.ids);
        let old = std::mem::take(&mut self.list);
        let mut old = old_ids.into_iter().zip(old.iter()).peekable();
        loop {
            let next = match (old.peek(), more.peek()) {
                (Some(a), Some(b)) if a.0 == b.0 => {
                    more.next();
                    old.next()
                }
                (Some(a), Some(b)) if a.0 < b.0 => old.next(),
                (Some(_), None) => old.next(),
                (_, Some(_)) => more.next(),
                (None, None) => break,
            };
            if let Some((id, path)) = next {
                self.ids.push(id);
                self.list.push(path);
            }
        }
        self.ids.shrink_to_fit();
    }
}

/// How many finished batches may wait in the channel to the caller: the workers wait when
/// the caller (writing findings) falls behind, so memory stays bounded.
const IN_FLIGHT: usize = 4;

/// How many batches may be out at once per worker — queued, being read, done, or done and
/// waiting for an earlier one. Without this bound a worker that stalls (descheduled on a busy
/// machine) lets the others run ahead, and everything they finish waits in the ordered merge:
/// on a loaded 2-core machine that held tens of MB at 10⁶ files. With it the walk waits
/// instead.
const OUTSTANDING: usize = 4;

/// [`stream`], handing what `visit` returns for every file to `emit` on the calling thread,
/// in path order, as soon as the files before it are done (an ordered merge by walk index):
/// the caller can write a file's findings while later files are still being read. The
/// returned [`Streamed::digests`] is empty.
pub fn stream_in_order<T, F, E>(
    paths: &[PathBuf],
    read: ReadOptions,
    keep: Keep,
    visit: F,
    mut emit: E,
) -> Streamed<()>
where
    T: Send,
    F: Fn(FileView<'_>) -> T + Sync,
    E: FnMut(FileId, T),
{
    let rare: Mutex<Vec<Rare>> = Mutex::new(Vec::new());
    // The walk runs on its own thread and hands the paths to the workers as it finds them,
    // in batches, numbered in walk order, so reading starts at once instead of after the
    // whole tree is listed. A worker hands back a batch's results at once. During the pass
    // only the batches in flight are held, and the files done out of order; findings,
    // suppressions, departments and read errors are rare and collected on the side, with
    // their paths.
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Vec<PathBuf>)>(16);
    let (done_tx, done_rx) = std::sync::mpsc::sync_channel::<(usize, Vec<T>)>(IN_FLIGHT);
    let outstanding = OUTSTANDING * rayon::current_num_threads().max(1);
    let (permits, taken) = std::sync::mpsc::sync_channel::<()>(outstanding);
    let (errors, every, folders, count) = std::thread::scope(|scope| {
        let walker = scope.spawn(|| {
            let mut feed = Feed {
                start: 0,
                batch: Vec::with_capacity(BATCH),
                every: (keep == Keep::Every).then(PathList::new),
                // One folder walked (not files named, nor several roots, which may overlap):
                // then each file's folder and place in it find it again.
                folders: (keep == Keep::Needed && matches!(paths, [root] if root.is_dir()))
                    .then(Folders::default),
                tx,
                permits,
            };
            let errors = discover::discover_into(paths, &mut feed);
            feed.flush();
            (errors, feed.every, feed.folders)
        });
        let (rare, visit) = (&rare, &visit);
        let workers = scope.spawn(move || {
            let done_tx = done_tx;
            rx.into_iter().par_bridge().for_each(|(start, batch)| {
                let mut buf = Vec::new();
                let mut items = Vec::with_capacity(batch.len());
                for (k, path) in batch.into_iter().enumerate() {
                    let id = FileId(start + k);
                    items.push(one(id, path, read, keep, visit, rare, &mut buf));
                }
                // The caller stops receiving only once every worker is done.
                let _ = done_tx.send((start, items));
            });
        });
        // The ordered merge: batches done early wait here until those before them are done.
        let mut waiting: BTreeMap<usize, Vec<T>> = BTreeMap::new();
        let mut next = 0;
        for (start, items) in done_rx {
            waiting.insert(start, items);
            while let Some(items) = waiting.remove(&next) {
                for item in items {
                    emit(FileId(next), item);
                    next += 1;
                }
                // The batch is out of the pass: the walk may send another. (Every batch
                // took a permit before it was sent, so one is there to take.)
                let _ = taken.try_recv();
            }
        }
        // Every batch follows the one before it: nothing is left waiting.
        for (start, items) in waiting {
            for (k, item) in items.into_iter().enumerate() {
                emit(FileId(start + k), item);
                next = next.max(start + k + 1);
            }
        }
        if let Err(panic) = workers.join() {
            std::panic::resume_unwind(panic);
        }
        match walker.join() {
            Ok((errors, every, folders)) => (errors, every, folders, next),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    let mut streamed = Streamed {
        paths: Paths {
            roots: paths.to_vec(),
            count,
            every: every.is_some(),
            list: every.unwrap_or_default(),
            folders,
            ..Paths::default()
        },
        suppressions: Vec::new(),
        diagnostics: Vec::new(),
        departments: Vec::new(),
        digests: Vec::new(),
        errors,
    };
    let mut rare = rare.into_inner().unwrap_or_else(PoisonError::into_inner);
    rare.sort_by_key(|r| r.id);
    let mut kept = Vec::with_capacity(rare.len());
    // Held to the end: sized, not grown by doubling.
    let departments = rare.iter().filter(|r| r.department.is_some()).count();
    streamed.departments.reserve_exact(departments);
    for r in rare {
        if !r.suppressions.is_empty() {
            streamed.suppressions.push((FileId(r.id), r.suppressions));
        }
        streamed.diagnostics.extend(r.diagnostics);
        streamed.departments.extend(r.department.map(|d| *d));
        streamed.errors.extend(r.error);
        kept.push((FileId(r.id), r.path));
    }
    streamed.paths.keep(kept);
    streamed
}

fn one<T, F>(
    id: FileId,
    path: PathBuf,
    options: ReadOptions,
    keep: Keep,
    visit: &F,
    rare: &Mutex<Vec<Rare>>,
    buf: &mut Vec<u8>,
) -> T
where
    F: Fn(FileView<'_>) -> T,
{
    let read = read_file(id, &path, options, buf);
    let mut diagnostics = read.diagnostics;
    let text = read.text.unwrap_or_default();
    let lowered = !matches!(read.lowered, Lowered::Unknown);
    let (project, department) = match read.lowered {
        Lowered::Project(boxed) => {
            let (project, spans) = *boxed;
            let loaded = LoadedProject {
                file: id,
                project,
                spans,
            };
            (Some(loaded), None)
        }
        Lowered::Department(boxed) => {
            let (department, spans) = *boxed;
            let loaded = LoadedDepartment {
                file: id,
                department,
                spans,
            };
            (None, Some(Box::new(loaded)))
        }
        Lowered::Unknown => (None, None),
    };
    // No text is kept: renderers need only the texts of files with findings, and those are
    // read back once the findings are final (`refill_texts`).
    let suppressions = read.suppressions;
    let mut department = department;
    let digest = visit(FileView {
        id,
        path: &path,
        text,
        project,
        department: department.as_deref_mut(),
        lowered,
        diagnostics: &mut diagnostics,
        suppressions: &suppressions,
    });
    if !diagnostics.is_empty()
        || !suppressions.is_empty()
        || department.is_some()
        || read.error.is_some()
    {
        rare.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Rare {
                id: id.0,
                // Every path is in the walk's list already.
                path: if keep == Keep::Every {
                    PathBuf::new()
                } else {
                    path
                },
                diagnostics,
                suppressions,
                department,
                error: read.error,
            });
    }
    digest
}

/// A file table of just the files `ids` (sorted, distinct) from `paths` (each kept or
/// recovered), without texts, with the suppressions of those that have some; a file's id in
/// the table is its position in `ids`.
pub fn file_table(
    paths: &Paths,
    ids: &[FileId],
    suppressions: Vec<(FileId, Vec<Suppression>)>,
) -> Vec<SourceFile> {
    let mut taken = suppressions.into_iter().peekable();
    ids.iter()
        .map(|&id| {
            while taken.next_if(|(s, _)| *s < id).is_some() {}
            let suppressions = taken
                .next_if(|(s, _)| *s == id)
                .map(|(_, list)| list)
                .unwrap_or_default();
            SourceFile {
                path: paths.get(id).unwrap_or_default(),
                text: None,
                suppressions,
            }
        })
        .collect()
}

/// Renumbers findings into a table made by [`file_table`] from `ids` (findings on files not in
/// `ids` are dropped: callers include every file a finding points into).
pub fn renumber(diagnostics: Vec<Diagnostic>, ids: &[FileId]) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter_map(|mut d| {
            d.file = FileId(ids.binary_search(&d.file).ok()?);
            Some(d)
        })
        .collect()
}

/// Reads back the text of every file a finding points into (the pass keeps none). A file that
/// can no longer be read or decoded stays without text; renderers then show the finding
/// without its line.
pub fn refill_texts(files: &mut [SourceFile], diagnostics: &[Diagnostic]) {
    let mut wanted: Vec<usize> = diagnostics
        .iter()
        .map(|d| d.file.0)
        .filter(|&i| files.get(i).is_some_and(|f| f.text.is_none()))
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let texts: Vec<(usize, Option<String>)> = wanted
        .into_par_iter()
        .map(|i| {
            let text = files.get(i).and_then(|f| {
                let bytes = std::fs::read(&f.path).ok()?;
                crate::source::decode::decode(bytes).ok()
            });
            (i, text)
        })
        .collect();
    for (i, text) in texts {
        if let (Some(file), Some(text)) = (files.get_mut(i), text) {
            file.text = Some(Arc::from(text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(names: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for name in names {
            crate::write::fixture(&dir.path().join(name), "");
        }
        dir
    }

    /// Paths that were not kept are found again by walking the tree: the `i`th file found is
    /// file `i` again, and every file is handed to the visitor once, in order.
    #[test]
    fn paths_not_kept_are_recovered_in_walk_order() {
        let names: Vec<String> = (0..600).map(|i| format!("{i:04}.toml")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let dir = tree(&names);
        let roots = [dir.path().to_path_buf()];
        let mut seen = Vec::new();
        let streamed = stream_in_order(
            &roots,
            ReadOptions::default(),
            Keep::Needed,
            |view| view.path.to_path_buf(),
            |id, path| seen.push((id, path)),
        );
        let mut paths = streamed.paths;
        assert_eq!(paths.len(), 600);
        assert_eq!(seen.len(), 600);
        for (i, (id, path)) in seen.iter().enumerate() {
            assert_eq!(id.0, i);
            assert!(path.ends_with(names[i]), "{path:?}");
        }
        // Empty files have findings (and so keep their paths): forget them to walk again.
        paths.ids.clear();
        paths.list = PathList::new();
        let wanted = [FileId(0), FileId(257), FileId(599)];
        assert_eq!(paths.get(FileId(257)), None);
        paths.recover(&wanted).unwrap();
        for id in wanted {
            assert_eq!(paths.get(id), Some(dir.path().join(names[id.0])));
        }
    }

    /// A worker that stalls on the first file holds up the walk: the other workers finish at
    /// most the batches already out, instead of reading the whole tree into the ordered merge
    /// while the first file waits.
    #[test]
    fn a_stalled_worker_holds_up_the_walk_instead_of_memory() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        if rayon::current_num_threads() < 2 {
            return; // One worker: nothing can run ahead of the stalled file.
        }
        let bound = OUTSTANDING * rayon::current_num_threads() * BATCH;
        let names: Vec<String> = (0..bound * 3).map(|i| format!("{i:05}.toml")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let dir = tree(&names);
        let roots = [dir.path().to_path_buf()];
        let visited = AtomicUsize::new(0);
        let ahead = AtomicUsize::new(0);
        let mut emitted = 0;
        stream_in_order(
            &roots,
            ReadOptions::default(),
            Keep::Needed,
            |view| {
                if view.id.0 == 0 {
                    // Wait until the others have read everything they may, or well past it
                    // when nothing bounds them (the walk lists the tree in milliseconds).
                    let start = std::time::Instant::now();
                    while visited.load(Ordering::SeqCst) < bound * 2
                        && start.elapsed() < std::time::Duration::from_secs(2)
                    {
                        std::thread::sleep(std::time::Duration::from_millis(5));
                    }
                    ahead.store(visited.load(Ordering::SeqCst), Ordering::SeqCst);
                }
                visited.fetch_add(1, Ordering::SeqCst);
            },
            |_, ()| emitted += 1,
        );
        assert_eq!(emitted, names.len());
        let ahead = ahead.load(Ordering::SeqCst);
        assert!(
            ahead < bound,
            "{ahead} files read while the first waited (bound {bound})"
        );
    }

    #[test]
    fn a_tree_with_another_number_of_files_recovers_nothing() {
        let dir = tree(&["b.toml", "c.toml"]);
        let roots = [dir.path().to_path_buf()];
        let streamed = stream(&roots, ReadOptions::default(), Keep::Needed, |_| None::<()>);
        let mut paths = streamed.paths;
        paths.ids.clear();
        paths.list = PathList::new();
        crate::write::fixture(&dir.path().join("a.toml"), "");
        let error = paths.recover(&[FileId(1)]).unwrap_err();
        assert!(matches!(error, LoadError::Changed { .. }), "{error:?}");
        assert_eq!(paths.get(FileId(1)), None);
    }

    #[test]
    fn every_path_is_kept_when_asked() {
        let dir = tree(&["a.toml", "b.toml"]);
        let roots = [dir.path().to_path_buf()];
        let streamed = stream(&roots, ReadOptions::default(), Keep::Every, |_| None::<()>);
        assert_eq!(
            streamed.paths.get(FileId(1)),
            Some(dir.path().join("b.toml"))
        );
    }
}
