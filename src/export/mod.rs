//! Exports to foreign formats: Excel (xlsx), tidy CSV tables, SQLite and JSON. Each writer
//! takes the same [`Dataset`] — departments, projects (as official sheets and as flat
//! records) and findings — and turns it into bytes or database rows; the command line
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

use rust_decimal::Decimal;
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::source::Workspace;
use crate::summary::sheet::{Finding, IndicatorRow, PlanCell, ProjectSheet, sheets};

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

/// One indicator row with its labels as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorRecord {
    /// 一级指标 as written.
    pub level1_label: String,
    /// 二级指标 as written.
    pub level2_label: String,
    /// The rest of the row.
    #[serde(flatten)]
    pub row: IndicatorRow,
}

/// A project, flat: the shape of the JSON export and of the SQL and CSV tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectRecord {
    /// 1-based id.
    pub id: usize,
    /// The department's id.
    pub department_id: usize,
    /// 项目名称.
    pub name: String,
    /// The heading, where it differs from the name.
    pub title: Option<String>,
    /// 项目编码.
    pub code: Option<String>,
    /// 主管部门 (full name).
    pub department: String,
    /// 预算年度.
    pub year: Option<i64>,
    /// The project file.
    pub file: String,
    /// The unit the file writes amounts in.
    pub unit: Option<String>,
    /// 预算数 in 万元.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub total: Option<Decimal>,
    /// 财政资金 in 万元.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub fiscal: Option<Decimal>,
    /// 其他资金 in 万元.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub other: Option<Decimal>,
    /// 资金用途.
    pub purpose: Option<String>,
    /// 绩效目标.
    pub goals: Vec<String>,
    /// 资金支出计划.
    pub plan: Vec<PlanCell>,
    /// The indicator table in file order.
    pub indicators: Vec<IndicatorRecord>,
    /// This project's findings.
    pub findings: Vec<Finding>,
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
    /// The projects as official sheets (for the xlsx layout).
    #[serde(skip)]
    pub sheets: Vec<ProjectSheet>,
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
        .iter()
        .enumerate()
        .map(|(i, s)| record(i + 1, department_id(&s.department, s.year), s))
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
        sheets,
    }
}

fn record(id: usize, department_id: usize, s: &ProjectSheet) -> ProjectRecord {
    let mut indicators: Vec<IndicatorRecord> = s
        .rows()
        .map(|(l1, l2, row)| IndicatorRecord {
            level1_label: l1.to_owned(),
            level2_label: l2.to_owned(),
            row: row.clone(),
        })
        .collect();
    indicators.sort_by_key(|r| r.row.position);
    ProjectRecord {
        id,
        department_id,
        name: s.name.clone(),
        title: s.title.clone(),
        code: s.code.clone(),
        department: s.department.clone(),
        year: s.year,
        file: s.file.clone(),
        unit: s.unit.clone(),
        total: s.total,
        fiscal: s.fiscal,
        other: s.other,
        purpose: s.purpose.clone(),
        goals: s.goals.clone(),
        plan: s.plan.clone(),
        indicators,
        findings: s.findings.clone(),
    }
}

impl Dataset {
    /// Every finding: the projects' and the others'.
    pub fn findings(&self) -> impl Iterator<Item = (Option<&ProjectRecord>, &Finding)> {
        self.projects
            .iter()
            .flat_map(|p| p.findings.iter().map(move |f| (Some(p), f)))
            .chain(self.other_findings.iter().map(|f| (None, f)))
    }
}
