//! `perf monitor` as grids: departments, projects, or indicators at the as-of date. The
//! numbers come rounded from `track`; this file only lays them out.

use rust_decimal::Decimal;

use crate::args;
use crate::i18n::Lang;
use crate::model::money::format2;
use crate::report::grid::Grid;
use crate::track::status::{Figures, Status};
use crate::track::{DepartmentMonitor, MonitorReport, ProjectMonitor, sum};

const UNKNOWN: &str = "—";

fn percent(value: Option<Decimal>, combined: bool) -> String {
    match value {
        None => UNKNOWN.to_owned(),
        Some(v) if combined => format!("{}%", format2(v)),
        Some(v) => format2(v),
    }
}

/// A gap in points with its sign (`+2.50`, `-12.30`).
fn gap(value: Option<Decimal>) -> String {
    match value {
        None => UNKNOWN.to_owned(),
        Some(v) if v.is_sign_positive() && !v.is_zero() => format!("+{}", format2(v)),
        Some(v) => format2(v),
    }
}

/// Catalog keys of the figure columns.
const FIGURE_HEADINGS: [&str; 8] = [
    "monitor.budget",
    "monitor.spent",
    "monitor.rate",
    "monitor.planned",
    "monitor.elapsed",
    "monitor.gap_plan",
    "monitor.gap_elapsed",
    "monitor.status",
];

/// A status as tables show it.
fn status_text(status: Status, lang: Lang) -> String {
    let key = match status {
        Status::Normal => "status.normal",
        Status::Watch => "status.watch",
        Status::Alert => "status.alert",
        Status::Unknown => return UNKNOWN.to_owned(),
    };
    lang.text(key, &[])
}

fn figure_cells(f: &Figures, combined: bool, lang: Lang) -> Vec<String> {
    vec![
        format2(f.budget),
        format2(f.spent),
        percent(f.rate, combined),
        percent(f.planned, combined),
        percent(Some(f.elapsed), combined),
        gap(f.gap_plan),
        gap(f.gap_elapsed),
        status_text(f.status, lang),
    ]
}

/// The headings: the label columns, the figures and the extra columns (all catalog keys).
fn headings(label: &[&str], extra: &[&str], lang: Lang) -> (Vec<String>, Vec<bool>) {
    let header: Vec<String> = label
        .iter()
        .chain(FIGURE_HEADINGS.iter())
        .chain(extra)
        .map(|key| lang.text(key, &[]))
        .collect();
    let status_at = label.len() + FIGURE_HEADINGS.len() - 1;
    let right = (0..header.len())
        .map(|i| i >= label.len() && i != status_at)
        .collect();
    (header, right)
}

fn month_note(report: &MonitorReport, lang: Lang) -> Vec<String> {
    let mut notes = vec![lang.text("monitor.note", args!(as_of = report.as_of))];
    if !report.left_out.is_empty() {
        notes.push(lang.text("monitor.note_left_out", args!(n = report.left_out.len())));
    }
    let stale = report
        .departments
        .iter()
        .any(|d| d.stale || d.projects.iter().any(|p| p.stale));
    if stale {
        notes.push(lang.text("monitor.note_stale", &[]));
    }
    if !report.by_year.is_empty() {
        let years: Vec<String> = report.by_year.iter().map(|y| y.year.to_string()).collect();
        notes.push(lang.text(
            "report.note_years",
            args!(years = years.join(&lang.text("term.list_sep", &[]))),
        ));
    }
    notes
}

/// The 截至 cell of a department row: the month its data is as of, flagged when older than
/// the as-of month or when some of its projects' data is.
fn department_month(d: &DepartmentMonitor, lang: Lang) -> String {
    if d.month == 0 {
        return lang.text("monitor.not_started", &[]);
    }
    let month = if d.stale {
        lang.text("monitor.stale_month", args!(month = d.data_month))
    } else {
        lang.text("report.month_end", args!(month = d.data_month))
    };
    if d.stale_projects > 0 {
        lang.text(
            "monitor.stale_projects",
            args!(month = month, n = d.stale_projects),
        )
    } else {
        month
    }
}

