//! 下载: what the pages show, in the formats `perf export` and `perf report` write — the
//! whole tree as an Excel workbook (汇总 and one sheet per project in the official layout),
//! JSON, a SQLite database, or the self-contained HTML report; and one project's official
//! table as a workbook. Built by [`crate::export`] and [`crate::report::html`], as the CLI
//! builds them; the server only names the file.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::export::{Dataset, dataset, json, xlsx};
use crate::report::html::{Tracking, render};
use crate::serve::App;
use crate::serve::guard::refusal;
use crate::track::date::Date;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn attachment(app: &App, bytes: Vec<u8>, kind: &'static str, name: &str) -> Response {
    // The name in UTF-8 (RFC 5987) with an ASCII fallback: browsers show 中文 names.
    let encoded = crate::serve::html::enc(name);
    let disposition = format!("attachment; filename=\"perf-download\"; filename*=UTF-8''{encoded}");
    match HeaderValue::from_str(&disposition) {
        Ok(value) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
                (header::CONTENT_DISPOSITION, value),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => refusal(
            app,
            StatusCode::INTERNAL_SERVER_ERROR,
            "serve.download_failed",
        ),
    }
}

fn workbook(app: &App, data: &Dataset, name: &str) -> Response {
    match xlsx::write(data) {
        Ok(bytes) => attachment(app, bytes, XLSX, name),
        Err(_) => refusal(
            app,
            StatusCode::INTERNAL_SERVER_ERROR,
            "serve.download_failed",
        ),
    }
}

/// `GET /download/perf.xlsx` and `/download/perf.json`: the whole tree.
pub async fn tree(State(app): State<Arc<App>>, Path(file): Path<String>) -> Response {
    let tree = app.tree();
    let data = dataset(&tree.judged.workspace, &tree.judged.diagnostics);
    match file.as_str() {
        "perf.xlsx" => workbook(&app, &data, &file),
        "perf.json" => {
            let mut bytes = Vec::new();
            match json::write(&mut bytes, &data) {
                Ok(()) => attachment(&app, bytes, "application/json", &file),
                Err(_) => refusal(
                    &app,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "serve.download_failed",
                ),
            }
        }
        "perf.sqlite" => match sqlite(&data) {
            Ok(bytes) => attachment(&app, bytes, "application/vnd.sqlite3", &file),
            Err(_) => refusal(
                &app,
                StatusCode::INTERNAL_SERVER_ERROR,
                "serve.download_failed",
            ),
        },
        "report.html" => {
            let as_of = app
                .settings()
                .today
                .map_or_else(|| year_end(&tree.judged.workspace), |today| today());
            let tracking = Tracking {
                as_of,
                settings: &app.session().config().settings.execution,
            };
            let mut bytes = Vec::new();
            match render(
                &mut bytes,
                &tree.judged.workspace,
                &tree.judged.diagnostics,
                tracking,
                app.lang(),
            ) {
                Ok(()) => attachment(&app, bytes, "text/html; charset=utf-8", &file),
                Err(_) => refusal(
                    &app,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "serve.download_failed",
                ),
            }
        }
        _ => refusal(&app, StatusCode::NOT_FOUND, "serve.not_found"),
    }
}

/// The database `perf export --format sqlite` writes, made in a private temporary folder
/// (SQLite writes a file, not a buffer) and read back.
fn sqlite(data: &Dataset) -> std::io::Result<Vec<u8>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("perf.sqlite");
    {
        let mut conn = rusqlite::Connection::open(&path).map_err(std::io::Error::other)?;
        crate::export::sqlite::write(&mut conn, data).map_err(std::io::Error::other)?;
    }
    std::fs::read(&path)
}

/// 31 December of the newest budget year in the tree (the report's monitoring date when no
/// clock is given).
fn year_end(workspace: &crate::source::Workspace) -> Date {
    let year = workspace
        .projects
        .iter()
        .filter_map(|p| p.project.year)
        .max()
        .unwrap_or(2024);
    Date::new(year, 12, 31).unwrap_or_else(|| Date::from_days_since_epoch(0))
}

/// `GET /download/dept/{name}`: a department's projects as the workbook `perf template --dept`
/// writes — the official layout a clerk fills in and brings back through 导入.
pub async fn department(State(app): State<Arc<App>>, Path(name): Path<String>) -> Response {
    let tree = app.tree();
    let data = crate::export::template::only(
        dataset(&tree.judged.workspace, &tree.judged.diagnostics),
        &name,
        None,
    );
    if data.projects.is_empty() {
        return refusal(&app, StatusCode::NOT_FOUND, "serve.not_found");
    }
    workbook(&app, &data, &format!("{name}绩效目标表.xlsx"))
}

/// `GET /download/project/{path}`: one project's official table as a workbook.
pub async fn project(State(app): State<Arc<App>>, Path(rel): Path<String>) -> Response {
    let tree = app.tree();
    let workspace = &tree.judged.workspace;
    let Some(file) = tree
        .project_at(&rel)
        .and_then(|p| workspace.file(p.file))
        .map(|f| f.path.display().to_string())
    else {
        return refusal(&app, StatusCode::NOT_FOUND, "serve.not_found");
    };
    let mut data = dataset(workspace, &tree.judged.diagnostics);
    data.projects.retain(|p| p.sheet.file == file);
    let departments: Vec<usize> = data.projects.iter().map(|p| p.department_id).collect();
    data.departments.retain(|d| departments.contains(&d.id));
    data.other_findings.clear();
    let name = rel
        .rsplit('/')
        .next()
        .unwrap_or(&rel)
        .trim_end_matches(".toml");
    workbook(&app, &data, &format!("{name}.xlsx"))
}
