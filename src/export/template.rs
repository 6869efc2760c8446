//! The workbook a department's clerk fills in (`perf template`): the department's projects
//! in the official 项目绩效目标表 layout, one project, or a blank form for a new project —
//! built exactly as the xlsx export builds its sheets, so `perf import` reads the filled
//! workbook back.

use crate::diag::FileId;
use crate::export::Dataset;
use crate::model::framework::Preset;
use crate::source::fields::Sink;
use crate::source::lower::Lowered;
use crate::source::parse_and_lower;
use crate::summary::sheet::{ProjectSheet, of_project};
use crate::toml_writer::skeleton;

/// Keeps the projects of `department` (full name) in `data`, and of those only the one named
/// `project` when given.
pub fn only(mut data: Dataset, department: &str, project: Option<&str>) -> Dataset {
    data.projects.retain(|p| {
        p.sheet.department == department && project.is_none_or(|name| p.sheet.name == name)
    });
    data.other_findings.clear();
    data
}

/// `data` with `sheet` (a blank form) added after its projects.
pub fn with(mut data: Dataset, sheet: ProjectSheet) -> Dataset {
    let department_id = data
        .departments
        .iter()
        .find(|d| d.name == sheet.department)
        .map_or(0, |d| d.id);
    data.projects.push(super::ProjectRecord {
        id: data.projects.len() + 1,
        department_id,
        sheet,
    });
    data
}

/// A blank 项目绩效目标表 for a new project: the rows `preset` expects (as `perf new project`
/// writes them), no money, no findings. `None` only if the skeleton failed to read back,
/// which a test rules out.
pub fn blank(name: &str, department: &str, year: i64, preset: Preset) -> Option<ProjectSheet> {
    let text = skeleton::project(name, department, year, preset);
    let mut sink = Sink::new(FileId(0));
    let Lowered::Project(boxed) = parse_and_lower(&text, &mut sink) else {
        return None;
    };
    let (project, _) = *boxed;
    let mut sheet = of_project(&project, department);
    // The skeleton's zeros are placeholders, not amounts: the form shows them as to fill.
    sheet.total = None;
    sheet.fiscal = None;
    sheet.other = None;
    Some(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_form_has_the_rows_of_its_framework() {
        let sheet = blank("新项目", "示例区人社局", 2025, Preset::F88);
        let Some(sheet) = sheet else {
            panic!("the skeleton reads back");
        };
        assert_eq!(sheet.name, "新项目");
        assert_eq!(sheet.year, Some(2025));
        assert_eq!(sheet.total, None);
        let rows: usize = sheet
            .groups()
            .iter()
            .flat_map(|g| &g.groups)
            .map(|g| g.rows.len())
            .sum();
        assert_eq!(rows, skeleton::expected_rows(Preset::F88).len());
        assert!(sheet.findings.is_empty());
    }
}
