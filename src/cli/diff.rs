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
use perf::diff::compare::{Snapshot, compare, display_path};
use perf::diff::render::{DiffFormat, render_diff};
use perf::rules::check_workspace;
use perf::source::git::Repo;
use perf::source::{Workspace, load, suppress};
use tempfile::TempDir;

use crate::cli::output::{note, with_stdout};
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
pub(crate) fn run(args: &DiffArgs) -> anyhow::Result<Outcome> {
    let sides = match &args.dirs {
        Some(dirs) => load_dirs(dirs),
        None => load_revisions(args),
    };
    let (old, new) = match sides {
        Ok(sides) => sides,
        Err(message) => {
            note(&format!("error: {message}"));
            return Ok(Outcome::Failure);
        }
    };
    let diff: Diff = compare(&snapshot(&old), &snapshot(&new));
    let format = match args.format {
        Format::Table => DiffFormat::Table,
        Format::Markdown => DiffFormat::Markdown,
        Format::Json => DiffFormat::Json,
    };
    with_stdout(|out| render_diff(out, &diff, format)).context("writing the diff")?;
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

fn load_dirs(dirs: &[PathBuf]) -> Result<(Loaded, Loaded), String> {
    let [old, new] = dirs else {
        return Err("--dirs 需要两个目录：旧目录 新目录".into());
    };
    let side = |dir: &PathBuf| -> Result<Loaded, String> {
        if !dir.is_dir() {
            return Err(format!("{} 不是目录", dir.display()));
        }
        let config = side_config(
            &std::path::absolute(dir).unwrap_or_else(|_| dir.clone()),
            None,
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
    both_sides(side(old)?, side(new)?, &[old.clone(), new.clone()])
}

fn load_revisions(args: &DiffArgs) -> Result<(Loaded, Loaded), String> {
    let repo = Repo::discover(Path::new(".")).map_err(|e| e.to_string())?;
    let (revs, mut paths) = split_args(&repo, &args.args)?;
    paths.extend(args.paths.iter().cloned());
    if paths.is_empty() {
        paths.push(DEFAULT_ROOT.into());
    }
    let relative = paths
        .iter()
        .map(|p| repo.repo_path(p))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let old_rev = revs.first().map_or("HEAD", String::as_str);
    let old = revision(&repo, old_rev, &relative)?;
    let new = match revs.get(1) {
        Some(rev) => revision(&repo, rev, &relative)?,
        None => {
            let top = repo.top().to_path_buf();
            let config = side_config(&top.join(first(&relative)), Some(&top));
            judge("工作区".into(), None, top, &relative, config, None)?
        }
    };
    both_sides(old, new, &paths)
}

fn both_sides(old: Loaded, new: Loaded, paths: &[PathBuf]) -> Result<(Loaded, Loaded), String> {
    if old.workspace.files.is_empty() && new.workspace.files.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(format!(
            "两边都没有找到预算文件（*.toml）：{}；请给出预算目录或文件",
            shown.join("、")
        ));
    }
    Ok((old, new))
}

/// Splits the positional arguments into revisions (at most two, first) and paths. An
/// argument that is neither a revision nor an existing path is an error, as is one that is
/// both (write paths after `--`).
fn split_args(repo: &Repo, args: &[String]) -> Result<(Vec<String>, Vec<PathBuf>), String> {
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
                return Err(format!(
                    "`{arg}` 既是 git 修订版本又是路径：修订版本写在前面，路径写在 `--` 之后（perf diff HEAD -- {arg}）"
                ));
            }
            (Ok(_), false) => revs.push(arg.clone()),
            (Err(_), true) => paths.push(PathBuf::from(arg)),
            (Err(err), false) => {
                return Err(format!("{err}；它也不是存在的路径"));
            }
        }
    }
    Ok((revs, paths))
}

fn first(relative: &[PathBuf]) -> &Path {
    relative.first().map_or(Path::new(""), PathBuf::as_path)
}

/// A revision's budget files, copied into a temporary folder, loaded and judged.
fn revision(repo: &Repo, rev: &str, relative: &[PathBuf]) -> Result<Loaded, String> {
    let commit = repo.resolve(rev).map_err(|e| e.to_string())?;
    let copy = TempDir::new().map_err(|e| format!("无法创建临时目录：{e}"))?;
    // The configuration governing the first path may sit in any folder above it.
    let mut wanted = relative.to_vec();
    wanted.extend(first(relative).ancestors().map(|dir| dir.join(FILE_NAME)));
    repo.materialise(&commit, &wanted, copy.path())
        .map_err(|e| e.to_string())?;
    let root = copy.path().to_path_buf();
    let config = side_config(&root.join(first(relative)), Some(&root));
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
    let workspace = if paths.is_empty() {
        Workspace::default()
    } else {
        load(&paths)
    };
    if let Some(error) = workspace.errors.first() {
        return Err(format!("{label}：{error}"));
    }
    let findings = check_workspace(&workspace, &config.settings);
    let findings = config.apply(findings, &workspace.files);
    let findings = suppress::apply(findings, &workspace.files);
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
/// that does not read is reported and that side is judged with the defaults.
fn side_config(start: &Path, stop: Option<&Path>) -> Config {
    for dir in start.ancestors() {
        let path = dir.join(FILE_NAME);
        if path.is_file() {
            let shown = stop.map_or_else(
                || path.display().to_string(),
                |root| display_path(&path, root),
            );
            let parsed = std::fs::read_to_string(&path)
                .map_err(|e| e.to_string())
                .and_then(|text| {
                    perf::config::file::parse(&text, &path)
                        .map_err(|problems| format!("{} 处问题", problems.len()))
                });
            return match parsed {
                Ok(mut config) => {
                    config.path = Some(path);
                    config
                }
                Err(why) => {
                    note(&format!(
                        "warning: 配置文件 {shown} 无法读取（{why}），这一侧按默认配置检查；用 perf config 查看详情"
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
