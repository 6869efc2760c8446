//! Exports to foreign formats: Excel (xlsx), tidy CSV tables, SQLite and JSON. Each writer
//! takes the same [`Dataset`] — departments, projects (each its flat sheet with ids) and
//! findings — and turns it into bytes or database rows; the command line
//! decides where they go. The formats are documented in docs/export.md. `template` builds the
//! workbook a department fills in; imports are `crate::import`'s, the TOML writer
//! `crate::toml_writer`'s.

pub mod csv;
pub mod docx;
pub mod json;
pub mod sqlite;
pub mod template;
pub mod text;
pub mod xlsx;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::source::Workspace;
use crate::summary::sheet::{Finding, ProjectSheet, sheets};
pub use crate::summary::sheet::{IndicatorRecord, PlanCell};

/// Version of the export layout (JSON `version`, SQLite `user_version`); raised when a field
/// or column changes meaning or disappears.
pub const FORMAT_VERSION: u32 = 1;

/// A department, as exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DepartmentRecord {
    /// 1-based id, the key projects refer to.
    pub id: usize,
    /// 部门名称.
    pub name: String,
    /// Short names from the department file.
    pub aliases: Vec<String>,
    /// 预算年度 of the department file.
    pub year: Option<i64>,
    /// The department file; `None` when only projects name the department.
    pub file: Option<String>,
}

/// A project as exported: its sheet, flat ([`ProjectSheet`]: the one view of a project),
/// with the ids the SQL and CSV tables join on. The JSON export writes the ids, then the
/// sheet's fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectRecord {
    /// 1-based id.
    pub id: usize,
    /// The department's id.
    pub department_id: usize,
    /// The project.
    #[serde(flatten)]
    pub sheet: ProjectSheet,
}

/// Everything an export holds.
#[derive(Debug, Clone, Serialize)]
pub struct Dataset {
    /// Always `perf-export`.
    pub format: &'static str,
    /// [`FORMAT_VERSION`].
    pub version: u32,
    /// Departments, sorted by name then year.
    pub departments: Vec<DepartmentRecord>,
    /// Projects in path order.
    pub projects: Vec<ProjectRecord>,
    /// Findings in files that are not projects (department files, files that did not load).
    pub other_findings: Vec<Finding>,
}

/// Builds the dataset of a workspace and its findings (`diagnostics` point into its files).
pub fn dataset(workspace: &Workspace, diagnostics: &[Diagnostic]) -> Dataset {
    let sheets = sheets(workspace, diagnostics);
    // Departments: those with a file, then those only projects name.
    let mut by_name: BTreeMap<(String, Option<i64>), DepartmentRecord> = BTreeMap::new();
    for d in &workspace.departments {
        let file = workspace.file(d.file).map(|f| f.path.display().to_string());
        by_name
            .entry((d.department.name.clone(), d.department.year))
            .or_insert(DepartmentRecord {
                id: 0,
                name: d.department.name.clone(),
                aliases: d.department.aliases.clone(),
                year: d.department.year,
                file,
            });
    }
    for s in &sheets {
        let known = by_name.keys().any(|(name, _)| *name == s.department);
        if !known {
            by_name.insert(
                (s.department.clone(), s.year),
                DepartmentRecord {
                    id: 0,
                    name: s.department.clone(),
                    aliases: Vec::new(),
                    year: s.year,
                    file: None,
                },
            );
        }
    }
    let departments: Vec<DepartmentRecord> = by_name
        .into_values()
        .enumerate()
        .map(|(i, mut d)| {
            d.id = i + 1;
            d
        })
        .collect();
    let department_id = |name: &str, year: Option<i64>| {
        departments
            .iter()
            .find(|d| d.name == name && d.year == year)
            .or_else(|| departments.iter().find(|d| d.name == name))
            .map_or(0, |d| d.id)
    };
    let projects = sheets
        .into_iter()
        .enumerate()
        .map(|(i, sheet)| ProjectRecord {
            id: i + 1,
            department_id: department_id(&sheet.department, sheet.year),
            sheet,
        })
        .collect();
    let project_files: std::collections::HashSet<usize> =
        workspace.projects.iter().map(|p| p.file.0).collect();
    let other_findings = diagnostics
        .iter()
        .filter(|d| !project_files.contains(&d.file.0))
        .map(|d| Finding::of(&workspace.files, d))
        .collect();
    Dataset {
        format: "perf-export",
        version: FORMAT_VERSION,
        departments,
        projects,
        other_findings,
    }
}

impl Dataset {
    /// Every finding: the projects' and the others'.
    pub fn findings(&self) -> impl Iterator<Item = (Option<&ProjectRecord>, &Finding)> {
        self.projects
            .iter()
            .flat_map(|p| p.sheet.findings.iter().map(move |f| (Some(p), f)))
            .chain(self.other_findings.iter().map(|f| (None, f)))
    }
}
