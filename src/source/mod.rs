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
pub mod doc;
pub mod fields;
pub mod folders;
pub mod git;
pub mod git_commit;
pub mod git_log;
pub mod lower;
pub mod neighbours;
pub mod paths;
mod pool;
pub mod scan;
pub mod schema;
pub mod stream;
pub mod suppress;
pub mod syntax;

/// A file's path and text now live in `diag` (the renderers need them, and `diag` sits below
/// `source`); this path is kept for callers outside the crate.
pub use crate::diag::file;
// What the reader returns: defined with the model, where every layer above reads them.
pub use crate::model::located::{LoadedDepartment, LoadedProject};

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::args;
use crate::diag::file::SourceFile;
use crate::diag::registry::{FILE_TOO_LARGE, NOT_UTF8, TOML_SYNTAX};
use crate::diag::{Diagnostic, FileId};
use crate::i18n::Lang;
use crate::source::decode::DecodeProblem;
use crate::source::fields::Sink;
use crate::source::lower::{Depth, Lowered, lower_to};

/// The tool could not do its job for a path (as opposed to a finding in a file).
/// [`LoadError::message`] says it in either language; `Display` is the Chinese message.
#[derive(Debug)]
pub enum LoadError {
    /// A path given on the command line does not exist.
    NotFound {
        /// The path as given.
        path: PathBuf,
    },
    /// A directory could not be walked.
    Walk {
        /// Where the walk failed.
        path: PathBuf,
        /// The underlying error.
        source: walkdir::Error,
    },
    /// A symlink whose target does not exist, or that loops.
    BrokenLink {
        /// The link.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A FIFO, socket or device where a budget file was expected: never opened (reading a
    /// FIFO would wait for a writer forever).
    Special {
        /// The path.
        path: PathBuf,
        /// What it is.
        kind: SpecialKind,
    },
    /// A symlink leading out of the tree being checked: not followed.
    LinkOutsideTree {
        /// The link.
        path: PathBuf,
        /// Where it leads.
        target: PathBuf,
    },
    /// A file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The tree changed while it was checked: a file the cross-file rules read again is no
    /// longer the one the pass read, or its folder (or the tree, walked again) holds another
    /// number of files. The findings that would need it are left out rather than put on the wrong file.
    Changed {
        /// What was walked.
        path: PathBuf,
    },
}

impl LoadError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Self::NotFound { path } => lang.text("load.not_found", args!(path = path.display())),
            Self::Walk { path, source } => {
                let error = source.io_error().map_or_else(
                    || source.to_string(),
                    |err| crate::i18n::io_error(err, lang),
                );
                lang.text("load.walk", args!(path = path.display(), error = error))
            }
            Self::Io { path, source } => {
                let error = crate::i18n::io_error(source, lang);
                lang.text("load.io", args!(path = path.display(), error = error))
            }
            Self::BrokenLink { path, source } => lang.text(
                "load.broken_link",
                args!(
                    path = path.display(),
                    error = crate::i18n::io_error(source, lang)
                ),
            ),
            Self::Special { path, kind } => {
                let kind = lang.text(kind.key(), &[]);
                lang.text("load.special", args!(path = path.display(), kind = kind))
            }
            Self::LinkOutsideTree { path, target } => lang.text(
                "load.link_outside",
                args!(path = path.display(), target = target.display()),
            ),
            Self::Changed { path } => lang.text("load.changed", args!(path = path.display())),
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Zh))
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::NotFound { .. } => None,
            Self::Walk { source, .. } => Some(source),
            Self::Io { source, .. } | Self::BrokenLink { source, .. } => Some(source),
            Self::LinkOutsideTree { .. } | Self::Special { .. } | Self::Changed { .. } => None,
        }
    }
}

/// What a special file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialKind {
    /// A named pipe.
    Fifo,
    /// A Unix socket.
    Socket,
    /// A character or block device.
    Device,
    /// Anything else that is neither a file nor a folder.
    Other,
}

