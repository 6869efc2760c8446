//! `perf serve`, the web workbench, as a library: an axum [`Router`] that is a thin front end
//! over [`crate::session::Session`]. Every page reads the tree the session loaded and judged;
//! live findings come from [`crate::session::Session::check_text`]; saves go through
//! [`crate::write`]. No rule, level or suppression step is repeated here.
//!
//! The binary (`src/cli/serve.rs`) binds the socket, prints the URL and runs the runtime; this
//! module never prints, reads the environment or the clock.
//!
//! - [`state`]: the loaded tree, reloaded when a scan finds a file changed on disk;
//! - [`guard`]: Host/Origin, access token, CSRF token, read-only, body limit, CSP;
//! - [`html`]: the page shell and small view helpers (maud, auto-escaping);
//! - [`pages`], [`project`], [`findings`]: the read-only pages; [`download`]: xlsx and JSON;
//! - [`edit`]: the edit form, its save and live check; [`new`]: 新建, a project from the
//!   skeleton; [`import`]: 导入, a document uploaded, previewed and written on confirmation.
//! - [`commit`]: `--commit`, every save one git commit; [`history`]: a project's commits.

pub mod commit;
pub mod download;
pub mod edit;
pub mod findings;
pub mod guard;
pub mod history;
pub mod html;
pub mod import;
pub mod new;
pub mod pages;
pub mod project;
pub mod state;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

pub use state::{App, Scan, Settings};

/// The largest request body accepted (a project file's form is a few KiB).
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The largest body of an upload to `POST /import`: the import's own limit on the document
/// ([`crate::import::limits::MAX_INPUT_BYTES`]) and room for the form's other fields.
pub const UPLOAD_LIMIT: usize = crate::import::limits::MAX_INPUT_BYTES as usize + 64 * 1024;

/// The address of the upload, which alone gets [`UPLOAD_LIMIT`].
pub const UPLOAD_PATH: &str = "/import";

/// The router of the workbench over `app`.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(pages::overview))
        .route("/dept/{name}", get(pages::department))
        .route("/project/{*path}", get(project::page))
        .route("/history/{*path}", get(history::page_of))
        .route("/rules/{code}", get(project::rule))
        .route("/new", get(new::form).post(new::create))
        .route(
            UPLOAD_PATH,
            get(import::form)
                .post(import::preview)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/import/confirm", post(import::confirm))
        .route("/findings", get(findings::list))
        .route("/findings.csv", get(findings::csv))
        .route("/download/project/{*path}", get(download::project))
        .route("/download/dept/{name}", get(download::department))
        .route("/download/{file}", get(download::tree))
        .route("/edit/{*path}", get(edit::form).post(edit::save))
        .route("/check/{*path}", post(edit::check))
        .route("/stamp", get(html::stamp))
        .route("/assets/serve.css", get(html::css))
        .route("/assets/serve.js", get(html::js))
        .fallback(html::not_found)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            guard::guard,
        ))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(app)
}
