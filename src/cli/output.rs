//! The only place that writes to the terminal directly: locking stdout, choosing colour,
//! reporting errors, and mapping outcomes to exit codes (a closed pipe ends the output quietly;
//! the status still reflects the findings).

#![allow(clippy::print_stderr)]

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use anyhow::Context;
use std::process::ExitCode;

use perf::i18n::Lang;

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

/// Runs `write` against `path` (written atomically) or, without a path, stdout.
pub(crate) fn with_output(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    match path {
        None => Ok(with_stdout(write)?),
        Some(path) => write_file_with(path, write),
    }
}

/// Writes `bytes` to `path` atomically (see [`write_file_with`]).
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_file_with(path, |out| out.write_all(bytes))
}

/// Streams `write` into `path` without ever leaving a half-written file: it writes a
/// temporary file in the same folder, flushes it to disk, then renames it over the target
/// (keeping the target's permissions). If `write` fails, the temporary file is removed and
/// the target is untouched.
pub(crate) fn write_file_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let temp = temp_file_builder()
        .tempfile_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    let mut buffered = io::BufWriter::new(temp);
    write(&mut buffered).with_context(|| format!("writing {}", path.display()))?;
    let temp = buffered
        .into_inner()
        .map_err(|e| e.into_error())
        .with_context(|| format!("writing {}", path.display()))?;
    temp.as_file()
        .sync_all()
        .with_context(|| format!("writing {}", path.display()))?;
    if let Ok(metadata) = std::fs::metadata(path) {
        std::fs::set_permissions(temp.path(), metadata.permissions())
            .with_context(|| format!("keeping the permissions of {}", path.display()))?;
    }
    temp.persist(path)
        .with_context(|| format!("replacing {}", path.display()))?;
    Ok(())
}

/// A new file gets the permissions any new file gets (0666 less the umask), not the private
/// 0600 of temporary files: reports and exports are meant to be shared.
fn temp_file_builder() -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder
}

/// Runs `write` against a buffered, locked stdout and flushes it.
///
/// A reader that stops reading (`perf validate | head -1`) is no failure: the rest of the
/// output is dropped quietly and the command goes on, so its exit status still says what it
/// found. Any other failure to write (`> /dev/full`), and a stdout closed before perf started
/// (`>&-`), is a [`StdoutError`]: exit 2 with a message ([`finish`]).
pub(crate) fn with_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    if stdout_was_closed() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_writer_leaves_the_target_intact_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.html");
        std::fs::write(&target, "original").unwrap();
        let result = write_file_with(&target, |out| {
            out.write_all(b"half of a new report")?;
            Err(io::Error::other("disk full (injected)"))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "original");
        let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(entries.len(), 1, "the temporary file was removed");
    }

    #[test]
    fn a_successful_write_replaces_the_target_and_keeps_its_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        std::fs::write(&target, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_file(&target, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&target).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
    }
}