impl SpecialKind {
    /// What `file_type` is, when it is neither a regular file, a folder nor a symlink.
    pub fn of(file_type: std::fs::FileType) -> Option<Self> {
        if file_type.is_file() || file_type.is_dir() || file_type.is_symlink() {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return Some(Self::Fifo);
            }
            if file_type.is_socket() {
                return Some(Self::Socket);
            }
            if file_type.is_char_device() || file_type.is_block_device() {
                return Some(Self::Device);
            }
        }
        Some(Self::Other)
    }

    fn key(self) -> &'static str {
        match self {
            Self::Fifo => "load.kind_fifo",
            Self::Socket => "load.kind_socket",
            Self::Device => "load.kind_device",
            Self::Other => "load.kind_other",
        }
    }
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
    /// Department names and aliases to full names, built once on first use.
    pub names: DepartmentNames,
    /// Projects by department, name and code, built once on first use.
    pub neighbours: neighbours::Neighbours,
}

/// Every name a department goes by (its name and its `aliases`) to its full name: built once
/// per workspace, so resolving a project's department is one lookup, however many
/// departments there are (the tree is not changed after loading).
#[derive(Debug, Default)]
pub struct DepartmentNames {
    full: std::sync::OnceLock<std::collections::HashMap<String, String>>,
}

impl DepartmentNames {
    fn get<'a>(&'a self, departments: &[LoadedDepartment], name: &'a str) -> &'a str {
        let full = self.full.get_or_init(|| {
            let mut full = std::collections::HashMap::new();
            // Aliases first, then names, so a department's own name wins over another's alias
            // (what `canonical_name` does); among aliases the first department wins.
            for d in departments.iter().rev() {
                for alias in &d.department.aliases {
                    full.insert(alias.clone(), d.department.name.clone());
                }
            }
            for d in departments {
                full.insert(d.department.name.clone(), d.department.name.clone());
            }
            full
        });
        full.get(name).map_or(name, String::as_str)
    }
}

impl Workspace {
    /// A department's full name: `name` itself, or the department whose `aliases` list it.
    pub fn canonical_department<'a>(&'a self, name: &'a str) -> &'a str {
        self.names.get(&self.departments, name)
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
    load_with(paths, ReadOptions::in_lang(lang))
}

/// [`load`], reading files as `options` say (language, size limit, encoding).
pub fn load_with(paths: &[PathBuf], options: ReadOptions) -> Workspace {
    let (files, errors) = discover::discover(paths);
    let outcomes: Vec<FileOutcome> = files
        .into_par_iter()
        .enumerate()
        .map(|(i, path)| load_file(FileId(i), path, options))
        .collect();
    // Sized up front: the workspace is kept (by `perf serve` for as long as it runs), and
    // vectors grown by pushing would keep up to half their size in slack (7 MB of projects
    // at 10,000).
    let count = |project: bool| {
        outcomes
            .iter()
            .filter(|o| match o.lowered {
                Lowered::Project(_) => project,
                Lowered::Department(_) => !project,
                Lowered::Unknown => false,
            })
            .count()
    };
    let mut workspace = Workspace {
        files: Vec::with_capacity(outcomes.len()),
        projects: Vec::with_capacity(count(true)),
        departments: Vec::with_capacity(count(false)),
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
    workspace.diagnostics.shrink_to_fit();
    workspace.errors.shrink_to_fit();
    workspace
}

fn load_file(id: FileId, path: PathBuf, options: ReadOptions) -> FileOutcome {
    let mut buf = Vec::new();
    let read = read_file(id, &path, options, &mut buf);
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

/// The text encoding budget files are read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8, with or without a BOM (the format's encoding).
    #[default]
    Utf8,
    /// GBK/GB18030, for Word-era files (`--encoding gbk`); a UTF-8 BOM still means UTF-8.
    Gbk,
}

/// How files are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// The language of structural findings.
    pub lang: Lang,
    /// Files larger than this many bytes are refused (F009) without being read.
    pub max_file_bytes: u64,
    /// The encoding to decode.
    pub encoding: Encoding,
    /// How much of each project to build (everything, unless only totals are wanted).
    pub depth: Depth,
}

/// The default size limit: 16 MiB, a thousand times a real project file.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            lang: Lang::Zh,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            encoding: Encoding::Utf8,
            depth: Depth::Whole,
        }
    }
}

