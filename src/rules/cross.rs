//! X: rules across files — duplicate projects, and projects whose department file is missing
//! or of another year.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::diag::Diagnostic;
use crate::model::money::plain;
use crate::rules::registry::{
    DEPARTMENT_BUDGET, DEPARTMENT_MISSING, DEPARTMENT_YEAR, DUPLICATE_CODE, DUPLICATE_PROJECT,
};
use crate::source::{LoadedDepartment, Workspace};

/// Checks the workspace as a whole.
pub fn check(workspace: &Workspace, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<(&str, Option<i64>, &str), usize> = HashMap::new();
    for (i, loaded) in workspace.projects.iter().enumerate() {
        let p = &loaded.project;
        if p.name.is_empty() || p.department.is_empty() {
            continue;
        }
        let span = loaded
            .spans
            .name
            .clone()
            .or(Some(loaded.spans.project.clone()));
        let key = (p.department.as_str(), p.year, p.name.as_str());
        if let Some(&earlier) = first.get(&key) {
            let other = &workspace.projects[earlier];
            let path = workspace
                .file(other.file)
                .map(|f| f.path.display().to_string())
                .unwrap_or_default();
            out.push(
                Diagnostic::new(
                    &DUPLICATE_PROJECT,
                    loaded.file,
                    span,
                    format!(
                        "项目“{}”（{}，{}年）与 {path} 重复",
                        p.name,
                        p.department,
                        year_text(p.year)
                    ),
                )
                .with_help("同一部门同一年度的项目只能有一个文件：删除或合并其中一个"),
            );
        } else {
            first.insert(key, i);
        }

        let departments: Vec<_> = workspace
            .departments
            .iter()
            .filter(|d| d.department.is_named(&p.department))
            .collect();
        if departments.is_empty() {
            let known: Vec<&str> = workspace
                .departments
                .iter()
                .map(|d| d.department.name.as_str())
                .collect();
            let help = if known.is_empty() {
                format!(
                    "在项目所在目录加上 department.toml（`[department]`，`name = \"{}\"`）",
                    p.department
                )
            } else {
                format!(
                    "已有的部门文件：{}；写全称，或把“{}”加进该部门的 `aliases`",
                    known.join("、"),
                    p.department
                )
            };
            out.push(
                Diagnostic::new(
                    &DEPARTMENT_MISSING,
                    loaded.file,
                    loaded.spans.department.clone(),
                    format!("找不到部门“{}”的部门文件", p.department),
                )
                .with_help(help),
            );
        } else if let Some(year) = p.year {
            let years: Vec<i64> = departments
                .iter()
                .filter_map(|d| d.department.year)
                .collect();
            if !years.is_empty() && !years.contains(&year) {
                let years: Vec<String> = years.iter().map(i64::to_string).collect();
                out.push(
                    Diagnostic::new(
                        &DEPARTMENT_YEAR,
                        loaded.file,
                        loaded.spans.year.clone(),
                        format!("项目年度 {year} 与部门文件的年度 {} 不同", years.join("、")),
                    )
                    .with_help("改正年度，或把不同年度的文件放进各自的目录"),
                );
            }
        }
    }
}

fn year_text(year: Option<i64>) -> String {
    year.map_or_else(|| "?".to_owned(), |y| y.to_string())
}

/// X004: a department file's `budget` equals the sum of its projects of that year.
pub fn check_department_budgets(workspace: &Workspace, out: &mut Vec<Diagnostic>) {
    // One pass over the projects (a department's full name looked up once per name written),
    // not one per department: trees have thousands of departments.
    let mut canonical: HashMap<&str, &str> = HashMap::new();
    let mut sums: HashMap<(&str, i64), (Decimal, usize)> = HashMap::new();
    for p in &workspace.projects {
        let p = &p.project;
        if let (Some(year), Some(total)) = (p.year, p.budget.as_ref().and_then(|b| b.total_wan())) {
            let name = *canonical
                .entry(p.department.as_str())
                .or_insert_with(|| workspace.canonical_department(&p.department));
            let sum = sums.entry((name, year)).or_default();
            sum.0 += total;
            sum.1 += 1;
        }
    }
    department_budgets(
        &workspace.departments,
        |name, year| sums.get(&(name, year)).copied().unwrap_or_default(),
        out,
    );
}

/// X004 for each department file with a `budget`, given the sum and count of the 预算数 (万元)
/// of its projects of a year by the department's full name — however the caller summed them
/// (`source::stream` keeps no projects, only their amounts).
pub fn department_budgets(
    departments: &[LoadedDepartment],
    sum_of: impl Fn(&str, i64) -> (Decimal, usize),
    out: &mut Vec<Diagnostic>,
) {
    for d in departments {
        let (Some(stated), Some(year)) = (d.department.budget, d.department.year) else {
            continue;
        };
        let (sum, count) = sum_of(&d.department.name, year);
        if sum != stated {
            out.push(
                Diagnostic::new(
                    &DEPARTMENT_BUDGET,
                    d.file,
                    d.spans.budget.clone(),
                    format!(
                        "部门预算总额为 {} 万元，但 {count} 个项目的预算数合计 {} 万元（差 {}）",
                        plain(stated),
                        plain(sum),
                        plain(stated - sum)
                    ),
                )
                .with_help("核对部门预算总额和各项目预算数；未纳入检查范围的项目文件也不计入合计"),
            );
        }
    }
}

/// X005: project codes are unique across the tree.
pub fn check_codes(workspace: &Workspace, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, loaded) in workspace.projects.iter().enumerate() {
        let Some(code) = loaded.project.code.as_deref().map(str::trim) else {
            continue;
        };
        if let Some(&earlier) = first.get(code) {
            let other = &workspace.projects[earlier];
            let path = workspace
                .file(other.file)
                .map(|f| f.path.display().to_string())
                .unwrap_or_default();
            out.push(
                Diagnostic::new(
                    &DUPLICATE_CODE,
                    loaded.file,
                    loaded.spans.code.clone(),
                    format!("项目编码“{code}”与 {path}（{}）重复", other.project.name),
                )
                .with_help("项目编码在预算一体化系统中唯一：改正其中一个"),
            );
        } else {
            first.insert(code, i);
        }
    }
}
