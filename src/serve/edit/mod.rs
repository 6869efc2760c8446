//! 编辑: one HTML form for a whole project file, its save and its live check.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use crate::serve::App;
use crate::serve::guard::refusal;

/// `GET /edit/{path}`.
pub async fn form(State(app): State<Arc<App>>, Path(_rel): Path<String>) -> Response {
    refusal(&app, StatusCode::NOT_FOUND, "serve.not_found")
}

/// `POST /edit/{path}`.
pub async fn save(State(app): State<Arc<App>>, Path(_rel): Path<String>) -> Response {
    refusal(&app, StatusCode::NOT_FOUND, "serve.not_found")
}

/// `POST /check/{path}`.
pub async fn check(State(app): State<Arc<App>>, Path(_rel): Path<String>) -> Response {
    refusal(&app, StatusCode::NOT_FOUND, "serve.not_found")
}
