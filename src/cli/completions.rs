//! `perf completions SHELL` and `perf man`: shell completion scripts (clap_complete) and the
//! roff manual page (clap_mangen), both generated from the same clap definition the parser
//! uses, so they cannot fall out of step with the options. docs/perf.1 is `perf man`; a test
//! keeps the two equal.

use std::io::Write;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::cli::{Cli, Outcome};

/// Arguments of `perf completions`.
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to write the completion script for.
    #[arg(value_enum)]
    shell: Shell,
}

/// Arguments of `perf man` (none).
#[derive(Debug, Args)]
pub(crate) struct ManArgs {}

/// Writes the completion script for the chosen shell to stdout.
pub(crate) fn run_completions(args: &CompletionsArgs) -> anyhow::Result<Outcome> {
    let mut command = without_hidden_subcommands(Cli::command());
    // Generated into memory: clap_complete panics when its writer fails (a closed pipe), and
    // perf never panics; a failed write to stdout is reported like any other.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "perf", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(Outcome::Success)
}

/// The command line as offered for completion: clap_complete lists hidden subcommands too,
/// and the internal `__read-xls` is nothing a user should be offered. clap cannot remove a
/// subcommand, so the (unbuilt) arguments and visible subcommands are put in a new command,
/// whose help flag and help subcommand clap then adds as usual.
fn without_hidden_subcommands(command: clap::Command) -> clap::Command {
    let visible: Vec<clap::Command> = command
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .cloned()
        .collect();
    clap::Command::new("perf")
        .version(env!("CARGO_PKG_VERSION"))
        .args(command.get_arguments().cloned())
        .subcommands(visible)
}

/// Writes the manual page (roff) to stdout.
pub(crate) fn run_man(_args: &ManArgs) -> anyhow::Result<Outcome> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    let mut out = std::io::stdout().lock();
    out.write_all(&page)?;
    out.flush()?;
    Ok(Outcome::Success)
}
