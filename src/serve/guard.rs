//! The checks every request passes before a handler sees it, and the headers every answer
//! carries:
//! - `Host` must be one the server answers to and `Origin`, when sent, must be that host:
//!   a page of another site, even one whose name resolves to 127.0.0.1 (DNS rebinding),
//!   gets 403;
//! - with an access token, the request must carry it (`Authorization: Bearer`, the
//!   `perf_token` cookie, or `?token=` once, which sets the cookie), compared in constant time;
//! - every POST is refused with 405 on a read-only server, and otherwise must carry the
//!   server's CSRF token (the `csrf` form field — of a urlencoded or a multipart form — or
//!   the `X-CSRF-Token` header); the body is read up to [`crate::serve::BODY_LIMIT`], the
//!   upload of 导入 up to [`crate::serve::UPLOAD_LIMIT`] (413 past it);
//! - answers carry CSP `default-src 'self'` and friends.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::serve::App;
use crate::serve::html::error_page;
use crate::serve::import::upload;

/// Runs the checks, then the handler, then adds the security headers.
pub async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let mut response = match checked(&app, request).await {
        Ok((request, set_cookie)) => {
            // A request that may have written: the next one scans, so the writer's next page
            // shows what was written. The live check is a POST that only reads, and the most
            // frequent request of all (one per pause in typing): it does not.
            let writes = !matches!(*request.method(), Method::GET | Method::HEAD)
                && !request.uri().path().starts_with("/check/");
            let mut response = next.run(request).await;
            if writes {
                app.mark_scan_due();
            }
            if let Some(cookie) = set_cookie {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            response
        }
        Err(refusal) => refusal,
    };
    let headers = response.headers_mut();
    let fixed = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; form-action 'self'; frame-ancestors 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

async fn checked(app: &App, request: Request) -> Result<(Request, Option<HeaderValue>), Response> {
    let refuse = |status: StatusCode, key: &str| error_page(app, status, &app.t(key));
    let headers = request.headers();
    let host = header_str(headers, header::HOST).unwrap_or_default();
    if !app.allows_host(host) {
        return Err(refuse(StatusCode::FORBIDDEN, "serve.refused_host"));
    }
    if let Some(origin) = header_str(headers, header::ORIGIN) {
        let ok = ["http://", "https://"].iter().any(|scheme| {
            origin
                .strip_prefix(scheme)
                .is_some_and(|h| app.allows_host(h))
        });
        if !ok {
            return Err(refuse(StatusCode::FORBIDDEN, "serve.refused_origin"));
        }
    }
    let mut set_cookie = None;
    if let Some(token) = &app.settings().token {
        let from_query = query_value(request.uri().query(), "token");
        let given = bearer(headers)
            .or_else(|| cookie(headers, "perf_token"))
            .or(from_query.as_deref());
        if !given.is_some_and(|g| same(g.as_bytes(), token.as_bytes())) {
            return Err(refuse(StatusCode::UNAUTHORIZED, "serve.refused_token"));
        }
        if from_query.is_some() {
            let value = format!("perf_token={token}; HttpOnly; SameSite=Strict; Path=/");
            set_cookie = HeaderValue::from_str(&value).ok();
        }
    }
    if request.method() == Method::GET || request.method() == Method::HEAD {
        return Ok((request, set_cookie));
    }
    if app.settings().read_only {
        return Err(refuse(StatusCode::METHOD_NOT_ALLOWED, "serve.read_only"));
    }
    if request.method() != Method::POST {
        return Err(refuse(StatusCode::METHOD_NOT_ALLOWED, "serve.method"));
    }
    let (parts, body) = request.into_parts();
    // The upload has the import's own limit, and says so in its words.
    let upload = parts.uri.path() == crate::serve::UPLOAD_PATH;
    let limit = if upload {
        crate::serve::UPLOAD_LIMIT
    } else {
        crate::serve::BODY_LIMIT
    };
    let bytes = match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => bytes,
        Err(_) if upload => return Err(crate::serve::import::too_large(app)),
        Err(_) => return Err(refuse(StatusCode::PAYLOAD_TOO_LARGE, "serve.too_large")),
    };
    // A multipart form (the upload) carries the token as one of its fields.
    let from_form = match upload::boundary(&parts.headers) {
        Some(boundary) => upload::fields(bytes.clone(), &boundary)
            .await
            .ok()
            .map(|fields| upload::text(&fields, "csrf").to_owned()),
        None => form_value(&bytes, "csrf"),
    };
    let given = header_str(&parts.headers, "x-csrf-token").or(from_form.as_deref());
    if !given.is_some_and(|g| same(g.as_bytes(), app.csrf().as_bytes())) {
        return Err(refuse(StatusCode::FORBIDDEN, "serve.refused_csrf"));
    }
    Ok((Request::from_parts(parts, Body::from(bytes)), set_cookie))
}

impl App {
    /// Whether `host` (a `Host` header, or an origin without its scheme) is this server.
    pub fn allows_host(&self, host: &str) -> bool {
        let settings = self.settings();
        settings.hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
            || settings
                .any_ip_on_port
                .is_some_and(|port| ip_with_port(host, port))
    }
}

/// Whether `host` is an IP address (v6 in brackets) followed by `:port`.
fn ip_with_port(host: &str, port: u16) -> bool {
    host.parse::<std::net::SocketAddr>()
        .is_ok_and(|address| address.port() == port)
}

/// Compares two secrets in time that depends only on their lengths.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn header_str(headers: &HeaderMap, name: impl header::AsHeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    header_str(headers, header::AUTHORIZATION)?.strip_prefix("Bearer ")
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then_some(v)
        })
}

fn query_value(query: Option<&str>, name: &str) -> Option<String> {
    form_value(query?.as_bytes(), name)
}

fn form_value(bytes: &[u8], name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes).ok()?;
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// The answer to a refused request, for handlers that refuse on their own.
pub fn refusal(app: &App, status: StatusCode, key: &str) -> Response {
    error_page(app, status, &app.t(key))
}
