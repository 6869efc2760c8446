//! The filesystem and TOML: the only module that reads budget files or knows TOML syntax.
//!
//! `load` discovers files, reads and parses them in parallel, and lowers each into the model
//! with a span table. Structural problems are findings (`F` codes); only failures to read
//! (a missing path, an unreadable directory or file) are [`LoadError`]s. `load` keeps every
//! file's text and model, for commands that show the data; [`stream::stream`] hands each file
//! to a visitor as it is read and keeps almost nothing, for `validate` and `summary` on
//! national-scale trees (docs/performance.md).

pub mod decode;
pub mod discover;
pub mod fields;
pub mod file;
pub mod git;
pub mod json_schema;
pub mod lower;
pub mod schema;
pub mod spans;
pub mod stream;
pub mod suppress;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use toml::de::DeTable;

use crate::diag::{Diagnostic, FileId};
use crate::i18n::Lang;
use crate::model::department::Department;
use crate::model::project::Project;
use crate::rules::registry::{NOT_UTF8, TOML_SYNTAX};
use crate::source::decode::{DecodeProblem, decode};
use crate::source::fields::Sink;
use crate::source::file::SourceFile;
use crate::source::lower::{Lowered, lower};
use crate::source::spans::{DepartmentSpans, ProjectSpans};

/// The tool could not do its job for a path (as opposed to a finding in a file).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A path given on the command line does not exist.
    #[error("路径不存在：{}", path.display())]
    NotFound {
        /// The path as given.
        path: PathBuf,
    },
    /// A directory could not be walked.
    #[error("无法读取目录 {}：{source}", path.display())]
    Walk {
        /// Where the walk failed.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: walkdir::Error,
    },
    /// A file could not be read.
    #[error("无法读取文件 {}：{source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// A project and where its parts are in its file.
#[derive(Debug, Clone)]
pub struct LoadedProject {
    /// The file it came from.
    pub file: FileId,
    /// The project.
    pub project: Project,
    /// Where its parts are.
    pub spans: ProjectSpans,
}

/// A department and where its parts are in its file.
#[derive(Debug, Clone)]
pub struct LoadedDepartment {
    /// The file it came from.
    pub file: FileId,
    /// The department.
    pub department: Department,
    /// Where its parts are.
    pub spans: DepartmentSpans,
}

/// Everything loaded from the paths given.
#[derive(Debug, Default)]
pub struct Workspace {
    /// Every file read, indexed by [`FileId`].
    pub files: Vec<SourceFile>,
    /// Project files that lowered, in path order.
    pub projects: Vec<LoadedProject>,
    /// Department files that lowered, in path order.
    pub departments: Vec<LoadedDepartment>,
    /// Structural findings (`F` codes) from loading.
    pub diagnostics: Vec<Diagnostic>,
    /// Paths the tool could not read.
    pub errors: Vec<LoadError>,
}

impl Workspace {
    /// A department's full name: `name` itself, or the department whose `aliases` list it.
    pub fn canonical_department<'a>(&'a self, name: &'a str) -> &'a str {
        canonical_name(&self.departments, name)
    }

    /// The file a finding points into.
    pub fn file(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0)
    }

    /// Drops the text of every file no finding points into, re-reading texts that cross-file
    /// findings need (they were dropped by nothing yet, so this only frees memory).
    pub fn keep_texts_for(&mut self, diagnostics: &[Diagnostic]) {
        let mut needed = vec![false; self.files.len()];
        for d in diagnostics {
            if let Some(slot) = needed.get_mut(d.file.0) {
                *slot = true;
            }
        }
        for (file, needed) in self.files.iter_mut().zip(needed) {
            if !needed {
                file.text = None;
            }
        }
    }
}

/// A department's full name among `departments`: `name` itself, or the department whose
/// `aliases` list it (what [`Workspace::canonical_department`] does, for callers that keep
/// only the departments).
pub fn canonical_name<'a>(departments: &'a [LoadedDepartment], name: &'a str) -> &'a str {
    if departments.iter().any(|d| d.department.name == name) {
        return name;
    }
    departments
        .iter()
        .find(|d| d.department.aliases.iter().any(|a| a == name))
        .map_or(name, |d| d.department.name.as_str())
}

/// What loading one file produced.
struct FileOutcome {
    file: SourceFile,
    lowered: Lowered,
    diagnostics: Vec<Diagnostic>,
    error: Option<LoadError>,
}

/// Discovers and loads every budget file under `paths`, in parallel; the result is in path
/// order whatever the scheduling. Structural findings are written in Chinese.
pub fn load(paths: &[PathBuf]) -> Workspace {
    load_in(paths, Lang::Zh)
}

