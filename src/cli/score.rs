//! `perf score [PATH...] [--dept NAME] [--explain]`: 绩效自评 — each project's score out of
//! 100 by 财预〔2020〕10号, and with `--explain` every line's formula, inputs, weight and
//! score (docs/monitoring.md).

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use perf::report::score::{explain_grid, score_grid};
use perf::report::{Format, render_view};
use perf::score::{ProjectScore, score_in};

use crate::cli::config::ConfigArgs;
use crate::cli::monitor::{ViewFormat, load_execution};
use crate::cli::output::{note, with_stdout_as};
use crate::cli::{GlobalArgs, Outcome};

/// Arguments of `perf score`.
#[derive(Debug, Args)]
pub(crate) struct ScoreArgs {
    /// Budget files or directories [default: budgets/].
    paths: Vec<PathBuf>,
    /// Only this department, by full name, alias or a unique part of its name; repeatable.
    #[arg(long, value_name = "NAME")]
    dept: Vec<String>,
    /// Only this budget year.
    #[arg(long)]
    year: Option<i64>,
    /// Show every line of each project: formula, inputs (A, B, grade), weight and score.
    #[arg(long)]
    explain: bool,
    /// Output format (JSON always carries every line and its inputs).
    #[arg(long, value_enum, default_value_t = ViewFormat::Table)]
    format: ViewFormat,
    #[command(flatten)]
    config: ConfigArgs,
}

/// Runs `perf score`.
pub(crate) fn run(args: &ScoreArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let lang = global.lang;
    let (config, workspace, filter) =
        match load_execution(&args.paths, &args.dept, args.year, &args.config, global) {
            Ok(loaded) => loaded,
            Err(outcome) => return Ok(outcome),
        };
    let view = score_in(&workspace, &filter, &config.settings.execution, lang);
    let format = Format::from(args.format);
    with_stdout_as(format.for_people(), |out| {
        if view.projects.is_empty() && format != Format::Json {
            return Ok(());
        }
        if !args.explain || format == Format::Json {
            return render_view(out, &view, |_| score_grid(&view, lang), format);
        }
        let all: Vec<&ProjectScore> = view.projects.iter().collect();
        if format == Format::Csv {
            return render_view(out, &view, |_| explain_grid(&all, lang), format);
        }
        render_view(out, &view, |_| score_grid(&view, lang), format)?;
        for p in &all {
            writeln!(out)?;
            render_view(out, &view, |_| explain_grid(&[p], lang), format)?;
        }
        Ok(())
    })
    .context("writing the scores")?;
    if view.projects.is_empty() {
        note(&lang.text("cli.no_score_data", perf::args!(n = view.unscored.len())));
    }
    Ok(if workspace.errors.is_empty() {
        Outcome::Success
    } else {
        Outcome::Failure
    })
}
