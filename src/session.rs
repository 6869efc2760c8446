//! The one library entry point every front end goes through: the CLI's commands, `perf serve`
//! and `perf lsp`. A [`Session`] finds and reads the configuration that governs a tree
//! (perf.toml, `--config`, levels given on the command line, `--encoding`), and then loads and
//! checks with it — rules, configured levels, inline suppressions, in that order, written
//! once here — so that every command honours `[limits]`, the encoding and perf.toml alike.
//!
//! Three ways to check, one sequence:
//! - [`Session::check`] streams a tree (nothing kept per project): `perf validate` at scale;
//! - [`Session::load`] keeps the projects in memory with their findings: show, report,
//!   export, diff, the web workbench;
//! - [`Session::check_text`] checks one file's unsaved text in the context of a loaded tree:
//!   the workbench's live findings and the language server's diagnostics.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::check::{Checked, Handed, Scope, check, check_every};
use crate::config::{Config, Level, find};
use crate::diag::file::SourceFile;
use crate::diag::registry::Rule;
use crate::diag::render::junit_stream::{JunitScratch, Record};
use crate::diag::{Diagnostic, FileId};
use crate::i18n::Lang;
use crate::rules::{check_department, check_project};
use crate::source::fields::Sink;
use crate::source::lower::Lowered;
use crate::source::{
    Encoding, LoadedDepartment, LoadedProject, Workspace, load_with, parse_and_lower,
    report_too_large, suppress,
};

/// What a front end says about the run before any file is read.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--config FILE`; without it, perf.toml here or in the nearest folder above the first
    /// root.
    pub config_file: Option<PathBuf>,
    /// The language of every message.
    pub lang: Lang,
    /// `--encoding`, winning over the default (UTF-8).
    pub encoding: Option<Encoding>,
    /// `--deny/--warn/--allow`, winning over everything in perf.toml.
    pub levels: Vec<(&'static Rule, Level)>,
}

/// Why a session could not start: nothing is judged under a configuration perf could not read.
#[derive(Debug)]
pub enum OpenError {
    /// The configuration file could not be read.
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The configuration file has problems; `file` holds its text so they can be shown in it.
    Invalid {
        /// The file, with its text.
        file: SourceFile,
        /// The problems, pointing into `file` (file id 0).
        diagnostics: Vec<Diagnostic>,
    },
}

impl OpenError {
    /// One line for the user, in `lang`: which file, and what to do.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Self::Unreadable { path, source } => lang.text(
                "cli.config_unreadable",
                crate::args!(
                    path = path.display(),
                    error = crate::i18n::io_error(source, lang)
                ),
            ),
            Self::Invalid { file, diagnostics } => lang.text(
                "cli.config_problems",
                crate::args!(path = file.path.display(), count = diagnostics.len()),
            ),
        }
    }
}

/// A tree and the configuration that governs it.
#[derive(Debug, Clone)]
pub struct Session {
    roots: Vec<PathBuf>,
    config: Config,
}

/// A tree loaded in memory with its findings, levels and suppressions applied.
#[derive(Debug)]
pub struct Judged {
    /// Everything loaded.
    pub workspace: Workspace,
    /// Every finding, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

/// One file's unsaved text checked in the context of a loaded tree.
#[derive(Debug)]
pub struct Edited {
    /// The file, with the text checked. Findings point into it by [`Edited::id`].
    pub file: SourceFile,
    /// The id its findings carry: the file's id in the tree, or one past the last for a file
    /// the tree does not hold yet.
    pub id: FileId,
    /// The project the text describes, when it is a project file that lowered.
    pub project: Option<LoadedProject>,
    /// The department the text describes, when it is a department file that lowered.
    pub department: Option<LoadedDepartment>,
    /// The findings about this file — its own rules and the cross-file rules against the rest
    /// of the tree — levels and suppressions applied, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Session {
    /// Reads the configuration that governs `roots` as `options` say.
    ///
    /// # Errors
    /// The configuration file could not be read, or has problems.
    pub fn open(roots: &[PathBuf], options: &Options) -> Result<Self, OpenError> {
        let mut config = match find(options.config_file.as_deref(), roots) {
            None => Config::default(),
            Some(path) => read_config(&path, options.lang)?,
        };
        config.settings.lang = options.lang;
        config.read.lang = options.lang;
        if let Some(encoding) = options.encoding {
            config.read.encoding = encoding;
        }
        config.command_line.extend(options.levels.iter().copied());
        Ok(Self::with_config(roots, config))
    }

