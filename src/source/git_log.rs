//! One file's history out of git, for `perf serve`'s history page: its commits
//! (`git log --follow`, across renames) and its text at each of them and their parents. Reads
//! only, through [`crate::source::git`]'s runner (literal pathspecs, `-z`).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use crate::source::git::{GitError, Repo, run, run_owned};

/// A commit that touched the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    /// The full commit id.
    pub commit: String,
    /// The author's name.
    pub author: String,
    /// The author date, ISO 8601 (`2026-12-04T16:47:18+08:00`).
    pub date: String,
    /// The first line of the message.
    pub subject: String,
    /// The file's path at that commit, relative to the top folder.
    pub path: PathBuf,
}

/// A version of the file: its text at a commit, and before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Versions {
    /// The file as its commit left it; `None` when the commit deleted it.
    pub new: Option<Vec<u8>>,
    /// The file in the commit's first parent; `None` when the commit created it.
    pub old: Option<Vec<u8>>,
}

impl Repo {
    /// The newest `limit` commits that touched `file` (an absolute path in the working tree),
    /// following renames, newest first.
    pub fn log_of(&self, file: &Path, limit: usize) -> Result<Vec<LogEntry>, GitError> {
        let path = self.repo_path(file)?;
        let args = vec![
            "log".to_owned(),
            "--follow".to_owned(),
            "-z".to_owned(),
            "--name-only".to_owned(),
            format!("--max-count={limit}"),
            "--format=%H%x1f%an%x1f%aI%x1f%s".to_owned(),
            "--".to_owned(),
            path.to_string_lossy().replace('\\', "/"),
        ];
        let out = match run_owned(self.top(), &args, None) {
            Ok(out) => out,
            // A repository without any commit has no history, which is not an error.
            Err(GitError::Failed { .. }) if self.is_empty()? => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        Ok(parse_log(&out))
    }

    fn is_empty(&self) -> Result<bool, GitError> {
        let head = run(
            self.top(),
            &["rev-parse", "--verify", "--quiet", "HEAD"],
            None,
        );
        match head {
            Ok(out) => Ok(out.is_empty()),
            Err(GitError::Failed { .. }) => Ok(true),
            Err(e) => Err(e),
        }
    }

    /// For each entry of `log` (as [`Repo::log_of`] gave it), the file at that commit and in
    /// its parent, read with one `git cat-file --batch`. The parent's version is looked for
    /// under the path the next older entry had (a rename) and then under the entry's own.
    pub fn versions(&self, log: &[LogEntry]) -> Result<Vec<Versions>, GitError> {
        let mut request = String::new();
        let mut asked = Vec::new();
        for (i, entry) in log.iter().enumerate() {
            let older = log.get(i + 1).map(|e| e.path.as_path());
            let mut names = vec![(entry.commit.clone(), entry.path.clone())];
            for path in older.into_iter().chain([entry.path.as_path()]) {
                names.push((format!("{}^", entry.commit), path.to_path_buf()));
            }
            for (rev, path) in names {
                let path = path.to_string_lossy().replace('\\', "/");
                // One request per line: a path with a line break cannot be asked for.
                let ok = !path.contains('\n');
                if ok {
                    request.push_str(&format!("{rev}:{path}\n"));
                }
                asked.push(ok);
            }
        }
        let out = run(
            self.top(),
            &["cat-file", "--batch"],
            Some(request.into_bytes()),
        )?;
        let mut reader = BufReader::new(out.as_slice());
        let mut answers = Vec::new();
        for ok in asked {
            answers.push(if ok { read_answer(&mut reader)? } else { None });
        }
        let mut answers = answers.into_iter();
        let mut versions = Vec::new();
        for (i, _) in log.iter().enumerate() {
            let new = answers.next().flatten();
            let mut old = None;
            for _ in 0..1 + usize::from(i + 1 < log.len()) {
                let found = answers.next().flatten();
                old = old.or(found);
            }
            versions.push(Versions { new, old });
        }
        Ok(versions)
    }
}

impl Repo {
    /// `file` (an absolute path in the working tree) as `rev` has it; `None` when it has no
    /// such file (or `rev` names nothing: HEAD of a repository without commits).
    pub fn file_at(&self, rev: &str, file: &Path) -> Result<Option<Vec<u8>>, GitError> {
        let path = self.repo_path(file)?.to_string_lossy().replace('\\', "/");
        if path.contains('\n') || rev.starts_with('-') {
            return Ok(None);
        }
        let request = format!("{rev}:{path}\n").into_bytes();
        let out = run(self.top(), &["cat-file", "--batch"], Some(request))?;
        read_answer(&mut BufReader::new(out.as_slice()))
    }
}

/// `git log -z --name-only --format=…` output: each commit is `header\0` then `\npath\0`
/// (no path line for a commit that touched nothing, which `--follow` does not list).
fn parse_log(out: &[u8]) -> Vec<LogEntry> {
    let text = String::from_utf8_lossy(out);
    let mut entries: Vec<LogEntry> = Vec::new();
    for token in text.split('\0') {
        let token = token.strip_prefix('\n').unwrap_or(token);
        if token.is_empty() {
            continue;
        }
        let fields: Vec<&str> = token.splitn(4, '\u{1f}').collect();
        if let [commit, author, date, subject] = fields.as_slice() {
            entries.push(LogEntry {
                commit: (*commit).to_owned(),
                author: (*author).to_owned(),
                date: (*date).to_owned(),
                subject: (*subject).to_owned(),
                path: PathBuf::new(),
            });
        } else if let Some(last) = entries.last_mut()
            && last.path.as_os_str().is_empty()
        {
            last.path = PathBuf::from(token);
        }
    }
    entries
}

/// One answer of `git cat-file --batch`: the blob's bytes, or `None` for `… missing` (no such
/// path at that revision, or no such revision: a root commit's parent).
fn read_answer(reader: &mut impl BufRead) -> Result<Option<Vec<u8>>, GitError> {
    let broken = |what: &str| GitError::Failed {
        command: "cat-file --batch".to_owned(),
        stderr: what.to_owned(),
    };
    let mut header = String::new();
    reader
        .read_line(&mut header)
        .map_err(|_| broken("输出无法读取"))?;
    let header = header.trim_end();
    // `<what was asked> missing`: what was asked may hold spaces, so this is read first.
    if header.ends_with(" missing") || header.ends_with(" ambiguous") {
        return Ok(None);
    }
    let parts: Vec<&str> = header.split(' ').collect();
    let size: usize = match parts.as_slice() {
        [_, "blob", size] => size.parse().map_err(|_| broken("输出格式不对"))?,
        // A tree or another object where a file was asked for: there is no file.
        [_, _, size] => {
            let size: usize = size.parse().map_err(|_| broken("输出格式不对"))?;
            let mut skip = vec![0; size + 1];
            reader
                .read_exact(&mut skip)
                .map_err(|_| broken("输出被截断"))?;
            return Ok(None);
        }
        _ => return Err(broken(&format!("无法理解的输出：{header}"))),
    };
    super::git::batch_body(reader, size)
        .map(Some)
        .map_err(|_| broken("输出被截断"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_output_is_read_with_chinese_paths() {
        let out = "abc\u{1f}张三\u{1f}2026-12-04T16:47:18Z\u{1f}修改 甲：x\0\n部门/丙.toml\0def\u{1f}S\u{1f}2026-12-03T10:00:00Z\u{1f}init\0\n部门/甲.toml\0";
        let log = parse_log(out.as_bytes());
        assert_eq!(log.len(), 2);
        assert_eq!(log[0].author, "张三");
        assert_eq!(log[0].subject, "修改 甲：x");
        assert_eq!(log[0].path, PathBuf::from("部门/丙.toml"));
        assert_eq!(log[1].path, PathBuf::from("部门/甲.toml"));
    }

    #[test]
    fn batch_answers_missing_or_blob() {
        let text = b"HEAD^:x missing\nabc blob 2\nhi\ndef tree 3\nxyz\n";
        let mut reader = BufReader::new(&text[..]);
        assert_eq!(read_answer(&mut reader).unwrap(), None);
        assert_eq!(read_answer(&mut reader).unwrap(), Some(b"hi".to_vec()));
        assert_eq!(read_answer(&mut reader).unwrap(), None);
    }
}
