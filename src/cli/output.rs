//! The only place that writes to the terminal directly: locking stdout, choosing colour,
//! reporting errors, and mapping outcomes to exit codes (a closed pipe ends the output quietly;
//! the status still reflects the findings).

#![allow(clippy::print_stderr)]

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use perf::i18n::Lang;
use perf::write::{Inputs, Replace, WriteError, write_output};
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
/// library's write layer (`perf::write`): it refuses the run's `inputs` and an existing file
/// `replace` does not allow, and says a failure once, in `lang`.
pub(crate) fn with_output(
    path: Option<&Path>,
    inputs: &Inputs,
    replace: Replace,
    lang: Lang,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    match path {
        None => Ok(with_stdout(write)?),
        Some(path) => {
            write_output(path, inputs, replace, write).map_err(|err| write_failure(err, lang))
        }
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
///
/// A reader that stops reading (`perf validate | head -1`) is no failure: the rest of the
/// output is dropped quietly and the command goes on, so its exit status still says what it
/// found. Any other failure to write (`> /dev/full`), and a stdout closed before perf started
/// (`>&-`), is a [`StdoutError`]: exit 2 with a message ([`finish`]).
pub(crate) fn with_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    if STDOUT_IS_THE_PRODUCT.load(Ordering::Relaxed) && stdout_was_closed() {
        return Err(io::Error::other(StdoutError::Closed));
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => {
            // Nothing more can reach the reader: drop what is buffered instead of trying again.
            let _ = out.into_parts();
            Ok(())
        }
        Err(err) => Err(io::Error::new(err.kind(), StdoutError::Failed(err))),
    }
}

/// Set by commands whose product is what they print (summary, export, report …), for which
/// a closed stdout means the work is lost. Commands whose product is their exit status
/// (validate, diff, fmt, target) leave it unset: scripts run them with a read-write
/// `/dev/null` (Python's `subprocess.DEVNULL`), which looks exactly like a closed stdout.
static STDOUT_IS_THE_PRODUCT: AtomicBool = AtomicBool::new(false);

/// Says that this run's product is what it prints, so a closed stdout is a failure.
pub(crate) fn stdout_is_the_product() {
    STDOUT_IS_THE_PRODUCT.store(true, Ordering::Relaxed);
}

/// Why stdout could not take the output.
#[derive(Debug)]
pub(crate) enum StdoutError {
    /// It was closed when perf started (`>&-`).
    Closed,
    /// A write failed (`/dev/full`: the disk is full).
    Failed(io::Error),
}

impl std::fmt::Display for StdoutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Closed => f.write_str("stdout is closed"),
            Self::Failed(err) => write!(f, "writing to stdout: {err}"),
        }
    }
}

impl std::error::Error for StdoutError {}

/// Whether stdout was closed when perf started. Rust's runtime reopens a closed fd 0-2 on
/// `/dev/null` read-write (so writes would "succeed" into nothing); a user's `>/dev/null` is
/// write-only. Linux only (it reads /proc); elsewhere perf cannot tell.
fn stdout_was_closed() -> bool {
    #[cfg(target_os = "linux")]
    {
        static CLOSED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        *CLOSED.get_or_init(|| {
            let read_write = std::fs::read_to_string("/proc/self/fdinfo/1")
                .ok()
                .and_then(|info| {
                    info.lines()
                        .find_map(|l| l.strip_prefix("flags:"))
                        .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
                })
                .is_some_and(|flags| flags & 0o3 == 0o2);
            read_write
                && std::fs::read_link("/proc/self/fd/1")
                    .is_ok_and(|target| target == Path::new("/dev/null"))
        })
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

/// Like [`with_stdout`]; `for_people` (tables, Markdown, text) shows control characters
/// escaped (`\u{1b}`, `perf::text`) so file-derived text cannot drive the terminal. Data
/// formats (JSON, CSV) pass `false` and keep the characters.
pub(crate) fn with_stdout_as(
    for_people: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    if !for_people {
        return with_stdout(write);
    }
    with_stdout(|out| {
        let mut shown = perf::text::Visible::new(out);
        write(&mut shown)?;
        shown.flush()
    })
}

/// Writes a line to stderr (progress notes, summaries, errors), control characters escaped.
pub(crate) fn note(line: &str) {
    let _ = writeln!(io::stderr(), "{}", perf::text::visible(line));
}

/// Maps a command's result to the process exit code, printing a failure's whole cause chain
/// (a failure to write stdout as one message in `lang`).
pub(crate) fn finish(result: anyhow::Result<Outcome>, lang: Lang) -> ExitCode {
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Failure) => ExitCode::from(2),
        Err(err) => {
            let message = match stdout_error(&err) {
                Some(StdoutError::Closed) => lang.text("cli.stdout_closed", &[]),
                Some(StdoutError::Failed(err)) => lang.text(
                    "cli.stdout_failed",
                    perf::args!(error = perf::i18n::io_error(err, lang)),
                ),
                None => format!("{err:#}"),
            };
            eprintln!("error: {}", perf::text::visible(&message));
            ExitCode::from(2)
        }
    }
}

/// The [`StdoutError`] behind a failure, if that is what it was.
fn stdout_error(err: &anyhow::Error) -> Option<&StdoutError> {
    err.chain().find_map(|e| {
        e.downcast_ref::<StdoutError>().or_else(|| {
            e.downcast_ref::<io::Error>()
                .and_then(|io| io.get_ref())
                .and_then(|inner| inner.downcast_ref::<StdoutError>())
        })
    })
}
