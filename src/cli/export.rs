//! `perf export [PATH...] --format xlsx|csv|json|sqlite|text|docx --output FILE|DIR`: the data for
//! Excel, CSV tools, SQL or programs, or the department's published text (docs/export.md). Every file goes through `perf::write`: built in
//! a temporary file and renamed into place, so a failed export never leaves a half-written
//! file behind, and an existing database perf did not write is kept unless `--force`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use perf::export::{self, dataset};

use crate::cli::config::ConfigArgs;
use perf::write::{Batch, Inputs, Replace, WriteError, write_output, write_staged};

use crate::cli::judged::load_judged_with_config;
use crate::cli::output::{note, refuse_output, with_output, write_failure};
use crate::cli::{GlobalArgs, Outcome, paths_or_default};

/// Arguments of `perf export`.
#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Budget files or directories [default: budgets/].
    paths: Vec<PathBuf>,
    /// The format [default: from the output's extension: .xlsx, .json, .sqlite/.db; a folder
    /// for csv].
    #[arg(long, value_enum)]
    format: Option<ExportFormat>,
    /// The file to write (a folder for csv). JSON and text go to stdout without it.
    #[arg(long, short, value_name = "FILE|DIR")]
    output: Option<PathBuf>,
    /// Start each CSV file with a UTF-8 byte order mark, so Excel on Windows reads the Chinese.
    #[arg(long)]
    excel_bom: bool,
    /// Replace an existing output file perf did not write (a workbook the clerk saved, a
    /// SQLite database of other tables, a binary file in the CSV folder); an empty file and an
    /// older perf export are replaced without it, and so is a text file by JSON or CSV.
    #[arg(long)]
    force: bool,
    /// Write CSV cells as they are: no leading `'` on text starting with `= + - @`, tab or CR
    /// (the protection against spreadsheet formula injection; docs/export.md).
    #[arg(long)]
    raw: bool,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    /// An Excel workbook: a summary sheet and one sheet per project in the official layout.
    Xlsx,
    /// A folder of tidy CSV tables: projects, plan, indicators, findings.
    Csv,
    /// One JSON document with the whole model.
    Json,
    /// A SQLite database: departments, projects, plan_points, indicators, findings.
    Sqlite,
    /// The 部门预算绩效文本 as plain text (what `perf import` reads back).
    Text,
    /// The 部门预算绩效文本 as a Word document (what `perf import` reads back).
    Docx,
}

