//! `perf config` and the configuration options shared by commands that run the rules:
//! `--config FILE` and `--deny/--warn/--allow CODE`.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use perf::config::Level;
use perf::config::file::{parse_rule_arg, to_toml};
use perf::diag::registry::Rule;
use perf::diag::render::render_human;
use perf::session::{OpenError, Options, Session};

use crate::cli::output::{note, stderr_color, with_stdout};
use crate::cli::{GlobalArgs, Outcome, early_lang, paths_or_default};

/// Options that choose the configuration of a run.
#[derive(Debug, Args)]
pub(crate) struct ConfigArgs {
    #[command(flatten)]
    read: ReadArgs,
    /// Report this rule (code or name) as an error; repeatable.
    #[arg(long, value_name = "CODE", value_parser = rule_arg)]
    deny: Vec<&'static Rule>,
    /// Report this rule as a warning; repeatable.
    #[arg(long, value_name = "CODE", value_parser = rule_arg)]
    warn: Vec<&'static Rule>,
    /// Do not report this rule; repeatable.
    #[arg(long, value_name = "CODE", value_parser = rule_arg)]
    allow: Vec<&'static Rule>,
}

/// The options that say how files are read, for commands that read without judging
/// (`perf summary`): the configuration file (its `[limits]`) and the encoding.
#[derive(Debug, Args)]
pub(crate) struct ReadArgs {
    /// The configuration file [default: perf.toml here, or in the nearest folder above the budgets].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Decode budget files as this encoding: `gbk` reads Word-era GBK/GB18030 files without
    /// converting them first (a UTF-8 BOM still means UTF-8).
    #[arg(long, value_enum, value_name = "ENCODING")]
    encoding: Option<EncodingArg>,
}

/// Reads a `--deny/--warn/--allow` value. Clap calls this while it is still parsing, before
/// `--lang` is known, so the error's language is read from the raw command line.
fn rule_arg(value: &str) -> Result<&'static Rule, String> {
    parse_rule_arg(value, early_lang())
}

/// Arguments of `perf config`.
#[derive(Debug, Args)]
pub(crate) struct ConfigCommandArgs {
    /// Budget paths whose configuration to show [default: budgets/].
    paths: Vec<PathBuf>,
    #[command(flatten)]
    config: ConfigArgs,
}

/// Opens the library session for a run over `roots`: the configuration that governs them
/// with the command line's levels and encoding. A broken config file is reported (with its
/// location) on stderr and turns into `Err(Outcome::Failure)`: nothing is judged under a
/// configuration perf could not read.
pub(crate) fn open_session(
    args: &ConfigArgs,
    roots: &[PathBuf],
    global: &GlobalArgs,
) -> Result<Session, Outcome> {
    let mut levels = Vec::new();
    for (level, rules) in [
        (Level::Error, &args.deny),
        (Level::Warn, &args.warn),
        (Level::Allow, &args.allow),
    ] {
        levels.extend(rules.iter().map(|&r| (r, level)));
    }
    open_session_with(&args.read, levels, roots, global)
}

/// [`open_session`] for commands that read without judging: no levels.
pub(crate) fn open_reading_session(
    args: &ReadArgs,
    roots: &[PathBuf],
    global: &GlobalArgs,
) -> Result<Session, Outcome> {
    open_session_with(args, Vec::new(), roots, global)
}

fn open_session_with(
    args: &ReadArgs,
    levels: Vec<(&'static Rule, Level)>,
    roots: &[PathBuf],
    global: &GlobalArgs,
) -> Result<Session, Outcome> {
    let options = Options {
        config_file: args.config.clone(),
        lang: global.lang,
        encoding: args.encoding.map(Into::into),
        levels,
    };
    Session::open(roots, &options).map_err(|err| {
        if let OpenError::Invalid { file, diagnostics } = &err {
            let mut rendered = Vec::new();
            let _ = render_human(
                &mut rendered,
                std::slice::from_ref(file),
                diagnostics,
                stderr_color(global.color),
            );
            note(String::from_utf8_lossy(&rendered).trim_end());
        }
        note(&format!("error: {}", err.message(global.lang)));
        Outcome::Failure
    })
}

/// Runs `perf config`: prints the effective configuration.
pub(crate) fn run(args: &ConfigCommandArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let roots = paths_or_default(&args.paths);
    let session = match open_session(&args.config, &roots, global) {
        Ok(session) => session,
        Err(outcome) => return Ok(outcome),
    };
    with_stdout(|out| out.write_all(to_toml(session.config()).as_bytes()))
        .context("writing the configuration")?;
    Ok(Outcome::Success)
}

/// `--encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum EncodingArg {
    /// UTF-8 (the default).
    Utf8,
    /// GBK / GB18030.
    Gbk,
}

impl From<EncodingArg> for perf::source::Encoding {
    fn from(arg: EncodingArg) -> Self {
        match arg {
            EncodingArg::Utf8 => Self::Utf8,
            EncodingArg::Gbk => Self::Gbk,
        }
    }
}
