//! Reading git revisions. With [`crate::source::git_log`] (one file's history) and
//! [`crate::source::git_commit`] (the write side, `perf serve --commit`) beside it, the only
//! place in perf that runs `git`: every invocation goes through `run` here.
//!
//! A revision's budget files are copied out of git's object store (`git ls-tree` then one
//! `git cat-file --batch`) into a folder the caller owns, so the rest of perf reads them
//! exactly like the working tree. Nothing in this file writes to the repository, its index or
//! its working tree: every command is a read, and optional index locks are turned off.
//!
//! Paths are handed to git as literal pathspecs relative to the repository's top folder, and
//! names are read NUL-separated (`-z`), so Chinese file names come back unquoted.

use crate::write::{Scratch, write_scratch};
use std::io::{BufRead, BufReader, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use crate::args;
use crate::i18n::Lang;

/// Why git could not give perf what it asked for. [`GitError::message`] says it in either
/// language; `Display` is the Chinese message.
#[derive(Debug)]
pub enum GitError {
    /// The `git` program could not be started.
    Spawn {
        /// The underlying error.
        source: std::io::Error,
    },
    /// The folder is not inside a git repository.
    NotARepo {
        /// The folder git was asked about.
        dir: PathBuf,
    },
    /// The folder is a bare repository, or inside a `.git` folder: there is no working tree.
    NoWorkTree {
        /// The folder git was asked about.
        dir: PathBuf,
    },
    /// A revision does not name a commit.
    BadRevision {
        /// The revision as typed.
        rev: String,
        /// What to do about it.
        hint: RevisionHint,
    },
    /// A path lies outside the repository.
    OutsideRepo {
        /// The path as given.
        path: PathBuf,
        /// The repository's top folder.
        top: PathBuf,
    },
    /// A git command failed.
    Failed {
        /// The subcommand and its arguments.
        command: String,
        /// What git said.
        stderr: String,
    },
    /// A file taken out of git could not be written.
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// What to do about a revision git does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevisionHint {
    /// The repository has no commit yet.
    NoCommits,
    /// A remote branch that was not fetched.
    FetchRemote,
    /// Anything else: list the revisions there are.
    ListRevisions,
}

impl GitError {
    /// The message, with what to do, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Self::Spawn { source } => lang.text(
                "git.spawn",
                args!(error = crate::i18n::io_error(source, lang)),
            ),
            Self::NotARepo { dir } => lang.text("git.not_a_repo", args!(dir = dir.display())),
            Self::NoWorkTree { dir } => lang.text("git.no_work_tree", args!(dir = dir.display())),
            Self::BadRevision { rev, hint } => {
                let hint = match hint {
                    RevisionHint::NoCommits => "git.hint_no_commits",
                    RevisionHint::FetchRemote => "git.hint_fetch",
                    RevisionHint::ListRevisions => "git.hint_list",
                };
                lang.text(
                    "git.bad_revision",
                    args!(rev = rev, hint = lang.text(hint, &[])),
                )
            }
            Self::OutsideRepo { path, top } => lang.text(
                "git.outside_repo",
                args!(path = path.display(), top = top.display()),
            ),
            Self::Failed { command, stderr } => {
                lang.text("git.failed", args!(command = command, stderr = stderr))
            }
            Self::Write { path, source } => {
                let error = crate::i18n::io_error(source, lang);
                lang.text("git.write", args!(path = path.display(), error = error))
            }
        }
    }
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Zh))
    }
}

impl std::error::Error for GitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Spawn { source } | Self::Write { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A git repository, and where the folder perf runs in sits inside it.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The repository's top folder (`git rev-parse --show-toplevel`).
    top: PathBuf,
    /// The folder perf runs in, relative to `top` (empty at the top).
    prefix: PathBuf,
}

