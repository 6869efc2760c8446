//! 导入: a Word, Excel or text document uploaded through the page, read as `perf import`
//! reads it and planned by the same library call ([`crate::import_plan::plan`]).
//!
//! - `GET /import`: the form (file, department folder or a new one, 预算年度);
//! - `POST /import` (multipart, with its own body limit): the preview — every file the
//!   import would write, new or merged into (what changes), what could not be mapped with
//!   its place, and the findings `perf validate` would give on each text
//!   ([`crate::session::Session::check_text`]). Nothing is written; the plan is kept on the
//!   server ([`pending`]) under a random id;
//! - `POST /import/confirm`: writes exactly that plan through [`crate::write`] (all files or
//!   none), unless a file it writes changed since the preview (409), then opens the
//!   department page.
//!
//! .xls is read by the reader the binary hands over ([`crate::serve::Settings::read_xls`]: a
//! child process with capped memory, as `perf import` reads it); without one it is refused
//! with a request for .xlsx (docs/serve.md).

pub mod page;
pub mod pending;
pub mod upload;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::diag::FileId;
use crate::import::{ImportError, import_with, limits};
use crate::import_plan::{PlanError, Request, defaults, plan};
use crate::serve::App;
use crate::serve::guard::refusal;
use crate::serve::html::{enc, error_page};
use crate::serve::import::pending::{Pending, new_id};
use crate::serve::state::Tree;

/// The formats the page reads (and .xls when the binary gives a reader: the module's header).
const READS: [&str; 5] = ["docx", "xlsx", "xlsm", "ods", "txt"];

/// The query of `GET /import`: a folder to preselect.
#[derive(Debug, Default, Deserialize)]
pub struct FormQuery {
    /// The folder's address in the tree.
    #[serde(default)]
    pub folder: String,
}

/// The department folders of the tree (folders holding a served file), by address, with
/// their paths on disk. Only these, or a new folder directly in the first root, are written to.
pub fn folders(tree: &Tree) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    for (i, file) in tree.judged.workspace.files.iter().enumerate() {
        let Some((dir, _)) = tree.file_rel(FileId(i)).and_then(|r| r.rsplit_once('/')) else {
            continue;
        };
        if let Some(parent) = file.path.parent() {
            out.entry(dir.to_owned())
                .or_insert_with(|| parent.to_path_buf());
        }
    }
    out
}

/// `GET /import`: the form.
pub async fn form(State(app): State<Arc<App>>, Query(query): Query<FormQuery>) -> Response {
    if app.settings().read_only {
        return refusal(&app, StatusCode::METHOD_NOT_ALLOWED, "serve.read_only");
    }
    let tree = app.tree();
    page::form(&app, &folders(&tree), &query.folder)
}

/// A refusal of the upload: `status` and a message, on the form page's shell.
fn refuse(app: &App, status: StatusCode, message: &str) -> Response {
    page::refused(app, status, message, &[])
}

/// Where the files go: the folder's path on disk and its address.
fn target(app: &App, tree: &Tree, chosen: &str, new: &str) -> Result<(PathBuf, String), String> {
    if !new.is_empty() {
        let ok = new.chars().count() <= 100
            && !new.starts_with('.')
            && !new.contains(['/', '\\'])
            && crate::toml_writer::write_toml::file_stem(new) == new;
        if !ok {
            return Err(app
                .lang()
                .text("serve.import.bad_folder", crate::args!(name = new)));
        }
        if let Some(path) = folders(tree).get(new) {
            return Ok((path.clone(), new.to_owned()));
        }
        let root = app.session().roots().iter().find(|r| r.is_dir());
        let Some(root) = root else {
            return Err(app.t("serve.import.no_root"));
        };
        let path = root.join(new);
        // A link in the root could lead the files out of the tree.
        if path.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
            return Err(app
                .lang()
                .text("serve.import.bad_folder", crate::args!(name = new)));
        }
        return Ok((path, new.to_owned()));
    }
    folders(tree)
        .remove_entry(chosen)
        .map(|(rel, path)| (path, rel))
        .ok_or_else(|| app.t("serve.import.no_folder"))
}

