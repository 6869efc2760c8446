//! The `perf` binary: parse the command line, run the command, map the outcome to an exit code.

// Indexing that could panic on unexpected input is written with `get` (the brief: bad input
// never panics); tests may index (clippy.toml).
#![warn(clippy::indexing_slicing)]

mod cli;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: a check allocates and frees the rows of every file
/// it reads on two threads at once, and glibc's malloc and free were a tenth of all the work
/// (callgrind); mimalloc's thread-local free lists take 9–15% off the wall time of `perf
/// validate` on a realistic 100k tree, in every format (docs/performance.md). Built as
/// mimalloc 2 without transparent huge pages: mimalloc 3, or huge pages, kept more memory
/// (67 MB at 10⁶ files against 55 MB).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::parse();
    cli::output::clean_up_on_signals();
    let lang = args.lang();
    cli::output::finish(cli::run(args), lang)
}