impl ReadOptions {
    /// The defaults, with structural findings in `lang`.
    pub fn in_lang(lang: Lang) -> Self {
        Self {
            lang,
            ..Self::default()
        }
    }
}

/// One file read, decoded, parsed and lowered: what both [`load`] and [`stream::stream`] do
/// with each file. The text borrows the caller's buffer.
pub(crate) struct ReadFile<'a> {
    /// The decoded text; `None` when the file could not be read or decoded.
    pub(crate) text: Option<&'a str>,
    pub(crate) lowered: Lowered,
    /// Structural findings (`F` codes), suppression problems included.
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) suppressions: Vec<suppress::Suppression>,
    pub(crate) error: Option<LoadError>,
}

/// Reads `path` into `buf` (cleared first; one buffer serves many files) and lowers it.
pub(crate) fn read_file<'a>(
    id: FileId,
    path: &Path,
    options: ReadOptions,
    buf: &'a mut Vec<u8>,
) -> ReadFile<'a> {
    let mut sink = Sink::in_lang(id, options.lang);
    let mut read = ReadFile {
        text: None,
        lowered: Lowered::Unknown,
        diagnostics: Vec::new(),
        suppressions: Vec::new(),
        error: None,
    };
    buf.clear();
    let result = std::fs::File::open(path)
        .and_then(|mut f| read_limited(&mut f, options.max_file_bytes, buf));
    match result {
        Err(source) => {
            read.error = Some(LoadError::Io {
                path: path.to_path_buf(),
                source,
            });
            return read;
        }
        Ok(Some(size)) => {
            // Refused unread: a file this large is no budget file, and reading it would only
            // spend memory (a finding, so the other files are still judged).
            report_too_large(size, options.max_file_bytes, &mut sink);
            read.diagnostics = sink.items;
            return read;
        }
        Ok(None) => {}
    }
    if options.encoding == Encoding::Gbk && !buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
        // Decode as GB18030 (a superset of GBK) into UTF-8, replacing the buffer's bytes, so
        // the text can still borrow from it.
        let (text, _, had_errors) = encoding_rs::GB18030.decode(buf);
        if !had_errors {
            let utf8 = text.into_owned().into_bytes();
            *buf = utf8;
        }
    }
    let text = match decode::decode_borrowed(buf) {
        Ok(text) => text,
        Err(problem) => {
            report_decode_problem(problem, &mut sink);
            read.diagnostics = sink.items;
            return read;
        }
    };
    read.lowered = parse_and_lower_to(text, options.depth, &mut sink);
    read.suppressions = suppress::scan_in(text, id, options.lang, &mut sink.items);
    read.diagnostics = sink.items;
    read.text = Some(text);
    read
}

/// F009: a file of `size` bytes is over the `limit`, and is not read.
pub fn report_too_large(size: u64, limit: u64, sink: &mut Sink) {
    let message = sink.t(
        "F009.message",
        args!(size = human_size(size), limit = human_size(limit)),
    );
    let help = sink.t("F009.help", &[]);
    let file = sink.file();
    sink.items
        .push(Diagnostic::new(&FILE_TOO_LARGE, file, None, message).with_help(help));
}

/// `1.2 MB`, `1.7 KB`: sizes for messages (display only, so a float is fine here).
fn human_size(bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let (value, unit) = if bytes >= 1_048_576 {
        (bytes as f64 / 1_048_576.0, "MB")
    } else {
        (bytes as f64 / 1024.0, "KB")
    };
    format!("{value:.1} {unit}")
}

/// How much of a file is read before its size is asked: a budget file is a few kilobytes.
const FIRST_READ: u64 = 64 * 1024;

