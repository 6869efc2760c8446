//! The only place that writes to the terminal directly: locking stdout, choosing colour,
//! reporting errors, and mapping outcomes to exit codes (a closed pipe is a quiet success).

#![allow(clippy::print_stderr)]

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use perf::i18n::Lang;
use perf::write::{Inputs, WriteError, write_output};
use std::process::ExitCode;

use crate::cli::{ColorChoice, Outcome};

/// Whether to colour output for stdout.
pub(crate) fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none() && io::stdout().is_terminal(),
    }
}

/// Whether to colour what goes to stderr.
pub(crate) fn stderr_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none() && io::stderr().is_terminal(),
    }
}

/// Runs `write` against `path` or, without a path, stdout. The file is written by the
/// library's write layer (`perf::write`): it refuses the run's `inputs` and says a failure
/// once, in `lang`.
pub(crate) fn with_output(
    path: Option<&Path>,
    inputs: &Inputs,
    lang: Lang,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    match path {
        None => Ok(with_stdout(write)?),
        Some(path) => write_output(path, inputs, write).map_err(|err| write_failure(err, lang)),
    }
}

/// A write error as the command line reports it: its one message in `lang`, with no cause
/// chain repeating the system's words. A closed pipe stays an I/O error (a quiet success).
pub(crate) fn write_failure(err: WriteError, lang: Lang) -> anyhow::Error {
    if err.is_broken_pipe() {
        return io::Error::from(io::ErrorKind::BrokenPipe).into();
    }
    anyhow::anyhow!(err.message(lang))
}

/// Says a refused output (in `lang`) and gives the outcome to exit with, before the command
/// does any work: `-o` must not be one of the run's inputs.
pub(crate) fn refuse_output(inputs: &Inputs, output: Option<&Path>, lang: Lang) -> Option<Outcome> {
    let err = inputs.refuses(output?).err()?;
    note(&format!("error: {}", err.message(lang)));
    Some(Outcome::Failure)
}

/// Removes perf's temporary files when the run is interrupted (SIGINT, SIGTERM), then exits
/// with 128 + the signal, as a shell expects.
pub(crate) fn clean_up_on_signals() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            perf::write::remove_temp_files();
            std::process::exit(128 + signal);
        }
    });
}

/// Runs `write` against a buffered, locked stdout and flushes it.
pub(crate) fn with_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    write(&mut out)?;
    out.flush()
}

/// Writes a line to stderr (progress notes, summaries, errors).
pub(crate) fn note(line: &str) {
    let _ = writeln!(io::stderr(), "{line}");
}

/// Maps a command's result to the process exit code, printing a failure's whole cause chain.
pub(crate) fn finish(result: anyhow::Result<Outcome>) -> ExitCode {
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Failure) => ExitCode::from(2),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}
