//! `perf monitor [PATH...] [--as-of DATE] [--dept NAME]`: 双监控 — each department's and
//! project's spending to date against its plan and 序时进度, with a status, and each
//! indicator's progress (docs/monitoring.md). The only place that reads today's date.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use clap::{Args, ValueEnum};
use perf::config::Config;
use perf::diag::registry::Family;
use perf::diag::{Diagnostic, Severity};
use perf::i18n::Lang;
use perf::report::monitor::{department_grid, indicator_grid, project_grid};
use perf::report::{Format, render_view};
use perf::source::Workspace;
use perf::summary::Filter;
use perf::summary::select::resolve_department;
use perf::track::date::Date;
use perf::track::monitor;

use crate::cli::config::{ConfigArgs, open_session};
use crate::cli::output::{note, with_stdout_as};
use crate::cli::validate::report_load_problems;
use crate::cli::{GlobalArgs, Outcome, paths_or_default};

/// Arguments of `perf monitor`.
#[derive(Debug, Args)]
pub(crate) struct MonitorArgs {
    /// Budget files or directories [default: budgets/].
    paths: Vec<PathBuf>,
    /// The date to monitor at: `2024-06-30`, or `2024-06` for the end of June [default: today
    /// (UTC)]. Only months whose last day has passed count.
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    as_of: Option<Date>,
    /// Only this department, by full name, alias or a unique part of its name; repeatable.
    /// Rows become projects, followed by the indicators.
    #[arg(long, value_name = "NAME")]
    dept: Vec<String>,
    /// Only this budget year.
    #[arg(long)]
    year: Option<i64>,
    /// What the rows are [default: department, or project then indicator with --dept].
    #[arg(long, value_enum)]
    by: Option<MonitorRows>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ViewFormat::Table)]
    format: ViewFormat,
    #[command(flatten)]
    config: ConfigArgs,
}

/// The rows of a monitoring table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MonitorRows {
    /// One row per department and year.
    Department,
    /// One row per project.
    Project,
    /// One row per indicator.
    Indicator,
}

/// Output formats of the views (`perf summary`, `perf monitor`, `perf score`): one enum for
/// one kind of output, turned into the library's `report::Format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ViewFormat {
    /// An aligned table.
    Table,
    /// CSV: one table, the rows the table view shows (score `--explain`: every line).
    Csv,
    /// JSON: the whole view, with every figure.
    Json,
    /// Markdown tables.
    Markdown,
}

impl From<ViewFormat> for Format {
    fn from(format: ViewFormat) -> Self {
        match format {
            ViewFormat::Table => Self::Table,
            ViewFormat::Csv => Self::Csv,
            ViewFormat::Json => Self::Json,
            ViewFormat::Markdown => Self::Markdown,
        }
    }
}

/// Reads `--as-of`. Clap calls this before `--lang` is known, so the error's language comes
/// from the raw command line.
pub(crate) fn date_arg(value: &str) -> Result<Date, String> {
    value
        .parse::<Date>()
        .map_err(|err| err.message(crate::cli::early_lang()))
}

/// Today's date from the system clock (UTC).
pub(crate) fn today() -> Date {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days_since_epoch(i64::try_from(seconds / 86_400).unwrap_or(0))
}

/// Resolves `--dept` names; an unknown or ambiguous one is said on stderr (in `lang`).
pub(crate) fn resolve(
    workspace: &perf::source::Workspace,
    queries: &[String],
    lang: Lang,
) -> Result<Vec<String>, Outcome> {
    let mut departments = Vec::new();
    for query in queries {
        match resolve_department(workspace, query) {
            Ok(name) if !departments.contains(&name) => departments.push(name),
            Ok(_) => {}
            Err(err) => {
                note(&format!("error: {}", err.message(lang)));
                return Err(Outcome::Failure);
            }
        }
    }
    Ok(departments)
}

/// Says on stderr how many E errors the data has: the figures rest on it.
pub(crate) fn warn_execution_errors(diagnostics: &[Diagnostic], lang: Lang) {
    let errors: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d.rule.family == Family::Execution && d.severity == Severity::Error)
        .map(|d| d.rule.code)
        .collect();
    if !errors.is_empty() {
        let mut codes = errors.clone();
        codes.sort_unstable();
        codes.dedup();
        note(&lang.text(
            "cli.execution_errors",
            perf::args!(
                n = errors.len(),
                codes = codes.join(&lang.text("term.list_sep", &[]))
            ),
        ));
    }
}

/// What `monitor` and `score` start from: the tree under the configuration that governs it
/// (execution errors among its findings said on stderr) and the departments and year asked
/// for. Problems that stop the command were said on stderr and come back as the outcome.
pub(crate) fn load_execution(
    paths: &[PathBuf],
    dept: &[String],
    year: Option<i64>,
    config: &ConfigArgs,
    global: &GlobalArgs,
) -> Result<(Config, Workspace, Filter), Outcome> {
    let paths = paths_or_default(paths);
    let session = open_session(config, &paths, global)?;
    let lang = global.lang;
    let workspace = session.load_unjudged();
    if let Some(outcome) = report_load_problems(&workspace, &paths, lang) {
        return Err(outcome);
    }
    let departments = resolve(&workspace, dept, lang)?;
    warn_execution_errors(&session.judge(&workspace), lang);
    Ok((
        session.config().clone(),
        workspace,
        Filter { departments, year },
    ))
}

/// Runs `perf monitor`.
pub(crate) fn run(args: &MonitorArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let lang = global.lang;
    let (config, workspace, filter) =
        match load_execution(&args.paths, &args.dept, args.year, &args.config, global) {
            Ok(loaded) => loaded,
            Err(outcome) => return Ok(outcome),
        };
    let as_of = args.as_of.unwrap_or_else(today);
    let view = monitor(&workspace, &filter, as_of, &config.settings.execution);
    let rows = args.by.unwrap_or(if filter.departments.is_empty() {
        MonitorRows::Department
    } else {
        MonitorRows::Project
    });
    let format = Format::from(args.format);
    // With --dept and no --by, the terminal and Markdown show the projects and then their
    // indicators; CSV holds one table, so it shows only the rows chosen.
    let with_indicators = args.by.is_none()
        && !filter.departments.is_empty()
        && matches!(format, Format::Table | Format::Markdown);
    let empty = view.departments.is_empty() && format != Format::Json;
    with_stdout_as(format.for_people(), |out| {
        if empty {
            return Ok(());
        }
        let grid = |combined| match rows {
            MonitorRows::Department => department_grid(&view, combined, lang),
            MonitorRows::Project => project_grid(&view, combined, lang),
            MonitorRows::Indicator => indicator_grid(&view, combined, lang),
        };
        render_view(out, &view, grid, format)?;
        if with_indicators {
            writeln!(out)?;
            render_view(out, &view, |c| indicator_grid(&view, c, lang), format)?;
        }
        Ok(())
    })
    .context("writing the monitoring table")?;
    if view.departments.is_empty() {
        note(&lang.text("cli.no_execution", perf::args!(n = view.left_out.len())));
    }
    Ok(if workspace.errors.is_empty() {
        Outcome::Success
    } else {
        Outcome::Failure
    })
}
