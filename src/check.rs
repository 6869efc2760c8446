//! `perf validate` at national scale. One parallel pass ([`stream`]) reads, parses and lowers
//! each file and runs its project's rules at once, keeping a few bytes per project (a
//! [`Digest`]) for the cross-file rules; texts are dropped as soon as a file is known to have
//! no finding. Then the cross-file rules run on just the projects that can fire one (re-read
//! from disk: they are few), and the configured levels and inline suppressions are applied.
//!
//! The findings are exactly those of [`crate::rules::check_workspace`], [`Config::apply`] and
//! [`suppress::apply`] on a fully loaded tree — `tests/stream_equivalence.rs` runs both ways
//! on every rule fixture and on a generated tree. A new cross-file rule must be added to
//! [`cross_file`] (and its candidates to [`candidates`]) as well as to `check_workspace`.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::config::Config;
use crate::diag::{Diagnostic, FileId};
use crate::i18n::Lang;
use crate::rules::{check_project, cross};
use crate::source::file::SourceFile;
use crate::source::lower::Lowered;
use crate::source::stream::{FileView, Streamed, refill_texts, stream};
use crate::source::{
    LoadError, LoadedDepartment, LoadedProject, Workspace, canonical_name, read_file, suppress,
};

/// The outcome of a check: every file (texts kept only where findings point) and the findings
/// as `perf validate` reports them, sorted by file and position.
#[derive(Debug)]
pub struct Checked {
    /// Every file read, indexed by [`FileId`].
    pub files: Vec<SourceFile>,
    /// The findings, levels and suppressions applied.
    pub diagnostics: Vec<Diagnostic>,
    /// Paths the tool could not read.
    pub errors: Vec<LoadError>,
}

/// What the cross-file rules need to know of a project to tell whether it can fire one.
#[derive(Debug)]
struct Digest {
    /// The department as written, interned.
    department: u32,
    year: Option<i64>,
    /// Hash of (department, year, name), when X001 applies to the project.
    key: Option<u64>,
    /// Hash of the trimmed project code.
    code: Option<u64>,
    /// 预算数 in 万元, for X004.
    total_wan: Option<Decimal>,
}

/// Department names as written, each stored once.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

fn intern(interner: &Mutex<Interner>, name: &str) -> u32 {
    let mut interner = interner.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&id) = interner.ids.get(name) {
        return id;
    }
    let id = u32::try_from(interner.names.len()).unwrap_or(u32::MAX);
    interner.names.push(name.to_owned());
    interner.ids.insert(name.to_owned(), id);
    id
}

/// A fixed-key hash: equal inputs give equal hashes in every run. A collision only makes a
/// project a candidate that the cross-file rules then clear.
fn hash(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// Checks every budget file under `paths` the way `perf validate` reports them.
pub fn check(paths: &[PathBuf], config: &Config) -> Checked {
    let settings = &config.settings;
    let interner = Mutex::new(Interner::default());
    let streamed = stream(paths, settings.lang, |view: FileView<'_>| {
        let FileView {
            project,
            diagnostics,
            ..
        } = view;
        let loaded = project?;
        diagnostics.extend(check_project(&loaded, settings));
        let p = &loaded.project;
        let named = !p.name.is_empty() && !p.department.is_empty();
        Some(Digest {
            department: intern(&interner, &p.department),
            year: p.year,
            key: named.then(|| hash(&(&p.department, p.year, &p.name))),
            code: p.code.as_deref().map(|c| hash(&c.trim())),
            total_wan: p.budget.as_ref().and_then(|b| b.total_wan()),
        })
    });
    let names = interner
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .names;
    let Streamed {
        mut files,
        mut diagnostics,
        departments,
        digests,
        errors,
    } = streamed;
    let (cross, files_back) = cross_file(files, departments, &digests, &names, settings.lang);
    files = files_back;
    diagnostics.extend(cross);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let diagnostics = config.apply(diagnostics, &files);
    let diagnostics = suppress::apply(diagnostics, &files);
    let mut needed = vec![false; files.len()];
    for d in &diagnostics {
        if let Some(slot) = needed.get_mut(d.file.0) {
            *slot = true;
        }
    }
    for (file, needed) in files.iter_mut().zip(needed) {
        if !needed {
            file.text = None;
        }
    }
    refill_texts(&mut files, &diagnostics);
    Checked {
        files,
        diagnostics,
        errors,
    }
}

