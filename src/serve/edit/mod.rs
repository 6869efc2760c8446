//! 编辑: one plain HTML form for a whole project file (`GET /edit/PATH`), its save
//! (`POST /edit/PATH`) and its live check (`POST /check/PATH`, used by the script).
//!
//! Both the save and the check put the form into the file's text the same way
//! ([`apply::apply`], toml_edit: untouched bytes stay) and judge the result with
//! [`crate::session::Session::check_text`] — the same codes and messages as `perf validate`.
//! A save carries the content hash of the file the form was made from: over a file changed
//! since, it is refused with 409 and both versions; it writes through [`crate::write`].

pub mod apply;
pub mod form;
pub mod page;

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;

use crate::serve::edit::form::Submitted;
use crate::serve::edit::page::{FormView, Placed};
use crate::serve::guard::refusal;
use crate::serve::html::{enc_path, error_page, page as shell, respond};
use crate::serve::project::reading;
use crate::serve::state::content_hash;
use crate::serve::{App, commit};
use crate::summary::spot::{IndicatorCell, Spot, spot};

/// The form field a spot of the form is (`""`: the file as a whole); `origin` gives the form
/// row of each indicator position.
pub fn field_of(spot: Spot, origin: &[Option<usize>]) -> String {
    let row = |position: usize| origin.get(position).copied().flatten();
    match spot {
        Spot::Table => String::new(),
        Spot::Name => "project.name".into(),
        Spot::Code => "project.code".into(),
        Spot::Department => "project.department".into(),
        Spot::Purpose => "project.purpose".into(),
        Spot::Total => "budget.total".into(),
        Spot::Fiscal => "budget.fiscal".into(),
        Spot::Other => "budget.other".into(),
        Spot::Plan(_) => "plan".into(),
        Spot::Goal(_) => "goals".into(),
        Spot::Indicator(position, cell) => match row(position) {
            Some(k) => {
                let cell = match cell {
                    IndicatorCell::Level1 => "level1",
                    IndicatorCell::Level2 => "level2",
                    IndicatorCell::Name => "name",
                    IndicatorCell::Target => "target",
                    IndicatorCell::Basis => "basis",
                };
                format!("ind.{k}.{cell}")
            }
            None => String::new(),
        },
    }
}

/// The file's path on disk and its UTF-8 text, or the page saying why it cannot be edited.
fn read(app: &App, rel: &str) -> Result<(std::path::PathBuf, Vec<u8>), Box<Response>> {
    if app.settings().read_only {
        let refused = refusal(app, StatusCode::METHOD_NOT_ALLOWED, "serve.read_only");
        return Err(Box::new(refused));
    }
    let tree = app.tree();
    let path = tree
        .project_at(rel)
        .and_then(|p| tree.judged.workspace.file(p.file))
        .map(|f| f.path.clone())
        .ok_or_else(|| Box::new(refusal(app, StatusCode::NOT_FOUND, "serve.not_found")))?;
    let bytes = std::fs::read(&path).map_err(|e| {
        let message = crate::i18n::io_error(&e, app.lang());
        Box::new(error_page(app, StatusCode::INTERNAL_SERVER_ERROR, &message))
    })?;
    Ok((path, bytes))
}

fn not_utf8(app: &App) -> Response {
    refusal(app, StatusCode::UNPROCESSABLE_ENTITY, "serve.form.not_utf8")
}

/// Judges `text` as the file at `path`: the findings placed on form fields, and the readings
/// of the targets by form row.
fn judge(
    app: &App,
    path: &std::path::Path,
    text: &str,
    origin: Option<&[Option<usize>]>,
) -> (Vec<Placed>, Vec<(usize, String)>) {
    let tree = app.tree();
    let edited = app.session().check_text(&tree.judged.workspace, path, text);
    let identity: Vec<Option<usize>>;
    let origin = match origin {
        Some(origin) => origin,
        None => {
            let rows = edited
                .project
                .as_ref()
                .map_or(0, |p| p.project.indicators.len());
            identity = (0..rows).map(Some).collect();
            &identity
        }
    };
    let placed = edited
        .diagnostics
        .iter()
        .map(|d| {
            let at = edited.project.as_ref().map_or(Spot::Table, |p| {
                spot(&p.spans, d.span.as_ref().map(|s| s.start))
            });
            Placed {
                field: field_of(at, origin),
                code: d.rule.code,
                severity: d.severity.as_str(),
                level: d.severity.label(app.lang()),
                message: d.message.clone(),
                help: d.help.clone(),
                raw: d.severity,
            }
        })
        .collect();
    let readings = edited
        .project
        .as_ref()
        .map(|p| {
            let department = tree
                .judged
                .workspace
                .canonical_department(&p.project.department);
            let sheet = crate::summary::sheet::of_project(&p.project, department);
            sheet
                .rows()
                .filter_map(|(_, _, row)| {
                    let k = origin.get(row.position).copied().flatten()?;
                    Some((k, reading(app, row)))
                })
                .collect()
        })
        .unwrap_or_default();
    (placed, readings)
}

/// `GET /edit/{path}`: the form.
pub async fn form(
    State(app): State<Arc<App>>,
    Path(rel): Path<String>,
    headers: HeaderMap,
) -> Response {
    let (path, bytes) = match read(&app, &rel) {
        Ok(read) => read,
        Err(response) => return *response,
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return not_utf8(&app);
    };
    let (findings, readings) = judge(&app, &path, &text, None);
    let author = commit::author_field(&app, &headers);
    form_page(&app, &rel, &text, &findings, &readings, author)
}

