//! The through-the-year sections of a department in the HTML report: 绩效运行监控 (the actual
//! cumulative spending drawn over the plan and 序时进度, and each project's status) and 绩效自评
//! (the score table). Written only for a department with execution data. The numbers come
//! from [`crate::track::monitor`] and [`crate::score::score_in`], the tables from the same
//! grids `perf monitor` and `perf score` print, so the report and the terminal agree.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::args;
use crate::config::settings::ExecutionSettings;
use crate::i18n::Lang;
use crate::report::grid::Grid;
use crate::report::html::{esc, svg};
use crate::report::monitor::project_grid;
use crate::report::score::score_grid;
use crate::score::score_in;
use crate::source::Workspace;
use crate::summary::{DepartmentRow, Filter};
use crate::track::date::{Date, days_in_month};
use crate::track::monitor;
use crate::track::status::Status;

/// What the through-the-year sections need: the as-of date (the caller reads the clock) and
/// the configured status bands and scoring defaults.
#[derive(Debug, Clone, Copy)]
pub struct Tracking<'a> {
    /// The date to monitor at.
    pub as_of: Date,
    /// `[execution]` settings from perf.toml.
    pub settings: &'a ExecutionSettings,
}

/// Writes the monitoring and self-evaluation sections of department `d` (`n` is its place
/// in the report, for anchors; `planned` its cumulative plan by month), or nothing when none
/// of its projects has execution data.
pub(super) fn sections(
    html: &mut String,
    n: usize,
    d: &DepartmentRow,
    planned: &[(u32, Decimal)],
    workspace: &Workspace,
    tracking: Tracking<'_>,
    lang: Lang,
) {
    let (name, year) = (d.name.as_str(), d.year);
    let filter = Filter {
        departments: vec![name.to_owned()],
        year: Some(year),
    };
    let view = monitor(workspace, &filter, tracking.as_of, tracking.settings);
    let Some(department) = view.departments.first() else {
        return;
    };
    // The section is dated by its data — the month its 执行数 are as of — not by the report's
    // date: a 2019 department read in 2026 is "2019年12月底" (or the month its data stops,
    // marked stale), never "2026-12-03".
    let as_of = if department.month == 0 {
        lang.text("monitor.not_started", &[])
    } else {
        let month = lang.text(
            "html.data_month",
            args!(year = year, month = department.data_month),
        );
        if department.stale {
            lang.text(
                "html.data_stale",
                args!(month = month, as_of = tracking.as_of),
            )
        } else {
            month
        }
    };
    let _ = write!(
        html,
        r#"<section class="tracking" id="d{n}-monitor"><h2>{}</h2><p class="lead">"#,
        esc(&lang.text(
            "html.monitoring",
            args!(name = name, year = year, as_of = as_of)
        ))
    );
    for (status, key) in [
        (Status::Normal, "status.normal"),
        (Status::Watch, "status.watch"),
        (Status::Alert, "status.alert"),
    ] {
        let count = department
            .projects
            .iter()
            .filter(|p| p.figures.status == status)
            .count();
        let _ = write!(
            html,
            r#"<span class="chip {}">{} {count}</span> "#,
            status_class(status),
            esc(&lang.text(key, &[]))
        );
    }
    html.push_str("</p>");
    let actual = actual_curve(workspace, &filter, year, department.month, tracking);
    let legend = lang.text("html.legend_actual", args!(as_of = as_of));
    let _ = write!(
        html,
        r#"<div class="charts"><figure>{}<figcaption>{}</figcaption></figure></div>"#,
        svg::progress_curve(
            planned,
            Some(svg::Actual {
                points: &actual,
                legend: &legend
            }),
            lang
        ),
        esc(&lang.text("html.actual_caption", args!(as_of = as_of)))
    );
    let statuses = [
        lang.text("status.normal", &[]),
        lang.text("status.watch", &[]),
        lang.text("status.alert", &[]),
    ];
    let grid = project_grid(&view, true, lang);
    let status_heading = lang.text("monitor.status", &[]);
    let column = grid.header.iter().position(|h| *h == status_heading);
    grid_table(html, &grid, column.map(|c| (c, &statuses[..])));
    let _ = write!(
        html,
        r#"<p class="note">{}</p></section>"#,
        esc(&lang.text("html.actual_note", &[]))
    );

    let scores = score_in(workspace, &filter, tracking.settings, lang);
    if !scores.projects.is_empty() {
        let _ = write!(
            html,
            r#"<section class="tracking" id="d{n}-score"><h2>{}</h2>"#,
            esc(&lang.text("html.self_evaluation", args!(name = name, year = year)))
        );
        grid_table(html, &score_grid(&scores, lang), None);
        html.push_str("</section>");
    }
    html.push('\n');
}

fn status_class(status: Status) -> &'static str {
    match status {
        Status::Normal => "normal",
        Status::Watch => "watch",
        Status::Alert => "alert",
        Status::Unknown => "",
    }
}

/// The department's 执行率 at the end of each month up to `months` in which some project
/// recorded a figure (months without one would only repeat the last figures as a plateau).
fn actual_curve(
    workspace: &Workspace,
    filter: &Filter,
    year: i64,
    months: u32,
    tracking: Tracking<'_>,
) -> Vec<(u32, Decimal)> {
    (1..=months)
        .filter_map(|m| {
            let end = Date::new(year, m, days_in_month(year, m))?;
            let view = monitor(workspace, filter, end, tracking.settings);
            let d = view.departments.first()?;
            d.projects
                .iter()
                .any(|p| p.data_month == Some(m))
                .then_some(())?;
            Some((m, d.totals.rate?))
        })
        .collect()
}

/// A grid as an HTML table (caption, head, body, total row) with its notes under it. With
/// `status` (a column and the texts of 正常, 关注, 预警 in the report's language), that
/// column's statuses become coloured chips.
fn grid_table(html: &mut String, grid: &Grid, status: Option<(usize, &[String])>) {
    let class = |i: usize| {
        if grid.right.get(i).copied().unwrap_or(false) {
            r#" class="num""#
        } else {
            ""
        }
    };
    let _ = write!(
        html,
        r#"<table class="summary"><caption>{}</caption><thead><tr>"#,
        esc(&grid.title)
    );
    for (i, h) in grid.header.iter().enumerate() {
        let _ = write!(html, "<th{}>{}</th>", class(i), esc(h));
    }
    html.push_str("</tr></thead><tbody>");
    let chips = ["normal", "watch", "alert"];
    for row in &grid.rows {
        html.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let chip = status
                .filter(|(column, _)| *column == i)
                .and_then(|(_, texts)| texts.iter().position(|s| s == cell));
            match chip {
                Some(k) => {
                    let _ = write!(
                        html,
                        r#"<td><span class="chip {}">{}</span></td>"#,
                        chips.get(k).copied().unwrap_or_default(),
                        esc(cell)
                    );
                }
                None => {
                    let _ = write!(html, "<td{}>{}</td>", class(i), esc(cell));
                }
            }
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody><tfoot><tr>");
    for (i, cell) in grid.total.iter().enumerate() {
        let _ = write!(html, "<td{}>{}</td>", class(i), esc(cell));
    }
    html.push_str("</tr></tfoot></table>");
    for note in &grid.notes {
        let _ = write!(html, r#"<p class="note">{}</p>"#, esc(note));
    }
}
