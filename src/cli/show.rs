//! `perf show PROJECT [PATH...]`: one project's 绩效目标表 in the official layout, with its
//! findings under it.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use perf::report::sheet::{render_markdown, render_table};
use perf::summary::select::resolve_project;
use perf::summary::sheet::sheet;

use crate::cli::config::ConfigArgs;
use crate::cli::judged::load_judged;
use crate::cli::output::{note, with_stdout_as};
use crate::cli::{GlobalArgs, Outcome, paths_or_default};

/// Arguments of `perf show`.
#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// A project file, or a project's name or a unique part of it.
    project: String,
    /// Budget files or directories to look in [default: budgets/; for a file, its folder].
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    format: ShowFormat,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ShowFormat {
    /// Aligned tables for the terminal.
    Table,
    /// Markdown.
    Markdown,
    /// JSON with exact decimal strings (docs/export.md).
    Json,
}

/// Runs `perf show`.
pub(crate) fn run(args: &ShowArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let file = Path::new(&args.project);
    let as_file = file.is_file();
    // A file is shown with the rest of its folder, so cross-file findings (X codes) apply.
    let paths = match file.parent() {
        Some(dir) if as_file && args.paths.is_empty() => {
            vec![
                if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir
                }
                .to_path_buf(),
            ]
        }
        _ => paths_or_default(&args.paths),
    };
    let (workspace, diagnostics) = match load_judged(&paths, &args.config, global) {
        Ok(loaded) => loaded,
        Err(outcome) => return Ok(outcome),
    };
    let index = if as_file {
        let wanted = canonical(file);
        workspace.projects.iter().position(|p| {
            workspace
                .file(p.file)
                .is_some_and(|f| canonical(&f.path) == wanted)
        })
    } else {
        match resolve_project(&workspace, &args.project) {
            Ok(index) => Some(index),
            Err(err) => {
                note(&format!("error: {}", err.message(global.lang)));
                return Ok(Outcome::Failure);
            }
        }
    };
    let Some(loaded) = index.and_then(|i| workspace.projects.get(i)) else {
        note(&format!(
            "error: {}",
            global
                .lang
                .text("cli.show_unreadable", perf::args!(project = args.project))
        ));
        return Ok(Outcome::Failure);
    };
    let sheet = sheet(&workspace, loaded, &diagnostics);
    with_stdout_as(args.format != ShowFormat::Json, |out| match args.format {
        ShowFormat::Table => render_table(out, &sheet, global.lang),
        ShowFormat::Markdown => render_markdown(out, &sheet, global.lang),
        ShowFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &sheet.with_groups())?;
            writeln!(out)
        }
    })
    .context("writing the project")?;
    Ok(Outcome::Success)
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}