/// [`load`], with structural findings written in `lang`.
pub fn load_in(paths: &[PathBuf], lang: Lang) -> Workspace {
    let (files, errors) = discover::discover(paths);
    let outcomes: Vec<FileOutcome> = files
        .into_par_iter()
        .enumerate()
        .map(|(i, path)| load_file(FileId(i), path, lang))
        .collect();
    let mut workspace = Workspace {
        errors,
        ..Workspace::default()
    };
    for (i, outcome) in outcomes.into_iter().enumerate() {
        let file = FileId(i);
        workspace.files.push(outcome.file);
        workspace.diagnostics.extend(outcome.diagnostics);
        workspace.errors.extend(outcome.error);
        match outcome.lowered {
            Lowered::Project(boxed) => {
                let (project, spans) = *boxed;
                workspace.projects.push(LoadedProject {
                    file,
                    project,
                    spans,
                });
            }
            Lowered::Department(boxed) => {
                let (department, spans) = *boxed;
                workspace.departments.push(LoadedDepartment {
                    file,
                    department,
                    spans,
                });
            }
            Lowered::Unknown => {}
        }
    }
    workspace
}

fn load_file(id: FileId, path: PathBuf, lang: Lang) -> FileOutcome {
    let read = read_file(id, &path, lang);
    FileOutcome {
        file: SourceFile {
            path,
            text: read.text.map(Arc::from),
            suppressions: read.suppressions,
        },
        lowered: read.lowered,
        diagnostics: read.diagnostics,
        error: read.error,
    }
}

/// One file read, decoded, parsed and lowered: what both [`load`] and [`stream::stream`] do
/// with each file.
pub(crate) struct ReadFile {
    /// The decoded text; `None` when the file could not be read or decoded.
    pub(crate) text: Option<String>,
    pub(crate) lowered: Lowered,
    /// Structural findings (`F` codes), suppression problems included.
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) suppressions: Vec<suppress::Suppression>,
    pub(crate) error: Option<LoadError>,
}

pub(crate) fn read_file(id: FileId, path: &Path, lang: Lang) -> ReadFile {
    let mut sink = Sink::in_lang(id, lang);
    let mut read = ReadFile {
        text: None,
        lowered: Lowered::Unknown,
        diagnostics: Vec::new(),
        suppressions: Vec::new(),
        error: None,
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(source) => {
            read.error = Some(LoadError::Io {
                path: path.to_path_buf(),
                source,
            });
            return read;
        }
    };
    let text = match decode(bytes) {
        Ok(text) => text,
        Err(problem) => {
            report_decode_problem(problem, &mut sink);
            read.diagnostics = sink.items;
            return read;
        }
    };
    read.lowered = parse_and_lower(&text, &mut sink);
    read.suppressions = suppress::scan(&text, id, &mut sink.items);
    read.diagnostics = sink.items;
    read.text = Some(text);
    read
}

/// Parses `text` and lowers it; TOML syntax errors are all reported, and a file with any is
/// not lowered (its partial contents would only produce misleading findings).
pub fn parse_and_lower(text: &str, sink: &mut Sink) -> Lowered {
    let (root, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return lower(root.get_ref(), text.len(), sink);
    }
    for error in errors {
        let span = error.span().unwrap_or(0..0);
        sink.report(
            &TOML_SYNTAX,
            span,
            format!("TOML 语法错误：{}", error.message().trim()),
            Some("检查引号、方括号和等号是否成对、完整；字符串要用英文双引号".into()),
        );
    }
    Lowered::Unknown
}

fn report_decode_problem(problem: DecodeProblem, sink: &mut Sink) {
    let (message, help) = match problem {
        DecodeProblem::Utf16 => (
            "文件是 UTF-16 编码，perf 只读 UTF-8".to_owned(),
            "在编辑器中另存为 UTF-8，或 `iconv -f UTF-16 -t UTF-8 旧文件 > 新文件`".to_owned(),
        ),
        DecodeProblem::NotUtf8 {
            offset,
            likely_gbk: true,
        } => (
            format!("文件不是 UTF-8 编码（第 {offset} 字节起），看起来是 GBK/GB18030"),
            "转换为 UTF-8：`iconv -f GBK -t UTF-8 旧文件 > 新文件`，或在编辑器中另存为 UTF-8"
                .to_owned(),
        ),
        DecodeProblem::NotUtf8 {
            offset,
            likely_gbk: false,
        } => (
            format!("文件不是 UTF-8 编码的文本（第 {offset} 字节起无法解码）"),
            "确认这是预算 TOML 文件，并以 UTF-8 编码保存".to_owned(),
        ),
    };
    // The file has no text to point into, so the finding covers the whole file.
    sink.items
        .push(Diagnostic::new(&NOT_UTF8, sink.file(), None, message).with_help(help));
}
