//! Findings: what a rule reports, where, and how severe it is.
//!
//! Diagnostics are data. The library never prints them; `diag::render` turns them into text
//! for a writer the command line hands in.

pub mod baseline;
pub mod file;
pub mod registry;
pub mod render;

use std::fmt;
use std::ops::Range;

use serde::Serialize;

use crate::diag::registry::Rule;
use crate::i18n::Lang;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed: `perf validate` exits 1.
    Error,
    /// Should be looked at; does not fail a run.
    Warning,
    /// Information for the reviewer.
    Note,
}

impl Severity {
    /// The English word machine formats use.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Note => "note",
        }
    }

    /// The word for tables and messages, in `lang`.
    pub fn label(self, lang: Lang) -> String {
        lang.text(&format!("severity.{}", self.as_str()), &[])
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

pub use crate::model::located::FileId;

/// `text` without the spare capacity its building left: `perf serve` keeps every finding of
/// the tree (43,000 at 10,000 projects) for as long as it runs.
fn exact(mut text: String) -> String {
    text.shrink_to_fit();
    text
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule that fired.
    pub rule: &'static Rule,
    /// The severity in force (the rule's default unless overridden).
    pub severity: Severity,
    /// The file the finding is in.
    pub file: FileId,
    /// Byte range of the offending key or value in the file's text; `None` for the whole file.
    pub span: Option<Range<usize>>,
    /// What is wrong, naming the value.
    pub message: String,
    /// What to write instead, when the rule knows.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A finding of `rule` at its default severity.
    pub fn new(
        rule: &'static Rule,
        file: FileId,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            rule,
            severity: rule.severity,
            file,
            span,
            message: exact(message.into()),
            help: None,
        }
    }

    /// Adds a `help:` line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(exact(help.into()));
        self
    }

    /// Sort key: file, then position, then code, so output is deterministic.
    pub fn sort_key(&self) -> (FileId, usize, &'static str) {
        (
            self.file,
            self.span.as_ref().map_or(0, |s| s.start),
            self.rule.code,
        )
    }
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of notes.
    pub notes: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Self) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.notes += other.notes;
    }
}

impl Counts {
    /// Counts the findings of a run.
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let mut counts = Self::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Note => counts.notes += 1,
            }
        }
        counts
    }
}
