//! Raw TOML → model. Every structural problem becomes an `F` finding, never an `Err`, and
//! lowering carries on so that one run shows all of a file's problems.

mod department;
mod execution;
mod project;

use toml::de::DeTable;

use crate::model::department::Department;
use crate::model::project::Project;
use crate::rules::registry::FILE_KIND;
use crate::source::fields::Sink;
use crate::source::spans::{DepartmentSpans, ProjectSpans};

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

/// Lowers a parsed document, reporting structural problems into `sink`.
pub fn lower(root: &DeTable<'_>, text_len: usize, sink: &mut Sink) -> Lowered {
    match (root.get("project"), root.get("department")) {
        (Some(_), None) => project::lower_project(root, sink),
        (None, Some(_)) => department::lower_department(root, sink),
        (Some(_), Some(d)) => {
            sink.report(
                &FILE_KIND,
                d.span(),
                "同一个文件里既有 [project] 又有 [department]",
                Some("每个项目一个文件；部门整体目标放在该部门目录下的 department.toml".into()),
            );
            Lowered::Unknown
        }
        (None, None) => {
            let span = root
                .keys()
                .next()
                .map_or(0..text_len.min(1), toml::Spanned::span);
            sink.report(
                &FILE_KIND,
                span,
                "文件中没有 [project] 或 [department] 表，无法判断是项目文件还是部门文件",
                Some("项目文件以 [project] 开头，部门文件以 [department] 开头".into()),
            );
            Lowered::Unknown
        }
    }
}
