//! Laying out views as bytes: terminal tables, CSV, JSON and Markdown. No domain logic here;
//! every number comes from the view model, rounded by `summary`.

pub mod grid;
pub mod html;
pub mod monitor;
pub mod score;
pub mod sheet;
pub mod table;

use std::io::{self, Write};

use crate::i18n::Lang;
use crate::report::grid::{Grid, summary_grid};
use crate::summary::Summary;

/// Output formats for summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An aligned table for the terminal (CJK display width aware).
    Table,
    /// CSV, one row per line, amounts and percentages in separate columns.
    Csv,
    /// JSON with exact decimal strings.
    Json,
    /// A GitHub-flavoured Markdown table.
    Markdown,
}

impl Format {
    /// Whether people read it on a terminal (table, Markdown), so control characters in
    /// file-derived text must be shown escaped (`crate::text`); JSON and CSV are data.
    pub fn for_people(self) -> bool {
        matches!(self, Self::Table | Self::Markdown)
    }
}

/// Rows per department, or per project of the departments shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rows {
    /// One row per department and year.
    Departments,
    /// One row per project.
    Projects,
}

/// Writes a summary in `format`, headings in `lang`.
pub fn render_summary(
    out: &mut dyn Write,
    summary: &Summary,
    rows: Rows,
    format: Format,
    lang: Lang,
) -> io::Result<()> {
    let grid = |combined| summary_grid(&summary.rounded(), rows, combined, lang);
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, summary)?;
            writeln!(out)
        }
        Format::Table => table::render(out, &grid(true)),
        Format::Markdown => render_markdown(out, &grid(true)),
        Format::Csv => render_csv(out, &grid(false)),
    }
}

/// Writes any other view in `format`: JSON serialises `view`; the text formats lay out the
/// grid `grid` builds (`true`: an amount and its % share one cell; CSV asks for `false`).
pub fn render_view<T: serde::Serialize>(
    out: &mut dyn Write,
    view: &T,
    grid: impl Fn(bool) -> Grid,
    format: Format,
) -> io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, view)?;
            writeln!(out)
        }
        Format::Table => table::render(out, &grid(true)),
        Format::Markdown => render_markdown(out, &grid(true)),
        Format::Csv => render_csv(out, &grid(false)),
    }
}

fn render_markdown(out: &mut dyn Write, grid: &Grid) -> io::Result<()> {
    let escape = |s: &str| s.replace('|', "\\|");
    writeln!(out, "**{}**\n", escape(&grid.title))?;
    writeln!(
        out,
        "| {} |",
        grid.header
            .iter()
            .map(|h| escape(h))
            .collect::<Vec<_>>()
            .join(" | ")
    )?;
    let rule: Vec<&str> = grid
        .right
        .iter()
        .map(|&r| if r { "---:" } else { "---" })
        .collect();
    writeln!(out, "| {} |", rule.join(" | "))?;
    for row in grid.rows.iter().chain(std::iter::once(&grid.total)) {
        writeln!(
            out,
            "| {} |",
            row.iter()
                .map(|c| escape(c))
                .collect::<Vec<_>>()
                .join(" | ")
        )?;
    }
    for note in &grid.notes {
        writeln!(out, "\n{}", escape(note))?;
    }
    Ok(())
}

/// CSV with every cell protected from formula injection (`export::csv::protect`).
fn render_csv(out: &mut dyn Write, grid: &Grid) -> io::Result<()> {
    let field = |s: &str| {
        let s = crate::export::csv::protect(s);
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.into_owned()
        }
    };
    for row in std::iter::once(&grid.header)
        .chain(&grid.rows)
        .chain(std::iter::once(&grid.total))
    {
        writeln!(
            out,
            "{}",
            row.iter().map(|c| field(c)).collect::<Vec<_>>().join(",")
        )?;
    }
    Ok(())
}
