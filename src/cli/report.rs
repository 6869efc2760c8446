//! `perf report [PATH...] [--as-of DATE] -o report.html`: one self-contained HTML file — an
//! overview per department (totals, plan curve against 序时进度, budgets as bars, findings by
//! severity), its monitoring and self-evaluation when it has execution data, and every
//! project in the official table layout with its findings (docs/report.md).

use std::path::PathBuf;

use clap::Args;
use perf::report::html::{Tracking, render};
use perf::track::date::Date;
use perf::write::Inputs;

use crate::cli::config::ConfigArgs;
use crate::cli::judged::load_judged_with_config;
use crate::cli::monitor::{date_arg, today};
use crate::cli::output::{note, refuse_output, with_output};
use crate::cli::{GlobalArgs, Outcome, paths_or_default};
use perf::write::Replace;

/// Arguments of `perf report`.
#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Budget files or directories [default: budgets/].
    paths: Vec<PathBuf>,
    /// The HTML file to write (`-` for stdout).
    #[arg(long, short, value_name = "FILE")]
    output: PathBuf,
    /// Replace an existing output file that perf did not write (a workbook, a Word document,
    /// a PDF, a binary file); an empty file, an older perf output and a text file are replaced
    /// without it.
    #[arg(long)]
    force: bool,
    /// The date the monitoring sections are at: `2024-06-30`, or `2024-06` for the end of
    /// June [default: today (UTC)]. Only departments with execution data get them.
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    as_of: Option<Date>,
    #[command(flatten)]
    config: ConfigArgs,
}

/// Runs `perf report`.
pub(crate) fn run(args: &ReportArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let paths = paths_or_default(&args.paths);
    let to_stdout = args.output.as_os_str() == "-";
    let output = (!to_stdout).then_some(args.output.as_path());
    let mut inputs = Inputs::of_paths(&paths);
    if let Some(outcome) = refuse_output(&inputs, output, global.lang) {
        return Ok(outcome);
    }
    let (config, workspace, diagnostics) =
        match load_judged_with_config(&paths, &args.config, global) {
            Ok(loaded) => loaded,
            Err(outcome) => return Ok(outcome),
        };
    let tracking = Tracking {
        as_of: args.as_of.unwrap_or_else(today),
        settings: &config.settings.execution,
    };
    inputs.extend(config.path.as_deref());
    with_output(
        output,
        &inputs,
        Replace::text(args.force),
        global.lang,
        |out| render(out, &workspace, &diagnostics, tracking, global.lang),
    )?;
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
