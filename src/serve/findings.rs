//! 问题清单: every finding of the tree, filtered by severity, rule and department, as a page
//! or as CSV (every cell through [`crate::export::csv::protect`], the one guard against
//! formula injection).
//!
//! The page shows [`PAGE_ROWS`] findings at a time with the counts by rule above them: a
//! bureau's tree has tens of thousands of findings (an 18 MB page at 10,000 projects, which no
//! browser shows usefully); the CSV has them all.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::export::csv::protect;
use crate::serve::App;
use crate::serve::html::{enc, enc_path, page, respond, severity_class};
use crate::serve::state::Tree;
use crate::summary::sheet::Finding;

/// The filters of 问题清单 (empty: all).
#[derive(Debug, Default, Deserialize)]
pub struct FindingsQuery {
    /// `error`, `warning` or `note`.
    #[serde(default)]
    pub severity: String,
    /// A rule code.
    #[serde(default)]
    pub rule: String,
    /// A department's full name.
    #[serde(default)]
    pub dept: String,
    /// The page of the list, from 1.
    #[serde(default)]
    pub page: Option<usize>,
}

/// Findings shown on one page of the list.
pub const PAGE_ROWS: usize = 200;

/// A finding the filters keep, before its row is formatted.
struct Match<'a> {
    diagnostic: &'a Diagnostic,
    served: Option<(&'a str, &'a crate::source::LoadedProject)>,
}

/// One finding with where it is.
struct Row<'a> {
    diagnostic: &'a Diagnostic,
    finding: Finding,
    department: String,
    project: Option<(String, String)>,
    rel: Option<String>,
}

/// The full name of the department a served project names (empty for other files).
fn department_of(tree: &Tree, served: Option<(&str, &crate::source::LoadedProject)>) -> String {
    served
        .map(|(_, p)| {
            tree.judged
                .workspace
                .canonical_department(&p.project.department)
                .to_owned()
        })
        .unwrap_or_default()
}

/// The findings the filters keep, in the tree's order. The department is looked up only
/// when it is filtered on: rows shown look theirs up, the others never need it.
fn matching<'a>(tree: &'a Tree, query: &FindingsQuery) -> Vec<Match<'a>> {
    let by_file: std::collections::HashMap<_, _> =
        tree.served().map(|(rel, p)| (p.file, (rel, p))).collect();
    tree.judged
        .diagnostics
        .iter()
        .filter(|d| query.severity.is_empty() || d.severity.as_str() == query.severity)
        .filter(|d| query.rule.is_empty() || d.rule.code.eq_ignore_ascii_case(query.rule.trim()))
        .filter_map(|d| {
            let served = by_file.get(&d.file).copied();
            (query.dept.is_empty() || department_of(tree, served) == query.dept).then_some(Match {
                diagnostic: d,
                served,
            })
        })
        .collect()
}

/// The row of one match: its position in the file is found only for rows shown.
fn row<'a>(tree: &'a Tree, m: Match<'a>) -> Row<'a> {
    Row {
        diagnostic: m.diagnostic,
        finding: Finding::of(&tree.judged.workspace.files, m.diagnostic),
        department: department_of(tree, m.served),
        project: m
            .served
            .map(|(rel, p)| (rel.to_owned(), p.project.name.clone())),
        rel: tree.file_rel(m.diagnostic.file).map(str::to_owned),
    }
}

