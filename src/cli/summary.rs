//! `perf summary [PATH...]`: totals by department, or by project with `--dept`; indicator
//! counts with `--by level1|level2|basis|unit`; years side by side with `--by year`.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use perf::i18n::Lang;
use perf::report::grid::{indicator_grid, summary_grid, year_grid};
use perf::report::{Format, Rows, render_summary, render_view};
use perf::session::Session;
use perf::summary::pivot::{By, indicator_pivot, year_pivot};
use perf::summary::select::resolve_department;
use perf::summary::{DEFAULT_MONTHS, Filter, summarise_in};

use crate::cli::config::{ReadArgs, open_reading_session};
use crate::cli::monitor::ViewFormat;
use crate::cli::output::{note, with_stdout_as};
use crate::cli::validate::{report_load_problems, report_problems};
use crate::cli::{GlobalArgs, Outcome, paths_or_default};

/// Arguments of `perf summary`.
#[derive(Debug, Args)]
pub(crate) struct SummaryArgs {
    /// Budget files or directories [default: budgets/].
    paths: Vec<PathBuf>,
    /// Only this department, by full name, alias or a unique part of its name; repeatable.
    /// Rows become projects unless `--by` says otherwise.
    #[arg(long, value_name = "NAME")]
    dept: Vec<String>,
    /// What the rows are: money by department or project, indicator counts by 一级/二级
    /// 指标, basis or unit, or 预算数 by year side by side [default: department, or project
    /// with --dept].
    #[arg(long, value_enum)]
    by: Option<ByArg>,
    /// Add each row's share of the total (of 预算数, or of the indicators counted); shares
    /// are rounded by largest remainder so they add up to exactly 100.00%.
    #[arg(long)]
    percent: bool,
    /// Only this budget year.
    #[arg(long)]
    year: Option<i64>,
    /// Checkpoint months to show, cumulative (a project counts its last checkpoint before each).
    #[arg(long, value_delimiter = ',', default_values_t = DEFAULT_MONTHS,
          value_parser = clap::value_parser!(u32).range(1..=12))]
    months: Vec<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ViewFormat::Table)]
    format: ViewFormat,
    #[command(flatten)]
    read: ReadArgs,
}

/// The rows of a summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ByArg {
    /// One row per department and year, with money and the plan.
    Department,
    /// One row per project.
    Project,
    /// Indicators counted by 一级指标.
    Level1,
    /// Indicators counted by 二级指标.
    Level2,
    /// Indicators counted by 指标值确定依据.
    Basis,
    /// Indicators counted by the unit of their target.
    Unit,
    /// 预算数 by year, with the change on the year before (rows: departments, or projects
    /// with --dept).
    Year,
}

/// Runs `perf summary`, headings and notes in `lang`.
pub(crate) fn run(args: &SummaryArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let lang = global.lang;
    let paths = paths_or_default(&args.paths);
    // perf.toml's `[limits]` and `--encoding` govern what is read, as for every command.
    let session = match open_reading_session(&args.read, &paths, global) {
        Ok(session) => session,
        Err(outcome) => return Ok(outcome),
    };
    // Department totals as a table: folded while the files stream by, keeping no project
    // (docs/performance.md). JSON and project rows show every project: they load the tree.
    if args.dept.is_empty()
        && matches!(args.by, None | Some(ByArg::Department))
        && args.format != ViewFormat::Json
    {
        return department_view(args, &paths, &session);
    }
    let workspace = session.load_unjudged();
    if let Some(outcome) = report_load_problems(&workspace, &paths, lang) {
        return Ok(outcome);
    }
    let mut departments = Vec::new();
    for query in &args.dept {
        match resolve_department(&workspace, query) {
            Ok(name) if !departments.contains(&name) => departments.push(name),
            Ok(_) => {}
            Err(err) => {
                note(&format!("error: {}", err.message(lang)));
                return Ok(Outcome::Failure);
            }
        }
    }
    let mut months = args.months.clone();
    months.sort_unstable();
    months.dedup();
    let by = match args.by {
        None if departments.is_empty() => By::Department,
        None => By::Project,
        Some(by) => by.into(),
    };
    let filter = Filter {
        departments,
        year: args.year,
    };
    let format = Format::from(args.format);
    let mut summary = summarise_in(&workspace, &filter, &months, lang);
    if args.percent {
        summary.add_shares();
    }
    match by {
        By::Department | By::Project => {
            let rows = if by == By::Project {
                Rows::Projects
            } else {
                Rows::Departments
            };
            with_stdout_as(format.for_people(), |out| {
                render_summary(out, &summary, rows, format, lang)
            })
        }
        By::Year => {
            let pivot = year_pivot(&summary.rounded(), !filter.departments.is_empty());
            with_stdout_as(format.for_people(), |out| {
                render_view(out, &pivot, |c| year_grid(&pivot, c, lang), format)
            })
        }
        By::Level1 | By::Level2 | By::Basis | By::Unit => {
            let mut pivot = indicator_pivot(&workspace, &filter, by, lang);
            if args.percent {
                pivot.add_shares();
            }
            with_stdout_as(format.for_people(), |out| {
                render_view(out, &pivot, |c| indicator_grid(&pivot, c, lang), format)
            })
        }
    }
    .context("writing the summary")?;

    left_out_notes(&summary, lang);
    Ok(if workspace.errors.is_empty() {
        Outcome::Success
    } else {
        Outcome::Failure
    })
}

/// `perf summary` by department, in one pass that keeps no project.
fn department_view(
    args: &SummaryArgs,
    paths: &[PathBuf],
    session: &Session,
) -> anyhow::Result<Outcome> {
    let lang = session.lang();
    let mut months = args.months.clone();
    months.sort_unstable();
    months.dedup();
    let view = perf::summary::fold::departments(
        paths,
        session.config().read,
        args.year,
        &months,
        args.percent,
    );
    if let Some(outcome) = report_problems(&view.errors, view.files, paths, lang) {
        return Ok(outcome);
    }
    let format = Format::from(args.format);
    let summary = &view.summary;
    with_stdout_as(format.for_people(), |out| {
        render_view(
            out,
            summary,
            |c| summary_grid(summary, Rows::Departments, c, lang),
            format,
        )
    })
    .context("writing the summary")?;
    left_out_notes(summary, lang);
    Ok(if view.errors.is_empty() {
        Outcome::Success
    } else {
        Outcome::Failure
    })
}

/// The notes under a summary: files left out, or nothing to sum.
fn left_out_notes(summary: &perf::summary::Summary, lang: Lang) {
    if !summary.left_out.is_empty() {
        note(&lang.text("cli.left_out", perf::args!(n = summary.left_out.len())));
        for left in &summary.left_out {
            note(&lang.text(
                "cli.left_out_file",
                perf::args!(file = left.file, reason = left.reason),
            ));
        }
    }
    if summary.project_count() == 0 {
        note(&lang.text("cli.no_projects", &[]));
    }
}

impl From<ByArg> for By {
    fn from(by: ByArg) -> Self {
        match by {
            ByArg::Department => Self::Department,
            ByArg::Project => Self::Project,
            ByArg::Level1 => Self::Level1,
            ByArg::Level2 => Self::Level2,
            ByArg::Basis => Self::Basis,
            ByArg::Unit => Self::Unit,
            ByArg::Year => Self::Year,
        }
    }
}
