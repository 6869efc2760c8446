//! `perf validate` at national scale. One parallel pass ([`stream`]) reads, parses and lowers
//! each file and runs its project's rules at once, folding a few bytes per project into what
//! the cross-file rules need; no text and no project is kept, nor the paths of files that
//! leave nothing behind. Then the cross-file rules run on just the projects that can fire one
//! (re-read from disk, their paths found again by listing their folders or walking the tree
//! again: they are few, and each is checked to be the project the pass saw), the configured levels and inline suppressions are applied, and the file
//! table handed to the renderers holds just the files the findings point into — without
//! their texts, which the caller reads back with [`refill_texts`] as it renders.
//!
//! One pipeline, two drivers: the per-file step (parse → lower → the project's rules) and the
//! fold for the cross-file rules are the same whether the projects are dropped after the fold
//! ([`check_each`] and [`check`], `perf validate` and summary at scale) or kept in memory
//! ([`judge_loaded`], behind `Session::load`); the cross-file rules run in one place
//! (`cross_file`) on the candidates the fold picks, read again from disk or taken from
//! memory, and held as headers (`model::located::ProjectHeader`: what the X rules read). A
//! new cross-file rule goes into `cross_file` (and its candidates into `fold::candidates`). `tests/it/kept_and_dropped.rs` checks both drivers give the same findings.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::config::settings::Settings;
use crate::config::{Config, Level};
use crate::diag::file::SourceFile;
use crate::diag::registry::Rule;
use crate::diag::registry::{DEPARTMENT_BUDGET, DUPLICATE_CODE, FILE_TOO_LARGE, NOT_UTF8};
use crate::diag::{Diagnostic, FileId};
use crate::model::located::ProjectHeader;
use crate::model::names::DepartmentIndex;
use crate::rules::{CROSS_PROJECTS, check_department, check_project, cross};
use crate::source::lower::Lowered;
use crate::source::stream::{
    FileView, Keep, Paths, Streamed, file_table, refill_texts, renumber, stream, stream_in_order,
};
use crate::source::{LoadError, LoadedDepartment, ReadOptions, Workspace, read_file, suppress};

mod fold;

use fold::{Fold, Slots, candidates, distinct};

/// The outcome of a check: the files the findings point into (or every file, when asked)
/// and the findings as `perf validate` reports them, sorted by file and position.
#[derive(Debug)]
pub struct Checked {
    /// The files findings point into, in path order, without texts ([`refill_texts`] reads
    /// them back); every file checked when [`Scope::EveryFile`] was asked for. Findings'
    /// [`FileId`]s index this table.
    pub files: Vec<SourceFile>,
    /// How many files were checked.
    pub checked: usize,
    /// The findings, levels and suppressions applied.
    pub diagnostics: Vec<Diagnostic>,
    /// Paths the tool could not read.
    pub errors: Vec<LoadError>,
}

/// Which files [`Checked::files`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The files findings point into: what every renderer but JUnit needs.
    Findings,
    /// Every file checked (JUnit lists clean files too; `--changed-since` picks files by path).
    EveryFile,
}

/// Checks every budget file under `paths` the way `perf validate` reports them.
pub fn check(paths: &[PathBuf], config: &Config, scope: Scope) -> Checked {
    check_between(paths, config, scope, || {})
}

