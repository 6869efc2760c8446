//! `perf validate [PATH...]`: check budget files and report every finding.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use perf::check::Finished;
use perf::check::Scope;
use perf::config::Config;
use perf::diag::baseline::{Anchor, Baseline, BaselineError};
use perf::diag::file::SourceFile;
use perf::diag::render::stream::{FindingsWriter, Format};
use perf::diag::render::{
    render_concise, render_github, render_gitlab, render_human, render_json, render_jsonl,
    render_junit, render_sarif,
};
use perf::diag::{Counts, Diagnostic, FileId};
use perf::i18n::Lang;
use perf::source::stream::{refill_texts, renumber};
use perf::source::{LoadError, Workspace};

use crate::cli::config::{ConfigArgs, open_session};
use perf::session::Session;
use perf::write::{Inputs, Replace, Step, WriteError, write_output};

use crate::cli::output::{note, refuse_output, use_color, with_output, write_failure};
use crate::cli::{DEFAULT_ROOT, GlobalArgs, Outcome, paths_or_default};

/// Arguments of `perf validate`.
#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// Budget files or directories to check [default: budgets/]. Files named one by one (as
    /// `git diff --name-only` lists them) are checked against the rest of their tree.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiagFormat::Human)]
    format: DiagFormat,
    /// Write the findings to FILE instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Fail (exit 1) on warnings too.
    #[arg(long, conflicts_with = "exit_zero")]
    deny_warnings: bool,
    /// Exit 0 whatever the findings (failures to run still exit 2).
    #[arg(long)]
    exit_zero: bool,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings in FILE (then exit 0).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Replace an existing `--output` or `--write-baseline` file that perf did not write (a
    /// workbook, a Word document, a PDF, a binary file); an empty file, an older perf output
    /// and a text file are replaced without it.
    #[arg(long)]
    force: bool,
    /// Report only files changed since this git revision (committed, staged, unstaged or
    /// new); cross-file rules still see the whole tree.
    #[arg(long, value_name = "REV")]
    changed_since: Option<String>,
    #[command(flatten)]
    config: ConfigArgs,
}

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiagFormat {
    /// The source line with the value underlined, and a help line.
    Human,
    /// One line per finding: `file:line:col: severity[CODE] message`.
    Concise,
    /// One JSON document (docs/output.md).
    Json,
    /// One JSON object per finding per line.
    Jsonl,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// GitLab Code Quality JSON (the merge request's code quality widget).
    Gitlab,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// JUnit XML: one test case per file, a failure per error.
    Junit,
}

