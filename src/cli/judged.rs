//! Loading a tree with its findings, the way `perf validate` judges it (configuration levels
//! and inline suppressions applied): shared by the commands that show findings beside the data
//! (`show`, `report`, `export`).

use std::path::PathBuf;

use perf::config::Config;
use perf::diag::Diagnostic;
use perf::source::{Workspace, load_with};

use crate::cli::config::{ConfigArgs, load_config};
use crate::cli::validate::{judge, report_load_problems};
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
    let config = load_config(config, paths, global)?;
    let workspace = load_with(paths, config.read);
    if let Some(outcome) = report_load_problems(&workspace, paths, global.lang) {
        return Err(outcome);
    }
    let diagnostics = judge(&workspace, &config);
    Ok((config, workspace, diagnostics))
}