/// One row per year (`2023年合计`) when the view spans several years: `labels` label
/// columns before the figures, `extra` empty cells after them.
fn year_rows(
    report: &MonitorReport,
    labels: usize,
    extra: usize,
    combined: bool,
    lang: Lang,
) -> Vec<Vec<String>> {
    report
        .by_year
        .iter()
        .map(|y| {
            let label = lang.text("report.year_total", args!(year = y.year));
            let mut row = match labels {
                4 => vec![label, String::new(), String::new(), y.projects.to_string()],
                3 => vec![
                    label,
                    lang.text("report.n_projects", args!(n = y.projects)),
                    String::new(),
                ],
                _ => vec![label, String::new()],
            };
            match &y.figures {
                Some(f) => row.extend(figure_cells(f, combined, lang)),
                None => {
                    row.extend([format2(y.budget), format2(y.spent)]);
                    row.extend(std::iter::repeat_n(
                        UNKNOWN.to_owned(),
                        FIGURE_HEADINGS.len() - 2,
                    ));
                }
            }
            row.extend(std::iter::repeat_n(String::new(), extra));
            row
        })
        .collect()
}

/// One row per department and year.
pub fn department_grid(report: &MonitorReport, combined: bool, lang: Lang) -> Grid {
    let (header, mut right) = headings(
        &[
            "report.department",
            "report.year",
            "monitor.as_of",
            "report.projects",
        ],
        &[],
        lang,
    );
    if let Some(count) = right.get_mut(3) {
        *count = true;
    }
    let rows = report
        .departments
        .iter()
        .map(|d| {
            let mut row = vec![
                d.name.clone(),
                d.year.to_string(),
                department_month(d, lang),
                d.projects.len().to_string(),
            ];
            row.extend(figure_cells(&d.totals, combined, lang));
            row
        })
        .chain(year_rows(report, 4, 0, combined, lang))
        .collect();
    let projects: usize = report.departments.iter().map(|d| d.projects.len()).sum();
    let mut total = vec![
        lang.text("report.total", &[]),
        String::new(),
        String::new(),
        projects.to_string(),
    ];
    total.extend(total_cells(report, combined, lang));
    Grid {
        title: lang.text("monitor.title_departments", &[]),
        header,
        right,
        rows,
        total,
        notes: month_note(report, lang),
    }
}

/// The whole view's totals: the department figures summed when they are of one year and
/// share a data month, money only when they are of one year, nothing summed across years.
fn total_cells(report: &MonitorReport, combined: bool, lang: Lang) -> Vec<String> {
    match &report.totals {
        Some(f) => figure_cells(f, combined, lang),
        None if !report.by_year.is_empty() => {
            std::iter::repeat_n(UNKNOWN.to_owned(), FIGURE_HEADINGS.len()).collect()
        }
        None => {
            let mut cells = vec![
                format2(sum(report.departments.iter().map(|d| d.totals.budget))),
                format2(sum(report.departments.iter().map(|d| d.totals.spent))),
            ];
            cells.extend(std::iter::repeat_n(
                UNKNOWN.to_owned(),
                FIGURE_HEADINGS.len() - 2,
            ));
            cells
        }
    }
}

