//! Finding the department a user means: a full name, an alias from a department file, or a
//! unique part of a name (`人社局` → `高新区人社局`).

use std::collections::BTreeSet;

use crate::source::Workspace;

/// Why a department name did not resolve to exactly one department.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectError {
    /// Nothing matched.
    #[error("找不到部门“{query}”。已有的部门：{}", known.join("、"))]
    Unknown {
        /// What the user typed.
        query: String,
        /// Every department in the tree.
        known: Vec<String>,
    },
    /// Several departments matched.
    #[error("部门“{query}”不唯一，可能是：{}。请写出全称", candidates.join("、"))]
    Ambiguous {
        /// What the user typed.
        query: String,
        /// The departments that matched.
        candidates: Vec<String>,
    },
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
