//! The `perf` binary: parse the command line, run the command, map the outcome to an exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    cli::output::finish(cli::run(args))
}
