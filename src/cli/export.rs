//! `perf export [PATH...] --format xlsx|csv|json|sqlite --output FILE|DIR`: the data for Excel,
//! CSV tools, SQL or programs (docs/export.md). Every file is written to a temporary file and
//! renamed into place, so a failed export never leaves a half-written file behind.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use perf::exchange::{self, dataset};

use crate::cli::config::ConfigArgs;
use crate::cli::judged::load_judged;
use crate::cli::output::{note, with_output, write_file};
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
    /// The file to write (a folder for csv). JSON goes to stdout without it.
    #[arg(long, short, value_name = "FILE|DIR")]
    output: Option<PathBuf>,
    /// Start each CSV file with a UTF-8 byte order mark, so Excel on Windows reads the Chinese.
    #[arg(long)]
    excel_bom: bool,
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
        (None, ExportFormat::Json) => None,
        (None, _) => {
            note(&format!(
                "error: {}",
                global.lang.text("cli.export_output", &[])
            ));
            return Ok(Outcome::Failure);
        }
    };
    let paths = paths_or_default(&args.paths);
    let (workspace, diagnostics) = match load_judged(&paths, &args.config, global) {
        Ok(loaded) => loaded,
        Err(outcome) => return Ok(outcome),
    };
    let data = dataset(&workspace, &diagnostics);
    match (format, output) {
        (ExportFormat::Json, output) => {
            with_output(output, |out| exchange::json::write(out, &data))
                .context("writing the JSON export")?;
        }
        (ExportFormat::Xlsx, Some(path)) => {
            let bytes = exchange::xlsx::write(&data).context("building the workbook")?;
            write_file(path, &bytes)?;
        }
        (ExportFormat::Csv, Some(dir)) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("creating the folder {}", dir.display()))?;
            let tables = exchange::csv::tables(&data, args.excel_bom, args.raw)
                .context("building the CSV tables")?;
            for table in tables {
                write_file(&dir.join(table.name), &table.bytes)?;
            }
        }
        (ExportFormat::Sqlite, Some(path)) => write_sqlite(path, &data)?,
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

/// Builds the database in a temporary file beside `path`, then renames it over `path`.
fn write_sqlite(path: &Path, data: &exchange::Dataset) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let temp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    {
        let mut conn = rusqlite::Connection::open(temp.path())
            .with_context(|| format!("opening a database in {}", dir.display()))?;
        exchange::sqlite::write(&mut conn, data)
            .with_context(|| format!("writing {}", path.display()))?;
        conn.close()
            .map_err(|(_, err)| err)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    temp.persist(path)
        .with_context(|| format!("replacing {}", path.display()))?;
    Ok(())
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
        Some("sqlite" | "sqlite3" | "db") => Some(ExportFormat::Sqlite),
        None if output.is_dir() || output.to_string_lossy().ends_with('/') => {
            Some(ExportFormat::Csv)
        }
        _ => None,
    }
}
