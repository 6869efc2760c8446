//! `perf lsp`: the language server over stdio. The command line makes the transport (stdin
//! and stdout, lsp-server's I/O threads) and maps how the session ended to the exit status;
//! everything else is the library's `perf::lsp`.

use anyhow::Context;
use clap::Args;
use perf::i18n::Lang;
use perf::lsp::{Connection, Ended, Start};

use crate::cli::Outcome;

/// Arguments of `perf lsp` (none besides the global ones; the editor names the workspace).
#[derive(Debug, Args)]
pub(crate) struct LspArgs {}

/// Runs the server until the editor exits: status 0 after `shutdown` + `exit`, 1 otherwise.
pub(crate) fn run(_args: &LspArgs, lang: Lang) -> anyhow::Result<Outcome> {
    let fallback_root = std::env::current_dir().unwrap_or_default();
    let (connection, io_threads) = Connection::stdio();
    let start = Start {
        lang,
        fallback_root,
    };
    let ended = perf::lsp::run(&connection, &start)
        .map_err(|e| anyhow::anyhow!(lang.text("lsp.protocol_error", perf::args!(error = e))))?;
    // The writer thread ends when the last sender is gone.
    drop(connection);
    io_threads
        .join()
        .with_context(|| lang.text("lsp.io_error", &[]))?;
    Ok(match ended {
        Ended::Clean => Outcome::Success,
        Ended::WithoutShutdown => Outcome::Findings,
    })
}
