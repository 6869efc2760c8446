//! The pages of 导入: the upload form, the preview with its 确认写入 button, and the page
//! that says why an upload was refused (with the form again, so the clerk can try another
//! file).

use std::collections::BTreeMap;
use std::path::PathBuf;

use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use crate::diag::Diagnostic;
use crate::import_plan::{Plan, Planned};
use crate::serve::App;
use crate::serve::html::{page, respond, severity_class};

/// The upload form; `chosen` is the folder to preselect.
pub fn form(app: &App, folders: &BTreeMap<String, PathBuf>, chosen: &str) -> Response {
    respond(
        StatusCode::OK,
        page(
            app,
            &app.t("serve.import.title"),
            form_body(app, folders, chosen),
        ),
    )
}

fn form_body(app: &App, folders: &BTreeMap<String, PathBuf>, chosen: &str) -> Markup {
    let t = |key: &str| app.t(key);
    html! {
        form.import method="post" action="/import" enctype="multipart/form-data" {
            input type="hidden" name="csrf" value=(app.csrf());
            table.form {
                tr { th { label for="file" { (t("serve.import.file")) } }
                     td { input #file type="file" name="file" required
                              accept=(if app.settings().read_xls.is_some() {
                                  ".docx,.xlsx,.xlsm,.xls,.ods,.txt"
                              } else {
                                  ".docx,.xlsx,.xlsm,.ods,.txt"
                              }); } }
                tr { th { label for="folder" { (t("serve.import.folder")) } }
                     td { select #folder name="folder" {
                         @for rel in folders.keys() {
                             option value=(rel) selected[rel == chosen] { (rel) }
                         }
                     } } }
                tr { th { label for="new_folder" { (t("serve.import.new_folder")) } }
                     td { input #new_folder type="text" name="new_folder"; } }
                tr { th { label for="year" { (t("serve.col.year")) } }
                     td { input #year type="text" name="year" size="6"; " "
                          small { (t("serve.import.year_hint")) } } }
            }
            p { button type="submit" { (t("serve.import.submit")) } " " small { (t("serve.import.hint")) } }
        }
    }
}

/// A refused upload: `message`, `details` (one per line), and the form again.
pub fn refused(app: &App, status: StatusCode, message: &str, details: &[String]) -> Response {
    let tree = app.tree();
    let folders = crate::serve::import::folders(&tree);
    let body = html! {
        p.error { (message) }
        @if !details.is_empty() {
            ul { @for d in details { li { (d) } } }
        }
        @if !app.settings().read_only { (form_body(app, &folders, "")) }
    };
    let title = app
        .lang()
        .text("serve.error_title", crate::args!(status = status.as_u16()));
    respond(status, page(app, &title, body))
}

/// What the preview shows.
pub struct Preview<'a> {
    /// The uploaded file's name.
    pub source: &'a str,
    /// The files the import would write.
    pub plan: &'a Plan,
    /// The findings on each file's text, by file.
    pub findings: &'a [Vec<Diagnostic>],
    /// What the reader skipped on purpose, and notes on the plan.
    pub notes: &'a [String],
    /// The preview's id, when there is something to write.
    pub id: Option<&'a str>,
}

/// The preview: every file, then the 确认写入 form.
pub fn preview(app: &App, view: &Preview<'_>) -> Response {
    let t = |key: &str| app.t(key);
    let writes = view.plan.writes();
    let body = html! {
        @if !view.notes.is_empty() {
            h2 { (t("serve.import.notes")) }
            ul.notes { @for n in view.notes { li { (n) } } }
        }
        @for (p, findings) in view.plan.files.iter().zip(view.findings) {
            (file(app, p, findings))
        }
        @match view.id {
            Some(id) => form.confirm method="post" action="/import/confirm" {
                input type="hidden" name="csrf" value=(app.csrf());
                input type="hidden" name="id" value=(id);
                p {
                    button type="submit" { (app.lang().text("serve.import.confirm", crate::args!(n = writes))) }
                    " " a href="/import" { (t("serve.import.cancel")) }
                }
            },
            None => p { (t("serve.import.nothing_to_write")) " " a href="/import" { (t("serve.import.cancel")) } },
        }
    };
    let title = app.lang().text(
        "serve.import.preview_title",
        crate::args!(file = view.source),
    );
    respond(StatusCode::OK, page(app, &title, body))
}

/// One file of the preview.
fn file(app: &App, p: &Planned, findings: &[Diagnostic]) -> Markup {
    let t = |key: &str| app.t(key);
    let (status, class) = match &p.onto {
        None => (t("serve.import.new_file"), "new"),
        Some(_) if p.unchanged() => (t("serve.import.unchanged"), "unchanged"),
        Some(_) => (t("serve.import.merge"), "merge"),
    };
    let title = p
        .name
        .clone()
        .unwrap_or_else(|| t("serve.import.department_file"));
    html! {
        section.planned {
            h2 { (title) " " span class={ "badge " (class) } { (status) } }
            table.form {
                tr { th { (t("serve.import.written_to")) } td { code { (p.shown) } } }
                tr { th { (t("serve.col.department")) } td { (p.department) } }
                tr { th { (t("serve.col.year")) } td { (p.year.map(|y| y.to_string()).unwrap_or_else(|| t("serve.import.unknown"))) } }
                tr { th { (t("serve.import.total")) } td { (p.total.clone().unwrap_or_else(|| t("serve.import.unknown"))) } }
                tr { th { (t("serve.import.rows")) } td { (p.rows) } }
            }
            @if let Some(o) = &p.onto {
                ul.changes { @for line in &o.lines { li { (line.trim_start().trim_start_matches("- ")) } } }
            }
            @if p.problems.is_empty() {
                p { (t("serve.import.no_problems")) }
            } @else {
                h3 { (app.lang().text("serve.import.problems", crate::args!(n = p.problems.len()))) }
                ul.problems { @for problem in &p.problems { li { (problem.to_string()) } } }
            }
            @if findings.is_empty() {
                p { (t("serve.import.no_findings")) }
            } @else {
                h3 { (app.lang().text("serve.import.findings", crate::args!(n = findings.len()))) }
                ul.findings { @for d in findings {
                    li class=(severity_class(d.severity)) {
                        a href={ "/rules/" (d.rule.code) } { (d.rule.code) } " "
                        (d.severity.label(app.lang())) "：" (d.message)
                        @if let Some(help) = &d.help { " — " (help) }
                    }
                } }
            }
        }
    }
}
