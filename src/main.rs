//! The `perf` binary: parse the command line, run the command, map the outcome to an exit code.

// Indexing that could panic on unexpected input is written with `get` (the brief: bad input
// never panics); tests may index (clippy.toml).
#![warn(clippy::indexing_slicing)]

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::parse();
    cli::output::clean_up_on_signals();
    let lang = args.lang();
    cli::output::finish(cli::run(args), lang)
}
