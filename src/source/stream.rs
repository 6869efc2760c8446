//! One pass over a tree that keeps almost nothing: each file is read, parsed and lowered on a
//! worker thread and handed, with its project, to the caller's visitor, which does the
//! per-file work at once (run the project's rules, fold its money into a summary) and returns
//! a few bytes of digest. No text is kept: once the findings are final, the texts of the few
//! files they point into are read back. Department files (a small share) are kept whole,
//! because every cross-file rule needs them. What remains per file is its path, in a compact
//! [`PathList`] (about 45 bytes), and the visitor's digest (docs/performance.md); the caller
//! builds a file table of just the files its findings point into ([`file_table`]).
//!
//! [`super::load`] is the other way in: it keeps every text and model, for the commands that
//! show the data.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use rayon::prelude::*;

use crate::diag::file::SourceFile;
use crate::diag::{Diagnostic, FileId};
use crate::source::ReadOptions;
use crate::source::lower::Lowered;
use crate::source::paths::PathList;
use crate::source::suppress::Suppression;
use crate::source::{LoadError, LoadedDepartment, LoadedProject, discover, read_file};

/// One file, as the visitor sees it while the pass is on it.
pub struct FileView<'a> {
    /// The file's id (its index in [`Streamed::paths`]).
    pub id: FileId,
    /// The file's path.
    pub path: &'a Path,
    /// The decoded text; empty when the file could not be read or decoded.
    pub text: &'a str,
    /// The project, when the file is a project file that lowered. The visitor owns it: it is
    /// dropped once the visitor returns.
    pub project: Option<LoadedProject>,
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
    /// Every file's path, in path order: a file's [`FileId`] is its index.
    pub paths: PathList,
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

/// How many paths the walk hands to the workers at a time: one at a time, waking the
/// workers cost more than the walk saved.
const BATCH: usize = 256;

/// The walk's output: each path goes into the shared list, and the workers are sent the
/// numbers of the new ones in batches (they read the paths back from the list, so a path is
/// allocated and freed on one thread).
struct Feed<'a> {
    list: &'a RwLock<PathList>,
    /// How many paths are in the list, and how many of them have been sent.
    found: usize,
    sent: usize,
    tx: std::sync::mpsc::SyncSender<Range<usize>>,
}

impl Feed<'_> {
    fn flush(&mut self) {
        if self.found > self.sent {
            // The workers stop receiving only once the walk is over.
            let _ = self.tx.send(self.sent..self.found);
            self.sent = self.found;
        }
    }
}

impl Extend<PathBuf> for Feed<'_> {
    fn extend<I: IntoIterator<Item = PathBuf>>(&mut self, paths: I) {
        let mut list = self.list.write().unwrap_or_else(PoisonError::into_inner);
        list.extend(paths);
        self.found = list.len();
        drop(list);
        if self.found - self.sent >= BATCH {
            self.flush();
        }
    }
}

/// What a few files leave behind besides their digest.
struct Rare {
    id: usize,
    diagnostics: Vec<Diagnostic>,
    suppressions: Vec<Suppression>,
    department: Option<LoadedDepartment>,
    error: Option<LoadError>,
}

