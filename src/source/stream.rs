//! One pass over a tree that keeps almost nothing: each file is read, parsed and lowered on a
//! worker thread and handed, with its project, to the caller's visitor, which does the
//! per-file work at once (run the project's rules, fold its money into a summary) and returns
//! a few bytes of digest. A file's text is kept only when a finding or an inline suppression
//! points into it; department files (a small share) are kept whole, because every cross-file
//! rule needs them. Memory therefore stays flat as the tree grows (docs/performance.md).
//!
//! [`super::load`] is the other way in: it keeps every text and model, for the commands that
//! show the data.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{Diagnostic, FileId};
use crate::i18n::Lang;
use crate::source::file::SourceFile;
use crate::source::lower::Lowered;
use crate::source::suppress::Suppression;
use crate::source::{LoadError, LoadedDepartment, LoadedProject, discover, read_file};

/// One file, as the visitor sees it while the pass is on it.
pub struct FileView<'a> {
    /// The file's id (its index in [`Streamed::files`]).
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
    /// The file's findings so far (from loading); the visitor adds its own. A file that ends
    /// with findings keeps its text for rendering them.
    pub diagnostics: &'a mut Vec<Diagnostic>,
}

/// What a pass kept.
#[derive(Debug)]
pub struct Streamed<T> {
    /// Every file, in path order. `text` is kept only for files with findings or
    /// suppressions; [`refill_texts`] reads back the others a later finding points into.
    pub files: Vec<SourceFile>,
    /// Every file's findings from loading and from the visitor, in path order.
    pub diagnostics: Vec<Diagnostic>,
    /// Department files that lowered, in path order, whole.
    pub departments: Vec<LoadedDepartment>,
    /// What the visitor returned for each file, indexed by [`FileId`].
    pub digests: Vec<Option<T>>,
    /// Paths the tool could not read.
    pub errors: Vec<LoadError>,
}

/// What a file leaves behind beyond its digest; most files leave nothing.
struct Kept {
    text: Option<Arc<str>>,
    suppressions: Vec<Suppression>,
    diagnostics: Vec<Diagnostic>,
    department: Option<LoadedDepartment>,
    error: Option<LoadError>,
}

struct Outcome<T> {
    kept: Option<Box<Kept>>,
    digest: Option<T>,
}

/// Discovers the budget files under `paths` and reads them in parallel, calling `visit` on
/// each as soon as it is lowered. Results are in path order whatever the scheduling.
pub fn stream<T, F>(paths: &[PathBuf], lang: Lang, visit: F) -> Streamed<T>
where
    T: Send,
    F: Fn(FileView<'_>) -> Option<T> + Sync,
{
    let (paths, errors) = discover::discover(paths);
    let outcomes: Vec<Outcome<T>> = paths
        .par_iter()
        .enumerate()
        .map(|(i, path)| one(FileId(i), path, lang, &visit))
        .collect();
    let mut streamed = Streamed {
        files: Vec::with_capacity(paths.len()),
        diagnostics: Vec::new(),
        departments: Vec::new(),
        digests: Vec::with_capacity(paths.len()),
        errors,
    };
    for (path, outcome) in paths.into_iter().zip(outcomes) {
        let mut file = SourceFile {
            path,
            text: None,
            suppressions: Vec::new(),
        };
        if let Some(kept) = outcome.kept {
            let kept = *kept;
            file.text = kept.text;
            file.suppressions = kept.suppressions;
            streamed.diagnostics.extend(kept.diagnostics);
            streamed.departments.extend(kept.department);
            streamed.errors.extend(kept.error);
        }
        streamed.files.push(file);
        streamed.digests.push(outcome.digest);
    }
    streamed
}

fn one<T, F>(id: FileId, path: &Path, lang: Lang, visit: &F) -> Outcome<T>
where
    F: Fn(FileView<'_>) -> Option<T>,
{
    let read = read_file(id, path, lang);
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
    let digest = visit(FileView {
        id,
        path,
        text: &text,
        project,
        lowered,
        diagnostics: &mut diagnostics,
    });
    // Renderers need the text of a file a finding points into; a suppression may yet report
    // itself unused, so its file keeps the text too.
    let keep_text = !diagnostics.is_empty() || !read.suppressions.is_empty();
    let kept = (keep_text || department.is_some() || read.error.is_some()).then(|| {
        Box::new(Kept {
            text: (keep_text && !text.is_empty()).then(|| Arc::from(text)),
            suppressions: read.suppressions,
            diagnostics,
            department,
            error: read.error,
        })
    });
    Outcome { kept, digest }
}

/// Reads back the text of every file a finding points into whose text the pass dropped
/// (findings of cross-file rules, which come after the pass). A file that can no longer be
/// read or decoded stays without text; renderers then show the finding without its line.
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
