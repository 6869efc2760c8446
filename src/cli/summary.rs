//! `perf summary [PATH...]`: totals by department, or by project with `--dept`.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use perf::report::{Format, Rows, render_summary};
use perf::source::load;
use perf::summary::select::resolve_department;
use perf::summary::{DEFAULT_MONTHS, Filter, summarise};

use crate::cli::output::{note, with_stdout};
use crate::cli::validate::report_load_problems;
use crate::cli::{Outcome, paths_or_default};

/// Arguments of `perf summary`.
#[derive(Debug, Args)]
pub(crate) struct SummaryArgs {
    /// Budget files or directories [default: budgets/].
    paths: Vec<PathBuf>,
    /// One department, by full name, alias or a unique part of its name; rows become projects.
    #[arg(long, value_name = "NAME")]
    dept: Option<String>,
    /// Only this budget year.
    #[arg(long)]
    year: Option<i64>,
    /// Checkpoint months to show, cumulative (a project counts its last checkpoint before each).
    #[arg(long, value_delimiter = ',', default_values_t = DEFAULT_MONTHS,
          value_parser = clap::value_parser!(u32).range(1..=12))]
    months: Vec<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Table)]
    format: SummaryFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SummaryFormat {
    /// An aligned table.
    Table,
    /// CSV with amounts and percentages in separate columns.
    Csv,
    /// JSON with exact decimal strings.
    Json,
    /// A Markdown table.
    Markdown,
}

/// Runs `perf summary`.
pub(crate) fn run(args: &SummaryArgs) -> anyhow::Result<Outcome> {
    let paths = paths_or_default(&args.paths);
    let workspace = load(&paths);
    if let Some(outcome) = report_load_problems(&workspace, &paths) {
        return Ok(outcome);
    }
    let department = match args
        .dept
        .as_deref()
        .map(|q| resolve_department(&workspace, q))
    {
        None => None,
        Some(Ok(name)) => Some(name),
        Some(Err(err)) => {
            note(&format!("error: {err}"));
            return Ok(Outcome::Failure);
        }
    };
    let mut months = args.months.clone();
    months.sort_unstable();
    months.dedup();
    let rows = if department.is_some() {
        Rows::Projects
    } else {
        Rows::Departments
    };
    let summary = summarise(
        &workspace,
        &Filter {
            department,
            year: args.year,
        },
        &months,
    );
    let format = match args.format {
        SummaryFormat::Table => Format::Table,
        SummaryFormat::Csv => Format::Csv,
        SummaryFormat::Json => Format::Json,
        SummaryFormat::Markdown => Format::Markdown,
    };
    with_stdout(|out| render_summary(out, &summary, rows, format))
        .context("writing the summary")?;

    if !summary.left_out.is_empty() {
        note(&format!(
            "注意：{} 个文件未计入汇总（修正后重新运行 perf validate 查看详情）：",
            summary.left_out.len()
        ));
        for left in &summary.left_out {
            note(&format!("  {}：{}", left.file, left.reason));
        }
    }
    if summary.totals.projects == 0 {
        note("没有符合条件的项目");
    }
    Ok(if workspace.errors.is_empty() {
        Outcome::Success
    } else {
        Outcome::Failure
    })
}
