//! The page shell every page shares, the embedded assets, and small view helpers.
//!
//! Pages are maud templates: the markup is checked when perf is compiled and every value put
//! into it is escaped unless wrapped in `PreEscaped` (never done here with user data), so a
//! project named `<script>` shows as text.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
use rust_decimal::Decimal;

use crate::diag::Severity;
use crate::i18n::Lang;
use crate::serve::App;

const CSS: &str = include_str!("assets/serve.css");
const JS: &str = include_str!("assets/serve.js");

/// `GET /assets/serve.css`.
pub async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS).into_response()
}

/// `GET /assets/serve.js`.
pub async fn js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        JS,
    )
        .into_response()
}

/// A whole page: `title` and `body` in the shell with the navigation.
pub fn page(app: &App, title: &str, body: Markup) -> Markup {
    let lang = match app.lang() {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    html! {
        (DOCTYPE)
        html lang=(lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="csrf-token" content=(app.csrf());
                meta name="perf-stamp" content=(app.stamp());
                title { (title) " · perf" }
                link rel="stylesheet" href="/assets/serve.css";
                script src="/assets/serve.js" defer {}
            }
            body {
                nav {
                    a href="/" { (app.t("serve.nav.overview")) }
                    a href="/findings" { (app.t("serve.nav.findings")) }
                    @if app.settings().read_only {
                        span.badge { (app.t("serve.read_only_badge")) }
                    } @else {
                        a href="/new" { (app.t("serve.new.title")) }
                        a href="/import" { (app.t("serve.import.title")) }
                    }
                }
                p #changed hidden { (app.t("serve.changed")) " " a href="" { (app.t("serve.reload")) } }
                main { h1 { (title) } (body) }
            }
        }
    }
}

/// `GET /stamp`: the tree's stamp after a scan, for open pages to notice changes on disk.
pub async fn stamp(
    axum::extract::State(app): axum::extract::State<std::sync::Arc<App>>,
) -> Response {
    app.tree();
    (
        [
            (header::CONTENT_TYPE, "text/plain"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        app.stamp(),
    )
        .into_response()
}

/// A page with `status`.
pub fn respond(status: StatusCode, markup: Markup) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        markup.into_string(),
    )
        .into_response()
}

/// A page saying why a request could not be answered.
pub fn error_page(app: &App, status: StatusCode, message: &str) -> Response {
    let title = app
        .lang()
        .text("serve.error_title", crate::args!(status = status.as_u16()));
    respond(status, page(app, &title, html! { p.error { (message) } }))
}

/// The fallback: 404.
pub async fn not_found(
    axum::extract::State(app): axum::extract::State<std::sync::Arc<App>>,
) -> Response {
    error_page(&app, StatusCode::NOT_FOUND, &app.t("serve.not_found"))
}

/// An amount in 万元 for a table: rounded to cents, trailing zeros dropped.
pub fn wan(amount: Option<Decimal>) -> String {
    amount
        .map(|a| crate::model::money::round2(a).normalize().to_string())
        .unwrap_or_default()
}

/// The CSS class of a severity.
pub fn severity_class(severity: Severity) -> &'static str {
    severity.as_str()
}

/// Percent-encodes one path segment or query value for a link.
pub fn enc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A link path for a tree address (`dept/file.toml`): each segment encoded, slashes kept.
pub fn enc_path(rel: &str) -> String {
    rel.split('/').map(enc).collect::<Vec<_>>().join("/")
}
