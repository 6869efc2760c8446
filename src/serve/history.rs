//! 修改历史: `GET /history/PATH`, a project file's commits (`git log --follow`, newest first,
//! at most [`LIMIT`]) with date, author and subject, each opening onto what it changed — perf's
//! diff of that commit's version against its parent's ([`crate::diff::compare`], laid out as
//! `perf diff` lays a project out, [`crate::diff::render::change_rows`]). Everything git says is
//! shown as text (maud escapes it).

use std::path::Path as FsPath;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use crate::args;
use crate::diff::compare::compare_project;
use crate::diff::render::{change_header, change_rows};
use crate::serve::App;
use crate::serve::guard::refusal;
use crate::serve::html::{enc_path, error_page, page, respond};
use crate::source::LoadedProject;
use crate::source::git::Repo;
use crate::source::git_log::{LogEntry, Versions};

/// The most commits shown.
pub const LIMIT: usize = 200;

/// `GET /history/{path}`.
pub async fn page_of(State(app): State<Arc<App>>, Path(rel): Path<String>) -> Response {
    let tree = app.tree();
    let Some(path) = tree
        .project_at(&rel)
        .and_then(|p| tree.judged.workspace.file(p.file))
        .map(|f| f.path.clone())
    else {
        return refusal(&app, StatusCode::NOT_FOUND, "serve.not_found");
    };
    let dir = path.parent().unwrap_or(FsPath::new("."));
    let read = Repo::discover(dir).and_then(|repo| {
        let log = repo.log_of(&path, LIMIT)?;
        let versions = repo.versions(&log)?;
        Ok((log, versions))
    });
    let (log, versions) = match read {
        Ok(read) => read,
        Err(e) => {
            let message = app
                .lang()
                .text("serve.history.no_git", args!(error = e.message(app.lang())));
            return error_page(&app, StatusCode::NOT_FOUND, &message);
        }
    };
    let t = |key: &str| app.t(key);
    let title = app.lang().text("serve.history.title", args!(file = rel));
    let body = html! {
        p.meta { a href={ "/project/" (enc_path(&rel)) } { (t("serve.commit.to_project")) } }
        @if log.is_empty() {
            p { (t("serve.history.none")) }
        } @else {
            table.history {
                tr { th { (t("serve.history.date")) } th { (t("serve.history.author")) } th { (t("serve.history.subject")) } }
                @for entry in &log {
                    tr {
                        td { (date(&entry.date)) }
                        td { (entry.author) }
                        td { a href={ "#c-" (short(entry)) } { (entry.subject) } }
                    }
                }
            }
            @for (i, (entry, version)) in log.iter().zip(&versions).enumerate() {
                details id={ "c-" (short(entry)) } open[i == 0] {
                    summary { (date(&entry.date)) " · " (entry.author) " · " (entry.subject) " " code { (short(entry)) } }
                    (change(&app, &path, &rel, version))
                }
            }
        }
    };
    respond(StatusCode::OK, page(&app, &title, body))
}

fn short(entry: &LogEntry) -> &str {
    entry.commit.get(..10).unwrap_or(&entry.commit)
}

/// `2026-12-04T16:47:18+08:00` as `2026-12-04 16:47 +08:00`.
fn date(iso: &str) -> String {
    match (iso.get(..10), iso.get(11..16), iso.get(19..)) {
        (Some(day), Some(time), Some(zone)) => {
            let zone = if zone == "Z" { "UTC" } else { zone };
            format!("{day} {time} {zone}")
        }
        _ => iso.to_owned(),
    }
}

/// What one commit did to the project, as a table.
fn change(app: &App, path: &FsPath, rel: &str, version: &Versions) -> Markup {
    let t = |key: &str| app.t(key);
    let tree = app.tree();
    let project = |bytes: &Option<Vec<u8>>| -> Result<Option<LoadedProject>, ()> {
        let Some(bytes) = bytes else { return Ok(None) };
        let text = std::str::from_utf8(bytes).map_err(|_| ())?;
        let checked = app.session().check_text(&tree.judged.workspace, path, text);
        checked.project.map(Some).ok_or(())
    };
    let (Ok(old), Ok(new)) = (project(&version.old), project(&version.new)) else {
        return html! { p { (t("serve.history.unreadable")) } };
    };
    if new.is_none() {
        return html! { p { (t("serve.history.deleted")) } };
    }
    let lang = app.lang();
    let diff = compare_project(
        old.as_ref().map(|p| &p.project),
        new.as_ref().map(|p| &p.project),
        rel,
        lang,
    );
    let Some(diff) = diff else {
        return html! { p { (t("serve.history.no_change")) } };
    };
    html! {
        table.changes {
            tr { @for h in change_header(lang) { th { (h) } } }
            @for row in change_rows(&diff, lang) {
                tr { @for cell in row { td { (cell) } } }
            }
        }
    }
}
