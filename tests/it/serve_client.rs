//! The in-process client of the serve tests: the router driven with tower's `oneshot`.

#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use perf::i18n::Lang;
use perf::serve::{App, Scan, Settings, router};
use perf::session::{Options, Session};
use tower::ServiceExt;

/// A server over one tree, answering to `127.0.0.1:8000` and `localhost:8000`.
pub struct Client {
    pub app: Arc<App>,
}

impl Client {
    pub fn new(root: &Path, read_only: bool) -> Self {
        Self::build(root, read_only, None, Lang::Zh)
    }

    pub fn budgets(read_only: bool) -> Self {
        Self::new(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("budgets"),
            read_only,
        )
    }

    pub fn with_token(token: &str) -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("budgets");
        Self::build(&root, false, Some(token.to_owned()), Lang::Zh)
    }

    pub fn english() -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("budgets");
        Self::build(&root, false, None, Lang::En)
    }

    /// A read-only server listening on every address, port 8000.
    pub fn everywhere() -> Self {
        let mut client = Self::budgets(true);
        let mut settings = client.app.settings().clone();
        settings.any_ip_on_port = Some(8000);
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("budgets");
        let session = Session::open(&[root], &Options::default()).unwrap();
        client.app = Arc::new(App::new(session, settings).unwrap());
        client
    }

    /// A server that scans for changed files only when a scan is due, as `perf serve` runs.
    pub fn when_due(root: &Path) -> Self {
        let client = Self::new(root, false);
        let mut settings = client.app.settings().clone();
        settings.scan = Scan::WhenDue;
        let session = Session::open(&[PathBuf::from(root)], &Options::default()).unwrap();
        Self {
            app: Arc::new(App::new(session, settings).unwrap()),
        }
    }

    fn build(root: &Path, read_only: bool, token: Option<String>, lang: Lang) -> Self {
        let options = Options {
            lang,
            ..Options::default()
        };
        let session = Session::open(&[PathBuf::from(root)], &options).unwrap();
        let settings = Settings {
            read_only,
            token,
            hosts: vec!["127.0.0.1:8000".into(), "localhost:8000".into()],
            any_ip_on_port: None,
            ..Settings::default()
        };
        Self {
            app: Arc::new(App::new(session, settings).unwrap()),
        }
    }

    /// A server over `root` that commits every save (`perf serve --commit`).
    pub fn committing(root: &Path) -> Self {
        let mut client = Self::new(root, false);
        let mut settings = client.app.settings().clone();
        settings.commit = true;
        let session = Session::open(&[PathBuf::from(root)], &Options::default()).unwrap();
        client.app = Arc::new(App::new(session, settings).unwrap());
        client
    }

    pub async fn raw(
        &self,
        method: &str,
        uri: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Response<Body> {
        let mut request = Request::builder().method(method).uri(uri);
        if !headers.iter().any(|(k, _)| *k == "host") {
            request = request.header("host", "127.0.0.1:8000");
        }
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let request = request.body(Body::from(body.to_owned())).unwrap();
        router(Arc::clone(&self.app))
            .oneshot(request)
            .await
            .unwrap()
    }

    /// Sends `body` as bytes.
    pub async fn raw_bytes(
        &self,
        method: &str,
        uri: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Response<Body> {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header("host", "127.0.0.1:8000");
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let request = request.body(Body::from(body)).unwrap();
        router(Arc::clone(&self.app))
            .oneshot(request)
            .await
            .unwrap()
    }

    /// POSTs a `multipart/form-data` form: `fields` as text, then `file` (its name as the
    /// browser sends it, and its bytes); the CSRF token first when `csrf`.
    pub async fn upload(
        &self,
        uri: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
        csrf: bool,
    ) -> (StatusCode, String) {
        let response = self
            .raw_bytes(
                "POST",
                uri,
                &[("content-type", "multipart/form-data; boundary=XperfX")],
                multipart(fields, file, csrf.then(|| self.app.csrf())),
            )
            .await;
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    }

    pub async fn request(
        &self,
        method: &str,
        uri: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (StatusCode, String) {
        let response = self.raw(method, uri, headers, body).await;
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    }

    pub async fn get(&self, uri: &str) -> (StatusCode, String) {
        self.request("GET", uri, &[], "").await
    }

    /// POSTs `fields` as a form with the CSRF token.
    pub async fn post(&self, uri: &str, fields: &[(String, String)]) -> (StatusCode, String) {
        let response = self.post_with(uri, fields, &[]).await;
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    }

    /// POSTs `fields` as a form with the CSRF token and `headers` (a cookie), answering the
    /// whole response.
    pub async fn post_with(
        &self,
        uri: &str,
        fields: &[(String, String)],
        headers: &[(&str, &str)],
    ) -> Response<Body> {
        let mut all = fields.to_vec();
        all.push(("csrf".into(), self.app.csrf().to_owned()));
        let body = serde_urlencoded::to_string(&all).unwrap();
        let mut with_form = vec![("content-type", "application/x-www-form-urlencoded")];
        with_form.extend_from_slice(headers);
        self.raw("POST", uri, &with_form, &body).await
    }

    /// GETs `uri` with `headers`.
    pub async fn get_with(&self, uri: &str, headers: &[(&str, &str)]) -> (StatusCode, String) {
        self.request("GET", uri, headers, "").await
    }
}

/// A `multipart/form-data` body with the boundary `XperfX`.
pub fn multipart(
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
    csrf: Option<&str>,
) -> Vec<u8> {
    let mut body = Vec::new();
    let text = |name: &str, value: &str, body: &mut Vec<u8>| {
        body.extend_from_slice(
            format!(
                "--XperfX\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    };
    if let Some(token) = csrf {
        text("csrf", token, &mut body);
    }
    for (name, value) in fields {
        text(name, value, &mut body);
    }
    if let Some((name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--XperfX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"--XperfX--\r\n");
    body
}

/// Percent-encodes a tree address for a URL, slashes kept.
pub fn enc_path(rel: &str) -> String {
    perf::serve::html::enc_path(rel)
}

/// Copies the files of `from` into `to` (folders made).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The fields a browser would submit from the first `<form class="edit">` of `page`:
/// inputs (checkboxes only when checked), textareas and the selected option of each select.
pub fn form_fields(page: &str) -> Vec<(String, String)> {
    let start = page.find("<form class=\"edit\"").expect("an edit form");
    let end = start + page[start..].find("</form>").unwrap();
    let form = &page[start..end];
    let mut fields = Vec::new();
    let mut rest = form;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let tag_end = rest.find('>').unwrap();
        let tag = &rest[..tag_end];
        let name = attr(tag, "name");
        if let Some(name) = name {
            if tag.starts_with("input") {
                let checkbox = attr(tag, "type").as_deref() == Some("checkbox");
                if !checkbox || tag.contains(" checked") {
                    fields.push((name, attr(tag, "value").unwrap_or_default()));
                }
            } else if tag.starts_with("textarea") {
                let body = &rest[tag_end + 1..];
                let close = body.find("</textarea>").unwrap();
                fields.push((name, unescape(&body[..close])));
            } else if tag.starts_with("select") {
                let body = &rest[tag_end + 1..];
                let close = body.find("</select>").unwrap();
                let options = &body[..close];
                let chosen = options
                    .split("<option")
                    .find(|o| o.contains(" selected"))
                    .or_else(|| options.split("<option").nth(1))
                    .and_then(|o| attr(o, "value"))
                    .unwrap_or_default();
                fields.push((name, chosen));
            }
        }
        rest = &rest[tag_end..];
    }
    fields
}

/// `fields` with `name` set to `value` (added when missing).
pub fn with(fields: &[(String, String)], name: &str, value: &str) -> Vec<(String, String)> {
    let mut out = fields.to_vec();
    match out.iter_mut().find(|(k, _)| k == name) {
        Some(slot) => slot.1 = value.to_owned(),
        None => out.push((name.to_owned(), value.to_owned())),
    }
    out
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = tag[at..].find('"')?;
    Some(unescape(&tag[at..at + end]))
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Copies the bundled department 高新区人社局 into `dir`; returns the path of its
/// 被征地农民社会保障费.toml (the file with the seed's C001).
pub fn seed_department_copy(dir: &Path) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("budgets/高新区人社局");
    let to = dir.join("高新区人社局");
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
    to.join("被征地农民社会保障费.toml")
}

/// The address of the first department page linked from 总览 (`/dept/…`, percent-encoded).
pub fn first_department_link(overview: &str) -> String {
    let start = overview.find("href=\"/dept/").unwrap() + "href=\"".len();
    overview[start..start + overview[start..].find('"').unwrap()].to_owned()
}

/// The preview's id, from its 确认写入 form.
pub fn preview_id(page: &str) -> String {
    let at = page.find("name=\"id\" value=\"").expect("a confirm form") + 17;
    page[at..at + 32].to_owned()
}

/// POSTs the confirmation of `id`: the status and the redirect's target.
pub async fn confirm(client: &Client, id: &str) -> (StatusCode, String) {
    let body = format!("id={id}&csrf={}", client.app.csrf());
    let response = client
        .raw_bytes(
            "POST",
            "/import/confirm",
            &[("content-type", "application/x-www-form-urlencoded")],
            body.into_bytes(),
        )
        .await;
    let status = response.status();
    let location = response
        .headers()
        .get(header::LOCATION)
        .map(|l| l.to_str().unwrap().to_owned());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    (status, location.unwrap_or(text))
}
