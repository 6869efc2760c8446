//! `perf export --format text`: the 部门预算绩效文本 as plain text in the shape Word's
//! “另存为纯文本” gives and `import_txt` reads — the cover, the 部门整体绩效目标 (一、总体绩效目标,
//! 二、分项绩效目标, 三、工作保障措施) as paragraphs, then every project's 项目绩效目标表, each
//! cell on its own line after a tab, in the official layout (docs/export.md). A merged cell
//! (the 一级指标 of the rows below the first of its group) is written as an empty cell, as Word
//! writes it.

use crate::export::{Dataset, ProjectRecord};
use crate::model::department::Department;
use crate::model::money::plain;
use crate::model::project::Project;
use crate::source::Workspace;

/// The department documents of the workspace, one after another: each department file with
/// the projects that name it, then projects whose department has no file.
pub fn write(workspace: &Workspace, data: &Dataset) -> String {
    let mut out = String::new();
    for part in parts(workspace, data) {
        if let Some(department) = part.department {
            prose(&mut out, department);
        }
        for (record, project) in part.projects {
            table(&mut out, record, project);
        }
    }
    out
}

/// One department's document: its 部门整体绩效目标 (when it has a file) and its projects, in
/// export order.
pub struct Part<'a> {
    /// The department file's content.
    pub department: Option<&'a Department>,
    /// Its projects: the exported record (labels, rows in file order) and the file's
    /// content (the amounts as stated).
    pub projects: Vec<(&'a ProjectRecord, &'a Project)>,
    /// Names in the department file's `projects` order that match none of its projects.
    pub unknown: Vec<String>,
}

/// The documents of a workspace: the view model the text and Word exports share.
pub fn parts<'a>(workspace: &'a Workspace, data: &'a Dataset) -> Vec<Part<'a>> {
    let mut parts: Vec<Part<'a>> = Vec::new();
    // The records are built from `workspace.projects`, one each in the same order.
    let all: Vec<(&ProjectRecord, &Project)> = data
        .projects
        .iter()
        .zip(workspace.projects.iter().map(|l| &l.project))
        .collect();
    let mut taken = vec![false; all.len()];
    for loaded in &workspace.departments {
        let d = &loaded.department;
        let mut projects = Vec::new();
        for (&(p, project), t) in all.iter().zip(taken.iter_mut()) {
            let ours = p.sheet.department == d.name && (d.year.is_none() || p.sheet.year == d.year);
            if ours && !*t {
                *t = true;
                projects.push((p, project));
            }
        }
        // The document's order (`projects` in department.toml), the others after it in
        // path order; names that match no project are returned for the caller to report.
        let mut unknown = Vec::new();
        if !d.projects.is_empty() {
            let rank = |name: &str| d.projects.iter().position(|n| n == name);
            projects.sort_by_key(|(p, _)| rank(&p.sheet.name).unwrap_or(usize::MAX));
            unknown = d
                .projects
                .iter()
                .filter(|n| !projects.iter().any(|(p, _)| &&p.sheet.name == n))
                .cloned()
                .collect();
        }
        parts.push(Part {
            department: Some(d),
            projects,
            unknown,
        });
    }
    let rest: Vec<(&ProjectRecord, &Project)> = all
        .into_iter()
        .zip(&taken)
        .filter(|(_, t)| !**t)
        .map(|(p, _)| p)
        .collect();
    if !rest.is_empty() {
        parts.push(Part {
            department: None,
            projects: rest,
            unknown: Vec::new(),
        });
    }
    parts
}

/// `1` → `一`, `12` → `十二`, `21` → `二十一` (the numbering of 分项绩效目标).
pub fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: usize| DIGITS.get(d).copied().unwrap_or_default();
    match n {
        0..=9 => digit(n).to_owned(),
        10..=19 => format!("十{}", digit(n % 10)),
        20..=99 => format!("{}十{}", digit(n / 10), digit(n % 10)),
        _ => n.to_string(),
    }
}

/// The cover lines: name, `2024年部门预算绩效文本`, `…编制`, `2024年部门整体绩效目标`.
pub fn cover(d: &Department) -> [String; 4] {
    let year = d.year.map(|y| format!("{y}年")).unwrap_or_default();
    [
        d.name.clone(),
        format!("{year}部门预算绩效文本"),
        format!("{}编制", d.name),
        format!("{year}部门整体绩效目标"),
    ]
}