/// Runs `perf validate`.
pub(crate) fn run(args: &ValidateArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let paths = paths_or_default(&args.paths);
    // Run outside the budget repository, a bare "path not found: budgets" leaves the user
    // guessing: say where perf looked and what to pass instead.
    if args.paths.is_empty() && !Path::new(DEFAULT_ROOT).exists() {
        let cwd = std::env::current_dir().unwrap_or_default();
        note(&format!(
            "error: {}",
            global
                .lang
                .text("cli.no_default_root", perf::args!(cwd = cwd.display()))
        ));
        return Ok(Outcome::Failure);
    }
    let session = match open_session(&args.config, &paths, global) {
        Ok(session) => session,
        Err(outcome) => return Ok(outcome),
    };
    let config = session.config();
    let (load_paths, mut only) = scope(&paths, config);
    // What this run reads (the trees of files named one by one too): an output may be none
    // of it. Checked before any work.
    let mut inputs = Inputs::of_paths(paths.iter().chain(&load_paths));
    inputs.extend(config.path.as_deref());
    inputs.extend(args.baseline.as_deref());
    for output in [&args.output, &args.write_baseline] {
        if let Some(outcome) = refuse_output(&inputs, output.as_deref(), global.lang) {
            return Ok(outcome);
        }
    }
    if let Some(rev) = &args.changed_since {
        let changed = match perf::source::git::changed_files(rev, &paths) {
            Ok(changed) => changed,
            Err(err) => {
                note(&format!(
                    "error: {}",
                    global.lang.text(
                        "cli.changed_since",
                        perf::args!(rev = rev, error = err.message(global.lang))
                    )
                ));
                return Ok(Outcome::Failure);
            }
        };
        let changed: HashSet<PathBuf> = changed.iter().map(|p| canonical(p)).collect();
        only = Some(match only {
            Some(named) => named.intersection(&changed).cloned().collect(),
            None => changed,
        });
    }
    // The usual run: findings written as files are checked, never all held
    // (docs/performance.md).
    let streams = only.is_none() && args.baseline.is_none() && args.write_baseline.is_none();
    if streams && args.format == DiagFormat::Junit {
        return stream_junit(args, global, &session, &load_paths, &paths, &inputs);
    }
    if streams {
        return stream(args, global, &session, &load_paths, &paths, &inputs);
    }
    // One pass that keeps a few bytes per file: national-scale trees (docs/performance.md).
    // JUnit lists clean files too, and `only` picks files by path: those need every file.
    let scope = if args.format == DiagFormat::Junit || only.is_some() {
        Scope::EveryFile
    } else {
        Scope::Findings
    };
    let checked = session.check_paths(&load_paths, scope);
    if let Some(outcome) = report_problems(&checked.errors, checked.checked, &paths, global.lang) {
        return Ok(outcome);
    }
    let total = checked.checked;
    let errors = checked.errors;
    let (mut files, diagnostics) = restrict(checked.files, checked.diagnostics, only.as_ref());

    let anchor = || Anchor::at(&std::env::current_dir().unwrap_or_default());
    if let Some(path) = &args.write_baseline {
        refill_texts(&mut files, &diagnostics);
        let baseline = Baseline::of(&files, &diagnostics, &anchor());
        let json = serde_json::to_vec_pretty(&baseline).context("encoding the baseline")?;
        write_output(path, &inputs, Replace::text(args.force), |out| {
            out.write_all(&json)
        })
        .map_err(|err| write_failure(err, global.lang))?;
        note(&global.lang.text(
            "cli.baseline_written",
            perf::args!(n = diagnostics.len(), path = path.display()),
        ));
        return Ok(Outcome::Success);
    }
    let diagnostics = match &args.baseline {
        None => diagnostics,
        Some(path) => {
            let anchor = anchor();
            let baseline = match read_baseline(path, &anchor, global.lang) {
                Ok(baseline) => baseline,
                Err(message) => {
                    note(&format!("error: {message}"));
                    return Ok(Outcome::Failure);
                }
            };
            // A baseline entry hashes the finding's source line: every text is needed.
            refill_texts(&mut files, &diagnostics);
            baseline.filter(&files, diagnostics, &anchor)
        }
    };

    // Restricted to `only`, the table holds exactly the files asked about.
    let checked = if only.is_some() { files.len() } else { total };
    let color = args.output.is_none() && use_color(global.color);
    let files = &mut files;
    let diags = &diagnostics;
    with_output(
        args.output.as_deref(),
        &inputs,
        Replace::text(args.force),
        global.lang,
        |out| match args.format {
            DiagFormat::Human => in_chunks(files, diags, |f, d| render_human(out, f, d, color)),
            DiagFormat::Concise => in_chunks(files, diags, |f, d| render_concise(out, f, d)),
            DiagFormat::Jsonl => in_chunks(files, diags, |f, d| render_jsonl(out, f, d)),
            DiagFormat::Github => in_chunks(files, diags, |f, d| render_github(out, f, d)),
            // One document: every text the findings point into at once.
            DiagFormat::Json => {
                refill_texts(files, diags);
                render_json(out, files, checked, diags)
            }
            DiagFormat::Gitlab => {
                refill_texts(files, diags);
                render_gitlab(out, files, diags, &anchor())
            }
            DiagFormat::Sarif => {
                refill_texts(files, diags);
                render_sarif(out, files, diags)
            }
            DiagFormat::Junit => {
                refill_texts(files, diags);
                render_junit(out, files, diags)
            }
        },
    )?;

    let counts = Counts::of(&diagnostics);
    note(&counts_line(config.settings.lang, checked, counts));
    Ok(outcome(errors.is_empty(), args, counts))
}

