//! `perf validate [PATH...]`: check budget files and report every finding.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use perf::diag::Counts;
use perf::diag::render::{render_concise, render_human, render_json, render_jsonl};
use perf::rules::{Settings, check_workspace};
use perf::source::{Workspace, load};

use crate::cli::output::{note, use_color, with_stdout};
use crate::cli::{GlobalArgs, Outcome, paths_or_default};

/// Arguments of `perf validate`.
#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// Budget files or directories to check [default: budgets/].
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiagFormat::Human)]
    format: DiagFormat,
}

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiagFormat {
    /// The source line with the value underlined, and a help line.
    Human,
    /// One line per finding: `file:line:col: severity[CODE] message`.
    Concise,
    /// One JSON document (see docs/output.md).
    Json,
    /// One JSON object per finding per line.
    Jsonl,
}

/// Runs `perf validate`.
pub(crate) fn run(args: &ValidateArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let paths = paths_or_default(&args.paths);
    let mut workspace = load(&paths);
    if let Some(outcome) = report_load_problems(&workspace, &paths) {
        return Ok(outcome);
    }
    let diagnostics = check_workspace(&workspace, &Settings::default());
    workspace.keep_texts_for(&diagnostics);
    let files = &workspace.files;
    let color = use_color(global.color);
    with_stdout(|out| match args.format {
        DiagFormat::Human => render_human(out, files, &diagnostics, color),
        DiagFormat::Concise => render_concise(out, files, &diagnostics),
        DiagFormat::Json => render_json(out, files, &diagnostics),
        DiagFormat::Jsonl => render_jsonl(out, files, &diagnostics),
    })
    .context("writing the findings")?;

    let counts = Counts::of(&diagnostics);
    note(&counts_line(files.len(), counts));
    Ok(if !workspace.errors.is_empty() {
        Outcome::Failure
    } else if counts.errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Success
    })
}

/// Prints what could not be read; returns the outcome when there is nothing to check at all.
pub(crate) fn report_load_problems(workspace: &Workspace, paths: &[PathBuf]) -> Option<Outcome> {
    for error in &workspace.errors {
        note(&format!("error: {error}"));
    }
    if workspace.files.is_empty() {
        if workspace.errors.is_empty() {
            let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            note(&format!(
                "error: 在 {} 中没有找到预算文件（*.toml）；请给出预算目录或文件",
                shown.join("、")
            ));
        }
        return Some(Outcome::Failure);
    }
    None
}

fn counts_line(files: usize, counts: Counts) -> String {
    let mut line = format!("检查了 {files} 个文件：{} 个错误，{} 个警告", counts.errors, counts.warnings);
    if counts.notes > 0 {
        line.push_str(&format!("，{} 个提示", counts.notes));
    }
    line
}