/// `POST /import`: reads the upload and shows what importing it would write.
pub async fn preview(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(boundary) = upload::boundary(&headers) else {
        return refuse(
            &app,
            StatusCode::BAD_REQUEST,
            &app.t("serve.import.not_multipart"),
        );
    };
    let Ok(fields) = upload::fields(body, &boundary).await else {
        return refuse(
            &app,
            StatusCode::BAD_REQUEST,
            &app.t("serve.import.not_multipart"),
        );
    };
    let Some(file) = fields
        .iter()
        .find(|f| f.name == "file" && f.file_name.is_some() && !f.data.is_empty())
    else {
        return refuse(
            &app,
            StatusCode::UNPROCESSABLE_ENTITY,
            &app.t("serve.import.no_file"),
        );
    };
    if file.data.len() as u64 > limits::MAX_INPUT_BYTES {
        return too_large(&app);
    }
    let sent = file.file_name.as_deref().unwrap_or_default();
    let source = upload::shown_name(sent);
    let ext = upload::extension(sent);
    if ext == "xls" && app.settings().read_xls.is_none() {
        return refuse(
            &app,
            StatusCode::UNPROCESSABLE_ENTITY,
            &app.t("serve.import.xls"),
        );
    }
    if ext != "xls" && !READS.contains(&ext.as_str()) {
        let message = app
            .lang()
            .text("serve.import.unsupported", crate::args!(ext = ext));
        return refuse(&app, StatusCode::UNPROCESSABLE_ENTITY, &message);
    }
    let year = upload::text(&fields, "year");
    let year = match year {
        "" => None,
        y => match y.parse::<i64>() {
            Ok(y) => Some(y),
            Err(_) => {
                let message = app
                    .lang()
                    .text("serve.import.bad_year", crate::args!(year = y));
                return refuse(&app, StatusCode::UNPROCESSABLE_ENTITY, &message);
            }
        },
    };
    let tree = app.tree();
    let chosen = upload::text(&fields, "folder");
    let new = upload::text(&fields, "new_folder");
    let (dir, dir_rel) = match target(&app, &tree, chosen, new) {
        Ok(target) => target,
        Err(message) => return refuse(&app, StatusCode::UNPROCESSABLE_ENTITY, &message),
    };
    // The document is read under a fixed name: only its extension is taken from the upload.
    let read_as = PathBuf::from(format!("upload.{ext}"));
    let read_xls = |bytes: &[u8]| match app.settings().read_xls {
        Some(read) => read(bytes),
        None => Err(ImportError::Reported(app.t("serve.import.xls"))),
    };
    let imported = match import_with(
        &read_as,
        file.data.to_vec(),
        &defaults(&dir, year),
        &read_xls,
    ) {
        Ok(imported) => imported,
        Err(e) => {
            let message = app.lang().text(
                "serve.import.unreadable",
                crate::args!(file = source, error = e),
            );
            return refuse(&app, StatusCode::UNPROCESSABLE_ENTITY, &message);
        }
    };
    let shown = |p: &Path| address(&dir, &dir_rel, p);
    let hint = app.t("serve.import.hint_replace");
    let request = Request {
        source: &source,
        dept_dir: &dir,
        force: false,
        shown: &shown,
        hint: &hint,
    };
    let plan = match plan(&imported, &request) {
        Ok(plan) => plan,
        Err(PlanError::Nothing(why)) => {
            let message = app.lang().text(
                "serve.import.nothing",
                crate::args!(file = source, why = why),
            );
            return page::refused(
                &app,
                StatusCode::UNPROCESSABLE_ENTITY,
                &message,
                &imported.notes,
            );
        }
        Err(PlanError::Refused(whys)) => {
            return page::refused(
                &app,
                StatusCode::CONFLICT,
                &app.t("serve.import.refused"),
                &whys,
            );
        }
    };
    let findings: Vec<Vec<crate::diag::Diagnostic>> = plan
        .files
        .iter()
        .map(|p| {
            app.session()
                .check_text(&tree.judged.workspace, &p.path, p.final_text())
                .diagnostics
        })
        .collect();
    let mut notes = imported.notes.clone();
    notes.extend(plan.notes.iter().cloned());
    let id = if plan.writes() > 0 {
        let Ok(id) = new_id() else {
            return error_page(&app, StatusCode::INTERNAL_SERVER_ERROR, "getrandom");
        };
        if let Ok(mut previews) = app.imports.lock() {
            previews.put(id.clone(), Pending::of(plan.clone()));
        }
        Some(id)
    } else {
        None
    };
    let view = page::Preview {
        source: &source,
        plan: &plan,
        findings: &findings,
        notes: &notes,
        id: id.as_deref(),
    };
    page::preview(&app, &view)
}

