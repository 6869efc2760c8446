//! The format's key tables (`source::schema`) as the editor needs them: which keys a table
//! of a project or department file holds, found by the table's header path, and the indicator
//! framework in force for a document.

use lsp_types::Uri;

use crate::lsp::context::{table_at, value_in_block};
use crate::lsp::position::LineIndex;
use crate::lsp::state::State;
use crate::model::framework::Preset;
use crate::source::fields::{Field, Kind};
use crate::source::schema::{DEPARTMENT_TOP, PROJECT_TOP};

/// The keys of the table at `path` (`[]` is the top level) of the document at `uri`.
pub(crate) fn table_fields(uri: &Uri, path: &[String]) -> Option<&'static [Field]> {
    let department = uri.as_str().ends_with("/department.toml");
    let mut fields: &'static [Field] = if department {
        DEPARTMENT_TOP
    } else {
        PROJECT_TOP
    };
    for segment in path {
        let found = fields.iter().find(|f| f.key == segment)?;
        fields = match found.kind {
            Kind::Table(inner) | Kind::Tables(inner) | Kind::ChoiceOrTable(_, inner) => inner,
            _ => return None,
        };
    }
    Some(fields)
}

/// The key `key` of the table at `path`.
pub(crate) fn field(uri: &Uri, path: &[String], key: &str) -> Option<&'static Field> {
    table_fields(uri, path)?.iter().find(|f| f.key == key)
}

/// The framework a document is held to: its `[project]` `framework`, else perf.toml's.
pub(crate) fn preset_of(index: &LineIndex<'_>, state: &State) -> Preset {
    let own = (0..index.line_count())
        .find(|&n| index.line(n).is_some_and(|(_, t)| t.trim() == "[project]"))
        .and_then(|n| {
            let (_, block) = table_at(index, n);
            value_in_block(index, &block, "framework")
        })
        .and_then(|word| Preset::from_word(&word));
    own.unwrap_or(state.session.config().settings.framework)
}
