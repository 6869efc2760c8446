//! The in-process client of the serve tests: the router driven with tower's `oneshot`.

#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use http_body_util::BodyExt;
use perf::i18n::Lang;
use perf::serve::{App, Settings, router};
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
        };
        Self {
            app: Arc::new(App::new(session, settings).unwrap()),
        }
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
        let mut all = fields.to_vec();
        all.push(("csrf".into(), self.app.csrf().to_owned()));
        let body = serde_urlencoded::to_string(&all).unwrap();
        let form = [("content-type", "application/x-www-form-urlencoded")];
        self.request("POST", uri, &form, &body).await
    }
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
