//! 总览 (every department with its totals and counts of findings, a search box, a year
//! selector) and 部门 (its projects and its findings by rule). Totals come from
//! [`crate::summary`], the library `perf summary` prints.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;

use crate::diag::{FileId, Severity};
use crate::serve::App;
use crate::serve::html::{enc, enc_path, error_page, page, respond, wan};
use crate::serve::state::{Overview, Tree};
use crate::summary::{DEFAULT_MONTHS, Filter, summarise_in};

/// The query of 总览.
#[derive(Debug, Default, Deserialize)]
pub struct OverviewQuery {
    /// Search text: project name, code or department (alias too).
    #[serde(default)]
    pub q: String,
    /// Only this budget year.
    #[serde(default)]
    pub year: String,
}

/// Errors and warnings per file.
pub fn counts(tree: &Tree) -> HashMap<FileId, (usize, usize)> {
    let mut counts: HashMap<FileId, (usize, usize)> = HashMap::new();
    for d in &tree.judged.diagnostics {
        let entry = counts.entry(d.file).or_default();
        match d.severity {
            Severity::Error => entry.0 += 1,
            Severity::Warning => entry.1 += 1,
            Severity::Note => {}
        }
    }
    counts
}

/// `GET /`: 总览.
pub async fn overview(State(app): State<Arc<App>>, Query(query): Query<OverviewQuery>) -> Response {
    let tree = app.tree();
    let workspace = &tree.judged.workspace;
    let year = query.year.trim().parse::<i64>().ok();
    let filter = Filter {
        departments: Vec::new(),
        year,
    };
    let overview = tree.overview(year, || {
        let counts = counts(&tree);
        let mut findings: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for p in &workspace.projects {
            let (e, w) = counts.get(&p.file).copied().unwrap_or_default();
            let slot = findings
                .entry(
                    workspace
                        .canonical_department(&p.project.department)
                        .to_owned(),
                )
                .or_default();
            slot.0 += e;
            slot.1 += w;
        }
        Overview {
            summary: summarise_in(workspace, &filter, &DEFAULT_MONTHS, app.lang()).into_rounded(),
            findings,
        }
    });
    let (summary, by_department) = (&overview.summary, &overview.findings);
    let mut years: Vec<i64> = workspace
        .projects
        .iter()
        .filter_map(|p| p.project.year)
        .collect();
    years.sort_unstable();
    years.dedup();
    let needle = query.q.trim();
    let hits: Vec<(&str, &crate::source::LoadedProject)> = if needle.is_empty() {
        Vec::new()
    } else {
        tree.served()
            .filter(|(_, p)| {
                let p = &p.project;
                p.name.contains(needle)
                    || p.code.as_deref().is_some_and(|c| c.contains(needle))
                    || p.department.contains(needle)
                    || workspace
                        .canonical_department(&p.department)
                        .contains(needle)
            })
            .collect()
    };
    let t = |key: &str| app.t(key);
    let body = html! {
        form.search method="get" action="/" {
            input type="search" name="q" value=(query.q) placeholder=(t("serve.search_placeholder"));
            select name="year" {
                option value="" { (t("serve.all_years")) }
                @for y in &years {
                    option value=(y) selected[year == Some(*y)] { (y) }
                }
            }
            button type="submit" { (t("serve.search")) }
        }
        @if !needle.is_empty() {
            h2 { (t("serve.search_results")) }
            @if hits.is_empty() { p { (t("serve.no_hits")) } }
            ul {
                @for (rel, p) in &hits {
                    li {
                        a href={ "/project/" (enc_path(rel)) } { (p.project.name) }
                        " · " (workspace.canonical_department(&p.project.department))
                    }
                }
            }
        }
        table.data {
            thead { tr {
                th { (t("serve.col.department")) } th { (t("serve.col.year")) }
                th { (t("serve.col.projects")) } th.num { (t("serve.col.total")) }
                th.num { (t("serve.col.fiscal")) } th.num { (t("serve.col.other")) }
                th.num { (t("serve.col.errors")) } th.num { (t("serve.col.warnings")) }
            } }
            tbody {
                @for d in &summary.departments {
                    @let (e, w) = by_department.get(d.name.as_str()).copied().unwrap_or_default();
                    tr {
                        td { a href={ "/dept/" (enc(&d.name)) } { (d.name) } }
                        td { (d.year) }
                        td.num { (d.totals.projects) }
                        td.num { (wan(Some(d.totals.total))) }
                        td.num { (wan(Some(d.totals.fiscal))) }
                        td.num { (wan(Some(d.totals.other))) }
                        td.num.error[e > 0] { (e) }
                        td.num.warning[w > 0] { (w) }
                    }
                }
            }
        }
        @if let Some(totals) = &summary.totals {
            p.totals { (app.lang().text("serve.grand_total", crate::args!(
                projects = totals.projects, total = wan(Some(totals.total))))) }
        }
        p.downloads {
            (t("serve.downloads")) " "
            a href="/download/perf.xlsx" { "Excel (xlsx)" } " · "
            a href="/download/perf.json" { "JSON" } " · "
            a href="/download/perf.sqlite" { "SQLite" } " · "
            a href="/download/report.html" { (t("serve.report_html")) } " · "
            a href="/findings.csv" { (t("serve.csv")) }
        }
        @if !app.settings().read_only {
            p { a href="/import" { (t("serve.import.link")) } }
        }
        @for left in &summary.left_out {
            p.warning { (left.file) ": " (left.reason) }
        }
        @for e in &workspace.errors {
            p.error { (e.message(app.lang())) }
        }
    };
    respond(StatusCode::OK, page(&app, &t("serve.nav.overview"), body))
}

