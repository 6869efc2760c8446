//! Go to definition: from a project's `department` to the department file that names it (its
//! `name` or one of its `aliases`), else the `department.toml` beside the project.

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
    if line.key? != "department" || table_at(&index, line_no).0 != ["project"] {
        return None;
    }
    let (name, _) = line.string?;
    let named = state
        .workspace
        .departments
        .iter()
        .find(|d| d.department.is_named(name.trim()))
        .and_then(|d| state.workspace.files.get(d.file.0))
        .map(|f| f.path.clone());
    let path = named.or_else(|| {
        let beside = uri::to_path(&document.uri)?.with_file_name("department.toml");
        beside.is_file().then_some(beside)
    })?;
    let path = std::path::absolute(&path).unwrap_or(path);
    let target = uri::from_path(&path)?;
    Some(GotoDefinitionResponse::Scalar(Location::new(
        target,
        Range::default(),
    )))
}