/// The rules among `matches` with how many findings each has, most first.
fn by_rule(matches: &[Match<'_>]) -> Vec<(&'static str, usize)> {
    let mut counts: std::collections::BTreeMap<&'static str, usize> = Default::default();
    for m in matches {
        *counts.entry(m.diagnostic.rule.code).or_default() += 1;
    }
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
}

/// The query string of the list with `query`'s filters and `page`.
fn list_link(query: &FindingsQuery, rule: &str, page: usize) -> String {
    format!(
        "/findings?severity={}&rule={}&dept={}&page={page}",
        enc(&query.severity),
        enc(rule),
        enc(&query.dept)
    )
}

/// `GET /findings`.
pub async fn list(State(app): State<Arc<App>>, Query(query): Query<FindingsQuery>) -> Response {
    let tree = app.tree();
    let matches = matching(&tree, &query);
    let total = matches.len();
    let rules = by_rule(&matches);
    let pages = total.div_ceil(PAGE_ROWS).max(1);
    let current = query.page.unwrap_or(1).clamp(1, pages);
    let first = (current - 1) * PAGE_ROWS;
    let rows: Vec<Row<'_>> = matches
        .into_iter()
        .skip(first)
        .take(PAGE_ROWS)
        .map(|m| row(&tree, m))
        .collect();
    let t = |key: &str| app.t(key);
    let csv_link = format!(
        "/findings.csv?severity={}&rule={}&dept={}",
        enc(&query.severity),
        enc(&query.rule),
        enc(&query.dept)
    );
    let body = html! {
        form.search method="get" action="/findings" {
            select name="severity" {
                option value="" { (t("serve.all_levels")) }
                @for s in ["error", "warning", "note"] {
                    option value=(s) selected[query.severity == s] { (app.t(&format!("severity.{s}"))) }
                }
            }
            input name="rule" value=(query.rule) placeholder=(t("serve.col.rule")) size="6";
            input name="dept" value=(query.dept) placeholder=(t("serve.col.department"));
            button type="submit" { (t("serve.filter")) }
            " " a href=(csv_link) { (t("serve.csv")) }
        }
        p { (app.lang().text("serve.count", crate::args!(n = total))) }
        @if rules.len() > 1 {
            p.rules { (t("serve.by_rule")) " "
                @for (code, n) in &rules {
                    a href=(list_link(&query, code, 1)) { (code) " (" (n) ")" } " "
                }
            }
        }
        @if pages > 1 {
            p.pages {
                (app.lang().text("serve.page_of", crate::args!(
                    from = first + 1, to = first + rows.len(), page = current, pages = pages)))
                @if current > 1 {
                    " " a rel="prev" href=(list_link(&query, &query.rule, current - 1)) { (t("serve.prev")) }
                }
                @if current < pages {
                    " " a rel="next" href=(list_link(&query, &query.rule, current + 1)) { (t("serve.next")) }
                }
            }
        }
        table.data {
            thead { tr {
                th { (t("serve.col.level")) } th { (t("serve.col.rule")) }
                th { (t("serve.col.department")) } th { (t("serve.col.project")) }
                th { (t("serve.col.message")) }
            } }
            tbody { @for r in &rows {
                tr class=(severity_class(r.diagnostic.severity)) {
                    td { (r.diagnostic.severity.label(app.lang())) }
                    td { a href={ "/rules/" (r.diagnostic.rule.code) } { (r.diagnostic.rule.code) } }
                    td { (r.department) }
                    td { @match &r.project {
                        Some((rel, name)) => a href={ "/project/" (enc_path(rel)) } { (name) },
                        None => @match &r.rel {
                            Some(rel) => a href={ "/project/" (enc_path(rel)) } { (r.finding.file) },
                            None => (r.finding.file),
                        },
                    } }
                    td { (r.diagnostic.message) }
                }
            } }
        }
    };
    respond(StatusCode::OK, page(&app, &t("serve.nav.findings"), body))
}

/// `GET /findings.csv`: the same rows as CSV.
pub async fn csv(State(app): State<Arc<App>>, Query(query): Query<FindingsQuery>) -> Response {
    let tree = app.tree();
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "serve.col.level",
        "serve.col.rule",
        "serve.col.department",
        "serve.col.project",
        "serve.col.file",
        "serve.col.line",
        "serve.col.message",
        "serve.col.help",
    ]
    .map(|k| app.t(k));
    let mut ok = writer
        .write_record(header.iter().map(|h| protect(h).into_owned()))
        .is_ok();
    for r in matching(&tree, &query).into_iter().map(|m| row(&tree, m)) {
        let f = &r.finding;
        let record = [
            f.severity.label(app.lang()),
            f.code.to_owned(),
            r.department.clone(),
            r.project.map(|(_, name)| name).unwrap_or_default(),
            f.file.clone(),
            f.line.to_string(),
            f.message.clone(),
            f.help.clone().unwrap_or_default(),
        ];
        ok &= writer
            .write_record(record.iter().map(|c| protect(c).into_owned()))
            .is_ok();
    }
    match writer.into_inner() {
        Ok(bytes) if ok => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"findings.csv\"",
                ),
            ],
            bytes,
        )
            .into_response(),
        _ => crate::serve::guard::refusal(
            &app,
            StatusCode::INTERNAL_SERVER_ERROR,
            "serve.csv_failed",
        ),
    }
}