impl Repo {
    /// The repository containing `dir`.
    pub fn discover(dir: &Path) -> Result<Self, GitError> {
        let out = run(
            dir,
            &["rev-parse", "--show-toplevel", "--show-prefix"],
            None,
        )
        .map_err(|err| match err {
            GitError::Failed { .. } => {
                let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
                // `--show-toplevel` fails in a bare repository and inside `.git`: say so,
                // rather than "not in a repository".
                let in_git_dir = run(
                    &dir,
                    &["rev-parse", "--is-bare-repository", "--is-inside-git-dir"],
                    None,
                )
                .is_ok_and(|out| String::from_utf8_lossy(&out).contains("true"));
                if in_git_dir {
                    GitError::NoWorkTree { dir }
                } else {
                    GitError::NotARepo { dir }
                }
            }
            other => other,
        })?;
        let text = String::from_utf8_lossy(&out);
        let mut lines = text.lines();
        let top = PathBuf::from(lines.next().unwrap_or_default());
        let prefix = PathBuf::from(lines.next().unwrap_or_default());
        if top.as_os_str().is_empty() {
            // A bare repository has no top folder and no working tree to compare with.
            return Err(GitError::NoWorkTree {
                dir: dir.to_path_buf(),
            });
        }
        Ok(Self { top, prefix })
    }

    /// The repository's top folder.
    pub fn top(&self) -> &Path {
        &self.top
    }

    /// The full commit id `rev` names (`HEAD`, `origin/main`, `v1.0`, a hash).
    pub fn resolve(&self, rev: &str) -> Result<String, GitError> {
        let bad = || GitError::BadRevision {
            rev: rev.to_owned(),
            hint: self.revision_hint(rev),
        };
        // A leading dash would be read as an option; no revision starts with one.
        if rev.is_empty() || rev.starts_with('-') {
            return Err(bad());
        }
        let spec = format!("{rev}^{{commit}}");
        let out = run(
            &self.top,
            &["rev-parse", "--verify", "--quiet", &spec],
            None,
        )
        .map_err(|err| match err {
            GitError::Failed { .. } => bad(),
            other => other,
        })?;
        let id = String::from_utf8_lossy(&out).trim().to_owned();
        if id.is_empty() { Err(bad()) } else { Ok(id) }
    }

    fn revision_hint(&self, rev: &str) -> RevisionHint {
        let has_commits = run(
            &self.top,
            &["rev-parse", "--verify", "--quiet", "HEAD"],
            None,
        )
        .is_ok_and(|out| !out.is_empty());
        if !has_commits {
            RevisionHint::NoCommits
        } else if rev.contains('/') {
            RevisionHint::FetchRemote
        } else {
            RevisionHint::ListRevisions
        }
    }

    /// `path` (absolute, or relative to the folder perf runs in) relative to the top folder,
    /// worked out without touching the filesystem, so a path that exists only in an old
    /// revision works too. The top folder itself is the empty path.
    pub fn repo_path(&self, path: &Path) -> Result<PathBuf, GitError> {
        let outside = || GitError::OutsideRepo {
            path: path.to_path_buf(),
            top: self.top.clone(),
        };
        let joined = if path.is_absolute() {
            let canonical_top = self.top.canonicalize().unwrap_or_else(|_| self.top.clone());
            let absolute = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
            match absolute
                .strip_prefix(&canonical_top)
                .or_else(|_| path.strip_prefix(&self.top))
            {
                Ok(rest) => rest.to_path_buf(),
                Err(_) => return Err(outside()),
            }
        } else {
            self.prefix.join(path)
        };
        let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
        for component in joined.components() {
            match component {
                Component::Normal(part) => parts.push(part),
                Component::CurDir => {}
                Component::ParentDir => {
                    parts.pop().ok_or_else(outside)?;
                }
                Component::RootDir | Component::Prefix(_) => return Err(outside()),
            }
        }
        Ok(parts.iter().collect())
    }

