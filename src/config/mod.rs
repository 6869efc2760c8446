//! `perf.toml`: rule levels, thresholds, the indicator framework preset and per-path
//! overrides — and the command line's `--deny/--warn/--allow`, which win over the file.
//!
//! Reading the file lives in `file.rs` (it reuses the strict TOML reader of `source`, so a
//! misspelt key in the config is reported with a suggestion, like in a budget file).

pub mod file;
pub mod json_schema;
pub mod range;
pub mod settings;

use std::path::{Path, PathBuf};

use globset::GlobSet;

use crate::config::settings::Settings;
use crate::diag::file::SourceFile;
use crate::diag::registry::Rule;
use crate::diag::{Diagnostic, Severity};

/// The configuration file's name.
pub const FILE_NAME: &str = "perf.toml";

/// A rule level as written in configuration and on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Do not report.
    Allow,
    /// Report as a warning.
    Warn,
    /// Report as an error.
    Error,
}

impl Level {
    /// Reads `allow`, `warn` (or `warning`), `error` (or `deny`).
    pub fn from_word(word: &str) -> Option<Self> {
        match word {
            "allow" => Some(Self::Allow),
            "warn" | "warning" => Some(Self::Warn),
            "error" | "deny" => Some(Self::Error),
            _ => None,
        }
    }

    /// The word as written in perf.toml.
    pub fn word(self) -> &'static str {
        match self {
            Self::Allow => "allow",
            Self::Warn => "warn",
            Self::Error => "error",
        }
    }

    /// The severity findings get, `None` when they are dropped.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Self::Allow => None,
            Self::Warn => Some(Severity::Warning),
            Self::Error => Some(Severity::Error),
        }
    }
}

/// Levels for some rules.
pub type Levels = Vec<(&'static Rule, Level)>;

/// Levels that apply to the files matching some globs.
#[derive(Debug, Clone)]
pub struct Override {
    /// The globs as written, relative to the config file's folder.
    pub patterns: Vec<String>,
    /// The compiled globs.
    pub matcher: GlobSet,
    /// The levels.
    pub levels: Levels,
}

/// The effective configuration of a run.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it was read from, if any.
    pub path: Option<PathBuf>,
    /// Thresholds and the framework preset the rules use.
    pub settings: Settings,
    /// `[rules]` levels.
    pub levels: Levels,
    /// `[[overrides]]`, later ones winning.
    pub overrides: Vec<Override>,
    /// `--deny/--warn/--allow` from the command line, winning over everything.
    pub command_line: Levels,
    /// How files are read: language of structural findings, size limit, encoding.
    pub read: crate::source::ReadOptions,
}

impl Config {
    /// The level in force for `rule` in the file at `path`: command line, then the last
    /// matching override, then `[rules]`; `None` keeps the rule's default.
    pub fn level_for(&self, rule: &'static Rule, path: &Path) -> Option<Level> {
        let find = |levels: &Levels| {
            levels
                .iter()
                .rev()
                .find(|(r, _)| *r == rule)
                .map(|&(_, l)| l)
        };
        if let Some(level) = find(&self.command_line) {
            return Some(level);
        }
        if self.overrides.is_empty() {
            // No globs to match: the path is not needed (making it absolute asks the kernel
            // for the working folder, once per finding).
            return find(&self.levels);
        }
        let relative = self.relative(path);
        for o in self.overrides.iter().rev() {
            if o.matcher.is_match(&relative)
                && let Some(level) = find(&o.levels)
            {
                return Some(level);
            }
        }
        find(&self.levels)
    }

    /// `path` relative to the config file's folder, for matching override globs.
    fn relative(&self, path: &Path) -> PathBuf {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let base = self
            .path
            .as_deref()
            .and_then(Path::parent)
            // `perf.toml` found in the current directory has an empty parent: that is `.`.
            .map(|b| {
                if b.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    b
                }
            })
            .map(|b| std::path::absolute(b).unwrap_or_else(|_| b.to_path_buf()));
        match base {
            Some(base) => absolute
                .strip_prefix(&base)
                .map(Path::to_path_buf)
                .unwrap_or(absolute),
            None => path.to_path_buf(),
        }
    }

    /// Applies the levels in force: allowed findings are dropped, others get their severity.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>, files: &[SourceFile]) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                let path = files.get(d.file.0).map(|f| f.path.as_path())?;
                match self.level_for(d.rule, path) {
                    None => Some(d),
                    Some(level) => {
                        d.severity = level.severity()?;
                        Some(d)
                    }
                }
            })
            .collect()
    }
}

/// Where the configuration for a run is: `explicit` when given; else `perf.toml` in the
/// current directory; else in the nearest folder at or above the first budget path.
pub fn find(explicit: Option<&Path>, roots: &[PathBuf]) -> Option<PathBuf> {
    if let Some(path) = explicit {
        return Some(path.to_path_buf());
    }
    let here = Path::new(FILE_NAME);
    if here.is_file() {
        return Some(here.to_path_buf());
    }
    let root = std::path::absolute(roots.first()?).ok()?;
    let start = if root.is_dir() {
        root.as_path()
    } else {
        root.parent()?
    };
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|p| p.is_file())
}
