//! Writing to git: one commit of exactly the files perf just wrote (`perf serve --commit`).
//! The only place in perf that changes a repository; it runs git through
//! [`crate::source::git`]'s runner (literal pathspecs, `-z`, no fsmonitor).
//!
//! The commit is `git commit --only -- PATH...`: git builds it from HEAD plus the working
//! tree's version of those paths, in a temporary index, so whatever the user has staged for
//! other files stays staged and uncommitted. A path git does not know yet (a file 新建 just
//! created) is first marked with `git add --intent-to-add`, which `--only` needs; if the
//! commit then fails, that mark is taken back. The repository's hooks run as for any commit:
//! a `pre-commit` hook that refuses is a failed commit, reported as such.
//!
//! The author is the name a user gave (see [`Author`]); the committer is whoever git is
//! configured as on the server (`user.name`, `user.email`), checked once at start
//! ([`Repo::committer`]).

use std::path::{Path, PathBuf};

use crate::source::git::{GitError, Repo, pathspecs, run, run_owned, run_with};

/// The address every author's e-mail is: git wants one, and a name typed into a web form has
/// none. Documented in docs/serve.md.
pub const AUTHOR_EMAIL: &str = "perf-serve@localhost";

/// The longest author name accepted, in characters.
pub const MAX_AUTHOR_CHARS: usize = 64;

/// A commit's author: a name as a person typed it, checked so that git keeps it as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    name: String,
}

/// Why a name cannot be an author.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorProblem {
    /// Nothing but spaces.
    Empty,
    /// Longer than [`MAX_AUTHOR_CHARS`].
    TooLong,
    /// A line break or other control character, `<` or `>` (git's e-mail brackets).
    BadCharacter,
}

impl Author {
    /// `name`, trimmed, when git can record it as it is.
    pub fn new(name: &str) -> Result<Self, AuthorProblem> {
        let name = name.trim();
        if name.is_empty() {
            return Err(AuthorProblem::Empty);
        }
        if name.chars().count() > MAX_AUTHOR_CHARS {
            return Err(AuthorProblem::TooLong);
        }
        if name.chars().any(|c| c.is_control() || c == '<' || c == '>') {
            return Err(AuthorProblem::BadCharacter);
        }
        Ok(Self {
            name: name.to_owned(),
        })
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Repo {
    /// The committer identity git will use here (`git var GIT_COMMITTER_IDENT`), so that a
    /// server that cannot commit says so at start rather than at the first save.
    pub fn committer(&self) -> Result<String, GitError> {
        let out = run(self.top(), &["var", "GIT_COMMITTER_IDENT"], None)?;
        let ident = String::from_utf8_lossy(&out);
        // `Name <email> 1700000000 +0800`: the date is not part of who.
        let who = ident.rsplitn(3, ' ').nth(2).unwrap_or(ident.trim());
        Ok(who.trim().to_owned())
    }

    /// Commits `files` (absolute paths inside the repository) as they are in the working tree,
    /// and nothing else, with `message` and `author`. Returns the new commit's id.
    pub fn commit_files(
        &self,
        files: &[PathBuf],
        author: &Author,
        message: &str,
    ) -> Result<String, GitError> {
        let paths = files
            .iter()
            .map(|f| self.repo_path(f))
            .collect::<Result<Vec<_>, _>>()?;
        let specs = pathspecs(&paths);
        let untracked = self.untracked(&specs)?;
        if !untracked.is_empty() {
            let mut add = vec![
                "add".to_owned(),
                "--intent-to-add".to_owned(),
                "--".to_owned(),
            ];
            add.extend(untracked.iter().cloned());
            run_owned(self.top(), &add, None)?;
        }
        let mut commit: Vec<&str> = vec![
            "commit",
            "--only",
            "--quiet",
            "--no-edit",
            "--cleanup=strip",
            "--file=-",
            "--",
        ];
        commit.extend(specs.iter().map(String::as_str));
        let env = [
            ("GIT_AUTHOR_NAME", author.name()),
            ("GIT_AUTHOR_EMAIL", AUTHOR_EMAIL),
        ];
        let done = run_with(self.top(), &commit, Some(message.as_bytes().to_vec()), &env);
        if let Err(e) = done {
            if !untracked.is_empty() {
                // Take back the intent-to-add marks: the index is as it was before the save.
                let mut reset = vec!["reset".to_owned(), "--quiet".to_owned(), "--".to_owned()];
                reset.extend(untracked);
                let _ = run_owned(self.top(), &reset, None);
            }
            return Err(e);
        }
        let head = run(self.top(), &["rev-parse", "--verify", "HEAD"], None)?;
        Ok(String::from_utf8_lossy(&head).trim().to_owned())
    }

    /// Which of `specs` git does not track (not in the index).
    fn untracked(&self, specs: &[String]) -> Result<Vec<String>, GitError> {
        let mut args = vec!["ls-files".to_owned(), "-z".to_owned(), "--".to_owned()];
        args.extend(specs.iter().cloned());
        let out = run_owned(self.top(), &args, None)?;
        let known: Vec<String> = out
            .split(|&b| b == 0)
            .filter(|name| !name.is_empty())
            .map(|name| String::from_utf8_lossy(name).into_owned())
            .collect();
        Ok(specs
            .iter()
            .filter(|s| !known.contains(s))
            .cloned()
            .collect())
    }
}

/// The repository `dir` is in, when perf can commit there: git runs, `dir` is in a working
/// tree, and git knows who commits.
pub fn repo_for_commits(dir: &Path) -> Result<Repo, GitError> {
    let repo = Repo::discover(dir)?;
    repo.committer()?;
    Ok(repo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn author_names_are_checked() {
        assert_eq!(Author::new("  张三 ").unwrap().name(), "张三");
        assert_eq!(Author::new(" "), Err(AuthorProblem::Empty));
        assert_eq!(Author::new("a\nb"), Err(AuthorProblem::BadCharacter));
        assert_eq!(Author::new("x <y@z>"), Err(AuthorProblem::BadCharacter));
        assert_eq!(
            Author::new(&"长".repeat(MAX_AUTHOR_CHARS + 1)),
            Err(AuthorProblem::TooLong)
        );
    }
}