/// One row per project.
pub fn project_grid(report: &MonitorReport, combined: bool, lang: Lang) -> Grid {
    let several = report.departments.len() > 1;
    let label: &[&str] = if several {
        &["report.department", "report.project", "monitor.as_of"]
    } else {
        &["report.project", "monitor.as_of"]
    };
    let (header, right) = headings(label, &["monitor.forecast", "monitor.forecast_rate"], lang);
    let mut rows = Vec::new();
    for d in &report.departments {
        for p in &d.projects {
            let mut row = if several {
                vec![d.name.clone()]
            } else {
                Vec::new()
            };
            row.push(p.name.clone());
            row.push(data_month(p, d, lang));
            row.extend(figure_cells(&p.figures, combined, lang));
            row.push(p.forecast.map_or_else(|| UNKNOWN.to_owned(), format2));
            row.push(percent(p.forecast_rate, combined));
            rows.push(row);
        }
    }
    rows.extend(year_rows(report, label.len(), 2, combined, lang));
    let count: usize = report.departments.iter().map(|d| d.projects.len()).sum();
    let mut total = if several {
        vec![
            lang.text("report.total", &[]),
            lang.text("report.n_projects", args!(n = count)),
            String::new(),
        ]
    } else {
        vec![
            lang.text("report.total_of_projects", args!(n = count)),
            String::new(),
        ]
    };
    total.extend(total_cells(report, combined, lang));
    total.extend([String::new(), String::new()]);
    let title = match report.departments.as_slice() {
        [only] => lang.text(
            "monitor.title_department",
            args!(name = only.name, year = only.year),
        ),
        _ => lang.text("monitor.title_projects", &[]),
    };
    let mut notes = month_note(report, lang);
    notes.push(lang.text("monitor.note_as_of", &[]));
    Grid {
        title,
        header,
        right,
        rows,
        total,
        notes,
    }
}

fn data_month(p: &ProjectMonitor, d: &DepartmentMonitor, lang: Lang) -> String {
    match p.data_month {
        Some(m) if p.stale => lang.text("monitor.stale_month", args!(month = m)),
        Some(m) => lang.text("report.month_end", args!(month = m)),
        None if d.month == 0 => lang.text("monitor.not_started", &[]),
        None => lang.text("monitor.no_spending", &[]),
    }
}

/// One row per indicator of every project shown.
pub fn indicator_grid(report: &MonitorReport, combined: bool, lang: Lang) -> Grid {
    let header: Vec<String> = [
        "report.project",
        "report.level1",
        "report.level2",
        "sheet.level3",
        "sheet.target",
        "monitor.actual",
        "monitor.completion",
        "monitor.likelihood",
        "monitor.reason_category",
        "monitor.reason",
        "monitor.measure",
    ]
    .map(|key| lang.text(key, &[]))
    .to_vec();
    let right = (0..header.len()).map(|i| i == 6).collect();
    let mut rows = Vec::new();
    let mut counts = [0usize; 3];
    for p in report.departments.iter().flat_map(|d| &d.projects) {
        for i in &p.indicators {
            match i.likelihood {
                Some("确定能") => counts[0] += 1,
                Some("有可能") => counts[1] += 1,
                Some("不可能") => counts[2] += 1,
                _ => {}
            }
            let completion = if i.applicable {
                percent(i.completion, combined)
            } else {
                lang.text("monitor.not_applicable", &[])
            };
            rows.push(vec![
                p.name.clone(),
                i.level1.clone(),
                i.level2.clone(),
                i.name.clone(),
                i.target.clone(),
                match (&i.actual, &i.grade) {
                    (Some(a), _) => a.clone(),
                    (None, Some(g)) => lang.text("monitor.graded", args!(grade = g)),
                    (None, None) => UNKNOWN.to_owned(),
                },
                completion,
                i.likelihood.unwrap_or(UNKNOWN).to_owned(),
                i.reason_category.unwrap_or_default().to_owned(),
                i.reason.clone().unwrap_or_default(),
                i.measure.clone().unwrap_or_default(),
            ]);
        }
    }
    let mut total = vec![lang.text("monitor.total_indicators", args!(n = rows.len()))];
    total.extend(std::iter::repeat_n(String::new(), 6));
    total.push(lang.text(
        "monitor.likelihoods",
        args!(
            certain = counts[0],
            possible = counts[1],
            impossible = counts[2]
        ),
    ));
    total.extend(std::iter::repeat_n(String::new(), 3));
    Grid {
        title: lang.text("monitor.title_indicators", args!(as_of = report.as_of)),
        header,
        right,
        rows,
        total,
        notes: vec![lang.text("monitor.note_indicators", &[])],
    }
}
