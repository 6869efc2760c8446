//! X: rules across files — duplicate projects and codes, projects whose department file is
//! missing or of another year, a department's budget against its projects'. (X006, a
//! department file's own blanks, is per file: `department.rs`.)

use std::collections::HashMap;
use std::path::PathBuf;

use rust_decimal::Decimal;

use crate::args;
use crate::diag::Diagnostic;
use crate::diag::FileId;
use crate::diag::registry::{
    DEPARTMENT_BUDGET, DEPARTMENT_MISSING, DEPARTMENT_YEAR, DUPLICATE_CODE, DUPLICATE_PROJECT,
};
use crate::i18n::Lang;
use crate::model::located::{LoadedDepartment, ProjectHeader};
use crate::model::money::Plain;
use crate::model::names::DepartmentIndex;

/// The projects and department files the cross-file rules read, and where to find the path
/// of a file their [`FileId`]s name (for the findings that name another file).
pub struct Tree<'a> {
    /// The projects (only their headers: no X rule reads more), in path order.
    pub projects: &'a [ProjectHeader],
    /// The department files.
    pub departments: &'a [LoadedDepartment],
    /// The same department files by name and alias (built once by the caller: at national
    /// scale it is 10^4 departments, a megabyte or two).
    pub index: &'a DepartmentIndex<'a>,
    /// The path of a file of the tree.
    pub path_of: &'a dyn Fn(FileId) -> Option<PathBuf>,
}

impl Tree<'_> {
    fn path(&self, file: FileId) -> String {
        (self.path_of)(file)
            .map(|path| path.display().to_string())
            .unwrap_or_default()
    }
}

/// Checks the tree as a whole, writing messages in `lang`.
pub fn check(tree: &Tree<'_>, lang: Lang, out: &mut Vec<Diagnostic>) {
    let t = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| lang.text(key, args);
    let mut first: HashMap<(&str, Option<i64>, &str), usize> = HashMap::new();
    let index = tree.index;
    for (i, p) in tree.projects.iter().enumerate() {
        if p.name().is_empty() || p.department().is_empty() {
            continue;
        }
        let span = p.name_span.clone().or(Some(p.project_span.clone()));
        let key = (p.department(), p.year, p.name());
        if let Some(other) = first
            .get(&key)
            .and_then(|&earlier| tree.projects.get(earlier))
        {
            let path = tree.path(other.file);
            out.push(
                Diagnostic::new(
                    &DUPLICATE_PROJECT,
                    p.file,
                    span,
                    t(
                        "X001.message",
                        args!(
                            name = p.name(),
                            department = p.department(),
                            year = year_text(p.year),
                            path = path
                        ),
                    ),
                )
                .with_help(t("X001.help", &[])),
            );
        } else {
            first.insert(key, i);
        }

        let departments: Vec<_> = index.named(p.department()).collect();
        if departments.is_empty() {
            // Name the department files there are, but not a thousand of them: at national
            // scale the full list would make every finding tens of KB.
            const SHOWN: usize = 20;
            let mut known: Vec<&str> = tree
                .departments
                .iter()
                .take(SHOWN + 1)
                .map(|d| d.department.name.as_str())
                .collect();
            if known.len() > SHOWN {
                known.truncate(SHOWN);
                known.push("…");
            }
            let help = if known.is_empty() {
                t("X002.help_none", args!(department = p.department()))
            } else {
                t(
                    "X002.help",
                    args!(
                        known = known.join(&t("term.list_sep", &[])),
                        department = p.department()
                    ),
                )
            };
            out.push(
                Diagnostic::new(
                    &DEPARTMENT_MISSING,
                    p.file,
                    p.department_span.clone(),
                    t("X002.message", args!(department = p.department())),
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
                        p.file,
                        p.year_span.clone(),
                        t(
                            "X003.message",
                            args!(year = year, years = years.join(&t("term.list_sep", &[]))),
                        ),
                    )
                    .with_help(t("X003.help", &[])),
                );
            }
        }
    }
}

fn year_text(year: Option<i64>) -> String {
    year.map_or_else(|| "?".to_owned(), |y| y.to_string())
}

/// X004 for each department file with a `budget`, given the sum and count of the 预算数 (万元)
/// of its projects of a year by the department's full name, as the fold of the check pipeline
/// sums them (`crate::check`: the projects need not be kept, only their amounts).
pub fn department_budgets(
    departments: &[LoadedDepartment],
    sum_of: impl Fn(&str, i64) -> (Decimal, usize),
    lang: Lang,
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
                    lang.text(
                        "X004.message",
                        args!(
                            stated = Plain(stated),
                            count = count,
                            sum = Plain(sum),
                            difference = Plain(stated - sum)
                        ),
                    ),
                )
                .with_help(lang.text("X004.help", &[])),
            );
        }
    }
}

/// X005: project codes are unique across the tree.
pub fn check_codes(tree: &Tree<'_>, lang: Lang, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, p) in tree.projects.iter().enumerate() {
        let Some(code) = p.code().map(str::trim) else {
            continue;
        };
        if let Some(other) = first
            .get(code)
            .and_then(|&earlier| tree.projects.get(earlier))
        {
            let path = tree.path(other.file);
            out.push(
                Diagnostic::new(
                    &DUPLICATE_CODE,
                    p.file,
                    p.code_span.clone(),
                    lang.text(
                        "X005.message",
                        args!(code = code, path = path, name = other.name()),
                    ),
                )
                .with_help(lang.text("X005.help", &[])),
            );
        } else {
            first.insert(code, i);
        }
    }
}