/// Runs `perf export`.
pub(crate) fn run(args: &ExportArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let Some(format) = args.format.or_else(|| guess(args.output.as_deref())) else {
        note(&format!(
            "error: {}",
            global.lang.text("cli.export_format", &[])
        ));
        return Ok(Outcome::Failure);
    };
    if args.excel_bom && format != ExportFormat::Csv {
        note(&format!(
            "error: {}",
            global.lang.text("cli.export_bom", &[])
        ));
        return Ok(Outcome::Failure);
    }
    if args.raw && format != ExportFormat::Csv {
        note(&format!(
            "error: {}",
            global.lang.text("cli.export_raw", &[])
        ));
        return Ok(Outcome::Failure);
    }
    let output = match (&args.output, format) {
        (Some(path), _) => Some(path.as_path()),
        (None, ExportFormat::Json | ExportFormat::Text) => None,
        (None, _) => {
            note(&format!(
                "error: {}",
                global.lang.text("cli.export_output", &[])
            ));
            return Ok(Outcome::Failure);
        }
    };
    let paths = paths_or_default(&args.paths);
    let lang = global.lang;
    let mut inputs = Inputs::of_paths(&paths);
    if format != ExportFormat::Csv
        && let Some(outcome) = refuse_output(&inputs, output, lang)
    {
        return Ok(outcome);
    }
    let (config, workspace, diagnostics) =
        match load_judged_with_config(&paths, &args.config, global) {
            Ok(loaded) => loaded,
            Err(outcome) => return Ok(outcome),
        };
    inputs.extend(config.path.as_deref());
    let data = dataset(&workspace, &diagnostics);
    if matches!(format, ExportFormat::Text | ExportFormat::Docx) {
        // The document order names a project the tree does not have: said, not dropped.
        for part in export::text::parts(&workspace, &data) {
            let department = part.department.map_or("", |d| d.name.as_str());
            for name in &part.unknown {
                note(&format!(
                    "warning: {}",
                    lang.text(
                        "cli.export_order_unknown",
                        perf::args!(department = department, name = name)
                    )
                ));
            }
        }
    }
    match (format, output) {
        (ExportFormat::Json, output) => {
            with_output(output, &inputs, Replace::text(args.force), lang, |out| {
                export::json::write(out, &data)
            })?;
        }
        (ExportFormat::Text, output) => {
            let text = export::text::write(&workspace, &data);
            with_output(output, &inputs, Replace::text(args.force), lang, |out| {
                out.write_all(text.as_bytes())
            })?;
        }
        (ExportFormat::Docx, Some(path)) => {
            let bytes = export::docx::write(&workspace, &data).context("building the document")?;
            // An office file perf signs: replaced like a workbook (write::kind).
            write_output(path, &inputs, Replace::workbook(args.force), |out| {
                out.write_all(&bytes)
            })
            .map_err(|err| write_failure(err, lang))?;
        }
        (ExportFormat::Xlsx, Some(path)) => {
            let bytes = export::xlsx::write(&data).context("building the workbook")?;
            write_output(path, &inputs, Replace::workbook(args.force), |out| {
                out.write_all(&bytes)
            })
            .map_err(|err| write_failure(err, lang))?;
        }
        (ExportFormat::Csv, Some(dir)) => {
            let tables = export::csv::tables(&data, args.excel_bom, args.raw)
                .context("building the CSV tables")?;
            write_csv(dir, tables, &inputs, args.force).map_err(|err| write_failure(err, lang))?;
        }
        (ExportFormat::Sqlite, Some(path)) => {
            write_sqlite(path, &data, &inputs, args.force)
                .map_err(|err| write_failure(err, lang))?;
        }
        (_, None) => return Ok(Outcome::Failure),
    }
    if let Some(path) = output {
        note(&global.lang.text(
            "cli.exported",
            perf::args!(n = data.projects.len(), path = path.display()),
        ));
    }
    Ok(if workspace.errors.is_empty() {
        Outcome::Success
    } else {
        Outcome::Failure
    })
}

/// Writes the CSV tables into `dir` (created if missing): every table, or none. A table's
/// existing file is replaced when it is empty or text (an older export), or with `force`.
fn write_csv(
    dir: &Path,
    tables: Vec<export::csv::CsvFile>,
    inputs: &Inputs,
    force: bool,
) -> Result<(), WriteError> {
    perf::write::create_dir_all(dir)?;
    let mut batch = Batch::new();
    for table in tables {
        let path = dir.join(table.name);
        inputs.refuses(&path)?;
        batch.output(path, table.bytes, Replace::text(force));
    }
    batch.commit().map(drop)
}

/// Builds the database in a temporary file beside `path`, then renames it over `path`. An
/// existing file is replaced only when it is empty or a database perf exported, or with
/// `force` (the write layer says what a refused file looks like).
fn write_sqlite(
    path: &Path,
    data: &export::Dataset,
    inputs: &Inputs,
    force: bool,
) -> Result<(), WriteError> {
    let is_ours = |target: &Path| export::sqlite::is_perf_database(target);
    write_staged(path, inputs, force, is_ours, |temp| {
        let mut conn = rusqlite::Connection::open(temp).map_err(std::io::Error::other)?;
        export::sqlite::write(&mut conn, data).map_err(std::io::Error::other)?;
        conn.close().map_err(|(_, err)| std::io::Error::other(err))
    })
}

fn guess(output: Option<&Path>) -> Option<ExportFormat> {
    let output = output?;
    let extension = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("xlsx") => Some(ExportFormat::Xlsx),
        Some("json") => Some(ExportFormat::Json),
        Some("txt") => Some(ExportFormat::Text),
        Some("docx") => Some(ExportFormat::Docx),
        Some("sqlite" | "sqlite3" | "db") => Some(ExportFormat::Sqlite),
        None if output.is_dir() || output.to_string_lossy().ends_with('/') => {
            Some(ExportFormat::Csv)
        }
        _ => None,
    }
}
