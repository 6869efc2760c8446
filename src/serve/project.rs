//! 项目 (the 绩效目标表 as `perf show` lays it out, each finding beside the field or row it
//! is about) and the rule pages (`/rules/CODE`, a rule's explanation as `perf rules CODE`).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use crate::serve::App;
use crate::serve::html::{self, enc, enc_path, error_page, respond, severity_class, wan};
use crate::summary::sheet::{Finding, IndicatorRow, ProjectSheet, sheet};
use crate::summary::spot::Spot;

/// The findings about one spot of the form.
pub fn findings_at(app: &App, findings: &[Finding], wanted: impl Fn(Spot) -> bool) -> Markup {
    html! {
        @let here: Vec<&Finding> = findings.iter().filter(|f| wanted(f.spot)).collect();
        @if !here.is_empty() {
            ul.findings {
                @for f in here { (finding(app, f.code, f.severity, &f.message, f.help.as_deref())) }
            }
        }
    }
}

/// One finding: its level, its code linking to the rule page, its message and help.
pub fn finding(
    app: &App,
    code: &str,
    severity: crate::diag::Severity,
    message: &str,
    help: Option<&str>,
) -> Markup {
    html! {
        li class=(severity_class(severity)) {
            span.level { (severity.label(app.lang())) }
            " " a.code href={ "/rules/" (enc(code)) } { (code) } " " (message)
            @if let Some(help) = help { br; span.help { (help) } }
        }
    }
}

/// How a row's 指标值 reads (`读作：≥ 85 %`).
pub fn reading(app: &App, row: &IndicatorRow) -> String {
    let what = match (row.comparator, row.value) {
        (Some(c), Some(v)) => format!("{c} {v} {}", row.unit.as_deref().unwrap_or("")),
        _ => row.kind.label(app.lang()),
    };
    app.lang()
        .text("serve.reads_as", crate::args!(reading = what.trim()))
}

/// The project page of the address `rel`.
fn project_page(app: &App, rel: &str) -> Response {
    let tree = app.tree();
    let Some(loaded) = tree.project_at(rel) else {
        return match tree.file_at(rel) {
            Some(id) => file_page(app, &tree, id, rel),
            None => error_page(app, StatusCode::NOT_FOUND, &app.t("serve.not_found")),
        };
    };
    let s = sheet(&tree.judged.workspace, loaded, &tree.judged.diagnostics);
    let body = sheet_markup(app, &s, rel);
    respond(StatusCode::OK, html::page(app, &s.name, body))
}

/// `GET /project/{path}`.
pub async fn page(State(app): State<Arc<App>>, Path(rel): Path<String>) -> Response {
    project_page(&app, &rel)
}

