//! `perf report [PATH...] -o report.html`: one self-contained HTML file — an overview per
//! department (totals, plan curve against 序时进度, budgets as bars, findings by severity) and
//! every project in the official table layout with its findings (docs/report.md).

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use perf::report::html::render;

use crate::cli::config::ConfigArgs;
use crate::cli::judged::load_judged;
use crate::cli::output::{note, with_output};
use crate::cli::{GlobalArgs, Outcome, paths_or_default};

/// Arguments of `perf report`.
#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Budget files or directories [default: budgets/].
    paths: Vec<PathBuf>,
    /// The HTML file to write (`-` for stdout).
    #[arg(long, short, value_name = "FILE")]
    output: PathBuf,
    #[command(flatten)]
    config: ConfigArgs,
}

/// Runs `perf report`.
pub(crate) fn run(args: &ReportArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let paths = paths_or_default(&args.paths);
    let (workspace, diagnostics) = match load_judged(&paths, &args.config, global) {
        Ok(loaded) => loaded,
        Err(outcome) => return Ok(outcome),
    };
    let to_stdout = args.output.as_os_str() == "-";
    let output = (!to_stdout).then_some(args.output.as_path());
    with_output(output, |out| {
        render(out, &workspace, &diagnostics, global.lang)
    })
    .context("writing the report")?;
    if let Some(path) = output {
        note(&global.lang.text(
            "cli.report_written",
            perf::args!(path = path.display(), n = workspace.projects.len()),
        ));
    }
    Ok(if workspace.errors.is_empty() {
        Outcome::Success
    } else {
        Outcome::Failure
    })
}
