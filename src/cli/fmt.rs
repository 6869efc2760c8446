//! `perf fmt [PATH...] [--check] [--diff]`: rewrites budget files in the canonical layout
//! (toml_writer::canonical), keeping comments and every value as written. `--check` lists the
//! files that would change and exits 1 (for CI); `--diff` shows what would change. Files are
//! replaced through `perf::write` (temporary file + rename, mode and owner kept, symlinks
//! written through); a file changed since it was read, a read-only file or one with other
//! hard links is refused and named (exit 2), the others are still formatted.

use std::path::{Path, PathBuf};

use clap::Args;
use perf::i18n::Lang;
use perf::source::discover::discover;
use perf::toml_writer::canonical;
use similar::TextDiff;

use perf::write::{Batch, Snapshot, read_for_update};

use crate::cli::output::{note, with_stdout_as};
use crate::cli::{Outcome, paths_or_default};

/// Arguments of `perf fmt`.
#[derive(Debug, Args)]
pub(crate) struct FmtArgs {
    /// Budget files or directories [default: budgets/].
    paths: Vec<PathBuf>,
    /// Write nothing; list the files that would change and exit 1 if there are any.
    #[arg(long)]
    check: bool,
    /// Write nothing; show a unified diff of what would change (exit 1 if anything would).
    #[arg(long)]
    diff: bool,
}

/// What formatting one file came to.
enum FileResult {
    Unchanged,
    Changed {
        old: String,
        new: String,
        snapshot: Snapshot,
    },
    Failed,
}

/// Runs `perf fmt`, its notes in `lang`.
pub(crate) fn run(args: &FmtArgs, lang: Lang) -> anyhow::Result<Outcome> {
    let paths = paths_or_default(&args.paths);
    let (files, errors) = discover(&paths);
    let mut failed = !errors.is_empty();
    for error in &errors {
        note(&format!("error: {}", error.message(lang)));
    }
    if files.is_empty() && errors.is_empty() {
        note(&format!("error: {}", lang.text("cli.fmt_no_files", &[])));
        return Ok(Outcome::Failure);
    }
    let dry_run = args.check || args.diff;
    let mut changed = Vec::new();
    for path in &files {
        match format_file(path, lang) {
            FileResult::Unchanged => {}
            FileResult::Failed => failed = true,
            FileResult::Changed { old, new, snapshot } => {
                if args.diff {
                    let diff = unified_diff(path, &old, &new);
                    with_stdout_as(true, |out| out.write_all(diff.as_bytes()))?;
                }
                if !dry_run {
                    let mut batch = Batch::new();
                    batch.replace(path, new.into_bytes(), snapshot);
                    if let Err(err) = batch.commit() {
                        note(&format!("error: {}", err.message(lang)));
                        failed = true;
                        continue;
                    }
                }
                changed.push(path);
            }
        }
    }
    if args.check {
        with_stdout_as(true, |out| {
            for path in &changed {
                writeln!(out, "{}", path.display())?;
            }
            Ok(())
        })?;
    }
    let key = if dry_run {
        "cli.fmt_would_change"
    } else {
        "cli.fmt_changed"
    };
    note(&lang.text(key, perf::args!(n = changed.len(), checked = files.len())));
    Ok(if failed {
        Outcome::Failure
    } else if dry_run && !changed.is_empty() {
        Outcome::Findings
    } else {
        Outcome::Success
    })
}

fn format_file(path: &Path, lang: Lang) -> FileResult {
    let (bytes, snapshot) = match read_for_update(path) {
        Ok(read) => read,
        Err(err) => {
            note(&format!("error: {}", err.message(lang)));
            return FileResult::Failed;
        }
    };
    // Read as is (not through `decode`, which strips a BOM) so a BOM survives.
    let Ok(old) = String::from_utf8(bytes) else {
        note(&format!(
            "error: {}",
            lang.text("cli.fmt_not_utf8", perf::args!(path = path.display()))
        ));
        return FileResult::Failed;
    };
    match canonical::format(&old) {
        Ok(new) if new == old => FileResult::Unchanged,
        Ok(new) => FileResult::Changed { old, new, snapshot },
        Err(err) => {
            note(&format!(
                "error: {}:{}:{}: {err}",
                path.display(),
                err.line,
                err.column
            ));
            FileResult::Failed
        }
    }
}

fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    let name = path.display().to_string();
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&name, &name)
        .to_string()
}