/// `path`'s address in the tree, for the page: `dir` is at `dir_rel`.
fn address(dir: &Path, dir_rel: &str, path: &Path) -> String {
    match path.strip_prefix(dir) {
        Ok(rest) if rest.as_os_str().is_empty() => dir_rel.to_owned(),
        Ok(rest) => format!("{dir_rel}/{}", rest.to_string_lossy()),
        Err(_) => path.display().to_string(),
    }
}

/// 413 with the import's own limit.
pub fn too_large(app: &App) -> Response {
    let message = app.lang().text(
        "serve.import.too_large",
        crate::args!(mib = limits::MAX_INPUT_BYTES / (1024 * 1024)),
    );
    refuse(app, StatusCode::PAYLOAD_TOO_LARGE, &message)
}

/// The form of 确认写入.
#[derive(Debug, Default, Deserialize)]
pub struct Confirm {
    /// The preview's id.
    #[serde(default)]
    pub id: String,
}

/// `POST /import/confirm`: writes the previewed plan, or nothing (409 when a file changed).
pub async fn confirm(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let form: Confirm = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    // One write at a time, as the edit form's saves.
    let _saving = app.saving.lock();
    let pending = app
        .imports
        .lock()
        .ok()
        .and_then(|mut previews| previews.take(&form.id));
    let Some(pending) = pending else {
        return refuse(&app, StatusCode::GONE, &app.t("serve.import.expired"));
    };
    let shown = |path: &PathBuf| {
        pending
            .plan
            .files
            .iter()
            .find(|p| &p.path == path)
            .map_or_else(|| path.display().to_string(), |p| p.shown.clone())
    };
    if let Some(path) = pending.changed() {
        let message = app
            .lang()
            .text("serve.import.changed", crate::args!(file = shown(path)));
        return refuse(&app, StatusCode::CONFLICT, &message);
    }
    match pending.plan.commit(|_| true) {
        Ok(_) => {}
        Err(
            e
            @ (crate::write::WriteError::Changed { .. } | crate::write::WriteError::Exists { .. }),
        ) => {
            return refuse(&app, StatusCode::CONFLICT, &e.message(app.lang()));
        }
        Err(e) => {
            return error_page(
                &app,
                StatusCode::INTERNAL_SERVER_ERROR,
                &e.message(app.lang()),
            );
        }
    }
    // The files are written: the tree is scanned (and reloaded) before it is read here, so
    // the department's page this redirects to shows them.
    app.mark_scan_due();
    let tree = app.tree();
    let workspace = &tree.judged.workspace;
    let department = tree
        .served()
        .find(|(_, p)| {
            workspace
                .file(p.file)
                .is_some_and(|f| pending.plan.files.iter().any(|w| w.path == f.path))
        })
        .map(|(_, p)| {
            workspace
                .canonical_department(&p.project.department)
                .to_owned()
        });
    match department {
        Some(d) => Redirect::to(&format!("/dept/{}", enc(&d))).into_response(),
        None => Redirect::to("/").into_response(),
    }
}
