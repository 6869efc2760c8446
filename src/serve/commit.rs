//! `perf serve --commit`: who is saving, what the commit says, and the page when the commit
//! fails after the file was written.
//!
//! The author is the name the user typed once into the 你的姓名 field of the edit and 新建
//! forms; it is kept in the `perf_author` cookie (percent-encoded) and offered again. It is
//! checked by [`Author::new`] (no line breaks, `<` or `>`) before anything is written. The
//! message is made from perf's own diff of the file as HEAD has it and as written (what the
//! commit changes) ([`crate::diff::compare`],
//! [`crate::diff::render::change_lines`]): `修改 项目：成本指标“项目金额” =7000万元 → ≤4000万元`
//! as the subject, one line per change in the body. Git itself runs in
//! [`crate::source::git_commit`].

use std::path::Path;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use crate::args;
use crate::diff::compare::compare_project;
use crate::diff::render::change_lines;
use crate::serve::App;
use crate::serve::html::{enc, error_page, page, respond};
use crate::source::git::Repo;
use crate::source::git_commit::{Author, AuthorProblem, MAX_AUTHOR_CHARS};

/// The cookie the author's name is kept in.
pub const COOKIE: &str = "perf_author";

/// The name in the `perf_author` cookie, decoded; empty when there is none.
pub fn remembered(headers: &HeaderMap) -> String {
    crate::serve::guard::cookie(headers, COOKIE)
        .and_then(|v| serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("v={v}")).ok())
        .and_then(|pairs| pairs.into_iter().next().map(|(_, v)| v))
        .unwrap_or_default()
}

/// Who saves, when the server commits: the form's `author` field, else the cookie. `Ok(None)`
/// without `--commit`; the refusal page (nothing written) when the name is missing or bad.
pub fn author_of(
    app: &App,
    headers: &HeaderMap,
    pairs: &[(String, String)],
) -> Result<Option<Author>, Box<Response>> {
    if !app.settings().commit {
        return Ok(None);
    }
    let typed = pairs
        .iter()
        .find(|(k, _)| k == "author")
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.trim().is_empty());
    let name = typed.map_or_else(|| remembered(headers), str::to_owned);
    Author::new(&name).map(Some).map_err(|problem| {
        let key = match problem {
            AuthorProblem::Empty => "serve.commit.no_author",
            AuthorProblem::TooLong => "serve.commit.author_too_long",
            AuthorProblem::BadCharacter => "serve.commit.author_bad",
        };
        let message = app.lang().text(key, args!(max = MAX_AUTHOR_CHARS));
        Box::new(error_page(app, StatusCode::UNPROCESSABLE_ENTITY, &message))
    })
}

/// The 你的姓名 field of a form, filled with the remembered name; nothing without `--commit`.
pub fn author_field(app: &App, headers: &HeaderMap) -> Markup {
    let t = |key: &str| app.t(key);
    html! {
        @if app.settings().commit {
            p.author {
                label for="author" { (t("serve.commit.your_name")) } " "
                input #author type="text" name="author" value=(remembered(headers))
                    required maxlength=(MAX_AUTHOR_CHARS);
                " " small { (t("serve.commit.author_hint")) }
            }
        }
    }
}

/// `response` with the author's cookie set, so the name is offered next time.
pub fn remember(mut response: Response, author: Option<&Author>) -> Response {
    if let Some(author) = author {
        let value = format!(
            "{COOKIE}={}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Strict",
            enc(author.name())
        );
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The message of a save of the project file at `path` (tree address `rel`) from `old` to
/// `new`: `修改 名称：first change[ 等 N 处]`, then every change with its reading.
pub fn edit_message(app: &App, path: &Path, rel: &str, old: &str, new: &str) -> String {
    let lang = app.lang();
    let tree = app.tree();
    let session = app.session();
    let before = session
        .check_text(&tree.judged.workspace, path, old)
        .project;
    let after = session
        .check_text(&tree.judged.workspace, path, new)
        .project;
    let name = after
        .as_ref()
        .or(before.as_ref())
        .map_or_else(|| rel.to_owned(), |p| p.project.name.trim().to_owned());
    let diff = compare_project(
        before.as_ref().map(|p| &p.project),
        after.as_ref().map(|p| &p.project),
        rel,
        lang,
    );
    let short = diff
        .as_ref()
        .map(|d| change_lines(d, lang, false))
        .unwrap_or_default();
    let long = diff
        .as_ref()
        .map(|d| change_lines(d, lang, true))
        .unwrap_or_default();
    let subject = match short.as_slice() {
        [] => lang.text("serve.commit.edit_other", args!(name = name)),
        [one] => lang.text("serve.commit.edit_one", args!(name = name, change = one)),
        [first, ..] => lang.text(
            "serve.commit.edit_many",
            args!(name = name, change = first, n = short.len()),
        ),
    };
    message(&subject, &long)
}

/// The message of 新建: `新建 名称`, and the project it was copied from.
pub fn new_message(app: &App, name: &str, from: &str) -> String {
    let lang = app.lang();
    let subject = lang.text("serve.commit.new", args!(name = name));
    let body = if from.is_empty() {
        Vec::new()
    } else {
        vec![lang.text("serve.commit.new_from", args!(from = from))]
    };
    message(&subject, &body)
}

fn message(subject: &str, body: &[String]) -> String {
    // One line each: a name with a line break in it cannot break the message's shape.
    let one_line = |s: &str| s.replace(['\r', '\n'], " ");
    let mut text = one_line(subject);
    text.push('\n');
    if !body.is_empty() {
        text.push('\n');
    }
    for line in body {
        text.push_str(&one_line(line));
        text.push('\n');
    }
    text
}

/// Commits `file`, just written with `written`, as `author`. The message is made by `message`
/// from the file as HEAD has it (`None` when git does not have it yet), so that it says what
/// the commit changes. When HEAD already has exactly `written`, there is nothing to commit:
/// `Ok(None)`. On failure, the page that says the file is saved but not committed, with git's
/// words and a link on (`back`: the address and its words).
pub fn commit(
    app: &App,
    file: &Path,
    written: &[u8],
    author: &Author,
    message: impl FnOnce(Option<&str>) -> String,
    back: (&str, &str),
) -> Result<Option<String>, Box<Response>> {
    let dir = file.parent().unwrap_or(Path::new("."));
    let done = Repo::discover(dir).and_then(|repo| {
        let head = repo.file_at("HEAD", file)?;
        if head.as_deref() == Some(written) {
            return Ok(None);
        }
        let text = message(head.as_deref().and_then(|b| std::str::from_utf8(b).ok()));
        repo.commit_files(&[file.to_path_buf()], author, &text)
            .map(Some)
    });
    done.map_err(|e| {
        let t = |key: &str| app.t(key);
        let shown = file.display().to_string();
        let body = html! {
            p.error { (app.lang().text("serve.commit.failed", args!(files = shown))) }
            pre { (e.message(app.lang())) }
            p { (t("serve.commit.failed_hint")) }
            p { a.button href=(back.0) { (back.1) } }
        };
        Box::new(remember(
            respond(
                StatusCode::INTERNAL_SERVER_ERROR,
                page(app, &t("serve.commit.failed_title"), body),
            ),
            Some(author),
        ))
    })
}

/// A redirect to `to`, the author remembered.
pub fn redirect(to: &str, author: Option<&Author>) -> Response {
    remember(axum::response::Redirect::to(to).into_response(), author)
}
