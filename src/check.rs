//! `perf validate` at national scale. One parallel pass ([`stream`]) reads, parses and lowers
//! each file and runs its project's rules at once, folding a few bytes per project into what
//! the cross-file rules need; no text and no project is kept, and paths are kept compactly.
//! Then the cross-file rules run on just the projects that can fire one (re-read from disk:
//! they are few), the configured levels and inline suppressions are applied, and the file
//! table handed to the renderers holds just the files the findings point into — without
//! their texts, which the caller reads back with [`refill_texts`] as it renders.
//!
//! One pipeline, two drivers: the per-file step (parse → lower → the project's rules) and the
//! fold for the cross-file rules are the same whether the projects are dropped after the fold
//! ([`check_each`] and [`check`], `perf validate` and summary at scale) or kept in memory
//! ([`judge_loaded`], behind `Session::load`); the cross-file rules run in one place
//! (`cross_file`) on the candidates the fold picks, read again from disk or taken from
//! memory. A new cross-file rule goes into `cross_file` (and its candidates into
//! `candidates`). `tests/it/kept_and_dropped.rs` checks both drivers give the same findings.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
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
use crate::rules::{CROSS_PROJECTS, check_project, cross};
use crate::source::lower::Lowered;
use crate::source::paths::PathList;
use crate::source::stream::{
    FileView, Streamed, file_table, refill_texts, renumber, stream, stream_in_order,
};
use crate::source::{
    LoadError, LoadedDepartment, LoadedProject, ReadOptions, Workspace, canonical_name, read_file,
    suppress,
};

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

/// What the cross-file rules need of all projects, folded as files are read: a few bytes per
/// project, so that only the projects that can fire a cross-file rule are read again.
#[derive(Default)]
struct Fold {
    /// Department names as written, each stored once, and their ids.
    ids: HashMap<String, u32>,
    names: Vec<String>,
    /// (hash of department, year and name; file) for X001, and (hash of code; file) for
    /// X005: sorted at the end, equal hashes are the candidates. 32-bit hashes keep this at
    /// 8 bytes a project; the few collisions at 10^6 projects only add candidates.
    keys: Vec<(u32, u32)>,
    codes: Vec<(u32, u32)>,
    /// The files of each department as written and year (X002, X003).
    by_department: HashMap<(u32, Option<i64>), Vec<u32>>,
    /// 预算数 (万元) and count of projects by department as written and year (X004).
    sums: HashMap<(u32, i64), (Decimal, usize)>,
}

impl Fold {
    fn add(&mut self, file: FileId, p: &crate::model::project::Project) {
        let file = u32::try_from(file.0).unwrap_or(u32::MAX);
        let department = match self.ids.get(p.department.as_str()) {
            Some(&id) => id,
            None => {
                let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
                self.names.push(p.department.clone());
                self.ids.insert(p.department.clone(), id);
                id
            }
        };
        if !p.name.is_empty() && !p.department.is_empty() {
            self.keys
                .push((hash(&(&p.department, p.year, &p.name)), file));
        }
        if let Some(code) = &p.code {
            self.codes.push((hash(&code.trim()), file));
        }
        self.by_department
            .entry((department, p.year))
            .or_default()
            .push(file);
        if let (Some(year), Some(total)) = (p.year, p.budget.as_ref().and_then(|b| b.total_wan())) {
            // Exact decimals: the sum does not depend on the order files finish in.
            let sum = self.sums.entry((department, year)).or_default();
            sum.0 += total;
            sum.1 += 1;
        }
    }
}

/// File ids sorted and without repeats: the table [`file_table`] builds from them is in path
/// order.
fn distinct(ids: impl Iterator<Item = FileId>) -> Vec<FileId> {
    let mut ids: Vec<FileId> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The files whose hash another file shares.
fn shared(mut pairs: Vec<(u32, u32)>, out: &mut Vec<u32>) {
    pairs.sort_unstable();
    for group in pairs.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        out.extend(group.iter().map(|&(_, file)| file));
    }
}