/// The cross-file findings (X rules), in the order `check_workspace` produces them. Takes the
/// file table and gives it back, because the rules read it through a [`Workspace`].
fn cross_file(
    files: Vec<SourceFile>,
    departments: Vec<LoadedDepartment>,
    digests: &[Option<Digest>],
    names: &[String],
    lang: Lang,
) -> (Vec<Diagnostic>, Vec<SourceFile>) {
    let canonical: Vec<String> = names
        .iter()
        .map(|name| canonical_name(&departments, name).to_owned())
        .collect();
    let wanted = candidates(&departments, digests, names);
    let mut projects: Vec<LoadedProject> = wanted
        .into_par_iter()
        .filter_map(|id| {
            let path = &files.get(id.0)?.path;
            match read_file(id, path, lang).lowered {
                Lowered::Project(boxed) => {
                    let (project, spans) = *boxed;
                    Some(LoadedProject {
                        file: id,
                        project,
                        spans,
                    })
                }
                _ => None,
            }
        })
        .collect();
    projects.sort_by_key(|p| p.file);
    let mut sums: HashMap<(&str, i64), (Decimal, usize)> = HashMap::new();
    for d in digests.iter().flatten() {
        let name = canonical
            .get(d.department as usize)
            .map_or("", String::as_str);
        if let (Some(year), Some(total)) = (d.year, d.total_wan) {
            let sum = sums.entry((name, year)).or_default();
            sum.0 += total;
            sum.1 += 1;
        }
    }
    let workspace = Workspace {
        files,
        projects,
        departments,
        ..Workspace::default()
    };
    let mut out = Vec::new();
    cross::check(&workspace, &mut out);
    cross::department_budgets(
        &workspace.departments,
        |name, year| sums.get(&(name, year)).copied().unwrap_or_default(),
        &mut out,
    );
    cross::check_codes(&workspace, &mut out);
    (out, workspace.files)
}

/// The projects that can fire a cross-file rule: those sharing a (department, year, name) or
/// a code with another, and those whose department file is missing or of another year.
fn candidates(
    departments: &[LoadedDepartment],
    digests: &[Option<Digest>],
    names: &[String],
) -> Vec<FileId> {
    // For each department as written: whether a department file names it, and their years.
    let found: Vec<(bool, Vec<i64>)> = names
        .iter()
        .map(|name| {
            let matching = departments.iter().filter(|d| d.department.is_named(name));
            let years: Vec<i64> = matching.clone().filter_map(|d| d.department.year).collect();
            (matching.count() > 0, years)
        })
        .collect();
    let mut keys: HashMap<u64, u32> = HashMap::new();
    let mut codes: HashMap<u64, u32> = HashMap::new();
    for d in digests.iter().flatten() {
        if let Some(k) = d.key {
            *keys.entry(k).or_default() += 1;
        }
        if let Some(c) = d.code {
            *codes.entry(c).or_default() += 1;
        }
    }
    let shared = |map: &HashMap<u64, u32>, k: Option<u64>| {
        k.is_some_and(|k| map.get(&k).is_some_and(|&n| n > 1))
    };
    digests
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let d = d.as_ref()?;
            let (named, years) = found.get(d.department as usize)?;
            let elsewhere = !named
                || d.year
                    .is_some_and(|y| !years.is_empty() && !years.contains(&y));
            (shared(&keys, d.key) || shared(&codes, d.code) || elsewhere).then_some(FileId(i))
        })
        .collect()
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