    /// Copies the `*.toml` files under `paths` (relative to the top folder) as they are in
    /// `commit` into `into`, keeping their paths relative to the top folder. Returns the
    /// number of files written; paths the revision does not have are simply absent.
    ///
    /// A blob larger than `max_bytes` (the `[limits] max_file_mb` limit) is never read out of
    /// git: its size comes from `git ls-tree -l`, and it is written as an empty sparse file of
    /// that size, which the loader then refuses unread (F009) as it would the working file.
    pub fn materialise(
        &self,
        commit: &str,
        paths: &[PathBuf],
        into: &Path,
        max_bytes: u64,
    ) -> Result<usize, GitError> {
        let mut args = vec![
            "ls-tree".to_owned(),
            "-r".to_owned(),
            "-l".to_owned(),
            "-z".to_owned(),
            commit.to_owned(),
            "--".to_owned(),
        ];
        args.extend(pathspecs(paths));
        let listing = run_owned(&self.top, &args, None)?;
        let mut blobs: Vec<(String, PathBuf)> = Vec::new();
        let mut oversize: Vec<(u64, PathBuf)> = Vec::new();
        for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
            let entry = String::from_utf8_lossy(entry);
            // `<mode> <type> <object> <size>\t<path>` (the size padded with spaces);
            // submodules (type `commit`) are skipped.
            let Some((meta, name)) = entry.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split_whitespace();
            let (Some(_mode), Some("blob"), Some(object), Some(size)) =
                (meta.next(), meta.next(), meta.next(), meta.next())
            else {
                continue;
            };
            let size: u64 = size.parse().unwrap_or(u64::MAX);
            let relative = PathBuf::from(name);
            let safe = relative
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
            if safe && relative.extension().is_some_and(|e| e == "toml") {
                if size > max_bytes {
                    oversize.push((size, relative));
                } else {
                    blobs.push((object.to_owned(), relative));
                }
            }
        }
        for (size, relative) in &oversize {
            let path = into.join(relative);
            write_scratch(&path, Scratch::Sized(*size)).map_err(|source| GitError::Write {
                path: path.clone(),
                source,
            })?;
        }
        if blobs.is_empty() {
            return Ok(oversize.len());
        }
        let request: String = blobs
            .iter()
            .map(|(object, _)| format!("{object}\n"))
            .collect();
        let contents = run(
            &self.top,
            &["cat-file", "--batch"],
            Some(request.into_bytes()),
        )?;
        let mut reader = BufReader::new(contents.as_slice());
        for (object, relative) in &blobs {
            let bytes = read_batch_entry(&mut reader, object)?;
            let path = into.join(relative);
            write_scratch(&path, Scratch::Bytes(&bytes)).map_err(|source| GitError::Write {
                path: path.clone(),
                source,
            })?;
        }
        Ok(blobs.len() + oversize.len())
    }

    /// Files under `paths` (relative to the folder perf runs in; all files when empty) that
    /// differ between `rev` and the working tree — committed, staged or not — plus untracked
    /// files that are not ignored. Deleted files are left out. Paths are absolute (joined onto
    /// the top folder), sorted.
    pub fn changed_since(&self, rev: &str, paths: &[PathBuf]) -> Result<Vec<PathBuf>, GitError> {
        let commit = self.resolve(rev)?;
        let specs = paths
            .iter()
            .map(|p| self.repo_path(p))
            .collect::<Result<Vec<_>, _>>()?;
        let mut diff = vec![
            "diff".to_owned(),
            "--name-only".to_owned(),
            "-z".to_owned(),
            "--no-renames".to_owned(),
            "--diff-filter=d".to_owned(),
            commit,
            "--".to_owned(),
        ];
        diff.extend(pathspecs(&specs));
        let mut untracked = vec![
            "ls-files".to_owned(),
            "-z".to_owned(),
            "--others".to_owned(),
            "--exclude-standard".to_owned(),
            "--".to_owned(),
        ];
        untracked.extend(pathspecs(&specs));
        let mut found: Vec<PathBuf> = Vec::new();
        for args in [diff, untracked] {
            let out = run_owned(&self.top, &args, None)?;
            found.extend(
                out.split(|&b| b == 0)
                    .filter(|name| !name.is_empty())
                    .map(|name| self.top.join(String::from_utf8_lossy(name).as_ref())),
            );
        }
        found.sort();
        found.dedup();
        Ok(found)
    }
}

/// Files changed since `rev` under `paths`, for `perf validate --changed-since REV`: see
/// [`Repo::changed_since`]. Runs in the current folder's repository.
pub fn changed_files(rev: &str, paths: &[PathBuf]) -> Result<Vec<PathBuf>, GitError> {
    Repo::discover(Path::new("."))?.changed_since(rev, paths)
}

/// Literal pathspecs for paths relative to the top folder; the top itself is `.`.
pub(super) fn pathspecs(paths: &[PathBuf]) -> Vec<String> {
    if paths.is_empty() {
        return vec![".".to_owned()];
    }
    paths
        .iter()
        .map(|p| {
            let spec = p.to_string_lossy().replace('\\', "/");
            if spec.is_empty() {
                ".".to_owned()
            } else {
                spec
            }
        })
        .collect()
}