/// `GET /dept/{name}`: 部门.
pub async fn department(
    State(app): State<Arc<App>>,
    Path(name): Path<String>,
    Query(query): Query<DepartmentQuery>,
) -> Response {
    let tree = app.tree();
    let workspace = &tree.judged.workspace;
    let counts = counts(&tree);
    let mut projects: Vec<(&str, &crate::source::LoadedProject)> = tree
        .served()
        .filter(|(_, p)| workspace.canonical_department(&p.project.department) == name)
        .collect();
    if projects.is_empty() {
        return error_page(&app, StatusCode::NOT_FOUND, &app.t("serve.not_found"));
    }
    sort_projects(&mut projects, &query.sort, &counts);
    let mut by_rule: BTreeMap<&str, (&'static crate::diag::registry::Rule, usize)> =
        BTreeMap::new();
    let files: std::collections::HashSet<FileId> = projects.iter().map(|(_, p)| p.file).collect();
    for d in &tree.judged.diagnostics {
        if files.contains(&d.file) {
            by_rule.entry(d.rule.code).or_insert((d.rule, 0)).1 += 1;
        }
    }
    let filter = Filter {
        departments: vec![name.clone()],
        year: None,
    };
    let summary = summarise_in(workspace, &filter, &DEFAULT_MONTHS, app.lang()).into_rounded();
    // The cumulative plan by month against 序时进度, one chart per budget year, drawn by the
    // HTML report's own SVG (never adding different years).
    let months: Vec<u32> = (1..=12).collect();
    let curves: Vec<(i64, String)> = summarise_in(workspace, &filter, &months, app.lang())
        .departments
        .iter()
        .filter_map(|d| {
            let points: Vec<(u32, rust_decimal::Decimal)> = d
                .totals
                .planned
                .iter()
                .filter_map(|p| Some((p.month, p.percent?)))
                .collect();
            (!points.is_empty()).then(|| {
                (
                    d.year,
                    crate::report::html::svg::plan_curve(&points, app.lang()),
                )
            })
        })
        .collect();
    let t = |key: &str| app.t(key);
    // 导入 into the folder of the department's first project.
    let folder = projects
        .first()
        .and_then(|(rel, _)| rel.rsplit_once('/'))
        .map(|(dir, _)| dir.to_owned());
    let body = html! {
        p.downloads {
            (t("serve.downloads")) " "
            a href={ "/download/dept/" (enc(&name)) } { (t("serve.dept_workbook")) }
        }
        @if let (false, Some(folder)) = (app.settings().read_only, &folder) {
            p { a href={ "/import?folder=" (enc(folder)) } { (t("serve.import.link")) } }
        }
        table.data {
            thead { tr {
                @for (key, label, class) in SORTS {
                    th class=(class) {
                        @if query.sort == *key { (t(label)) " ▾" }
                        @else { a href={ "?sort=" (key) } { (t(label)) } }
                    }
                }
            } }
            tbody {
                @for (rel, p) in &projects {
                    @let (e, w) = counts.get(&p.file).copied().unwrap_or_default();
                    @let total = p.project.budget.as_ref().and_then(|b| b.total_wan());
                    tr {
                        td { a href={ "/project/" (enc_path(rel)) } { (p.project.name) } }
                        td { (p.project.code.as_deref().unwrap_or("")) }
                        td { (p.project.year.map(|y| y.to_string()).unwrap_or_default()) }
                        td.num { (wan(total)) }
                        td.num.error[e > 0] { (e) }
                        td.num.warning[w > 0] { (w) }
                    }
                }
            }
        }
        @for (year, svg) in &curves {
            figure.curve {
                // The report's SVG: every label in it escaped by `report::html::esc`.
                (maud::PreEscaped(svg))
                figcaption { (year) " · " (t("serve.curve_caption")) }
            }
        }
        h2 { (t("serve.findings_by_rule")) }
        @if by_rule.is_empty() { p { (t("serve.no_findings")) } }
        ul {
            @for (code, (rule, n)) in &by_rule {
                li {
                    a href={ "/rules/" (code) } { (code) } " " (rule.summary(app.lang())) " × "
                    a href={ "/findings?rule=" (code) "&dept=" (enc(&name)) } { (n) }
                }
            }
        }
        @for d in &summary.departments {
            @if !d.objectives.is_empty() {
                h2 { (t("serve.objectives")) " " (d.year) }
                ul { @for o in &d.objectives {
                    li { strong { (o.title) } @if let Some(i) = &o.indicator { " — " (i) } }
                } }
            }
        }
    };
    respond(StatusCode::OK, page(&app, &name, body))
}

/// The query of 部门.
#[derive(Debug, Default, Deserialize)]
pub struct DepartmentQuery {
    /// The column the projects are sorted by (a key of `SORTS`); files' order when empty.
    #[serde(default)]
    pub sort: String,
}

/// The project table's columns: sort key, header text, cell class. Amounts and counts sort
/// largest first, the rest in ascending order.
const SORTS: &[(&str, &str, &str)] = &[
    ("name", "serve.col.project", ""),
    ("code", "serve.col.code", ""),
    ("year", "serve.col.year", ""),
    ("total", "serve.col.total", "num"),
    ("errors", "serve.col.errors", "num"),
    ("warnings", "serve.col.warnings", "num"),
];

fn sort_projects(
    projects: &mut [(&str, &crate::source::LoadedProject)],
    key: &str,
    counts: &HashMap<FileId, (usize, usize)>,
) {
    let count = |p: &crate::source::LoadedProject| counts.get(&p.file).copied().unwrap_or_default();
    let total =
        |p: &crate::source::LoadedProject| p.project.budget.as_ref().and_then(|b| b.total_wan());
    // Stable: equal keys keep the files' order.
    match key {
        "name" => projects.sort_by(|a, b| a.1.project.name.cmp(&b.1.project.name)),
        "code" => projects.sort_by(|a, b| a.1.project.code.cmp(&b.1.project.code)),
        "year" => projects.sort_by_key(|p| p.1.project.year),
        "total" => projects.sort_by_key(|p| std::cmp::Reverse(total(p.1))),
        "errors" => projects.sort_by_key(|p| std::cmp::Reverse(count(p.1).0)),
        "warnings" => projects.sort_by_key(|p| std::cmp::Reverse(count(p.1).1)),
        _ => {}
    }
}

/// A link to a project page.
pub fn project_link(rel: &str, name: &str) -> Markup {
    html! { a href={ "/project/" (enc_path(rel)) } { (name) } }
}