    /// A session under a configuration already read (tests, and commands that build one).
    pub fn with_config(roots: &[PathBuf], mut config: Config) -> Self {
        // Rules allowed for every file are not run at all (rules::Settings::off).
        config.settings.off = allowed_everywhere(&config);
        Self {
            roots: roots.to_vec(),
            config,
        }
    }

    /// The paths the session reads.
    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The language of every message.
    pub fn lang(&self) -> Lang {
        self.config.settings.lang
    }

    /// Streams the tree through the rules without keeping its projects (`perf validate`).
    pub fn check(&self, scope: Scope) -> Checked {
        check(&self.roots, &self.config, scope)
    }

    /// [`Session::check`] over `paths` under this session's configuration: the files a
    /// command narrowed the roots to (`perf validate FILE…` reads the folders around them).
    pub fn check_paths(&self, paths: &[PathBuf], scope: Scope) -> Checked {
        check(paths, &self.config, scope)
    }

    /// [`Session::check_paths`] handing the findings to `emit` as files are checked, never
    /// holding them all (`perf validate` at national scale; [`crate::check::check_each`] says
    /// in what order, and where `prepare` runs).
    pub fn check_each<P: Send>(
        &self,
        paths: &[PathBuf],
        prepare: impl Fn(&[SourceFile], &[Diagnostic]) -> P + Sync,
        emit: impl FnMut(P),
    ) -> crate::check::Finished {
        crate::check::check_each(paths, &self.config, prepare, emit)
    }

    /// [`Session::check_paths`] for `perf validate --format junit`, never holding every
    /// finding nor every path: each file's case (clean ones too) is laid out on the worker
    /// that checked it and kept in `scratch` (an empty file: [`crate::write::scratch_file`]),
    /// the findings known only at the end are held, and the document is written once the
    /// pass is over ([`JunitScratch::finish`]). A failure to write the scratch is returned
    /// instead of the document, the check still run to its end.
    pub fn check_junit(
        &self,
        paths: &[PathBuf],
        scratch: std::fs::File,
    ) -> (crate::check::Finished, std::io::Result<JunitScratch>) {
        let mut junit = JunitScratch::new(scratch);
        let mut failed = None;
        let finished = check_every(paths, &self.config, Record::of, |handed| match handed {
            Handed::File(record) => {
                if failed.is_none()
                    && let Err(err) = junit.push(record)
                {
                    failed = Some(err);
                }
            }
            Handed::Rest {
                ids,
                files,
                diagnostics,
            } => junit.hold(ids, files, diagnostics),
        });
        let junit = match failed {
            Some(err) => Err(err),
            None => junit.flush().map(|()| junit),
        };
        (finished, junit)
    }

    /// Loads the tree, keeping every project, and judges it.
    pub fn load(&self) -> Judged {
        let workspace = load_with(&self.roots, self.config.read);
        let diagnostics = self.judge(&workspace);
        Judged {
            workspace,
            diagnostics,
        }
    }

    /// Loads the tree without judging it (commands that only total or list).
    pub fn load_unjudged(&self) -> Workspace {
        load_with(&self.roots, self.config.read)
    }

    /// Every finding for a loaded tree: the rules, then the configured levels, then the inline
    /// suppressions.
    pub fn judge(&self, workspace: &Workspace) -> Vec<Diagnostic> {
        let all = crate::check::judge_loaded(workspace, &self.config.settings);
        self.finish(all, &workspace.files)
    }

    /// Configured levels, then inline suppressions: the last two steps of every check.
    fn finish(&self, diagnostics: Vec<Diagnostic>, files: &[SourceFile]) -> Vec<Diagnostic> {
        let diagnostics = self.config.apply(diagnostics, files);
        suppress::apply_in(diagnostics, files, self.config.settings.lang)
    }