/// Reads one `<object> blob <size>\n<bytes>\n` answer of `git cat-file --batch`.
fn read_batch_entry(reader: &mut impl BufRead, object: &str) -> Result<Vec<u8>, GitError> {
    let broken = |what: &str| GitError::Failed {
        command: "cat-file --batch".to_owned(),
        stderr: format!("{what}（对象 {object}）"),
    };
    let mut header = String::new();
    reader
        .read_line(&mut header)
        .map_err(|_| broken("输出无法读取"))?;
    let size: usize = match header.trim_end().split(' ').collect::<Vec<_>>().as_slice() {
        [_, "blob", size] => size.parse().map_err(|_| broken("输出格式不对"))?,
        _ => return Err(broken(&format!("找不到对象：{}", header.trim_end()))),
    };
    batch_body(reader, size).map_err(|_| broken("输出被截断"))
}

/// The `size` bytes of a `git cat-file --batch` answer after its header, and the newline
/// that ends them.
pub(crate) fn batch_body(reader: &mut impl BufRead, size: usize) -> std::io::Result<Vec<u8>> {
    let mut bytes = vec![0; size];
    reader.read_exact(&mut bytes)?;
    let mut newline = [0u8; 1];
    reader.read_exact(&mut newline)?;
    Ok(bytes)
}

pub(super) fn run_owned(
    dir: &Path,
    args: &[String],
    input: Option<Vec<u8>>,
) -> Result<Vec<u8>, GitError> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(dir, &args, input)
}

/// Runs `git -C dir --literal-pathspecs -c core.fsmonitor=false -c core.quotePath=false ARGS`,
/// feeding `input` on stdin from another thread
/// (so a large answer cannot block a large question), and returns stdout.
pub(super) fn run(dir: &Path, args: &[&str], input: Option<Vec<u8>>) -> Result<Vec<u8>, GitError> {
    run_with(dir, args, input, &[])
}

/// [`run`], with `env` set for git (the author of a commit).
pub(super) fn run_with(
    dir: &Path,
    args: &[&str],
    input: Option<Vec<u8>>,
    env: &[(&str, &str)],
) -> Result<Vec<u8>, GitError> {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(dir)
        .arg("--literal-pathspecs")
        // A repository's own settings must not run programs for a read: `core.fsmonitor`
        // names a command git would start (the repository could come from anyone). Names
        // come back unquoted.
        .args(["-c", "core.fsmonitor=false", "-c", "core.quotePath=false"])
        .args(args)
        // Reads must not take the index lock a concurrent `git commit` needs.
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .envs(env.iter().copied())
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command
        .spawn()
        .map_err(|source| GitError::Spawn { source })?;
    let feeder = match (input, child.stdin.take()) {
        (Some(bytes), Some(mut stdin)) => Some(std::thread::spawn(move || {
            // A failed write shows up as git's own error below.
            let _ = stdin.write_all(&bytes);
        })),
        _ => None,
    };
    let output = child
        .wait_with_output()
        .map_err(|source| GitError::Spawn { source })?;
    if let Some(feeder) = feeder {
        let _ = feeder.join();
    }
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(GitError::Failed {
            command: args.join(" "),
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(prefix: &str) -> Repo {
        Repo {
            top: PathBuf::from("/repo"),
            prefix: PathBuf::from(prefix),
        }
    }

    #[test]
    fn repo_paths_are_normalised_lexically() {
        let r = repo("budgets/");
        assert_eq!(
            r.repo_path(Path::new("./高新区人社局/../x.toml")).unwrap(),
            PathBuf::from("budgets/x.toml")
        );
        assert_eq!(r.repo_path(Path::new("..")).unwrap(), PathBuf::new());
        assert!(matches!(
            r.repo_path(Path::new("../..")),
            Err(GitError::OutsideRepo { .. })
        ));
        assert_eq!(
            repo("").repo_path(Path::new("/repo/budgets")).unwrap(),
            PathBuf::from("budgets")
        );
    }

    #[test]
    fn pathspecs_default_to_the_top() {
        assert_eq!(pathspecs(&[]), vec!["."]);
        assert_eq!(pathspecs(&[PathBuf::new()]), vec!["."]);
    }

    #[test]
    fn batch_entries_are_read_by_size() {
        let text = b"abc blob 3\nx\ny\ndef blob 0\n\n";
        let mut reader = BufReader::new(&text[..]);
        assert_eq!(read_batch_entry(&mut reader, "abc").unwrap(), b"x\ny");
        assert_eq!(read_batch_entry(&mut reader, "def").unwrap(), b"");
        let mut missing = BufReader::new(&b"zzz missing\n"[..]);
        assert!(read_batch_entry(&mut missing, "zzz").is_err());
    }
}
