//! Finding the department a user means: a full name, an alias from a department file, or a
//! unique part of a name (`人社局` → `高新区人社局`) — and the project `perf show` means, by
//! name or a unique part of one.

use std::collections::BTreeSet;

use crate::args;
use crate::i18n::Lang;
use crate::source::Workspace;

/// Why a department name did not resolve to exactly one department.
/// [`SelectError::message`] says it in either language; `Display` is the Chinese message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectError {
    /// Nothing matched.
    Unknown {
        /// What the user typed.
        query: String,
        /// Every department in the tree.
        known: Vec<String>,
    },
    /// Several departments matched.
    Ambiguous {
        /// What the user typed.
        query: String,
        /// The departments that matched.
        candidates: Vec<String>,
    },
}

impl SelectError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let sep = lang.text("term.list_sep", &[]);
        match self {
            Self::Unknown { query, known } => lang.text(
                "select.unknown_department",
                args!(query = query, known = known.join(&sep)),
            ),
            Self::Ambiguous { query, candidates } => lang.text(
                "select.ambiguous_department",
                args!(query = query, candidates = candidates.join(&sep)),
            ),
        }
    }
}

impl std::fmt::Display for SelectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Zh))
    }
}

impl std::error::Error for SelectError {}

/// Why a project name did not resolve to exactly one project.
/// [`ProjectSelectError::message`] says it in either language; `Display` is the Chinese one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectSelectError {
    /// Nothing matched.
    Unknown {
        /// What the user typed.
        query: String,
        /// Every project in the tree (the first few).
        known: Vec<String>,
    },
    /// Several projects matched.
    Ambiguous {
        /// What the user typed.
        query: String,
        /// The projects that matched, each as `名称（部门 年度）文件`.
        candidates: Vec<String>,
    },
}

impl ProjectSelectError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Self::Unknown { query, known } => lang.text(
                "select.unknown_project",
                args!(
                    query = query,
                    known = known.join(&lang.text("term.list_sep", &[]))
                ),
            ),
            Self::Ambiguous { query, candidates } => lang.text(
                "select.ambiguous_project",
                args!(query = query, candidates = candidates.join("\n  ")),
            ),
        }
    }
}

impl std::fmt::Display for ProjectSelectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Zh))
    }
}

impl std::error::Error for ProjectSelectError {}

/// How many project names an unknown-project message lists.
const KNOWN_SHOWN: usize = 20;

/// Resolves `query` to one of `workspace.projects` (its index): the project whose name is
/// `query`, else the one whose name contains it.
pub fn resolve_project(workspace: &Workspace, query: &str) -> Result<usize, ProjectSelectError> {
    let query = query.trim();
    let exact: Vec<usize> = (0..workspace.projects.len())
        .filter(|&i| {
            workspace
                .projects
                .get(i)
                .is_some_and(|p| p.project.name == query)
        })
        .collect();
    let matches = if exact.is_empty() {
        (0..workspace.projects.len())
            .filter(|&i| {
                workspace
                    .projects
                    .get(i)
                    .is_some_and(|p| !query.is_empty() && p.project.name.contains(query))
            })
            .collect()
    } else {
        exact
    };
    match matches.as_slice() {
        [only] => Ok(*only),
        [] => {
            let mut known: Vec<String> = workspace
                .projects
                .iter()
                .map(|p| p.project.name.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            if known.len() > KNOWN_SHOWN {
                known.truncate(KNOWN_SHOWN);
                known.push("…".into());
            }
            Err(ProjectSelectError::Unknown {
                query: query.to_owned(),
                known,
            })
        }
        many => Err(ProjectSelectError::Ambiguous {
            query: query.to_owned(),
            candidates: many
                .iter()
                .filter_map(|&i| workspace.projects.get(i))
                .map(|p| {
                    let file = workspace
                        .file(p.file)
                        .map(|f| f.path.display().to_string())
                        .unwrap_or_default();
                    let year = p.project.year.map_or_else(String::new, |y| format!(" {y}"));
                    format!("{}（{}{year}）{file}", p.project.name, p.project.department)
                })
                .collect(),
        }),
    }
}

/// Resolves `query` to a department's full name (as projects write it in `department`).
pub fn resolve_department(workspace: &Workspace, query: &str) -> Result<String, SelectError> {
    let query = query.trim();
    let mut names: BTreeSet<String> = workspace
        .projects
        .iter()
        .map(|p| {
            workspace
                .canonical_department(&p.project.department)
                .to_owned()
        })
        .collect();
    names.extend(
        workspace
            .departments
            .iter()
            .map(|d| d.department.name.clone()),
    );
    names.retain(|n| !n.is_empty());

    if names.contains(query) {
        return Ok(query.to_owned());
    }
    let by_alias: BTreeSet<String> = workspace
        .departments
        .iter()
        .filter(|d| d.department.aliases.iter().any(|a| a == query))
        .map(|d| d.department.name.clone())
        .collect();
    let by_part: BTreeSet<String> = names
        .iter()
        .filter(|n| n.contains(query))
        .cloned()
        .collect();
    let candidates = if by_alias.is_empty() {
        by_part
    } else {
        by_alias
    };
    let mut candidates = candidates.into_iter();
    match (candidates.next(), candidates.next()) {
        (Some(only), None) => Ok(only),
        (Some(first), Some(second)) => Err(SelectError::Ambiguous {
            query: query.to_owned(),
            candidates: [first, second].into_iter().chain(candidates).collect(),
        }),
        (None, _) => Err(SelectError::Unknown {
            query: query.to_owned(),
            known: names.into_iter().collect(),
        }),
    }
}
