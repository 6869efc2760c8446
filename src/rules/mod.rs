//! Validation: pure functions from the model and its span table to findings.
//!
//! One file per rule family; `registry` is the table of every code. Check functions never
//! print and never fail: wrong data is a [`Diagnostic`], not an `Err`.

pub mod budget;
pub mod cost;
pub mod cross;
pub mod dates;
pub mod execution;
pub mod indicator;
pub mod plan;
pub mod project;
pub mod review;
pub mod target;
#[cfg(test)]
mod testing;
pub mod unit;
pub mod words;

/// The settings live in `config` (below the rules, which read them); kept here for callers
/// outside the crate.
pub use crate::config::settings::{ExecutionSettings, Settings};
/// The table of rule codes lives in `diag` (below `source`, which reports F codes); this
/// path is kept for callers outside the crate.
pub use crate::diag::registry;

use std::ops::Range;

use rayon::prelude::*;

use crate::diag::registry::Rule;
use crate::diag::{Diagnostic, FileId};
use crate::model::framework::Preset;
use crate::model::project::Project;
use crate::source::spans::ProjectSpans;
use crate::source::{LoadedProject, Workspace};

/// What a project rule sees: the project, where its parts are, and the settings.
pub struct ProjectCtx<'a> {
    /// The project.
    pub project: &'a Project,
    /// Where its parts are in its file.
    pub spans: &'a ProjectSpans,
    /// Thresholds.
    pub settings: &'a Settings,
    file: FileId,
}

impl ProjectCtx<'_> {
    /// The catalog text of `key` in the run's language (see `crate::i18n`).
    pub fn t(&self, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        self.settings.lang.text(key, args)
    }

    /// A row's name as messages quote it: the name, or `第 n 个指标（未命名）` when it is blank,
    /// so no message reads `指标“”`.
    pub fn row_name(
        &self,
        row: &crate::model::project::Indicator,
        spans: &crate::source::spans::IndicatorSpans,
    ) -> String {
        let name = row.name.trim();
        if name.is_empty() {
            self.t("term.unnamed_row", crate::args!(n = spans.index + 1))
        } else {
            name.to_owned()
        }
    }

    /// The framework this project is held to: its own `framework` key, else the tree's.
    pub fn framework(&self) -> Preset {
        self.project.framework.unwrap_or(self.settings.framework)
    }

    /// A finding in this project's file at `span`, or at the `[project]` header when the part
    /// it concerns is not in the file.
    pub fn finding(
        &self,
        rule: &'static Rule,
        span: Option<&Range<usize>>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let span = span.unwrap_or(&self.spans.project).clone();
        Diagnostic::new(rule, self.file, Some(span), message)
    }
}

/// Runs every per-project rule family on one project.
pub fn check_project(loaded: &LoadedProject, settings: &Settings) -> Vec<Diagnostic> {
    // Local labels declared in perf.toml are read before any rule looks at the rows.
    let aliased = settings.aliases.applied(&loaded.project);
    let ctx = ProjectCtx {
        project: aliased.as_ref().unwrap_or(&loaded.project),
        spans: &loaded.spans,
        settings,
        file: loaded.file,
    };
    let mut out = Vec::new();
    project::check(&ctx, &mut out);
    budget::check(&ctx, &mut out);
    budget::check_breakdowns(&ctx, &mut out);
    plan::check(&ctx, &mut out);
    indicator::check(&ctx, &mut out);
    target::check(&ctx, &mut out);
    cost::check(&ctx, &mut out);
    execution::check(&ctx, &mut out);
    review::check(&ctx, &mut out);
    out
}

/// Every finding for a workspace: loading's structural findings, each project's rules (in
/// parallel) and the cross-file rules, sorted by file and position.
pub fn check_workspace(workspace: &Workspace, settings: &Settings) -> Vec<Diagnostic> {
    let per_project: Vec<Vec<Diagnostic>> = workspace
        .projects
        .par_iter()
        .map(|p| check_project(p, settings))
        .collect();
    let mut all = workspace.diagnostics.clone();
    all.extend(per_project.into_iter().flatten());
    cross::check(workspace, settings.lang, &mut all);
    cross::check_department_budgets(workspace, settings.lang, &mut all);
    cross::check_codes(workspace, settings.lang, &mut all);
    all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    all
}