/// The 部门整体绩效目标 as (is_heading, paragraph) in document order.
pub fn sections(d: &Department) -> Vec<(bool, String)> {
    let mut out = vec![(true, "一、总体绩效目标".to_owned())];
    out.extend(d.overall.iter().map(|p| (false, p.clone())));
    out.push((true, "二、分项绩效目标".to_owned()));
    for (i, o) in d.objectives.iter().enumerate() {
        out.push((true, format!("（{}）{}", chinese_number(i + 1), o.title)));
        if let Some(goal) = &o.goal {
            out.push((false, format!("绩效目标：{goal}")));
        }
        if let Some(indicator) = &o.indicator {
            out.push((false, format!("绩效指标：{indicator}")));
        }
    }
    out.push((true, "三、工作保障措施".to_owned()));
    out.extend(d.measures.iter().map(|p| (false, p.clone())));
    out
}

fn prose(out: &mut String, d: &Department) {
    for line in cover(d) {
        out.push_str(&line);
        out.push_str("\n\n");
    }
    for (_, paragraph) in sections(d) {
        out.push_str(&paragraph);
        out.push_str("\n\n");
    }
}

/// The heading of a project's table: `被征地农民社会保障费项目绩效目标表`.
pub fn heading(p: &ProjectRecord) -> String {
    format!(
        "{}项目绩效目标表",
        p.sheet.title.as_deref().unwrap_or(&p.sheet.name)
    )
}

/// The 预算数, 财政资金 and 其他资金 cells as the file states them, in its unit (`4000万元`); a
/// part the file leaves out stays blank, so that importing the text gives the file back.
pub fn amounts(project: &Project) -> [String; 3] {
    let Some(b) = &project.budget else {
        return Default::default();
    };
    let cell = |v: Option<rust_decimal::Decimal>| {
        v.map(|v| format!("{}{}", plain(v), b.unit.label()))
            .unwrap_or_default()
    };
    [cell(Some(b.total)), cell(b.fiscal), cell(b.other)]
}

/// The rows of the official form, each a list of cells; an empty string is an empty (or
/// merged) cell. The Word export lays the same rows out on a grid.
pub fn rows(p: &ProjectRecord, project: &Project) -> Vec<Vec<String>> {
    let [total, fiscal, other] = amounts(project);
    let s = |t: &str| t.to_owned();
    let opt = |t: &Option<String>| t.clone().unwrap_or_default();
    let mut rows = vec![
        vec![
            s("项目编码"),
            opt(&p.sheet.code),
            s("项目名称"),
            p.sheet.name.clone(),
        ],
        vec![
            s("预算规模及资金用途"),
            s("预算数"),
            total,
            s("其中：财政资金"),
            fiscal,
            s("其他资金"),
            other,
        ],
        vec![String::new(), opt(&p.sheet.purpose)],
    ];
    let mut months = vec![s("资金支出计划（%）")];
    let mut percents = vec![String::new()];
    for cell in &p.sheet.plan {
        months.push(format!("{}月底", cell.month));
        percents.push(format!("{}%", plain(cell.percent)));
    }
    rows.push(months);
    rows.push(percents);
    for (i, goal) in p.sheet.goals.iter().enumerate() {
        let label = if i == 0 {
            s("绩效目标")
        } else {
            String::new()
        };
        rows.push(vec![label, format!("目标{}", i + 1), goal.clone()]);
    }
    rows.push(
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "绩效指标描述",
            "指标值",
            "指标值确定依据",
        ]
        .map(s)
        .to_vec(),
    );
    let mut previous: Option<&str> = None;
    for r in &p.sheet.indicators {
        let level1 = if previous == Some(r.level1_label.as_str()) {
            String::new()
        } else {
            r.level1_label.clone()
        };
        previous = Some(&r.level1_label);
        rows.push(vec![
            level1,
            r.level2_label.clone(),
            r.row.name.clone(),
            opt(&r.row.description),
            r.row.target.clone(),
            opt(&r.row.basis),
        ]);
    }
    rows
}

fn table(out: &mut String, p: &ProjectRecord, project: &Project) {
    out.push_str(&heading(p));
    out.push_str("\n\n");
    for row in rows(p, project) {
        for cell in row {
            out.push('\t');
            // A line of a cell's own text must not start with a tab: it would open a cell.
            out.push_str(&cell.replace("\n\t", "\n"));
            out.push('\n');
        }
        out.push('\n');
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_chinese() {
        let got: Vec<String> = [1, 9, 10, 11, 20, 23].map(chinese_number).to_vec();
        assert_eq!(got, ["一", "九", "十", "十一", "二十", "二十三"]);
    }
}
