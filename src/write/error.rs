//! What can stop a write, and how to say it: [`WriteError::message`] gives one sentence per
//! failure in the user's language, naming the file and the fix, with the operating system's
//! reason translated (never the raw "(os error N)" text twice).

use std::io;
use std::path::PathBuf;

use crate::args;
use crate::i18n::Lang;
use crate::write::kind::Found;

/// Why perf refused to write a file, or failed to.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message(Lang::Zh))]
pub enum WriteError {
    /// An operating-system call failed.
    Io {
        /// The file (or folder) it failed on.
        path: PathBuf,
        /// What perf was doing.
        step: Step,
        /// The error. Not reported as a `source` (see [`WriteError::source_io`]): the message
        /// already says it, translated.
        error: io::Error,
    },
    /// The file changed between the moment perf read it and the moment it would replace it.
    Changed {
        /// The file.
        path: PathBuf,
    },
    /// The output file was changed by someone else while perf was writing its replacement.
    ChangedWhileWriting {
        /// The file.
        path: PathBuf,
    },
    /// The file has other hard links, which a replacement would split from it.
    HardLinked {
        /// The file.
        path: PathBuf,
        /// How many names it has.
        links: u64,
    },
    /// The file is read-only (no write permission bit at all).
    ReadOnly {
        /// The file.
        path: PathBuf,
    },
    /// The output is a folder, or ends in `/`.
    IsDirectory {
        /// The path as given.
        path: PathBuf,
    },
    /// The output is not a regular file where one is needed (a batch of files in a tree).
    NotRegular {
        /// The path.
        path: PathBuf,
    },
    /// The file already exists and the write may not replace it.
    Exists {
        /// The file.
        path: PathBuf,
    },
    /// The output is one of the files this run reads.
    IsInput {
        /// The output.
        path: PathBuf,
        /// Why it counts as an input.
        why: InputKind,
    },
    /// An existing file that perf did not write (a clerk's workbook, a Word document, a
    /// foreign database) would be replaced.
    Foreign {
        /// The file.
        path: PathBuf,
        /// What it looks like.
        found: Found,
    },
    /// The replacement could not be given the old file's owner and group.
    Owner {
        /// The file.
        path: PathBuf,
        /// The error.
        error: io::Error,
    },
}

/// The step of a write that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Reading the file to update.
    Read,
    /// Creating the temporary file beside the target.
    Create,
    /// Writing the content.
    Write,
    /// Renaming the temporary file over the target.
    Replace,
    /// Opening a device, FIFO or `/dev/stdout` for writing.
    Open,
    /// Creating the folder a file goes into.
    CreateDir,
    /// Creating or writing an anonymous scratch file in the temporary folder
    /// ([`crate::write::scratch_file`]).
    Scratch,
}

/// Why an output counts as an input of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputKind {
    /// It is one of the files read.
    File,
    /// It is a `*.toml` under a folder the run checks.
    UnderTree(PathBuf),
    /// It is named `department.toml` or `perf.toml`.
    Reserved,
}

impl WriteError {
    /// The message in `lang`: the file, what went wrong, and the fix.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            // The commonest slip: `-o 新目录/报告.html` where the folder does not exist yet.
            Self::Io {
                path,
                step: Step::Create,
                error,
            } if error.kind() == io::ErrorKind::NotFound => {
                let folder = path.parent().unwrap_or(path);
                lang.text(
                    "write.no_folder",
                    args!(path = path.display(), folder = folder.display()),
                )
            }
            Self::Io { path, step, error } => {
                let key = match step {
                    Step::Read => "write.read",
                    Step::Create => "write.create",
                    Step::Write => "write.write",
                    Step::Replace => "write.replace",
                    Step::Open => "write.open",
                    Step::CreateDir => "write.create_dir",
                    Step::Scratch => "write.scratch",
                };
                lang.text(
                    key,
                    args!(path = path.display(), reason = reason(error, lang)),
                )
            }
            Self::Changed { path } => lang.text("write.changed", args!(path = path.display())),
            Self::ChangedWhileWriting { path } => {
                lang.text("write.changed_output", args!(path = path.display()))
            }
            Self::HardLinked { path, links } => lang.text(
                "write.hard_linked",
                args!(path = path.display(), links = links),
            ),
            Self::ReadOnly { path } => lang.text("write.read_only", args!(path = path.display())),
            Self::IsDirectory { path } => {
                let shown = path.display().to_string();
                let folder = shown.trim_end_matches('/');
                lang.text("write.is_directory", args!(path = shown, folder = folder))
            }
            Self::NotRegular { path } => {
                lang.text("write.not_regular", args!(path = path.display()))
            }
            Self::Exists { path } => lang.text("write.exists", args!(path = path.display())),
            Self::IsInput { path, why } => match why {
                InputKind::File => lang.text("write.is_input", args!(path = path.display())),
                InputKind::UnderTree(root) => lang.text(
                    "write.under_tree",
                    args!(path = path.display(), root = root.display()),
                ),
                InputKind::Reserved => {
                    lang.text("write.reserved_name", args!(path = path.display()))
                }
            },
            Self::Foreign { path, found } => lang.text(
                "write.foreign",
                args!(path = path.display(), kind = found.describe(lang)),
            ),
            Self::Owner { path, error } => lang.text(
                "write.owner",
                args!(path = path.display(), reason = reason(error, lang)),
            ),
        }
    }

    /// The I/O error underneath, when there is one (a closed pipe is a quiet success for the
    /// command line, which needs to see it).
    pub fn source_io(&self) -> Option<&io::Error> {
        match self {
            Self::Io { error, .. } | Self::Owner { error, .. } => Some(error),
            _ => None,
        }
    }

    /// Whether the reader of a pipe or FIFO went away.
    pub fn is_broken_pipe(&self) -> bool {
        self.source_io()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    }

    /// An operating-system failure at `step` on `path`.
    pub fn io(path: impl Into<PathBuf>, step: Step, error: io::Error) -> Self {
        Self::Io {
            path: path.into(),
            step,
            error,
        }
    }
}

/// The operating system's reason in the user's language: the one translation of error kinds
/// that every message uses ([`crate::i18n::io_error`]).
pub fn reason(error: &io::Error, lang: Lang) -> String {
    crate::i18n::io_error(error, lang)
}
