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
