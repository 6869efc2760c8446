//! `perf config` and the configuration options shared by commands that run the rules:
//! `--config FILE` and `--deny/--warn/--allow CODE`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use perf::config::file::{parse, parse_rule_arg, to_toml};
use perf::config::{Config, Level, find};
use perf::diag::render::render_human;
use perf::rules::registry::Rule;
use perf::source::file::SourceFile;

use crate::cli::output::{note, stderr_color, with_stdout};
use crate::cli::{GlobalArgs, Outcome, early_lang, paths_or_default};

/// Options that choose the configuration of a run.
#[derive(Debug, Args)]
pub(crate) struct ConfigArgs {
    /// The configuration file [default: perf.toml here, or in the nearest folder above the budgets].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Report this rule (code or name) as an error; repeatable.
    #[arg(long, value_name = "CODE", value_parser = rule_arg)]
    deny: Vec<&'static Rule>,
    /// Report this rule as a warning; repeatable.
    #[arg(long, value_name = "CODE", value_parser = rule_arg)]
    warn: Vec<&'static Rule>,
    /// Do not report this rule; repeatable.
    #[arg(long, value_name = "CODE", value_parser = rule_arg)]
    allow: Vec<&'static Rule>,
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

/// Reads the configuration for a run over `roots`. A broken config file is reported (with
/// its location) on stderr and turns into `Err(Outcome::Failure)`: nothing is judged under a
/// configuration perf could not read.
pub(crate) fn load_config(
    args: &ConfigArgs,
    roots: &[PathBuf],
    global: &GlobalArgs,
) -> Result<Config, Outcome> {
    let mut config = match find(args.config.as_deref(), roots) {
        None => Config::default(),
        Some(path) => read(&path, global)?,
    };
    config.settings.lang = global.lang;
    config.read.lang = global.lang;
    if let Some(encoding) = args.encoding {
        config.read.encoding = encoding.into();
    }
    let levels = [
        (Level::Error, &args.deny),
        (Level::Warn, &args.warn),
        (Level::Allow, &args.allow),
    ];
    for (level, rules) in levels {
        config
            .command_line
            .extend(rules.iter().map(|&r| (r, level)));
    }
    Ok(config)
}

fn read(path: &Path, global: &GlobalArgs) -> Result<Config, Outcome> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            note(&format!(
                "error: {}",
                global.lang.text(
                    "cli.config_unreadable",
                    perf::args!(
                        path = path.display(),
                        error = perf::i18n::io_error(&err, global.lang)
                    )
                )
            ));
            return Err(Outcome::Failure);
        }
    };
    parse(&text, path, global.lang).map_err(|diagnostics| {
        let files = [SourceFile {
            path: path.to_path_buf(),
            text: Some(text.as_str().into()),
            suppressions: Vec::new(),
        }];
        let mut rendered = Vec::new();
        let _ = render_human(
            &mut rendered,
            &files,
            &diagnostics,
            stderr_color(global.color),
        );
        note(String::from_utf8_lossy(&rendered).trim_end());
        note(&format!(
            "error: {}",
            global.lang.text(
                "cli.config_problems",
                perf::args!(path = path.display(), count = diagnostics.len())
            )
        ));
        Outcome::Failure
    })
}

/// Runs `perf config`: prints the effective configuration.
pub(crate) fn run(args: &ConfigCommandArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let roots = paths_or_default(&args.paths);
    let config = match load_config(&args.config, &roots, global) {
        Ok(config) => config,
        Err(outcome) => return Ok(outcome),
    };
    with_stdout(|out| out.write_all(to_toml(&config).as_bytes()))
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
