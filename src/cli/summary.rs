//! `perf summary [PATH...]`: totals by department, or by project with `--dept`; indicator
//! counts with `--by level1|level2|basis|unit`; years side by side with `--by year`.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use perf::report::grid::{indicator_grid, year_grid};
use perf::report::{Format, Rows, render_summary, render_view};
use perf::source::load;
use perf::summary::pivot::{By, indicator_pivot, year_pivot};
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
    #[arg(long, value_enum, default_value_t = SummaryFormat::Table)]
    format: SummaryFormat,
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
    let mut departments = Vec::new();
    for query in &args.dept {
        match resolve_department(&workspace, query) {
            Ok(name) if !departments.contains(&name) => departments.push(name),
            Ok(_) => {}
            Err(err) => {
                note(&format!("error: {err}"));
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
    let format = match args.format {
        SummaryFormat::Table => Format::Table,
        SummaryFormat::Csv => Format::Csv,
        SummaryFormat::Json => Format::Json,
        SummaryFormat::Markdown => Format::Markdown,
    };
    let mut summary = summarise(&workspace, &filter, &months);
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
            with_stdout(|out| render_summary(out, &summary, rows, format))
        }
        By::Year => {
            let pivot = year_pivot(&summary.rounded(), !filter.departments.is_empty());
            with_stdout(|out| render_view(out, &pivot, |c| year_grid(&pivot, c), format))
        }
        By::Level1 | By::Level2 | By::Basis | By::Unit => {
            let mut pivot = indicator_pivot(&workspace, &filter, by);
            if args.percent {
                pivot.add_shares();
            }
            with_stdout(|out| render_view(out, &pivot, |c| indicator_grid(&pivot, c), format))
        }
    }
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