/// `perf validate` writing findings as files are checked: each file's own in path order as
/// the files before it are done, then the cross-file findings and those of files with inline
/// suppressions (docs/output.md). Nothing is written when no file was found.
fn stream(
    args: &ValidateArgs,
    global: &GlobalArgs,
    session: &Session,
    load_paths: &[PathBuf],
    paths: &[PathBuf],
    inputs: &Inputs,
) -> anyhow::Result<Outcome> {
    let color = args.output.is_none() && use_color(global.color);
    let anchor = || Anchor::at(&std::env::current_dir().unwrap_or_default());
    let format = match args.format {
        DiagFormat::Human => Format::Human(color),
        DiagFormat::Concise => Format::Concise,
        DiagFormat::Jsonl => Format::Jsonl,
        DiagFormat::Github => Format::Github,
        DiagFormat::Json => Format::Json,
        DiagFormat::Sarif => Format::Sarif,
        DiagFormat::Gitlab => Format::Gitlab(anchor()),
        // JUnit's header counts every file: it goes through a scratch file instead (see
        // `stream_junit`).
        DiagFormat::Junit => Format::Concise,
    };
    let mut result: Option<(Finished, Counts)> = None;
    let written = with_output(
        args.output.as_deref(),
        inputs,
        Replace::text(args.force),
        global.lang,
        |out| {
            let mut writer = FindingsWriter::new(out, format.clone());
            let mut failed = None;
            // Counted apart from the writer: a reader that stops early (`| head`) ends the
            // output, not the check, and the exit status still reflects every finding.
            let mut counts = Counts::default();
            // Each file's findings are laid out on the worker that checked it; this thread
            // only writes them in order.
            let finished = session.check_each(
                load_paths,
                |files, diagnostics| format.render(files, diagnostics),
                |rendered| match rendered {
                    Ok(rendered) => {
                        counts += rendered.counts();
                        if failed.is_none()
                            && let Err(err) = writer.write_rendered(rendered)
                        {
                            failed = Some(err);
                        }
                    }
                    Err(err) => {
                        failed.get_or_insert(err);
                    }
                },
            );
            let nothing = finished.checked == 0;
            result = Some((finished, counts));
            if let Some(err) = failed {
                return Err(err);
            }
            if nothing {
                // Nothing to report on: no output at all (an `--output` file is not made).
                return Err(std::io::Error::other(NOTHING_CHECKED));
            }
            writer.finish(result.as_ref().map_or(0, |(f, _)| f.checked))?;
            Ok(())
        },
    );
    let Some((finished, counts)) = result else {
        written?;
        return Ok(Outcome::Failure);
    };
    if let Some(outcome) = report_problems(&finished.errors, finished.checked, paths, global.lang) {
        return Ok(outcome);
    }
    written?;
    note(&counts_line(
        session.config().settings.lang,
        finished.checked,
        counts,
    ));
    Ok(outcome(finished.errors.is_empty(), args, counts))
}

/// `perf validate --format junit` in flat memory: each file's case is laid out as it is
/// checked and kept in an anonymous scratch file (`perf::write::scratch_file`), and the
/// document — whose opening counts every case and failure — is written once the pass is
/// over, the scratch read back in path order (docs/output.md). Nothing is written when no
/// file was found.
fn stream_junit(
    args: &ValidateArgs,
    global: &GlobalArgs,
    session: &Session,
    load_paths: &[PathBuf],
    paths: &[PathBuf],
    inputs: &Inputs,
) -> anyhow::Result<Outcome> {
    let scratch_failed = |err: WriteError| {
        note(&format!("error: {}", err.message(global.lang)));
        Ok(Outcome::Failure)
    };
    let scratch = match perf::write::scratch_file() {
        Ok(scratch) => scratch,
        Err(err) => return scratch_failed(err),
    };
    let (finished, junit) = session.check_junit(load_paths, scratch);
    if let Some(outcome) = report_problems(&finished.errors, finished.checked, paths, global.lang) {
        return Ok(outcome);
    }
    let junit = match junit {
        Ok(junit) => junit,
        Err(err) => {
            return scratch_failed(WriteError::io(std::env::temp_dir(), Step::Scratch, err));
        }
    };
    let counts = junit.counts();
    with_output(
        args.output.as_deref(),
        inputs,
        Replace::text(args.force),
        global.lang,
        |out| junit.finish(out),
    )?;
    note(&counts_line(
        session.config().settings.lang,
        finished.checked,
        counts,
    ));
    Ok(outcome(finished.errors.is_empty(), args, counts))
}

/// The marker of a run that found no file (never shown: the run reports the paths instead).
const NOTHING_CHECKED: &str = "no budget file found";

/// Reads and checks a baseline file; the error is the message to show.
fn read_baseline(path: &Path, anchor: &Anchor, lang: Lang) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path).map_err(|err| {
        lang.text(
            "cli.baseline_unreadable",
            perf::args!(
                path = path.display(),
                error = perf::i18n::io_error(&err, lang)
            ),
        )
    })?;
    Baseline::parse(&text, anchor).map_err(|err| match err {
        BaselineError::Malformed(err) => lang.text(
            "cli.baseline_malformed",
            perf::args!(path = path.display(), error = err),
        ),
        BaselineError::Version(version) => lang.text(
            "cli.baseline_version",
            perf::args!(
                path = path.display(),
                version = version,
                supported = perf::diag::baseline::VERSION
            ),
        ),
    })
}

/// How many files' texts [`in_chunks`] holds at a time.
const FILES_PER_CHUNK: usize = 256;