fn sheet_markup(app: &App, s: &ProjectSheet, rel: &str) -> Markup {
    let t = |key: &str| app.t(key);
    let at = |spot: Spot| findings_at(app, &s.findings, move |f| f == spot);
    html! {
        p.meta {
            a href={ "/dept/" (enc(&s.department)) } { (s.department) }
            " · " code { (rel) }
            " · " a href={ "/download/project/" (enc_path(rel)) } { (t("serve.download")) " xlsx" }
            @if !app.settings().read_only {
                " · " a.button href={ "/edit/" (enc_path(rel)) } { (t("serve.edit")) }
            }
            @if app.in_git() {
                " · " a href={ "/history/" (enc_path(rel)) } { (t("serve.history.link")) }
            }
        }
        (findings_at(app, &s.findings, |f| f == Spot::Table))
        table.sheet {
            tr { th { (t("sheet.name")) } td colspan="3" { (s.name) (at(Spot::Name)) } }
            tr { th { (t("sheet.code")) } td { (s.code.as_deref().unwrap_or("")) (at(Spot::Code)) }
                 th { (t("sheet.department")) } td { (s.department) (at(Spot::Department)) } }
            tr { th { (t("sheet.total")) } td { (wan(s.total)) (at(Spot::Total)) }
                 th { (t("sheet.fiscal")) } td { (wan(s.fiscal)) (at(Spot::Fiscal)) } }
            tr { th { (t("sheet.other")) } td { (wan(s.other)) (at(Spot::Other)) }
                 th { (t("serve.col.year")) } td { (s.year.map(|y| y.to_string()).unwrap_or_default()) } }
            tr { th { (t("sheet.purpose")) } td colspan="3" { (s.purpose.as_deref().unwrap_or("")) (at(Spot::Purpose)) } }
            tr { th { (t("sheet.plan")) } td colspan="3" {
                @for cell in &s.plan {
                    span.plan { (app.lang().text("serve.plan_cell", crate::args!(month = cell.month, percent = cell.percent))) }
                }
                (findings_at(app, &s.findings, |f| matches!(f, Spot::Plan(_))))
            } }
            tr { th { (t("sheet.goals")) } td colspan="3" {
                ol { @for (i, goal) in s.goals.iter().enumerate() {
                    li { (goal) (at(Spot::Goal(Some(i)))) }
                } }
                (at(Spot::Goal(None)))
            } }
        }
        h2 { (t("sheet.indicators")) }
        table.data {
            thead { tr {
                th { (t("serve.col.level1")) } th { (t("serve.col.level2")) }
                th { (t("sheet.level3")) } th { (t("sheet.target")) } th { (t("serve.col.basis")) }
            } }
            tbody {
                @for (l1, l2, row) in s.rows() {
                    @let p = row.position;
                    tr {
                        td { (l1) } td { (l2) }
                        td { (row.name) @if let Some(d) = &row.description { br; small { (d) } } }
                        td { (row.target) br; small.reading { (reading(app, row)) } }
                        td { (row.basis.as_deref().unwrap_or("")) }
                    }
                    @let here = findings_at(app, &s.findings, move |f| matches!(f, Spot::Indicator(q, _) if q == p));
                    @if !here.0.is_empty() { tr.row-findings { td colspan="5" { (here) } } }
                }
            }
        }
    }
}

/// A file of the tree that holds no project (a department file, or a file that did not
/// parse): its findings with their lines, so a broken file is shown, never fatal.
fn file_page(
    app: &App,
    tree: &crate::serve::state::Tree,
    id: crate::diag::FileId,
    rel: &str,
) -> Response {
    let files = &tree.judged.workspace.files;
    let findings: Vec<Finding> = tree
        .judged
        .diagnostics
        .iter()
        .filter(|d| d.file == id)
        .map(|d| Finding::of(files, d))
        .collect();
    let body = html! {
        p.meta { code { (rel) } }
        @if findings.is_empty() { p { (app.t("serve.no_findings")) } }
        ul.findings {
            @for f in &findings {
                li class=(severity_class(f.severity)) {
                    (app.lang().text("serve.at_line", crate::args!(line = f.line, column = f.column))) " "
                    a.code href={ "/rules/" (enc(f.code)) } { (f.code) } " " (f.message)
                    @if let Some(help) = &f.help { br; span.help { (help) } }
                }
            }
        }
    };
    respond(StatusCode::OK, html::page(app, rel, body))
}

/// `GET /rules/{code}`: a rule's explanation.
pub async fn rule(State(app): State<Arc<App>>, Path(code): Path<String>) -> Response {
    let Some(rule) = crate::diag::registry::lookup(&code) else {
        return error_page(&app, StatusCode::NOT_FOUND, &app.t("serve.not_found"));
    };
    let lang = app.lang();
    let title = format!("{} {} — {}", rule.code, rule.name, rule.summary(lang));
    let body = html! {
        p.meta { (rule.severity.label(lang)) }
        @for para in rule.explanation(lang).split("\n\n") {
            p.explanation { (para) }
        }
        p { a href={ "/findings?rule=" (rule.code) } { (app.t("serve.findings_of_rule")) } }
    };
    respond(StatusCode::OK, html::page(&app, &title, body))
}
