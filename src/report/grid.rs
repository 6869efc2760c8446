//! A summary as a grid of display strings: the shape the table, Markdown and CSV writers share.

use rust_decimal::Decimal;

use crate::args;
use crate::i18n::Lang;
use crate::model::money::format2;
use crate::report::Rows;
use crate::summary::pivot::{IndicatorPivot, YearCell, YearPivot};
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

/// Builds the grid of a (rounded) summary, headings in `lang`. `combined` puts a checkpoint's
/// amount and percentage in one cell (`1761.00 (19.49%)`); CSV keeps them in separate columns.
pub fn summary_grid(summary: &Summary, rows: Rows, combined: bool, lang: Lang) -> Grid {
    let t = |key: &str| lang.text(key, &[]);
    // With one department (`--dept`), a department column would repeat one name on every row.
    let dept_column = rows == Rows::Projects && summary.departments.len() > 1;
    let mut header: Vec<String> = match rows {
        Rows::Departments => vec![
            t("report.department"),
            t("report.year"),
            t("report.projects"),
        ],
        Rows::Projects if dept_column => vec![t("report.department"), t("report.project")],
        Rows::Projects => vec![t("report.project")],
    };
    let label_columns = header.len();
    // Shares exist only when `--percent` asked for them.
    let shares = summary.departments.iter().any(|d| d.share.is_some())
        || summary
            .departments
            .iter()
            .flat_map(|d| &d.projects)
            .any(|p| p.share.is_some());
    header.push(t("report.budget_total"));
    if shares {
        header.push(t(if combined {
            "report.share"
        } else {
            "report.share_pct"
        }));
    }
    header.extend([t("report.fiscal"), t("report.other")]);
    for month in &summary.months {
        header.push(lang.text("report.month_end", args!(month = month)));
        if !combined {
            header.push(lang.text("report.month_end_pct", args!(month = month)));
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
                row.extend(total_cells(
                    &d.totals,
                    share_cell(shares, d.share, combined),
                    combined,
                ));
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
                    row.extend(share_cell(shares, p.share, combined));
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

    let projects = summary.project_count();
    let total_label = |label: String, projects: usize| match rows {
        Rows::Departments => vec![label, String::new(), projects.to_string()],
        Rows::Projects if dept_column => {
            vec![label, lang.text("report.n_projects", args!(n = projects))]
        }
        // One department row is one year: no year rows here, only the 合计 label.
        Rows::Projects => vec![format!(
            "{label} {}",
            lang.text("report.n_projects", args!(n = projects))
        )],
    };
    let whole = shares.then_some(Decimal::ONE_HUNDRED);
    // Budgets of different years are never added up: one 合计 row per year, and the 合计 row
    // counts projects only.
    for y in &summary.by_year {
        let mut row = total_label(
            lang.text("report.year_total", args!(year = y.year)),
            y.totals.projects,
        );
        row.extend(total_cells(
            &y.totals,
            share_cell(shares, whole, combined),
            combined,
        ));
        body.push(row);
    }
    let mut total = match (rows, &summary.totals) {
        (Rows::Projects, Some(_)) if !dept_column => {
            vec![lang.text("report.total_of_projects", args!(n = projects))]
        }
        _ => total_label(t("report.total"), projects),
    };
    let width = header.len();
    match &summary.totals {
        Some(totals) => total.extend(total_cells(
            totals,
            share_cell(shares, whole, combined),
            combined,
        )),
        None => total.resize(width, UNKNOWN.to_owned()),
    }
    let all = summary.totals.clone().unwrap_or_else(|| Totals {
        projects,
        split_unknown: summary.by_year.iter().map(|y| y.totals.split_unknown).sum(),
        plan_unknown: summary.by_year.iter().map(|y| y.totals.plan_unknown).sum(),
        ..Totals::of_projects(&[], &[])
    });
    let totals = &all;

    let mut notes = Vec::new();
    if !summary.by_year.is_empty() {
        let years: Vec<String> = summary.by_year.iter().map(|y| y.year.to_string()).collect();
        notes.push(lang.text(
            "report.note_years",
            args!(years = years.join(&t("term.list_sep"))),
        ));
    }
    if totals.split_unknown > 0 {
        notes.push(lang.text(
            "report.note_split_unknown",
            args!(n = totals.split_unknown, unknown = UNKNOWN),
        ));
    }
    if totals.plan_unknown > 0 {
        notes.push(lang.text("report.note_plan_unknown", args!(n = totals.plan_unknown)));
    }
    // Under a per-project table (`--dept`), the department's 分项绩效目标 and the quantities
    // their prose states, so the department-level targets sit beside the project money.
    if rows == Rows::Projects {
        for d in summary
            .departments
            .iter()
            .filter(|d| !d.objectives.is_empty())
        {
            notes.push(lang.text("report.objectives", args!(name = d.name, year = d.year)));
            for o in &d.objectives {
                let read: Vec<String> = o
                    .targets
                    .iter()
                    .map(|r| match (r.comparator, &r.value) {
                        (Some(cmp), Some(value)) => lang.text(
                            "report.objective_read",
                            args!(
                                target = format!("{cmp}{value}{}", r.unit.as_deref().unwrap_or("")),
                                raw = r.raw
                            ),
                        ),
                        _ => r.raw.clone(),
                    })
                    .collect();
                let read = if read.is_empty() {
                    t("report.objective_none")
                } else {
                    read.join(&t("report.objective_sep"))
                };
                notes.push(lang.text("report.objective_line", args!(title = o.title, read = read)));
            }
        }
    }
    let title = match (rows, summary.departments.as_slice()) {
        (Rows::Projects, [only]) => lang.text(
            "report.title_department",
            args!(name = only.name, year = only.year),
        ),
        (Rows::Projects, _) => t("report.title_projects"),
        (Rows::Departments, _) => t("report.title_departments"),
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

fn total_cells(t: &Totals, share: Option<String>, combined: bool) -> Vec<String> {
    let mut cells = vec![format2(t.total)];
    cells.extend(share);
    cells.extend([format2(t.fiscal), format2(t.other)]);
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

/// The 占比 cell when shares are shown: `44.27%` in tables, `44.27` in CSV.
fn share_cell(shown: bool, share: Option<Decimal>, combined: bool) -> Option<String> {
    shown.then(|| match share {
        None => UNKNOWN.to_owned(),
        Some(v) if combined => format!("{}%", format2(v)),
        Some(v) => format2(v),
    })
}

/// The grid of indicator counts by a key (`--by level1|level2|basis|unit`).
pub fn indicator_grid(pivot: &IndicatorPivot, combined: bool, lang: Lang) -> Grid {
    let t = |key: &str| lang.text(key, &[]);
    let shares = pivot.rows.iter().any(|r| r.share.is_some());
    let mut header: Vec<String> = vec![
        pivot.by.heading(lang),
        t("report.projects"),
        t("report.indicators"),
    ];
    if shares {
        header.push(t(if combined {
            "report.share"
        } else {
            "report.share_pct"
        }));
    }
    header.extend(
        [
            "report.quantitative",
            "report.qualitative",
            "report.time",
            "report.blank_or_unreadable",
        ]
        .map(t),
    );
    header.push(t(if combined {
        "report.quantitative_share"
    } else {
        "report.quantitative_share_pct"
    }));
    let right = (0..header.len()).map(|i| i > 0).collect();
    let cells = |r: &crate::summary::pivot::KindRow| {
        let mut row = vec![
            r.key.clone(),
            r.projects.to_string(),
            r.indicators.to_string(),
        ];
        row.extend(share_cell(shares, r.share, combined));
        row.extend([r.quantitative, r.qualitative, r.time, r.other].map(|n| n.to_string()));
        row.push(percent_cell(r.quantitative_share, combined));
        row
    };
    let title = lang.text("report.indicator_title", args!(by = pivot.by.heading(lang)));
    let mut total = cells(&pivot.total);
    if let Some(first) = total.first_mut() {
        *first = t("report.total");
    }
    Grid {
        title,
        header,
        right,
        rows: pivot.rows.iter().map(cells).collect(),
        total,
        notes: vec![t("report.indicator_note")],
    }
}

/// The grid of 预算数 by year with the change on the year before (`--by year`).
pub fn year_grid(pivot: &YearPivot, combined: bool, lang: Lang) -> Grid {
    let t = |key: &str| lang.text(key, &[]);
    let projects = pivot.rows.iter().any(|r| r.department.is_some());
    let mut header: Vec<String> = if projects {
        vec![t("report.department"), t("report.project")]
    } else {
        vec![t("report.department")]
    };
    let label_columns = header.len();
    for (i, year) in pivot.years.iter().enumerate() {
        header.push(lang.text("report.year_n", args!(year = year)));
        if i > 0 {
            header.push(t("report.change"));
            header.push(t(if combined {
                "report.change_rate"
            } else {
                "report.change_rate_pct"
            }));
        }
    }
    let right = (0..header.len()).map(|i| i >= label_columns).collect();
    let amounts = |cells: &[YearCell]| -> Vec<String> {
        cells
            .iter()
            .enumerate()
            .flat_map(|(i, c)| {
                let mut out = vec![c.total.map_or_else(|| UNKNOWN.to_owned(), format2)];
                if i > 0 {
                    out.push(c.change.map_or_else(|| UNKNOWN.to_owned(), signed));
                    out.push(percent_cell(c.change_percent, combined));
                }
                out
            })
            .collect()
    };
    let rows = pivot
        .rows
        .iter()
        .map(|r| {
            let mut row = match &r.department {
                Some(d) => vec![d.clone(), r.name.clone()],
                None => vec![r.name.clone()],
            };
            row.extend(amounts(&r.cells));
            row
        })
        .collect();
    let mut total = vec![t("report.total")];
    if projects {
        total.push(lang.text("report.n_projects", args!(n = pivot.rows.len())));
    }
    total.extend(amounts(&pivot.total.cells));
    Grid {
        title: t("report.year_title"),
        header,
        right,
        rows,
        total,
        notes: vec![t("report.year_note")],
    }
}

fn percent_cell(value: Option<Decimal>, combined: bool) -> String {
    match value {
        None => UNKNOWN.to_owned(),
        Some(v) if combined => format!("{}%", format2(v)),
        Some(v) => format2(v),
    }
}

/// An amount with its sign (`+50.00`, `-12.30`).
fn signed(value: Decimal) -> String {
    if value.is_sign_positive() && !value.is_zero() {
        format!("+{}", format2(value))
    } else {
        format2(value)
    }
}
