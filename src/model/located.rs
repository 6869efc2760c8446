//! Projects and departments as found in files: the model value, the file it came from and
//! where its parts are (its spans). Every layer above reads these — rules point at a span, the
//! renderers and the editor front ends turn a [`FileId`] into a path — so they sit with the
//! model rather than with the reader (`source`) that builds them.

use crate::model::department::Department;
use crate::model::project::Project;
use crate::model::spans::{DepartmentSpans, ProjectSpans};

/// Index of a file in the workspace's file table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub usize);

/// A project and where its parts are in its file.
#[derive(Debug, Clone)]
pub struct LoadedProject {
    /// The file it came from.
    pub file: FileId,
    /// The project.
    pub project: Project,
    /// Where its parts are.
    pub spans: ProjectSpans,
}

/// A department and where its parts are in its file.
#[derive(Debug, Clone)]
pub struct LoadedDepartment {
    /// The file it came from.
    pub file: FileId,
    /// The department.
    pub department: Department,
    /// Where its parts are.
    pub spans: DepartmentSpans,
}

/// What the cross-file rules read of a project: who it is and where that is written. The
/// projects that can fire one are held together until those rules run — tens of thousands at
/// 10^6 files — so they are held as this, a quarter of a [`LoadedProject`]'s size, its three
/// names in one allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectHeader {
    /// The file it came from.
    pub file: FileId,
    /// 项目名称, 主管部门 as written and 项目编码, end to end.
    names: Box<str>,
    /// Where the name ends and the department ends in `names`.
    name_end: usize,
    department_end: usize,
    has_code: bool,
    /// 预算年度.
    pub year: Option<i64>,
    /// The `[project]` table.
    pub project_span: std::ops::Range<usize>,
    /// `project.name`.
    pub name_span: Option<std::ops::Range<usize>>,
    /// `project.department`.
    pub department_span: Option<std::ops::Range<usize>>,
    /// `project.year`.
    pub year_span: Option<std::ops::Range<usize>>,
    /// `project.code`.
    pub code_span: Option<std::ops::Range<usize>>,
}

impl ProjectHeader {
    /// The header of a loaded project.
    pub fn of(loaded: &LoadedProject) -> Self {
        Self::from_parts(loaded.file, &loaded.project, &loaded.spans)
    }

    /// The header of `project` from `file`, where `spans` say.
    pub fn from_parts(file: FileId, project: &Project, spans: &ProjectSpans) -> Self {
        let code = project.code.as_deref();
        let names = [
            project.name.as_str(),
            &project.department,
            code.unwrap_or(""),
        ]
        .concat();
        Self {
            file,
            names: names.into_boxed_str(),
            name_end: project.name.len(),
            department_end: project.name.len() + project.department.len(),
            has_code: code.is_some(),
            year: project.year,
            project_span: spans.project.clone(),
            name_span: spans.name.clone(),
            department_span: spans.department.clone(),
            year_span: spans.year.clone(),
            code_span: spans.code.clone(),
        }
    }

    /// 项目名称.
    pub fn name(&self) -> &str {
        self.names.get(..self.name_end).unwrap_or_default()
    }

    /// 主管部门 as written.
    pub fn department(&self) -> &str {
        self.names
            .get(self.name_end..self.department_end)
            .unwrap_or_default()
    }

    /// 项目编码, when written.
    pub fn code(&self) -> Option<&str> {
        self.has_code
            .then(|| self.names.get(self.department_end..).unwrap_or_default())
    }
}
