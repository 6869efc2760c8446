//! 新建: a new project file in a department's folder, from the skeleton `perf new` writes
//! ([`crate::toml_writer::skeleton::project`], the framework preset's rows), named as `perf new`
//! and `perf import` name files ([`crate::toml_writer::write_toml::file_stem`]), or a copy of a
//! project with its money cleared ([`crate::toml_writer::skeleton::project_from`], as `perf new
//! --from`). It is created
//! through [`crate::write`] and never replaces a file; then the edit form opens on it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::html;
use serde::Deserialize;

use crate::serve::guard::refusal;
use crate::serve::html::{enc_path, error_page, page, respond};
use crate::serve::state::Tree;
use crate::serve::{App, commit};
use crate::toml_writer::skeleton;
use crate::toml_writer::write_toml::file_stem;

/// The form of 新建.
#[derive(Debug, Default, Deserialize)]
pub struct NewProject {
    /// The department's full name.
    #[serde(default)]
    pub dept: String,
    /// 项目名称.
    #[serde(default)]
    pub name: String,
    /// 预算年度.
    #[serde(default)]
    pub year: String,
    /// A project to copy (its address), money cleared; empty: the blank form.
    #[serde(default)]
    pub from: String,
}

/// Each department with projects, and the folder (path on disk, address) its first project is in.
fn folders(tree: &Tree) -> BTreeMap<String, (PathBuf, String)> {
    let workspace = &tree.judged.workspace;
    let mut out = BTreeMap::new();
    for (rel, p) in tree.served() {
        let department = workspace
            .canonical_department(&p.project.department)
            .to_owned();
        let Some(path) = workspace.file(p.file).and_then(|f| f.path.parent()) else {
            continue;
        };
        let dir_rel = rel.rsplit_once('/').map_or("", |(dir, _)| dir).to_owned();
        out.entry(department)
            .or_insert_with(|| (path.to_path_buf(), dir_rel));
    }
    out
}

/// `GET /new`: the form.
pub async fn form(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    if app.settings().read_only {
        return refusal(&app, StatusCode::METHOD_NOT_ALLOWED, "serve.read_only");
    }
    let tree = app.tree();
    let mut years: Vec<i64> = tree.served().filter_map(|(_, p)| p.project.year).collect();
    years.sort_unstable();
    let year = years.last().map(ToString::to_string).unwrap_or_default();
    let t = |key: &str| app.t(key);
    let body = html! {
        form.new method="post" action="/new" {
            input type="hidden" name="csrf" value=(app.csrf());
            table.form {
                tr { th { label for="dept" { (t("serve.col.department")) } }
                     td { select #dept name="dept" { @for d in folders(&tree).keys() { option value=(d) { (d) } } } } }
                tr { th { label for="name" { (t("sheet.name")) } }
                     td { input #name type="text" name="name" required; } }
                tr { th { label for="year" { (t("serve.col.year")) } }
                     td { input #year type="text" name="year" value=(year) size="6"; } }
                tr { th { label for="from" { (t("serve.new.from")) } }
                     td { select #from name="from" {
                         option value="" { (t("serve.new.blank")) }
                         @for (rel, p) in tree.served() {
                             option value=(rel) { (p.project.name) " · " (p.project.department) }
                         }
                     } } }
            }
            (commit::author_field(&app, &headers))
            p { button type="submit" { (t("serve.new.create")) } " " small { (t("serve.new.hint")) } }
        }
    };
    respond(StatusCode::OK, page(&app, &t("serve.new.title"), body))
}

/// `POST /new`: creates the file (with `--commit`, commits it), then opens its edit form.
pub async fn create(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let form: NewProject = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let author = match commit::author_of(&app, &headers, &pairs) {
        Ok(author) => author,
        Err(response) => return *response,
    };
    let tree = app.tree();
    let folders = folders(&tree);
    let name = form.name.trim();
    let (Some((dir, dir_rel)), Ok(year), false) = (
        folders.get(form.dept.trim()),
        form.year.trim().parse::<i64>(),
        name.is_empty(),
    ) else {
        return refusal(
            &app,
            StatusCode::UNPROCESSABLE_ENTITY,
            "serve.new.incomplete",
        );
    };
    let file = format!("{}.toml", file_stem(name));
    let preset = app.session().config().settings.framework;
    let department = form.dept.trim();
    let text = if form.from.is_empty() {
        skeleton::project(name, department, year, preset)
    } else {
        let Some(template) = tree.project_at(&form.from) else {
            return refusal(
                &app,
                StatusCode::UNPROCESSABLE_ENTITY,
                "serve.new.incomplete",
            );
        };
        let project = skeleton::project_from(&template.project, name, department, year);
        let header = [
            app.lang().text(
                "serve.new.copied",
                crate::args!(department = department, year = year, from = form.from),
            ),
            app.t("serve.new.cleared"),
        ];
        crate::toml_writer::write_toml::project_toml(&project, &header)
    };
    let path = dir.join(&file);
    // One save or commit at a time (git's index takes one commit at a time too).
    let _saving = app.saving.lock();
    let mut batch = crate::write::Batch::new();
    batch.create(path.clone(), text.clone().into_bytes(), false);
    if let Err(e) = batch.commit() {
        let status = match e {
            crate::write::WriteError::Exists { .. } => StatusCode::CONFLICT,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        return error_page(&app, status, &e.message(app.lang()));
    }
    let rel = if dir_rel.is_empty() {
        file
    } else {
        format!("{dir_rel}/{file}")
    };
    let to = format!("/edit/{}", enc_path(&rel));
    if let Some(author) = &author {
        let message = |_: Option<&str>| commit::new_message(&app, name, &form.from);
        let back = (to.as_str(), app.t("serve.commit.to_edit"));
        let done = commit::commit(
            &app,
            &path,
            text.as_bytes(),
            author,
            message,
            (back.0, &back.1),
        );
        if let Err(page) = done {
            return *page;
        }
    }
    commit::redirect(&to, author.as_ref())
}