/// Renders findings (sorted by file) a few hundred files at a time: each file's text is read
/// just before its findings are written and dropped after, so a tree with many findings
/// never holds all its texts at once (docs/performance.md).
fn in_chunks(
    files: &mut [SourceFile],
    diagnostics: &[Diagnostic],
    mut render: impl FnMut(&[SourceFile], &[Diagnostic]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let block = |d: &Diagnostic| d.file.0 / FILES_PER_CHUNK;
    for chunk in diagnostics.chunk_by(|a, b| block(a) == block(b)) {
        refill_texts(files, chunk);
        render(files, chunk)?;
        for d in chunk {
            if let Some(file) = files.get_mut(d.file.0) {
                file.text = None;
            }
        }
    }
    Ok(())
}

/// Keeps the files asked about (all, without `only`) and their findings, renumbering file ids
/// so renderers see exactly the files that were checked.
fn restrict(
    files: Vec<SourceFile>,
    diagnostics: Vec<Diagnostic>,
    only: Option<&HashSet<PathBuf>>,
) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let Some(only) = only else {
        return (files, diagnostics);
    };
    let (ids, kept): (Vec<FileId>, Vec<SourceFile>) = files
        .into_iter()
        .enumerate()
        .filter(|(_, file)| only.contains(&canonical(&file.path)))
        .map(|(i, file)| (FileId(i), file))
        .unzip();
    (kept, renumber(diagnostics, &ids))
}

/// When files are named one by one, cross-file rules still need their tree: load the tree
/// each file lives in (the config file's folder, else the folder above the department
/// folder) and report only on the files named.
fn scope(paths: &[PathBuf], config: &Config) -> (Vec<PathBuf>, Option<HashSet<PathBuf>>) {
    let files: Vec<&PathBuf> = paths.iter().filter(|p| p.is_file()).collect();
    if files.is_empty() {
        return (paths.to_vec(), None);
    }
    let mut load_paths: Vec<PathBuf> = paths.iter().filter(|p| !p.is_file()).cloned().collect();
    let mut only: HashSet<PathBuf> = HashSet::new();
    for file in files {
        only.insert(canonical(file));
        if load_paths
            .iter()
            .any(|p| canonical(file).starts_with(canonical(p)))
        {
            continue;
        }
        // The tree is the config file's folder when one governs the file; otherwise the
        // file's own folder (a department folder), without descending further.
        let governing = config
            .path
            .as_deref()
            .and_then(Path::parent)
            .map(|dir| {
                if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir
                }
            })
            .filter(|dir| canonical(file).starts_with(canonical(dir)));
        match governing {
            Some(dir) => load_paths.push(dir.to_path_buf()),
            None => load_paths.extend(siblings(file)),
        }
    }
    // Files under a directory also given are reported in full, like the directory.
    for dir in paths.iter().filter(|p| p.is_dir()) {
        let dir = canonical(dir);
        for entry in walkdir::WalkDir::new(&dir).into_iter().flatten() {
            only.insert(canonical(entry.path()));
        }
    }
    (load_paths, Some(only))
}

/// The file and the other `*.toml` files of its folder.
fn siblings(file: &Path) -> Vec<PathBuf> {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
                .filter(|p| p.file_name().is_some_and(|n| n != perf::config::FILE_NAME))
                .collect()
        })
        .unwrap_or_default();
    if !found.iter().any(|p| canonical(p) == canonical(file)) {
        found.push(file.to_path_buf());
    }
    found.sort();
    found
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Prints (in `lang`) what could not be read; returns the outcome when there is nothing to
/// check at all.
pub(crate) fn report_load_problems(
    workspace: &Workspace,
    paths: &[PathBuf],
    lang: Lang,
) -> Option<Outcome> {
    report_problems(&workspace.errors, workspace.files.len(), paths, lang)
}

/// [`report_load_problems`] for a run that kept no workspace.
pub(crate) fn report_problems(
    errors: &[LoadError],
    files: usize,
    paths: &[PathBuf],
    lang: Lang,
) -> Option<Outcome> {
    for error in errors {
        note(&format!("error: {}", error.message(lang)));
    }
    if files == 0 {
        if errors.is_empty() {
            let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            let paths = shown.join(&lang.text("term.list_sep", &[]));
            note(&format!(
                "error: {}",
                lang.text("cli.no_files", perf::args!(paths = paths))
            ));
        }
        return Some(Outcome::Failure);
    }
    None
}

fn counts_line(lang: Lang, files: usize, counts: Counts) -> String {
    let (errors, warnings, notes) = (counts.errors, counts.warnings, counts.notes);
    let mut line = lang.text(
        "cli.checked",
        perf::args!(files = files, errors = errors, warnings = warnings),
    );
    if notes > 0 {
        line.push_str(&lang.text("cli.checked_notes", perf::args!(notes = notes)));
    }
    line
}

/// The exit status: files that could not be read fail the run; else errors (and warnings
/// under `--deny-warnings`) are findings, unless `--exit-zero`.
fn outcome(all_read: bool, args: &ValidateArgs, counts: Counts) -> Outcome {
    if !all_read {
        Outcome::Failure
    } else if args.exit_zero {
        Outcome::Success
    } else if counts.errors > 0 || (args.deny_warnings && counts.warnings > 0) {
        Outcome::Findings
    } else {
        Outcome::Success
    }
}