/// [`check`], calling `between` once the pass is over and before the cross-file step reads
/// its candidates again (tests change the tree there).
fn check_between(
    paths: &[PathBuf],
    config: &Config,
    scope: Scope,
    between: impl FnOnce(),
) -> Checked {
    let settings = &config.settings;
    let fold = Mutex::new(Fold::default());
    let keep = match scope {
        Scope::Findings => Keep::Needed,
        Scope::EveryFile => Keep::Every,
    };
    let streamed = stream(paths, config.read, keep, |view: FileView<'_>| {
        let FileView {
            id,
            project,
            department,
            diagnostics,
            ..
        } = view;
        // Nothing is kept per file: findings go with the file, the rest into the fold.
        // Findings of rules allowed everywhere are not held.
        if !settings.off.is_empty() {
            diagnostics.retain(|d| settings.is_on(d.rule));
        }
        if let Some(department) = department {
            diagnostics.extend(check_department(department, settings));
            keep_what_the_cross_rules_read(department);
        }
        if let Some(loaded) = project {
            diagnostics.extend(check_project(&loaded, settings));
            fold.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .add(id, &loaded.project);
        }
        None::<()>
    });
    let fold = fold.into_inner().unwrap_or_else(PoisonError::into_inner);
    let Streamed {
        mut paths,
        suppressions,
        mut diagnostics,
        departments,
        mut errors,
        ..
    } = streamed;
    between();
    let (cross, changed) = cross_file(
        Source::Disk(&mut paths, config.read),
        departments,
        fold,
        settings,
    );
    diagnostics.extend(cross);
    errors.extend(changed);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    // The table the renderers see: the files with findings or suppressions (whose unused
    // entries are findings too), renumbered in path order.
    let ids: Vec<FileId> = match scope {
        Scope::EveryFile => (0..paths.len()).map(FileId).collect(),
        Scope::Findings => distinct(
            diagnostics
                .iter()
                .map(|d| d.file)
                .chain(suppressions.iter().map(|(id, _)| *id)),
        ),
    };
    let files = file_table(&paths, &ids, suppressions);
    let diagnostics = renumber(diagnostics, &ids);
    let diagnostics = config.apply(diagnostics, &files);
    let diagnostics = suppress::apply_in(diagnostics, &files, settings.lang);
    Checked {
        files,
        checked: paths.len(),
        diagnostics,
        errors,
    }
}

/// What a streamed check ([`check_each`]) leaves once every finding is handed over.
#[derive(Debug)]
pub struct Finished {
    /// How many files were checked.
    pub checked: usize,
    /// Paths the tool could not read.
    pub errors: Vec<LoadError>,
}

/// What the per-file step hands to the ordered merge for one file.
enum Item<P> {
    /// No findings (most files), and none asked for.
    Clean,
    /// The file's own findings, final (levels applied, no suppressions to weigh), already
    /// prepared for the caller (laid out, say) on the worker that checked the file.
    Findings(P),
    /// A file with inline suppressions: whether each is used is known only once the
    /// cross-file findings are, so its findings (levels applied) wait for the end; with
    /// [`check_every`], the file itself prepared with none.
    Deferred(Vec<Diagnostic>, Option<P>),
}

/// What [`check_every`] hands over.
pub enum Handed<'a, P> {
    /// One file, prepared on the worker that checked it with its own findings (none for a
    /// clean file or one with suppressions): every file, in path order.
    File(P),
    /// Findings known only at the end — cross-file ones, and those of files with inline
    /// suppressions — in path order, a few hundred files at a time: they point into `files`
    /// (with their texts), whose entries are the files numbered `ids` in the whole tree.
    Rest {
        /// Each entry of `files`' number in the whole tree (as [`Handed::File`] counts them).
        ids: &'a [FileId],
        /// The files these findings point into.
        files: &'a [SourceFile],
        /// The findings, sorted by file.
        diagnostics: &'a [Diagnostic],
    },
}

/// Checks every budget file under `paths` the way `perf validate` reports them, handing the
/// findings to `emit` as the run goes, never holding them all: each file's own findings
/// (levels applied) in path order as soon as the files before it are done, each call with a
/// one-file table holding its text; then, once the fold is complete, the cross-file findings
/// and the findings of files with inline suppressions (which may be used by a cross-file
/// finding), in path order, with their texts read back a few hundred files at a time.
///
/// `prepare` turns a batch of findings (they point into the table given with them) into what
/// `emit` takes: it runs on the worker that checked the file for each file's own findings,
/// so that what it does (laying findings out as text, for `perf validate`) is shared among
/// the cores instead of done by the one thread `emit` runs on, and on the calling thread for
/// the rest.
pub fn check_each<P: Send>(
    paths: &[PathBuf],
    config: &Config,
    prepare: impl Fn(&[SourceFile], &[Diagnostic]) -> P + Sync,
    mut emit: impl FnMut(P),
) -> Finished {
    check_streamed(paths, config, false, &prepare, |handed| match handed {
        Handed::File(prepared) => emit(prepared),
        Handed::Rest {
            files, diagnostics, ..
        } => emit(prepare(files, diagnostics)),
    })
}