/// A fixed-key hash: equal inputs give equal hashes in every run. A collision only makes a
/// project a candidate that the cross-file rules then clear.
fn hash(value: &impl Hash) -> u32 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    let full = hasher.finish();
    // Both halves, so that no bits of the hash are thrown away unmixed.
    (full ^ (full >> 32)) as u32
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
    let settings = &config.settings;
    let fold = Mutex::new(Fold::default());
    let streamed = stream(paths, config.read, |view: FileView<'_>| {
        let FileView {
            id,
            project,
            diagnostics,
            ..
        } = view;
        // Nothing is kept per file: findings go with the file, the rest into the fold.
        // Findings of rules allowed everywhere are not held.
        if !settings.off.is_empty() {
            diagnostics.retain(|d| settings.is_on(d.rule));
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
        paths,
        suppressions,
        mut diagnostics,
        departments,
        errors,
        ..
    } = streamed;
    diagnostics.extend(cross_file(
        Candidates::Disk(&paths, config.read),
        departments,
        fold,
        settings,
    ));
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
enum Item {
    /// No findings (most files).
    Clean,
    /// The file's own findings, final (levels applied, no suppressions to weigh), with its
    /// text for the renderers; findings point at file 0 of a one-file table.
    Findings(SourceFile, Vec<Diagnostic>),
    /// A file with inline suppressions: whether each is used is known only once the
    /// cross-file findings are, so its findings (levels applied) wait for the end.
    Deferred(Vec<Diagnostic>),
}

/// Checks every budget file under `paths` the way `perf validate` reports them, handing the
/// findings to `emit` as the run goes, never holding them all: each file's own findings
/// (levels applied) in path order as soon as the files before it are done, each call with a
/// one-file table holding its text; then, once the fold is complete, the cross-file findings
/// and the findings of files with inline suppressions (which may be used by a cross-file
/// finding), in path order, with their texts read back a few hundred files at a time.
pub fn check_each(
    paths: &[PathBuf],
    config: &Config,
    mut emit: impl FnMut(&[SourceFile], &[Diagnostic]),
) -> Finished {
    let settings = &config.settings;
    let fold = Mutex::new(Fold::default());
    let mut deferred: Vec<Diagnostic> = Vec::new();
    let streamed = stream_in_order(
        paths,
        config.read,
        |view: FileView<'_>| {
            let FileView {
                id,
                path,
                text,
                project,
                diagnostics,
                suppressions,
                ..
            } = view;
            let mut mine = std::mem::take(diagnostics);
            if let Some(loaded) = project {
                mine.extend(check_project(&loaded, settings));
                fold.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .add(id, &loaded.project);
            }
            let mut mine = levels(config, path, mine);
            if !suppressions.is_empty() {
                return Item::Deferred(mine);
            }
            if mine.is_empty() {
                return Item::Clean;
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
            Item::Findings(file, mine)
        },
        |_, item| match item {
            Item::Clean => {}
            Item::Findings(file, diagnostics) => emit(std::slice::from_ref(&file), &diagnostics),
            Item::Deferred(diagnostics) => deferred.extend(diagnostics),
        },
    );
    let fold = fold.into_inner().unwrap_or_else(PoisonError::into_inner);
    let Streamed {
        paths,
        suppressions,
        departments,
        errors,
        ..
    } = streamed;
    let cross = cross_file(
        Candidates::Disk(&paths, config.read),
        departments,
        fold,
        settings,
    );
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
        emit(&files, chunk);
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
    let mut seen: Vec<(&'static Rule, Option<Level>)> = Vec::new();
    diagnostics
        .into_iter()
        .filter_map(|mut d| {
            let level = match seen.iter().find(|(r, _)| std::ptr::eq(*r, d.rule)) {
                Some(&(_, level)) => level,
                None => {
                    let level = config.level_for(d.rule, path);
                    seen.push((d.rule, level));
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
    cross_file(
        Candidates::Memory(workspace),
        workspace.departments.clone(),
        fold,
        settings,
    )
}

/// Where the cross-file step gets the candidate projects: read again from disk (a streamed
/// check kept none), or from the tree in memory.
#[derive(Clone, Copy)]
enum Candidates<'a> {
    Disk(&'a PathList, ReadOptions),
    Memory(&'a Workspace),
}

/// The cross-file findings (X rules) — the one place they are run. The rules read a
/// [`Workspace`] of just the department files and the candidate projects (numbered in path
/// order among themselves); their findings are numbered back into the whole tree.
fn cross_file(
    source: Candidates<'_>,
    mut departments: Vec<LoadedDepartment>,
    mut fold: Fold,
    settings: &Settings,
) -> Vec<Diagnostic> {
    let lang = settings.lang;
    if !settings.any_on(CROSS_PROJECTS) {
        // No X001–X003/X006: the candidates are only those sharing a code, and only if X005
        // is on; X004 reads the sums alone.
        fold.keys.clear();
        fold.by_department.clear();
    }
    if !settings.is_on(&DUPLICATE_CODE) {
        fold.codes.clear();
    }
    let wanted = candidates(&departments, &mut fold);
    let ids = distinct(
        wanted
            .iter()
            .copied()
            .chain(departments.iter().map(|d| d.file)),
    );
    // Every id looked up here is in `ids` (the candidates and the department files).
    let local = |id: FileId| FileId(ids.binary_search(&id).unwrap_or_default());
    for d in &mut departments {
        d.file = local(d.file);
    }
    let files = match source {
        Candidates::Disk(paths, _) => file_table(paths, &ids, Vec::new()),
        Candidates::Memory(workspace) => ids
            .iter()
            .filter_map(|id| workspace.files.get(id.0))
            .map(|f| SourceFile {
                path: f.path.clone(),
                text: None,
                suppressions: Vec::new(),
            })
            .collect(),
    };
    let mut projects: Vec<LoadedProject> = wanted
        .into_par_iter()
        .filter_map(|global| {
            let id = local(global);
            match source {
                Candidates::Disk(_, read) => {
                    let path = &files.get(id.0)?.path;
                    match read_file(id, path, read, &mut Vec::new()).lowered {
                        Lowered::Project(boxed) => {
                            let (project, spans) = *boxed;
                            Some(header(LoadedProject {
                                file: id,
                                project,
                                spans,
                            }))
                        }
                        _ => None,
                    }
                }
                Candidates::Memory(workspace) => {
                    let at = workspace
                        .projects
                        .binary_search_by_key(&global, |p| p.file)
                        .ok()?;
                    let mut loaded = header(workspace.projects.get(at)?.clone());
                    loaded.file = id;
                    Some(loaded)
                }
            }
        })
        .collect();
    projects.sort_by_key(|p| p.file);
    // X004 sums by the department's full name (an alias counts under it).
    let mut sums: HashMap<(String, i64), (Decimal, usize)> = HashMap::new();
    for ((department, year), (total, count)) in &fold.sums {
        let name = fold
            .names
            .get(*department as usize)
            .map_or("", String::as_str);
        let full = canonical_name(&departments, name).to_owned();
        let sum = sums.entry((full, *year)).or_default();
        sum.0 += *total;
        sum.1 += count;
    }
    let workspace = Workspace {
        files,
        projects,
        departments,
        ..Workspace::default()
    };
    let mut out = Vec::new();
    if settings.any_on(CROSS_PROJECTS) {
        cross::check(&workspace, lang, &mut out);
    }
    if settings.is_on(&DEPARTMENT_BUDGET) {
        cross::department_budgets(
            &workspace.departments,
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
        cross::check_codes(&workspace, lang, &mut out);
    }
    out.retain(|d| settings.is_on(d.rule));
    for d in &mut out {
        d.file = ids.get(d.file.0).copied().unwrap_or(d.file);
    }
    out
}

/// A candidate as the cross-file rules read it: its header (name, code, department, year,
/// budget and their spans), without the rows, plan, goals and execution no X rule reads. The
/// candidates are held together until the rules run, and at 10^6 files they are tens of
/// thousands of projects: their indicator rows were most of the memory a streamed
/// `perf validate` grew by. Both ways in strip them, so a rule that came to read them would
/// fail its tests rather than differ between a streamed check and one in memory.
fn header(mut loaded: LoadedProject) -> LoadedProject {
    let (project, spans) = (&mut loaded.project, &mut loaded.spans);
    project.goals = Vec::new();
    project.long_term_goals = Vec::new();
    project.medium_term = Vec::new();
    project.plan = None;
    project.indicators = Vec::new();
    project.execution = None;
    spans.goal_items = Vec::new();
    spans.plan_points = Vec::new();
    spans.indicators = Vec::new();
    spans.execution = None;
    loaded
}

/// The projects that can fire a cross-file rule, in path order: those sharing a (department,
/// year, name) or a code with another, and those whose department file is missing or of
/// another year.
fn candidates(departments: &[LoadedDepartment], fold: &mut Fold) -> Vec<FileId> {
    let mut wanted = Vec::new();
    shared(std::mem::take(&mut fold.keys), &mut wanted);
    shared(std::mem::take(&mut fold.codes), &mut wanted);
    for ((department, year), files) in &fold.by_department {
        let Some(name) = fold.names.get(*department as usize) else {
            continue;
        };
        let matching = departments.iter().filter(|d| d.department.is_named(name));
        let years: Vec<i64> = matching.clone().filter_map(|d| d.department.year).collect();
        let missing = matching.count() == 0;
        let other_year = year.is_some_and(|y| !years.is_empty() && !years.contains(&y));
        if missing || other_year {
            wanted.extend(files);
        }
    }
    wanted.sort_unstable();
    wanted.dedup();
    wanted.into_iter().map(|i| FileId(i as usize)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable_across_runs() {
        // DefaultHasher::new() has fixed keys: the same input always hashes the same.
        assert_eq!(
            hash(&("a", Some(2024_i64), "b")),
            hash(&("a", Some(2024_i64), "b"))
        );
        assert_ne!(hash(&"JY-1"), hash(&"JY-2"));
    }
}
