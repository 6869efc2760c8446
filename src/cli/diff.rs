//! `perf diff [OLD] [NEW] [PATH...]` and `perf diff --dirs OLD_DIR NEW_DIR`: what a change does
//! to the money, the plans, the targets and the findings.
//!
//! Each side is loaded like `perf validate` loads a tree — a git revision from a temporary copy
//! of its budget files (see `perf::source::git`), the working tree or a folder in place — and
//! judged under its own `perf.toml`; `perf::diff` compares the two.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use perf::config::{Config, FILE_NAME};
use perf::diag::Diagnostic;
use perf::diff::Diff;
use perf::diff::compare::{Snapshot, compare_in, display_path};
use perf::diff::render::{DiffFormat, render_diff};
use perf::i18n::Lang;
use perf::session::Session;
use perf::source::git::Repo;
use perf::source::{ReadOptions, Workspace, load_with};
use tempfile::TempDir;

use crate::cli::output::{note, with_stdout_as};
use crate::cli::{DEFAULT_ROOT, Outcome};

/// Arguments of `perf diff`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  perf diff                          HEAD → working tree, budgets/\n  \
                        perf diff origin/main HEAD --format markdown\n  \
                        perf diff HEAD~1 -- budgets/高新区人社局\n  \
                        perf diff --dirs old/budgets new/budgets\n\n\
                        Exit status: 0 the change introduces no error; 1 it introduces errors; \
                        2 perf could not compare (not a git repository, a bad revision, \
                        unreadable files)."
)]
pub(crate) struct DiffArgs {
    /// Up to two git revisions — OLD [default: HEAD] and NEW [default: the working tree] —
    /// then budget files or directories [default: budgets/].
    #[arg(value_name = "REV_OR_PATH")]
    args: Vec<String>,
    /// Budget paths after `--`, never read as revisions.
    #[arg(last = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Compare two folders instead of git revisions.
    #[arg(long, num_args = 2, value_names = ["OLD_DIR", "NEW_DIR"],
          conflicts_with_all = ["args", "paths"])]
    dirs: Option<Vec<PathBuf>>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Aligned tables.
    Table,
    /// Markdown, for a pull-request comment or `$GITHUB_STEP_SUMMARY`.
    Markdown,
    /// JSON with exact decimal strings.
    Json,
}

/// One side, loaded and judged.
struct Loaded {
    label: String,
    commit: Option<String>,
    /// The folder file paths are shown relative to.
    root: PathBuf,
    workspace: Workspace,
    findings: Vec<Diagnostic>,
    /// Keeps a revision's temporary copy alive while the side is in use.
    _copy: Option<TempDir>,
}

/// Runs `perf diff`.
pub(crate) fn run(args: &DiffArgs, lang: Lang) -> anyhow::Result<Outcome> {
    let sides = match &args.dirs {
        Some(dirs) => load_dirs(dirs, lang),
        None => load_revisions(args, lang),
    };
    let (old, new) = match sides {
        Ok(sides) => sides,
        Err(message) => {
            note(&format!("error: {message}"));
            return Ok(Outcome::Failure);
        }
    };
    let diff: Diff = compare_in(&snapshot(&old), &snapshot(&new), lang);
    let format = match args.format {
        Format::Table => DiffFormat::Table,
        Format::Markdown => DiffFormat::Markdown,
        Format::Json => DiffFormat::Json,
    };
    with_stdout_as(format != DiffFormat::Json, |out| {
        render_diff(out, &diff, format, lang)
    })
    .context("writing the diff")?;
    Ok(if diff.overview.errors_introduced > 0 {
        Outcome::Findings
    } else {
        Outcome::Success
    })
}

fn snapshot(side: &Loaded) -> Snapshot<'_> {
    Snapshot {
        label: side.label.clone(),
        commit: side.commit.clone(),
        workspace: &side.workspace,
        findings: &side.findings,
        root: &side.root,
    }
}

fn load_dirs(dirs: &[PathBuf], lang: Lang) -> Result<(Loaded, Loaded), String> {
    let [old, new] = dirs else {
        return Err(lang.text("cli.diff_dirs", &[]));
    };
    let side = |dir: &PathBuf| -> Result<Loaded, String> {
        if !dir.is_dir() {
            return Err(lang.text("cli.not_a_dir", perf::args!(path = dir.display())));
        }
        let config = side_config(
            &std::path::absolute(dir).unwrap_or_else(|_| dir.clone()),
            None,
            lang,
        );
        judge(
            dir.display().to_string(),
            None,
            dir.clone(),
            &[PathBuf::new()],
            config,
            None,
        )
    };
    both_sides(side(old)?, side(new)?, &[old.clone(), new.clone()], lang)
}

fn load_revisions(args: &DiffArgs, lang: Lang) -> Result<(Loaded, Loaded), String> {
    let repo = Repo::discover(Path::new(".")).map_err(|e| e.message(lang))?;
    let (revs, mut paths) = split_args(&repo, &args.args, lang)?;
    paths.extend(args.paths.iter().cloned());
    if paths.is_empty() {
        paths.push(DEFAULT_ROOT.into());
    }
    let relative = paths
        .iter()
        .map(|p| repo.repo_path(p))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.message(lang))?;
    let old_rev = revs.first().map_or("HEAD", String::as_str);
    let old = revision(&repo, old_rev, &relative, lang)?;
    let new = match revs.get(1) {
        Some(rev) => revision(&repo, rev, &relative, lang)?,
        None => {
            let top = repo.top().to_path_buf();
            let config = side_config(&top.join(first(&relative)), Some(&top), lang);
            let label = lang.text("cli.diff_worktree", &[]);
            judge(label, None, top, &relative, config, None)?
        }
    };
    both_sides(old, new, &paths, lang)
}

