//! The only place that writes to the terminal directly: locking stdout, choosing colour,
//! reporting errors, and mapping outcomes to exit codes (a closed pipe is a quiet success).

#![allow(clippy::print_stderr)]

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use anyhow::Context;
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
pub(crate) fn with_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    write(&mut out)?;
    out.flush()
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

/// Maps a command's result to the process exit code, printing a failure's whole cause chain.
pub(crate) fn finish(result: anyhow::Result<Outcome>) -> ExitCode {
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Failure) => ExitCode::from(2),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {}", perf::text::visible(&format!("{err:#}")));
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
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