/// Discovers the budget files under `paths` and reads them in parallel, calling `visit` on
/// each as soon as it is lowered. Results are in path order whatever the scheduling.
pub fn stream<T, F>(paths: &[PathBuf], read: ReadOptions, visit: F) -> Streamed<T>
where
    T: Send,
    F: Fn(FileView<'_>) -> Option<T> + Sync,
{
    let mut digests = Vec::new();
    let streamed = stream_in_order(paths, read, visit, |id, digest| {
        if let Some(digest) = digest {
            digests.push((id, digest));
        }
    });
    Streamed {
        paths: streamed.paths,
        suppressions: streamed.suppressions,
        diagnostics: streamed.diagnostics,
        departments: streamed.departments,
        digests,
        errors: streamed.errors,
    }
}

/// How many finished files may wait in the channel to the caller: the workers wait when the
/// caller (writing findings) falls behind, so memory stays bounded.
const IN_FLIGHT: usize = 1024;

/// [`stream`], handing what `visit` returns for every file to `emit` on the calling thread,
/// in path order, as soon as the files before it are done (an ordered merge by walk index):
/// the caller can write a file's findings while later files are still being read. The
/// returned [`Streamed::digests`] is empty.
pub fn stream_in_order<T, F, E>(
    paths: &[PathBuf],
    read: ReadOptions,
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
    // whole tree is listed. During the pass only the paths are held, and the files done out
    // of order; findings, suppressions, departments and read errors are rare and collected
    // on the side.
    let list = RwLock::new(PathList::new());
    let (tx, rx) = std::sync::mpsc::sync_channel::<Range<usize>>(16);
    let (done_tx, done_rx) = std::sync::mpsc::sync_channel::<(usize, T)>(IN_FLIGHT);
    let errors = std::thread::scope(|scope| {
        let walker = scope.spawn(|| {
            let mut feed = Feed {
                list: &list,
                found: 0,
                sent: 0,
                tx,
            };
            let errors = discover::discover_into(paths, &mut feed);
            feed.flush();
            errors
        });
        let (list, rare, visit) = (&list, &rare, &visit);
        let workers = scope.spawn(move || {
            let done_tx = done_tx;
            rx.into_iter().par_bridge().for_each(|ids| {
                let mut buf = Vec::new();
                for i in ids {
                    let path = list.read().unwrap_or_else(PoisonError::into_inner).get(i);
                    let Some(path) = path else {
                        continue;
                    };
                    let item = one(FileId(i), &path, read, visit, rare, &mut buf);
                    // The caller stops receiving only once every worker is done.
                    let _ = done_tx.send((i, item));
                }
            });
        });
        // The ordered merge: files done early wait here until those before them are done.
        let mut waiting: BTreeMap<usize, T> = BTreeMap::new();
        let mut next = 0;
        for (i, item) in done_rx {
            waiting.insert(i, item);
            while let Some(item) = waiting.remove(&next) {
                emit(FileId(next), item);
                next += 1;
            }
        }
        // Paths the workers skipped (none in practice) leave gaps: the rest go in order.
        for (i, item) in waiting {
            emit(FileId(i), item);
        }
        if let Err(panic) = workers.join() {
            std::panic::resume_unwind(panic);
        }
        match walker.join() {
            Ok(errors) => errors,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    let list = list.into_inner().unwrap_or_else(PoisonError::into_inner);
    let mut streamed = Streamed {
        paths: list,
        suppressions: Vec::new(),
        diagnostics: Vec::new(),
        departments: Vec::new(),
        digests: Vec::new(),
        errors,
    };
    let mut rare = rare.into_inner().unwrap_or_else(PoisonError::into_inner);
    rare.sort_by_key(|r| r.id);
    for r in rare {
        if !r.suppressions.is_empty() {
            streamed.suppressions.push((FileId(r.id), r.suppressions));
        }
        streamed.diagnostics.extend(r.diagnostics);
        streamed.departments.extend(r.department);
        streamed.errors.extend(r.error);
    }
    streamed
}

fn one<T, F>(
    id: FileId,
    path: &Path,
    options: ReadOptions,
    visit: &F,
    rare: &Mutex<Vec<Rare>>,
    buf: &mut Vec<u8>,
) -> T
where
    F: Fn(FileView<'_>) -> T,
{
    let read = read_file(id, path, options, buf);
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
            (None, Some(loaded))
        }
        Lowered::Unknown => (None, None),
    };
    // No text is kept: renderers need only the texts of files with findings, and those are
    // read back once the findings are final (`refill_texts`).
    let suppressions = read.suppressions;
    let digest = visit(FileView {
        id,
        path,
        text,
        project,
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
                diagnostics,
                suppressions,
                department,
                error: read.error,
            });
    }
    digest
}

/// A file table of just the files `ids` (sorted, distinct) from `paths`, without texts, with
/// the suppressions of those that have some; a file's id in the table is its position in `ids`.
pub fn file_table(
    paths: &PathList,
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
                path: paths.get(id.0).unwrap_or_default(),
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
