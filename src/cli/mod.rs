//! The command line: the only place that knows clap, the terminal, the environment and exit
//! codes. Each subcommand lives in its own file with its `Args` and `run`.

mod completions;
mod config;
mod diff;
mod export;
mod fmt;
mod help;
mod import;
mod import_xls;
mod judged;
mod lsp;
mod monitor;
mod new;
pub(crate) mod output;
mod parse_errors;
mod report;
mod rules;
mod schema;
mod score;
mod serve;
mod show;
mod summary;
mod target;
mod template;
mod validate;

use clap::{Parser, Subcommand, ValueEnum};

/// How a command ended, mapped to the exit status by `output::finish`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: findings at error severity.
    Findings,
    /// Exit 2: the tool could not do its whole job (it said why on stderr).
    Failure,
}

/// perf — 预算绩效文件的检查与汇总工具 (budget performance files: validate and summarise).
///
/// Exit status: 0 no errors (warnings allowed); 1 at least one error found; 2 perf could not
/// do its job (bad arguments, a missing path, no budget files, unreadable files).
#[derive(Debug, Parser)]
#[command(name = "perf", version, about, long_about = None, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

impl Cli {
    /// The language of messages (`--lang`, `PERF_LANG`).
    pub(crate) fn lang(&self) -> perf::i18n::Lang {
        self.global.lang
    }
}

/// Options every command accepts.
#[derive(Debug, clap::Args)]
struct GlobalArgs {
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
    /// Language of messages and headings: zh (中文, default) or en.
    #[arg(long, global = true, env = "PERF_LANG", default_value = "zh", value_parser = parse_lang)]
    lang: perf::i18n::Lang,
}

/// Reads `--lang` / `PERF_LANG`.
fn parse_lang(value: &str) -> Result<perf::i18n::Lang, String> {
    perf::i18n::Lang::from_code(value)
        .ok_or_else(|| format!("unknown language `{value}`: use zh or en"))
}

/// The language for text written before the command line is fully parsed (clap's value
/// parsers): `--lang X` / `--lang=X` among the raw arguments, else `PERF_LANG`, else Chinese.
pub(crate) fn early_lang() -> perf::i18n::Lang {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = match arg.strip_prefix("--lang") {
            Some("") => args.next(),
            Some(rest) => rest.strip_prefix('=').map(str::to_owned),
            None => continue,
        };
        if let Some(lang) = value.as_deref().and_then(perf::i18n::Lang::from_code) {
            return lang;
        }
    }
    std::env::var("PERF_LANG")
        .ok()
        .and_then(|v| perf::i18n::Lang::from_code(&v))
        .unwrap_or_default()
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check budget files and report every problem (默认检查 budgets/).
    Validate(validate::ValidateArgs),
    /// Total budgets and spending plans by department or project.
    Summary(summary::SummaryArgs),
    /// List the rule codes, or explain one (`perf rules C001`).
    Rules(rules::RulesArgs),
    /// Print the effective configuration (perf.toml and command-line levels).
    Config(config::ConfigCommandArgs),
    /// Show how perf reads a 指标值: comparator, number, unit, kind (`perf target "≥85%"`).
    Target(target::TargetArgs),
    /// Compare two git revisions (or folders): money, plans, targets, findings introduced and fixed.
    Diff(diff::DiffArgs),
    /// Show one project's 绩效目标表 in the official layout, with its findings.
    Show(show::ShowArgs),
    /// Write one self-contained HTML report (overview charts, every project, findings).
    Report(report::ReportArgs),
    /// Export the data for Excel, CSV tools, SQL or programs (xlsx, csv, sqlite, json), or the
    /// published document (docx, text).
    Export(export::ExportArgs),
    /// Rewrite budget files in the canonical layout, keeping comments and values (--check for CI).
    Fmt(fmt::FmtArgs),
    /// Read the official tables from .xlsx/.xls/.ods, .docx or .txt into budget files.
    Import(import::ImportArgs),
    /// Create a commented project or department file (`perf new project --dept … --name …`).
    New(new::NewArgs),
    /// The Excel workbook a department fills in, to read back with `perf import`.
    Template(template::TemplateArgs),
    /// Print the JSON Schema of project, department or perf.toml files, for editors.
    Schema(schema::SchemaArgs),
    /// 双监控: spending to date against plan and 序时进度, with a status, and indicator progress.
    Monitor(monitor::MonitorArgs),
    /// 绩效自评: score each project out of 100 (`--explain` shows every formula).
    Score(score::ScoreArgs),
    /// Print a shell completion script (`perf completions bash > /etc/bash_completion.d/perf`).
    Completions(completions::CompletionsArgs),
    /// Print the manual page in roff (`perf man > perf.1`; docs/perf.1 is this output).
    Man(completions::ManArgs),
    /// Language server for editors, over stdio (diagnostics as you type, hover, completion).
    Lsp(lsp::LspArgs),
    /// The web workbench: pages, findings, the edit form with live checks (127.0.0.1:8000).
    Serve(serve::ServeArgs),
    /// Internal: read an .xls workbook for `perf import` in a child process.
    #[command(name = "__read-xls", hide = true)]
    ReadXls(import_xls::ReadXlsArgs),
}

/// Parses the command line, with `--help` in the language of `--lang`/`PERF_LANG`.
pub(crate) fn parse() -> Cli {
    help::parse()
}

/// Runs the parsed command.
pub(crate) fn run(cli: Cli) -> anyhow::Result<Outcome> {
    if !matches!(
        cli.command,
        Command::Validate(_)
            | Command::Diff(_)
            | Command::Fmt(_)
            | Command::Target(_)
            | Command::Import(_)
            | Command::New(_)
            | Command::Lsp(_)
            | Command::Serve(_)
    ) {
        output::stdout_is_the_product();
    }
    match cli.command {
        Command::Validate(args) => validate::run(&args, &cli.global),
        Command::Summary(args) => summary::run(&args, &cli.global),
        Command::Rules(args) => rules::run(&args, cli.global.lang),
        Command::Target(args) => target::run(&args, cli.global.lang),
        Command::Config(args) => config::run(&args, &cli.global),
        Command::Diff(args) => diff::run(&args, cli.global.lang),
        Command::Show(args) => show::run(&args, &cli.global),
        Command::Report(args) => report::run(&args, &cli.global),
        Command::Export(args) => export::run(&args, &cli.global),
        Command::Fmt(args) => fmt::run(&args, cli.global.lang),
        Command::Import(args) => import::run(&args),
        Command::New(args) => new::run(&args, cli.global.lang),
        Command::Template(args) => template::run(&args, &cli.global),
        Command::Schema(args) => schema::run(&args, cli.global.lang),
        Command::Monitor(args) => monitor::run(&args, &cli.global),
        Command::Score(args) => score::run(&args, &cli.global),
        Command::Completions(args) => completions::run_completions(&args),
        Command::Man(args) => completions::run_man(&args),
        Command::Lsp(args) => lsp::run(&args, cli.global.lang),
        Command::Serve(args) => serve::run(&args, &cli.global),
        Command::ReadXls(args) => import_xls::run_child(&args),
    }
}

/// The default budget tree.
const DEFAULT_ROOT: &str = "budgets";

/// The paths to load: those given, or `budgets/`.
fn paths_or_default(paths: &[std::path::PathBuf]) -> Vec<std::path::PathBuf> {
    if paths.is_empty() {
        vec![DEFAULT_ROOT.into()]
    } else {
        paths.to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
