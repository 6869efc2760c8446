//! Raw TOML → model. Every structural problem becomes an `F` finding, never an `Err`, and
//! lowering carries on so that one run shows all of a file's problems.

/// Declares [`Slot`](crate::source::fields::Slot)s of one schema table, checked when the
/// program is compiled: a key the schema lacks does not build.
macro_rules! slots {
    ($schema:expr => $($name:ident = $key:literal),+ $(,)?) => {
        $(const $name: crate::source::fields::Slot =
            match crate::source::fields::Slot::of($schema, $key) {
                Some(slot) => slot,
                // Evaluated when the program is compiled: a wrong key is a build error.
                None => panic!(concat!("no key ", $key, " in ", stringify!($schema))), // ok: const evaluation, a wrong key fails the build, never a run
            };)+
    };
}

mod department;
mod execution;
mod project;

use crate::source::doc;

use crate::diag::registry::FILE_KIND;
use crate::model::department::Department;
use crate::model::project::Project;
use crate::model::spans::{DepartmentSpans, ProjectSpans};
use crate::source::fields::Sink;

/// What a file turned out to hold.
#[derive(Debug, Clone)]
pub enum Lowered {
    /// A project file.
    Project(Box<(Project, ProjectSpans)>),
    /// A department file.
    Department(Box<(Department, DepartmentSpans)>),
    /// Neither could be built; the findings say why.
    Unknown,
}

/// How much of a project file lowering builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Depth {
    /// Everything: what the rules and the views that show rows read.
    #[default]
    Whole,
    /// All but the indicator rows, which are neither lowered nor checked: what totals read
    /// (`perf summary` by department). The rows are most of a file, and reading each 指标值
    /// is most of lowering; no total depends on them, and whether a file lowers never does.
    Totals,
}

/// Lowers a parsed document, reporting structural problems into `sink`.
pub fn lower(root: &doc::Table<'_>, text_len: usize, sink: &mut Sink) -> Lowered {
    lower_to(root, text_len, Depth::Whole, sink)
}

/// [`lower`], building as much of a project as `depth` says.
pub fn lower_to(root: &doc::Table<'_>, text_len: usize, depth: Depth, sink: &mut Sink) -> Lowered {
    match (root.get("project"), root.get("department")) {
        (Some(_), None) => project::lower_project(root, depth, sink),
        (None, Some(_)) => department::lower_department(root, sink),
        (Some(_), Some(d)) => {
            sink.report_text(&FILE_KIND, d.span(), "F005.both", &[]);
            Lowered::Unknown
        }
        (None, None) => {
            let span = root
                .keys()
                .next()
                .map_or(0..text_len.min(1), doc::Key::span);
            sink.report_text(&FILE_KIND, span, "F005.neither", &[]);
            Lowered::Unknown
        }
    }
}
