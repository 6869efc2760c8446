//! A summary as a grid of display strings: the shape the table, Markdown and CSV writers share.

use crate::model::money::format2;
use crate::report::Rows;
use crate::summary::{Planned, Summary, Totals};

/// Cells ready to print: header, body rows, the total row and notes under the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// A caption (`高新区人社局 2024年 项目汇总（万元）`).
    pub title: String,
    /// Column headings.
    pub header: Vec<String>,
    /// Which columns hold numbers (right-aligned).
    pub right: Vec<bool>,
    /// Body rows.
    pub rows: Vec<Vec<String>>,
    /// The 合计 row.
    pub total: Vec<String>,
    /// Footnotes (unknown splits and plans).
    pub notes: Vec<String>,
}

const UNKNOWN: &str = "—";

/// Builds the grid of a (rounded) summary. `combined` puts a checkpoint's amount and percentage
/// in one cell (`1761.00 (19.49%)`); CSV keeps them in separate columns.
pub fn summary_grid(summary: &Summary, rows: Rows, combined: bool) -> Grid {
    // With one department (`--dept`), a department column would repeat one name on every row.
    let dept_column = rows == Rows::Projects && summary.departments.len() > 1;
    let mut header: Vec<String> = match rows {
        Rows::Departments => vec!["部门".into(), "年度".into(), "项目数".into()],
        Rows::Projects if dept_column => vec!["部门".into(), "项目".into()],
        Rows::Projects => vec!["项目".into()],
    };
    let label_columns = header.len();
    header.extend(["预算数", "财政资金", "其他资金"].map(String::from));
    for month in &summary.months {
        header.push(format!("{month}月底"));
        if !combined {
            header.push(format!("{month}月底%"));
        }
    }
    let right = (0..header.len())
        .map(|i| i >= label_columns || (rows == Rows::Departments && i > 0))
        .collect();

    let mut body = Vec::new();
    for d in &summary.departments {
        match rows {
            Rows::Departments => {
                let mut row = vec![
                    d.name.clone(),
                    d.year.to_string(),
                    d.totals.projects.to_string(),
                ];
                row.extend(total_cells(&d.totals, combined));
                body.push(row);
            }
            Rows::Projects => {
                for p in &d.projects {
                    let mut row = if dept_column {
                        vec![d.name.clone()]
                    } else {
                        Vec::new()
                    };
                    row.push(p.name.clone());
                    row.push(format2(p.total));
                    row.push(p.fiscal.map_or_else(|| UNKNOWN.into(), format2));
                    row.push(p.other.map_or_else(|| UNKNOWN.into(), format2));
                    if p.planned.is_empty() {
                        let per_month = if combined { 1 } else { 2 };
                        row.extend(std::iter::repeat_n(
                            UNKNOWN.to_owned(),
                            summary.months.len() * per_month,
                        ));
                    } else {
                        row.extend(p.planned.iter().flat_map(|pl| planned_cells(pl, combined)));
                    }
                    body.push(row);
                }
            }
        }
    }
    let t = &summary.totals;
    let mut total = match rows {
        Rows::Departments => vec!["合计".into(), String::new(), t.projects.to_string()],
        Rows::Projects if dept_column => vec!["合计".into(), format!("{} 个项目", t.projects)],
        Rows::Projects => vec![format!("合计（{} 个项目）", t.projects)],
    };
    total.extend(total_cells(t, combined));

    let mut notes = Vec::new();
    if t.split_unknown > 0 {
        notes.push(format!(
            "注：{} 个项目未填写资金来源（显示为 {UNKNOWN}），财政资金、其他资金合计不含这些项目。",
            t.split_unknown
        ));
    }
    if t.plan_unknown > 0 {
        notes.push(format!(
            "注：{} 个项目没有资金支出计划，各月计划支出合计不含这些项目，百分比按有计划项目的预算数计算。",
            t.plan_unknown
        ));
    }
    let title = match (rows, summary.departments.as_slice()) {
        (Rows::Projects, [only]) => {
            format!("{} {}年 项目汇总（金额单位：万元）", only.name, only.year)
        }
        (Rows::Projects, _) => "项目汇总（金额单位：万元）".to_owned(),
        (Rows::Departments, _) => "部门汇总（金额单位：万元）".to_owned(),
    };
    Grid {
        title,
        header,
        right,
        rows: body,
        total,
        notes,
    }
}

fn total_cells(t: &Totals, combined: bool) -> Vec<String> {
    let mut cells = vec![format2(t.total), format2(t.fiscal), format2(t.other)];
    cells.extend(t.planned.iter().flat_map(|p| planned_cells(p, combined)));
    cells
}

fn planned_cells(p: &Planned, combined: bool) -> Vec<String> {
    let percent = p
        .percent
        .map_or_else(|| UNKNOWN.to_owned(), |v| format!("{}%", format2(v)));
    if combined {
        vec![format!("{} ({percent})", format2(p.amount))]
    } else {
        vec![format2(p.amount), percent.trim_end_matches('%').to_owned()]
    }
}
