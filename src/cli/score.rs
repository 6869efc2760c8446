//! `perf score [PATH...] [--dept NAME] [--explain]`: 绩效自评 — each project's score out of
//! 100 by 财预〔2020〕10号, and with `--explain` every line's formula, inputs, weight and
//! score (docs/monitoring.md).

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use perf::report::score::{explain_grid, score_grid};
use perf::report::{Format, render_view};
use perf::score::{ProjectScore, score_in};
use perf::source::load_in;
use perf::summary::Filter;

use crate::cli::config::{ConfigArgs, load_config};
use crate::cli::monitor::{ViewFormat, resolve, warn_execution_errors};
use crate::cli::output::{note, with_stdout};
use crate::cli::validate::{judge, report_load_problems};
use crate::cli::{GlobalArgs, Outcome, paths_or_default};

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
    let paths = paths_or_default(&args.paths);
    let config = match load_config(&args.config, &paths, global) {
        Ok(config) => config,
        Err(outcome) => return Ok(outcome),
    };
    let lang = global.lang;
    let workspace = load_in(&paths, lang);
    if let Some(outcome) = report_load_problems(&workspace, &paths, lang) {
        return Ok(outcome);
    }
    let departments = match resolve(&workspace, &args.dept, lang) {
        Ok(d) => d,
        Err(outcome) => return Ok(outcome),
    };
    warn_execution_errors(&judge(&workspace, &config), lang);
    let filter = Filter {
        departments,
        year: args.year,
    };
    let view = score_in(&workspace, &filter, &config.settings.execution, lang);
    let format = Format::from(args.format);
    with_stdout(|out| {
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