/// Reads a file into `buf` unless it is over `limit` bytes: `Ok(Some(size))` then, with the
/// file left unread past its first [`FIRST_READ`] bytes. A file that ends within them is read
/// without asking its size (`statx` for each of 10^5 files was ~2% of `perf validate`); a
/// longer one is measured, refused if over the limit, and read whole otherwise (one that grew
/// since it was measured, too).
fn read_limited(
    file: &mut std::fs::File,
    limit: u64,
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<u64>> {
    buf.clear();
    // Room for a budget file at once (the buffer serves file after file: allocated once).
    buf.reserve(16 * 1024);
    let first = limit.min(FIRST_READ);
    let read = (&mut *file)
        .take(first.saturating_add(1))
        .read_to_end(buf)
        .and_then(|n| {
            if n as u64 <= first {
                return Ok(None);
            }
            let size = file.metadata()?.len();
            if size > limit {
                return Ok(Some(size));
            }
            read_sized(file, size.saturating_sub(n as u64), buf).map(|()| None)
        });
    if !matches!(read, Ok(None)) {
        buf.clear();
    }
    read
}

/// Reads the rest of a file, whose size left is known, onto the end of `buf`:
/// `read_to_end` would ask the size again (statx, lseek). A file that grew since is still
/// read whole.
fn read_sized(file: &mut std::fs::File, size: u64, buf: &mut Vec<u8>) -> std::io::Result<()> {
    // Room for one byte more than the size, so that the end is seen without growing the
    // buffer (the caller has checked the size against the limit). A file cut short by `take`
    // has grown since it was measured: the rest is read too.
    buf.reserve(usize::try_from(size).map_or(0, |size| size.saturating_add(1)));
    let read = (&mut *file)
        .take(size.saturating_add(1))
        .read_to_end(buf)
        .and_then(|n| {
            if n as u64 > size {
                file.read_to_end(buf)?;
            }
            Ok(())
        });
    if read.is_err() {
        buf.clear();
    }
    read
}

/// Parses `text` and lowers it; TOML syntax errors are all reported, and a file with any is
/// not lowered (its partial contents would only produce misleading findings).
pub fn parse_and_lower(text: &str, sink: &mut Sink) -> Lowered {
    parse_and_lower_to(text, Depth::Whole, sink)
}

/// [`parse_and_lower`], building as much of a project as `depth` says.
pub fn parse_and_lower_to(text: &str, depth: Depth, sink: &mut Sink) -> Lowered {
    let errors = match doc::parse(text) {
        Ok(root) => {
            let lowered = lower_to(&root, text.len(), depth, sink);
            // The tree's vectors serve the next file this thread reads.
            pool::recycle(root);
            return lowered;
        }
        Err(errors) => errors,
    };
    for error in errors {
        let span = error.span().unwrap_or(0..0);
        let (message, help) = syntax::explain(text, &span, error.message().trim(), sink);
        sink.report(&TOML_SYNTAX, span, message, Some(help));
    }
    Lowered::Unknown
}

fn report_decode_problem(problem: DecodeProblem, sink: &mut Sink) {
    let (key, offset) = match problem {
        DecodeProblem::Utf16 => ("F006.utf16", 0),
        DecodeProblem::NotUtf8 {
            offset,
            likely_gbk: true,
        } => ("F006.gbk", offset),
        DecodeProblem::NotUtf8 {
            offset,
            likely_gbk: false,
        } => ("F006.message", offset),
    };
    let message = sink.t(key, args!(offset = offset));
    let help = sink.t(&format!("{key}_help"), &[]);
    // The file has no text to point into, so the finding covers the whole file.
    sink.items
        .push(Diagnostic::new(&NOT_UTF8, sink.file(), None, message).with_help(help));
}

#[cfg(test)]
mod tests {
    use super::{LoadedDepartment, Workspace, canonical_name, read_limited, read_sized};
    use crate::diag::FileId;
    use crate::model::department::Department;

    /// `perf serve` keeps every indicator row and its spans (95,000 at 10,000 projects): a
    /// field added inline to a row costs that many times its size (issue 17). Rows that
    /// record no 双监控/自评 data store none of it (`model::sparse`).
    #[test]
    fn a_loaded_row_stays_small() {
        use std::mem::size_of;
        let sizes = [
            size_of::<crate::model::project::Indicator>(),
            size_of::<crate::model::spans::IndicatorSpans>(),
            size_of::<super::LoadedProject>(),
        ];
        // Before issue 17: 512, 280 and 1,200 bytes; the execution spans boxed: 1,024.
        assert!(sizes[0] <= 320, "Indicator: {} bytes", sizes[0]);
        assert!(sizes[1] <= 144, "IndicatorSpans: {} bytes", sizes[1]);
        assert!(sizes[2] <= 1024, "LoadedProject: {} bytes", sizes[2]);
    }

    #[test]
    fn the_name_index_resolves_as_the_scan_does() {
        let department = |name: &str, aliases: &[&str]| LoadedDepartment {
            file: FileId(0),
            department: Department {
                aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
                ..Department::named(name)
            },
            spans: Default::default(),
        };
        let workspace = Workspace {
            departments: vec![
                department("高新区人力资源和社会保障局", &["人社局", "劳动局"]),
                department("劳动局", &[]),
                department("高新区教育局", &["教育局", "人社局"]),
            ],
            ..Workspace::default()
        };
        for name in ["人社局", "劳动局", "教育局", "高新区教育局", "财政局", ""] {
            assert_eq!(
                workspace.canonical_department(name),
                canonical_name(&workspace.departments, name),
                "{name}"
            );
        }
        assert_eq!(
            workspace.canonical_department("人社局"),
            "高新区人力资源和社会保障局"
        );
    }

    #[test]
    fn a_file_is_read_whole_whatever_size_was_stated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        let text = "名称 = \"预算\"\n".repeat(100);
        crate::write::fixture(&path, &text);
        let mut buf = b"left over from the last file".to_vec();
        // The size perf saw, smaller than the file (it grew), exact, larger (it shrank), none.
        for stated in [3, text.len() as u64, text.len() as u64 + 50, 0] {
            let mut file = std::fs::File::open(&path).unwrap();
            buf.clear();
            read_sized(&mut file, stated, &mut buf).unwrap();
            assert_eq!(buf, text.as_bytes(), "stated size {stated}");
        }
        let mut empty = std::fs::File::open(dir.path()).unwrap();
        assert!(
            read_sized(&mut empty, 0, &mut buf).is_err(),
            "a folder cannot be read"
        );
        assert!(buf.is_empty());
    }

    /// Read without its size asked, or past the first read, a file comes whole, or is
    /// refused over the limit with its size, whatever its size against the first read.
    #[test]
    fn a_file_is_read_whole_or_refused_over_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let len = |n: u64| usize::try_from(n).unwrap();
        for (size, limit) in [
            (0, 10),
            (10, 10),
            (11, 10),
            (100, super::FIRST_READ * 4),
            (super::FIRST_READ, super::FIRST_READ * 4),
            (super::FIRST_READ + 1, super::FIRST_READ * 4),
            (super::FIRST_READ * 3, super::FIRST_READ * 4),
            (super::FIRST_READ * 3, super::FIRST_READ * 2),
            (super::FIRST_READ * 3, u64::MAX),
        ] {
            let path = dir.path().join("a.toml");
            let text: Vec<u8> = (0..len(size)).map(|i| b'a' + (i % 26) as u8).collect();
            crate::write::fixture(&path, String::from_utf8(text.clone()).unwrap());
            let mut buf = b"left over from the last file".to_vec();
            let mut file = std::fs::File::open(&path).unwrap();
            let read = read_limited(&mut file, limit, &mut buf).unwrap();
            if size > limit {
                assert_eq!(read, Some(size), "{size} over {limit}");
                assert!(buf.is_empty());
            } else {
                assert_eq!(read, None, "{size} within {limit}");
                assert!(buf == text, "{size} within {limit}");
            }
        }
        let mut folder = std::fs::File::open(dir.path()).unwrap();
        assert!(read_limited(&mut folder, 10, &mut Vec::new()).is_err());
    }
}
