//! Loading a tree with its findings, the way `perf validate` judges it (configuration levels
//! and inline suppressions applied): shared by the commands that show findings beside the data
//! (`show`, `report`, `export`).

use std::path::PathBuf;

use perf::config::Config;
use perf::diag::Diagnostic;
use perf::source::Workspace;

use crate::cli::config::{ConfigArgs, open_session};
use crate::cli::validate::report_load_problems;
use crate::cli::{GlobalArgs, Outcome};

/// Loads `paths`, reads the configuration that governs them and runs the rules. Problems
/// that stop the command (a broken perf.toml, nothing to read) were said on stderr and come
/// back as the outcome to exit with.
pub(crate) fn load_judged(
    paths: &[PathBuf],
    config: &ConfigArgs,
    global: &GlobalArgs,
) -> Result<(Workspace, Vec<Diagnostic>), Outcome> {
    load_judged_with_config(paths, config, global)
        .map(|(_, workspace, diagnostics)| (workspace, diagnostics))
}

/// [`load_judged`], also handing back the configuration (for its settings).
pub(crate) fn load_judged_with_config(
    paths: &[PathBuf],
    config: &ConfigArgs,
    global: &GlobalArgs,
) -> Result<(Config, Workspace, Vec<Diagnostic>), Outcome> {
    let session = open_session(config, paths, global)?;
    let workspace = session.load_unjudged();
    if let Some(outcome) = report_load_problems(&workspace, paths, global.lang) {
        return Err(outcome);
    }
    let diagnostics = session.judge(&workspace);
    Ok((session.config().clone(), workspace, diagnostics))
}