/// [`check_each`] handing over every file, clean ones too, each prepared on its worker with
/// its own findings, and the findings known only at the end as they are (`perf validate
/// --format junit`, whose document has a case per file and counts them first).
pub fn check_every<P: Send>(
    paths: &[PathBuf],
    config: &Config,
    prepare: impl Fn(&[SourceFile], &[Diagnostic]) -> P + Sync,
    hand: impl FnMut(Handed<'_, P>),
) -> Finished {
    check_streamed(paths, config, true, &prepare, hand)
}

/// The one streamed check behind [`check_each`] and [`check_every`]: `every` prepares clean
/// files and files with suppressions too.
fn check_streamed<P: Send>(
    paths: &[PathBuf],
    config: &Config,
    every: bool,
    prepare: &(impl Fn(&[SourceFile], &[Diagnostic]) -> P + Sync),
    mut hand: impl FnMut(Handed<'_, P>),
) -> Finished {
    let settings = &config.settings;
    let fold = Mutex::new(Fold::default());
    let mut deferred: Vec<Diagnostic> = Vec::new();
    let streamed = stream_in_order(
        paths,
        config.read,
        Keep::Needed,
        |view: FileView<'_>| {
            let FileView {
                id,
                path,
                text,
                project,
                department,
                diagnostics,
                suppressions,
                ..
            } = view;
            let mut mine = std::mem::take(diagnostics);
            if let Some(department) = department {
                mine.extend(check_department(department, settings));
                keep_what_the_cross_rules_read(department);
            }
            if let Some(loaded) = project {
                mine.extend(check_project(&loaded, settings));
                fold.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .add(id, &loaded.project);
            }
            let mut mine = levels(config, path, mine);
            // Asked for every file: one with no findings of its own is its path alone.
            let bare = || {
                every.then(|| {
                    let file = SourceFile {
                        path: path.to_path_buf(),
                        text: None,
                        suppressions: Vec::new(),
                    };
                    prepare(std::slice::from_ref(&file), &[])
                })
            };
            if !suppressions.is_empty() {
                return Item::Deferred(mine, bare());
            }
            if mine.is_empty() {
                return bare().map_or(Item::Clean, Item::Findings);
            }
            mine.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            for d in &mut mine {
                d.file = FileId(0);
            }
            // A file that could not be decoded (or was too large to read) has no text to
            // show: its findings sit at the file, as when its text is read back and fails.
            let unread = mine
                .iter()
                .any(|d| std::ptr::eq(d.rule, &NOT_UTF8) || std::ptr::eq(d.rule, &FILE_TOO_LARGE));
            let file = SourceFile {
                path: path.to_path_buf(),
                text: (!unread).then(|| Arc::from(text)),
                suppressions: Vec::new(),
            };
            Item::Findings(prepare(std::slice::from_ref(&file), &mine))
        },
        |_, item| match item {
            Item::Clean => {}
            Item::Findings(prepared) => hand(Handed::File(prepared)),
            Item::Deferred(diagnostics, prepared) => {
                deferred.extend(diagnostics);
                if let Some(prepared) = prepared {
                    hand(Handed::File(prepared));
                }
            }
        },
    );
    let fold = fold.into_inner().unwrap_or_else(PoisonError::into_inner);
    let Streamed {
        mut paths,
        suppressions,
        departments,
        mut errors,
        ..
    } = streamed;
    let (cross, changed) = cross_file(
        Source::Disk(&mut paths, config.read),
        departments,
        fold,
        settings,
    );
    errors.extend(changed);
    // The rest, in path order: cross-file findings, and every file with suppressions (an
    // unused one is a finding too).
    let ids = distinct(
        cross
            .iter()
            .map(|d| d.file)
            .chain(suppressions.iter().map(|(id, _)| *id)),
    );
    let mut files = file_table(&paths, &ids, suppressions);
    let cross = config.apply(renumber(cross, &ids), &files);
    let mut rest = renumber(deferred, &ids);
    rest.extend(cross);
    rest.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let rest = suppress::apply_in(rest, &files, settings.lang);
    let block = |d: &Diagnostic| d.file.0 / FILES_PER_CHUNK;
    for chunk in rest.chunk_by(|a, b| block(a) == block(b)) {
        refill_texts(&mut files, chunk);
        hand(Handed::Rest {
            ids: &ids,
            files: &files,
            diagnostics: chunk,
        });
        for d in chunk {
            if let Some(file) = files.get_mut(d.file.0) {
                file.text = None;
            }
        }
    }
    Finished {
        checked: paths.len(),
        errors,
    }
}

/// How many files' texts the end of [`check_each`] holds at a time.
const FILES_PER_CHUNK: usize = 256;

/// The configured levels applied to one file's findings (allowed ones dropped), each rule's
/// level looked up once per file.
fn levels(config: &Config, path: &Path, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // The levels of the rules met so far, in an array on the stack (a file's findings come
    // from a handful of rules; a `Vec` here was an allocation per file with findings); past
    // its end, a rule's level is looked up each time.
    let mut seen: [Option<(&'static Rule, Option<Level>)>; 16] = [None; 16];
    diagnostics
        .into_iter()
        .filter_map(|mut d| {
            let known = seen
                .iter()
                .map_while(|s| *s)
                .find(|(r, _)| std::ptr::eq(*r, d.rule));
            let level = match known {
                Some((_, level)) => level,
                None => {
                    let level = config.level_for(d.rule, path);
                    if let Some(free) = seen.iter_mut().find(|s| s.is_none()) {
                        *free = Some((d.rule, level));
                    }
                    level
                }
            };
            if let Some(level) = level {
                d.severity = level.severity()?;
            }
            Some(d)
        })
        .collect()
}

/// Every finding for a tree loaded in memory (show, report, export, diff, the workbench):
/// the same per-file step and the same fold as a streamed check, the candidates of the
/// cross-file rules taken from memory instead of read again. Loading's findings, each
/// project's rules (in parallel) and the cross-file rules, sorted by file and position.
pub fn judge_loaded(workspace: &Workspace, settings: &Settings) -> Vec<Diagnostic> {
    let per_project: Vec<Vec<Diagnostic>> = workspace
        .projects
        .par_iter()
        .map(|p| check_project(p, settings))
        .collect();
    let mut all = workspace.diagnostics.clone();
    if !settings.off.is_empty() {
        all.retain(|d| settings.is_on(d.rule));
    }
    all.extend(per_project.into_iter().flatten());
    for d in &workspace.departments {
        all.extend(check_department(d, settings));
    }
    all.extend(cross_of_loaded(workspace, settings));
    all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    // Kept with the tree by `perf serve`: no growth slack.
    all.shrink_to_fit();
    all
}

/// The cross-file findings of a tree (or part of one) in memory: the fold over its projects,
/// then the cross-file step on the candidates.
pub(crate) fn cross_of_loaded(workspace: &Workspace, settings: &Settings) -> Vec<Diagnostic> {
    let mut fold = Fold::default();
    for p in &workspace.projects {
        fold.add(p.file, &p.project);
    }
    // Nothing is read again: nothing can have changed.
    cross_file(
        Source::Memory(workspace),
        workspace.departments.clone(),
        fold,
        settings,
    )
    .0
}

/// Where the cross-file step gets the candidate projects: read again from disk (a streamed
/// check kept none, nor their paths), or from the tree in memory.
enum Source<'a> {
    Disk(&'a mut Paths, ReadOptions),
    Memory(&'a Workspace),
}

/// [`Source`], once the candidates' paths are found.
#[derive(Clone, Copy)]
enum Candidates<'a> {
    Disk(&'a Paths, ReadOptions),
    Memory(&'a Workspace),
}

/// The cross-file findings (X rules) — the one place they are run. The rules read
/// the department files and the candidate projects' headers, numbered as in the whole tree,
/// and look up the paths of just the files their messages name. A
/// candidate read again from disk that is no longer the project the pass folded (the tree
/// changed meanwhile) is left out, and said so in the errors returned.
fn cross_file(
    source: Source<'_>,
    departments: Vec<LoadedDepartment>,
    mut fold: Fold,
    settings: &Settings,
) -> (Vec<Diagnostic>, Vec<LoadError>) {
    let lang = settings.lang;
    // No X001–X003/X006: the candidates are only those sharing a code, and only if X005 is
    // on; X004 reads the sums alone.
    let projects_on = settings.any_on(CROSS_PROJECTS);
    let codes_on = settings.is_on(&DUPLICATE_CODE);
    let index = DepartmentIndex::new(&departments);
    let mut wanted = candidates(&index, &fold, projects_on, codes_on);
    let mut changed = Vec::new();
    let source = match source {
        Source::Disk(paths, read) => {
            if let Err(error) = paths.recover(&wanted) {
                changed.push(error);
                wanted.clear();
            }
            Candidates::Disk(paths, read)
        }
        Source::Memory(workspace) => Candidates::Memory(workspace),
    };
    // The rules read the whole tree's file ids, and look up the few paths their messages name
    // (no table of every candidate's path: tens of thousands at 10⁶ files).
    let path_of = |id: FileId| -> Option<PathBuf> {
        match source {
            Candidates::Disk(paths, _) => paths.get(id),
            Candidates::Memory(workspace) => workspace.files.get(id.0).map(|f| f.path.clone()),
        }
    };
    let runs = fold.run_table();
    let one = |id: FileId| -> Option<Result<ProjectHeader, ()>> {
        match source {
            Candidates::Disk(paths, read) => {
                let path = paths.get(id)?;
                // The tree changed: the file found at this place may not be the one that
                // changed, so the error names what was walked.
                let gone = || Some(Err(()));
                match read_file(id, &path, read, &mut Vec::new()).lowered {
                    Lowered::Project(boxed) => {
                        let (project, spans) = *boxed;
                        if !fold.saw(&runs, id, &project) {
                            return gone();
                        }
                        Some(Ok(ProjectHeader::from_parts(id, &project, &spans)))
                    }
                    // The pass folded a project here.
                    _ => gone(),
                }
            }
            Candidates::Memory(workspace) => {
                let at = workspace
                    .projects
                    .binary_search_by_key(&id, |p| p.file)
                    .ok()?;
                Some(Ok(ProjectHeader::of(workspace.projects.get(at)?)))
            }
        }
    };
    // Read in parallel a few hundred at a time into one vector sized once: collected all at
    // once, rayon's per-thread lists (grown by doubling) and the whole were alive together,
    // two or three copies of every candidate (~40 MB at 10^6 files).
    let mut projects = Vec::with_capacity(wanted.len());
    let mut gone = false;
    for chunk in wanted.chunks(FILES_PER_CHUNK) {
        let read: Vec<Option<Result<ProjectHeader, ()>>> =
            chunk.par_iter().map(|&id| one(id)).collect();
        for result in read.into_iter().flatten() {
            match result {
                Ok(project) => projects.push(project),
                Err(()) => gone = true,
            }
        }
    }
    // Only the sums and the department names are needed from here on.
    drop(runs);
    (fold.keys, fold.codes, fold.runs) = (Slots::default(), Slots::default(), Vec::new());
    if let (true, Candidates::Disk(paths, _)) = (gone, source) {
        changed.push(LoadError::Changed {
            path: paths.root().to_path_buf(),
        });
    }
    projects.sort_by_key(|p| p.file);
    // X004 sums by the department's full name (an alias counts under it).
    let mut sums: HashMap<(String, i64), (Decimal, usize)> = HashMap::new();
    for ((department, year), (total, count)) in &fold.sums {
        let name = fold
            .names
            .get(*department as usize)
            .map_or("", String::as_str);
        let full = index.canonical(name).to_owned();
        let sum = sums.entry((full, *year)).or_default();
        sum.0 += *total;
        sum.1 += count;
    }
    let tree = cross::Tree {
        projects: &projects,
        departments: &departments,
        index: &index,
        path_of: &path_of,
    };
    let mut out = Vec::new();
    if settings.any_on(CROSS_PROJECTS) {
        cross::check(&tree, lang, &mut out);
    }
    if settings.is_on(&DEPARTMENT_BUDGET) {
        cross::department_budgets(
            &departments,
            |name, year| {
                sums.get(&(name.to_owned(), year))
                    .copied()
                    .unwrap_or_default()
            },
            lang,
            &mut out,
        );
    }
    if settings.is_on(&DUPLICATE_CODE) {
        cross::check_codes(&tree, lang, &mut out);
    }
    out.retain(|d| settings.is_on(d.rule));
    (out, changed)
}

/// A department file as the cross-file step reads it, once its own rules have run: its
/// name, aliases, year and budget, without the paragraphs and objectives only X006 reads,
/// nor its 项目顺序 (the exports' order, a name per project). A
/// national-scale tree has 10^4 department files, held until the cross-file step (24 MB of
/// paragraphs at 10^6 projects).
fn keep_what_the_cross_rules_read(loaded: &mut LoadedDepartment) {
    let d = &mut loaded.department;
    d.overall = Vec::new();
    d.measures = Vec::new();
    d.objectives = Vec::new();
    d.projects = Vec::new();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The X001 fixture (a department and two copies of one project) in a fresh folder.
    fn duplicates() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules/X001");
        for entry in std::fs::read_dir(&fixture).unwrap() {
            let entry = entry.unwrap();
            crate::write::fixture_copy(&entry.path(), &dir.path().join(entry.file_name()));
        }
        let root = dir.path().to_path_buf();
        (dir, root)
    }

    fn codes(checked: &Checked) -> Vec<&'static str> {
        checked.diagnostics.iter().map(|d| d.rule.code).collect()
    }

    #[test]
    fn candidates_are_found_again_by_walking_the_tree() {
        let (_dir, root) = duplicates();
        let config = Config::default();
        let checked = check(std::slice::from_ref(&root), &config, Scope::Findings);
        assert!(checked.errors.is_empty(), "{:?}", checked.errors);
        let x001: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.rule.code == "X001")
            .collect();
        assert_eq!(x001.len(), 1, "{:?}", codes(&checked));
        let file = &checked.files[x001[0].file.0];
        assert!(
            file.path.ends_with("学生资助补助经费（副本）.toml"),
            "{file:?}"
        );
    }

    /// A file added before the candidates while the tree is checked: found again, file
    /// numbers no longer match the pass's. Nothing is put on the wrong file, and the error
    /// says why, in Chinese.
    #[test]
    fn a_tree_that_gained_a_file_is_reported_not_mislabelled() {
        let (_dir, root) = duplicates();
        let config = Config::default();
        let checked = check_between(
            std::slice::from_ref(&root),
            &config,
            Scope::Findings,
            || {
                let copy = root.join("学生资助补助经费（副本）.toml");
                crate::write::fixture_copy(&copy, &root.join("0.toml"));
            },
        );
        assert!(!codes(&checked).contains(&"X001"), "{:?}", codes(&checked));
        let [LoadError::Changed { path }] = checked.errors.as_slice() else {
            panic!("{:?}", checked.errors);
        };
        assert_eq!(path, &root);
        let message = checked.errors[0].message(crate::i18n::Lang::Zh);
        assert!(
            message.contains("有变动") && message.contains("重新运行"),
            "{message}"
        );
    }

    /// A candidate rewritten between the pass and its second reading (the same number of
    /// files, so the walk alone cannot tell): it is not the project the fold saw, and it is
    /// left out rather than reported with what the pass saw.
    #[test]
    fn a_rewritten_candidate_is_reported_not_mislabelled() {
        let (_dir, root) = duplicates();
        let config = Config::default();
        let copy = root.join("学生资助补助经费（副本）.toml");
        let checked = check_between(
            std::slice::from_ref(&root),
            &config,
            Scope::Findings,
            || {
                let text = std::fs::read_to_string(&copy).unwrap();
                let renamed = text.replace("name = \"学生资助补助经费\"", "name = \"另一个项目\"");
                assert_ne!(text, renamed);
                crate::write::fixture(&copy, renamed);
            },
        );
        assert!(!codes(&checked).contains(&"X001"), "{:?}", codes(&checked));
        assert!(
            matches!(checked.errors.as_slice(), [LoadError::Changed { .. }]),
            "{:?}",
            checked.errors
        );
    }
}