fn both_sides(
    old: Loaded,
    new: Loaded,
    paths: &[PathBuf],
    lang: Lang,
) -> Result<(Loaded, Loaded), String> {
    if old.workspace.files.is_empty() && new.workspace.files.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        let paths = shown.join(&lang.text("term.list_sep", &[]));
        return Err(lang.text("cli.diff_no_files", perf::args!(paths = paths)));
    }
    Ok((old, new))
}

/// Splits the positional arguments into revisions (at most two, first) and paths. An
/// argument that is neither a revision nor an existing path is an error, as is one that is
/// both (write paths after `--`).
fn split_args(
    repo: &Repo,
    args: &[String],
    lang: Lang,
) -> Result<(Vec<String>, Vec<PathBuf>), String> {
    let mut revs = Vec::new();
    let mut paths = Vec::new();
    for arg in args {
        if !paths.is_empty() || revs.len() == 2 {
            paths.push(PathBuf::from(arg));
            continue;
        }
        let exists = Path::new(arg).exists();
        match (repo.resolve(arg), exists) {
            (Ok(_), true) => {
                return Err(lang.text("cli.diff_ambiguous", perf::args!(arg = arg)));
            }
            (Ok(_), false) => revs.push(arg.clone()),
            (Err(_), true) => paths.push(PathBuf::from(arg)),
            (Err(err), false) => {
                return Err(lang.text("cli.diff_neither", perf::args!(error = err.message(lang))));
            }
        }
    }
    Ok((revs, paths))
}

fn first(relative: &[PathBuf]) -> &Path {
    relative.first().map_or(Path::new(""), PathBuf::as_path)
}

/// A revision's budget files, copied into a temporary folder, loaded and judged.
fn revision(repo: &Repo, rev: &str, relative: &[PathBuf], lang: Lang) -> Result<Loaded, String> {
    let commit = repo.resolve(rev).map_err(|e| e.message(lang))?;
    let copy = TempDir::new().map_err(|e| {
        lang.text(
            "cli.temp_dir",
            perf::args!(error = perf::i18n::io_error(&e, lang)),
        )
    })?;
    // The configuration governing the first path may sit in any folder above it: taken out
    // first, so its `[limits]` decide which budget files are too large to take out at all.
    let configs: Vec<PathBuf> = first(relative)
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .collect();
    let defaults = ReadOptions::in_lang(lang);
    repo.materialise(&commit, &configs, copy.path(), defaults.max_file_bytes)
        .map_err(|e| e.message(lang))?;
    let root = copy.path().to_path_buf();
    let config = side_config(&root.join(first(relative)), Some(&root), lang);
    repo.materialise(&commit, relative, copy.path(), config.read.max_file_bytes)
        .map_err(|e| e.message(lang))?;
    judge(rev.into(), Some(commit), root, relative, config, Some(copy))
}

/// Loads `relative` (the paths that exist) under `root` and judges it like `perf validate`:
/// the rules, then configured levels, then inline suppressions.
fn judge(
    label: String,
    commit: Option<String>,
    root: PathBuf,
    relative: &[PathBuf],
    config: Config,
    copy: Option<TempDir>,
) -> Result<Loaded, String> {
    let paths: Vec<PathBuf> = relative
        .iter()
        .map(|p| root.join(p))
        .filter(|p| p.exists())
        .collect();
    let lang = config.settings.lang;
    let workspace = if paths.is_empty() {
        Workspace::default()
    } else {
        // Read as perf validate would: the side's `[limits]` apply (F009).
        load_with(
            &paths,
            ReadOptions {
                lang,
                ..config.read
            },
        )
    };
    if let Some(error) = workspace.errors.first() {
        return Err(lang.text(
            "cli.diff_side_error",
            perf::args!(side = label, error = error),
        ));
    }
    let findings = Session::with_config(&paths, config).judge(&workspace);
    Ok(Loaded {
        label,
        commit,
        root,
        workspace,
        findings,
        _copy: copy,
    })
}

/// The `perf.toml` nearest above `start`, looking no higher than `stop`. A configuration
/// that does not read is reported and that side is judged with the defaults. Either way the
/// side is judged in `lang`.
fn side_config(start: &Path, stop: Option<&Path>, lang: Lang) -> Config {
    let mut config = find_side_config(start, stop, lang);
    config.settings.lang = lang;
    config
}

fn find_side_config(start: &Path, stop: Option<&Path>, lang: Lang) -> Config {
    for dir in start.ancestors() {
        let path = dir.join(FILE_NAME);
        if path.is_file() {
            let shown = stop.map_or_else(
                || path.display().to_string(),
                |root| display_path(&path, root),
            );
            let parsed = std::fs::read_to_string(&path)
                .map_err(|e| perf::i18n::io_error(&e, lang))
                .and_then(|text| {
                    perf::config::file::parse(&text, &path, lang).map_err(|problems| {
                        lang.text("cli.problem_count", perf::args!(count = problems.len()))
                    })
                });
            return match parsed {
                Ok(mut config) => {
                    config.path = Some(path);
                    config
                }
                Err(why) => {
                    note(&format!(
                        "warning: {}",
                        lang.text(
                            "cli.diff_config_unreadable",
                            perf::args!(path = shown, why = why)
                        )
                    ));
                    Config::default()
                }
            };
        }
        if stop.is_some_and(|stop| dir == stop) {
            break;
        }
    }
    Config::default()
}