    /// Checks `text` as the content of the file at `path` in `workspace` — unsaved text from
    /// an editor or a web form. The file's own rules run on the text; the cross-file rules
    /// (duplicate name or code, department file and totals) run against the projects of the
    /// tree that share its department, name or code, so the cost does not grow with the tree.
    pub fn check_text(&self, workspace: &Workspace, path: &Path, text: &str) -> Edited {
        let existing = workspace.files.iter().position(|f| f.path == path);
        let id = FileId(existing.unwrap_or(workspace.files.len()));
        let lang = self.lang();
        let mut sink = Sink::in_lang(id, lang);
        // The same size limit as a file on disk: an editor buffer or a form is no exception.
        let size = u64::try_from(text.len()).unwrap_or(u64::MAX);
        let (lowered, suppressions) = if size > self.config.read.max_file_bytes {
            report_too_large(size, self.config.read.max_file_bytes, &mut sink);
            (Lowered::Unknown, Vec::new())
        } else {
            let lowered = parse_and_lower(text, &mut sink);
            (lowered, suppress::scan_in(text, id, lang, &mut sink.items))
        };
        let file = SourceFile {
            path: path.to_path_buf(),
            text: Some(Arc::from(text)),
            suppressions,
        };
        let (project, department) = match lowered {
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
        let mut all = sink.items;
        if let Some(loaded) = &project {
            all.extend(check_project(loaded, &self.config.settings));
        }
        if let Some(loaded) = &department {
            all.extend(check_department(loaded, &self.config.settings));
        }
        let neighbourhood = neighbourhood(workspace, id, &file, &project, &department);
        let cross = crate::check::cross_of_loaded(&neighbourhood, &self.config.settings);
        all.extend(cross.into_iter().filter(|d| d.file == id));
        all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let diagnostics = self.finish(all, &neighbourhood.files);
        Edited {
            file,
            id,
            project,
            department,
            diagnostics,
        }
    }
}

/// The part of `workspace` the cross-file rules need to judge the file `id` with its new
/// content: every department, and the projects that share the edited project's department,
/// name or code (the edited one in its old version left out).
fn neighbourhood(
    workspace: &Workspace,
    id: FileId,
    edited: &SourceFile,
    project: &Option<LoadedProject>,
    department: &Option<LoadedDepartment>,
) -> Workspace {
    let mut departments: Vec<LoadedDepartment> = workspace
        .departments
        .iter()
        .filter(|d| d.file != id)
        .cloned()
        .collect();
    departments.extend(department.iter().cloned());
    departments.sort_by_key(|d| d.file);
    let mut projects: Vec<LoadedProject> = match (department, project) {
        // A department file edited: every project that names it, under its new aliases too.
        (Some(edited), _) => workspace
            .projects
            .iter()
            .filter(|p| p.file != id && edited.department.is_named(&p.project.department))
            .cloned()
            .collect(),
        // A project edited: the department files are as loaded, so the tree's index of
        // projects by department, name and code gives its neighbours.
        (None, Some(mine)) => {
            let mine = &mine.project;
            workspace
                .projects_sharing(&mine.department, &mine.name, mine.code.as_deref())
                .into_iter()
                .filter_map(|i| workspace.projects.get(i))
                .filter(|p| p.file != id)
                .cloned()
                .collect()
        }
        (None, None) => Vec::new(),
    };
    projects.extend(project.iter().cloned());
    projects.sort_by_key(|p| p.file);
    // Findings keep the tree's file ids, so the file table keeps its length; only the files
    // of the neighbourhood are filled in (cloning the whole table cost a millisecond a check
    // at 10,000 files). The findings kept are the edited file's, whose levels and
    // suppressions are read from its own entry.
    let empty = || SourceFile {
        path: std::path::PathBuf::new(),
        text: None,
        suppressions: Vec::new(),
    };
    let mut files: Vec<SourceFile> = (0..workspace.files.len().max(id.0 + 1))
        .map(|_| empty())
        .collect();
    let used = projects
        .iter()
        .map(|p| p.file)
        .chain(departments.iter().map(|d| d.file));
    for file in used {
        if let (Some(slot), Some(original)) = (files.get_mut(file.0), workspace.files.get(file.0)) {
            *slot = original.clone();
        }
    }
    if let Some(slot) = files.get_mut(id.0) {
        *slot = edited.clone();
    }
    Workspace {
        files,
        projects,
        departments,
        ..Workspace::default()
    }
}

/// The rules set to `allow` for every file: by the command line, or in `[rules]` with no
/// `[[overrides]]` entry giving them another level.
fn allowed_everywhere(config: &Config) -> Vec<&'static Rule> {
    let last = |levels: &crate::config::Levels, rule: &Rule| {
        levels
            .iter()
            .rev()
            .find(|(r, _)| *r == rule)
            .map(|&(_, level)| level)
    };
    crate::diag::registry::REGISTRY
        .iter()
        .copied()
        .filter(|rule| match last(&config.command_line, rule) {
            Some(level) => level == Level::Allow,
            None => {
                last(&config.levels, rule) == Some(Level::Allow)
                    && config
                        .overrides
                        .iter()
                        .all(|o| last(&o.levels, rule).is_none_or(|l| l == Level::Allow))
            }
        })
        .collect()
}

fn read_config(path: &Path, lang: Lang) -> Result<Config, OpenError> {
    let text = std::fs::read_to_string(path).map_err(|source| OpenError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    crate::config::file::parse(&text, path, lang).map_err(|diagnostics| OpenError::Invalid {
        file: SourceFile {
            path: path.to_path_buf(),
            text: Some(Arc::from(text.as_str())),
            suppressions: Vec::new(),
        },
        diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> (Session, Judged) {
        let roots = [PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("budgets")];
        let session = Session::open(&roots, &Options::default()).unwrap();
        let judged = session.load();
        (session, judged)
    }

    fn codes(diagnostics: &[Diagnostic]) -> Vec<&str> {
        diagnostics.iter().map(|d| d.rule.code).collect()
    }

    #[test]
    fn unsaved_text_is_judged_as_validate_judges_the_saved_file() {
        let (session, judged) = seed();
        let file = judged
            .workspace
            .files
            .iter()
            .find(|f| f.path.ends_with("被征地农民社会保障费.toml"))
            .unwrap();
        let text = file.text.clone().unwrap();
        let edited = session.check_text(&judged.workspace, &file.path, &text);
        let saved: Vec<&Diagnostic> = judged
            .diagnostics
            .iter()
            .filter(|d| d.file == edited.id)
            .collect();
        assert_eq!(
            codes(&edited.diagnostics),
            saved.iter().map(|d| d.rule.code).collect::<Vec<_>>()
        );
        assert!(codes(&edited.diagnostics).contains(&"C001"));
        let fixed = text.replace("=7000万元", "≤4000万元");
        let edited = session.check_text(&judged.workspace, &file.path, &fixed);
        assert!(!codes(&edited.diagnostics).contains(&"C001"));
    }

    #[test]
    fn a_copy_under_a_new_path_is_a_duplicate_of_the_original() {
        let (session, judged) = seed();
        let file = judged
            .workspace
            .files
            .iter()
            .find(|f| f.path.ends_with("人才发展资金.toml"))
            .unwrap();
        let text = file.text.clone().unwrap();
        let path = file.path.with_file_name("副本.toml");
        let edited = session.check_text(&judged.workspace, &path, &text);
        assert_eq!(edited.id.0, judged.workspace.files.len());
        assert!(
            codes(&edited.diagnostics).contains(&"X001"),
            "{:?}",
            codes(&edited.diagnostics)
        );
    }

    #[test]
    fn a_project_of_another_department_with_the_same_code_is_a_neighbour() {
        let roots = [PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples")];
        let session = Session::open(&roots, &Options::default()).unwrap();
        let judged = session.load();
        let original = judged
            .workspace
            .projects
            .iter()
            .find(|p| p.project.name == "教师培训经费")
            .unwrap();
        let code = original.project.code.clone().unwrap();
        let file = judged.workspace.file(original.file).unwrap();
        let text = file.text.clone().unwrap();
        // Another name, another department: only the code is shared.
        let moved = text
            .replacen("\"教师培训经费\"", "\"另一个项目\"", 1)
            .replacen(
                &format!("\"{}\"", original.project.department),
                "\"示例区另一个局\"",
                1,
            );
        assert!(moved.contains(&code) && !moved.contains("\"教师培训经费\""));
        let path = file.path.with_file_name("另一个项目.toml");
        let edited = session.check_text(&judged.workspace, &path, &moved);
        assert!(
            codes(&edited.diagnostics).contains(&"X005"),
            "{:?}",
            codes(&edited.diagnostics)
        );
    }

    #[test]
    fn unsaved_text_over_the_size_limit_is_refused_unread() {
        let (session, judged) = seed();
        let mut config = session.config().clone();
        config.read.max_file_bytes = 100;
        let small = Session::with_config(session.roots(), config);
        let path = judged.workspace.files[1].path.clone();
        let edited = small.check_text(&judged.workspace, &path, &"# 注释\n".repeat(50));
        assert_eq!(codes(&edited.diagnostics), ["F009"]);
    }

    #[test]
    fn text_that_does_not_parse_gets_its_syntax_errors() {
        let (session, judged) = seed();
        let path = judged.workspace.files[1].path.clone();
        let edited = session.check_text(&judged.workspace, &path, "name = \"未闭合\n");
        assert!(edited.project.is_none());
        assert!(
            codes(&edited.diagnostics).contains(&"F001"),
            "{:?}",
            codes(&edited.diagnostics)
        );
    }
}