fn form_page(
    app: &App,
    rel: &str,
    text: &str,
    findings: &[Placed],
    readings: &[(usize, String)],
    author: maud::Markup,
) -> Response {
    let hash = content_hash(text.as_bytes());
    let view = FormView {
        rel,
        text,
        hash: &hash,
        findings,
        readings,
        preset: app.session().config().settings.framework,
        author,
    };
    let title = app
        .lang()
        .text("serve.form.title", crate::args!(file = rel));
    match page::form(app, &view) {
        Some(body) => respond(StatusCode::OK, shell(app, &title, body)),
        None => {
            let error = text
                .parse::<toml_edit::DocumentMut>()
                .err()
                .map(|e| e.to_string());
            let body = html! {
                p.error { (app.t("serve.form.not_toml")) }
                pre { (error.unwrap_or_default()) }
            };
            respond(StatusCode::UNPROCESSABLE_ENTITY, shell(app, &title, body))
        }
    }
}

/// `POST /check/{path}`: the unsaved form's findings and readings, as JSON.
pub async fn check(
    State(app): State<Arc<App>>,
    Path(rel): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let (path, bytes) = match read(&app, &rel) {
        Ok(read) => read,
        Err(response) => return *response,
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return not_utf8(&app);
    };
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let submitted = Submitted::read(&pairs);
    let Ok((new, origin)) = apply::apply(&text, &submitted) else {
        return refusal(
            &app,
            StatusCode::UNPROCESSABLE_ENTITY,
            "serve.form.not_toml",
        );
    };
    let (findings, readings) = judge(&app, &path, &new, Some(&origin));
    let readings: Vec<(String, String)> = readings
        .into_iter()
        .map(|(k, r)| (format!("ind.{k}"), r))
        .collect();
    let json = serde_json::json!({ "findings": findings, "readings": readings });
    (
        [(header::CONTENT_TYPE, "application/json")],
        json.to_string(),
    )
        .into_response()
}

/// `POST /edit/{path}`: writes the form into the file, unless the file changed since the
/// form was made (409) or the text cannot be edited; with `--commit`, then commits it.
pub async fn save(
    State(app): State<Arc<App>>,
    Path(rel): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let (path, _) = match read(&app, &rel) {
        Ok(read) => read,
        Err(response) => return *response,
    };
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let submitted = Submitted::read(&pairs);
    // Who saves is settled before anything is written.
    let author = match commit::author_of(&app, &headers, &pairs) {
        Ok(author) => author,
        Err(response) => return *response,
    };
    // One save at a time: of two saves of one file, the second reads the first's result and
    // its hash no longer matches.
    let _saving = app.saving.lock();
    let (bytes, snapshot) = match crate::write::read_for_update(&path) {
        Ok(read) => read,
        Err(e) => {
            return error_page(
                &app,
                StatusCode::INTERNAL_SERVER_ERROR,
                &e.message(app.lang()),
            );
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return not_utf8(&app);
    };
    let applied = apply::apply(&text, &submitted);
    if content_hash(text.as_bytes()) != submitted.hash {
        let mine = applied.map(|(new, _)| new).unwrap_or_default();
        return conflict(&app, &rel, &text, &mine);
    }
    let new = match applied {
        Ok((new, _)) => new,
        Err(e) => {
            let body = html! { p.error { (app.t("serve.form.not_toml")) } pre { (e.to_string()) } };
            return respond(StatusCode::UNPROCESSABLE_ENTITY, shell(&app, &rel, body));
        }
    };
    if let Err(e) = new.parse::<toml_edit::DocumentMut>() {
        let body = html! { p.error { (app.t("serve.form.not_toml")) } pre { (e.to_string()) } };
        return respond(StatusCode::UNPROCESSABLE_ENTITY, shell(&app, &rel, body));
    }
    if new != text {
        let mut batch = crate::write::Batch::new();
        batch.replace(&path, new.clone().into_bytes(), snapshot);
        match batch.commit() {
            Ok(_) => {}
            Err(crate::write::WriteError::Changed { .. }) => {
                let now = std::fs::read_to_string(&path).unwrap_or_default();
                return conflict(&app, &rel, &now, &new);
            }
            Err(e) => {
                return error_page(
                    &app,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &e.message(app.lang()),
                );
            }
        }
        if let Some(author) = &author {
            // The message says what the commit changes: from HEAD's version, when git has one.
            let message = |head: Option<&str>| {
                commit::edit_message(&app, &path, &rel, head.unwrap_or(&text), &new)
            };
            let back = format!("/project/{}", enc_path(&rel));
            let back = (back.as_str(), app.t("serve.commit.to_project"));
            let done = commit::commit(
                &app,
                &path,
                new.as_bytes(),
                author,
                message,
                (back.0, &back.1),
            );
            if let Err(page) = done {
                return *page;
            }
        }
    }
    commit::redirect(&format!("/project/{}", enc_path(&rel)), author.as_ref())
}

/// 409: the file on disk and the text the form would have written, side by side.
fn conflict(app: &App, rel: &str, disk: &str, mine: &str) -> Response {
    let t = |key: &str| app.t(key);
    let body = html! {
        p.error { (t("serve.form.conflict")) }
        div.versions {
            div { h2 { (t("serve.form.on_disk")) } pre { (disk) } }
            div { h2 { (t("serve.form.yours")) } pre { (mine) } }
        }
        p { a.button href={ "/edit/" (enc_path(rel)) } { (t("serve.form.reload")) } }
    };
    respond(
        StatusCode::CONFLICT,
        shell(app, &t("serve.form.conflict_title"), body),
    )
}
