//! Go to definition: from a project's `department` to the department file that names it (its
//! `name` or one of its `aliases`), else the `department.toml` beside the project; from its
//! `name` or `code` to the other files of the tree with the same one (X001, X005: the
//! duplicate).

use lsp_types::{GotoDefinitionParams, GotoDefinitionResponse, Location, Range};

use crate::lsp::context::{Line, table_at};
use crate::lsp::position::LineIndex;
use crate::lsp::state::State;
use crate::lsp::uri;

/// The definition at the position of `params`.
pub(crate) fn definition(
    state: &State,
    params: GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let at = params.text_document_position_params;
    let document = state.document(&at.text_document.uri)?;
    let index = LineIndex::new(&document.text);
    let line_no = usize::try_from(at.position.line).ok()?;
    let line = Line::at(&index, line_no, index.offset(at.position))?;
    if table_at(&index, line_no).0 != ["project"] {
        return None;
    }
    let (value, _) = line.string.clone()?;
    match line.key? {
        "department" => department(state, &document.uri, value),
        key @ ("name" | "code") => duplicates(state, &document.uri, key, value),
        _ => None,
    }
}

/// The other projects of the tree whose `key` (`name` or `code`) is `value`.
fn duplicates(
    state: &State,
    uri: &lsp_types::Uri,
    key: &str,
    value: &str,
) -> Option<GotoDefinitionResponse> {
    let here = uri::to_path(uri)?;
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let locations: Vec<Location> = state
        .workspace
        .projects
        .iter()
        .filter(|p| match key {
            "name" => p.project.name.trim() == value,
            _ => p.project.code.as_deref().map(str::trim) == Some(value),
        })
        .filter_map(|p| state.workspace.files.get(p.file.0))
        .filter(|f| f.path != here)
        .filter_map(|f| {
            let path = std::path::absolute(&f.path).unwrap_or_else(|_| f.path.clone());
            Some(Location::new(uri::from_path(&path)?, Range::default()))
        })
        .collect();
    (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations))
}

/// The department file that names `name`, else the `department.toml` beside the project.
fn department(state: &State, uri: &lsp_types::Uri, name: &str) -> Option<GotoDefinitionResponse> {
    let named = state
        .workspace
        .departments
        .iter()
        .find(|d| d.department.is_named(name.trim()))
        .and_then(|d| state.workspace.files.get(d.file.0))
        .map(|f| f.path.clone());
    let path = named.or_else(|| {
        let beside = uri::to_path(uri)?.with_file_name("department.toml");
        beside.is_file().then_some(beside)
    })?;
    let path = std::path::absolute(&path).unwrap_or(path);
    let target = uri::from_path(&path)?;
    Some(GotoDefinitionResponse::Scalar(Location::new(
        target,
        Range::default(),
    )))
}
