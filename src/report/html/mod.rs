//! The HTML report (`perf report`): one self-contained file — inline CSS and SVG, no script,
//! no external font or image — that still works when e-mailed or printed.
//!
//! Layout: a cover line with the totals, a table of contents, then per department an overview
//! (totals, the plan curve against 序时进度, budgets as bars, a project table, findings by
//! severity and rule), for a department with execution data its 绩效运行监控 and 绩效自评
//! sections (`tracking`), then one section per project in the official table layout with
//! its findings. Every text that comes from a file goes through [`esc`].

mod project;
pub mod svg;
mod tracking;

pub use tracking::Tracking;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use rust_decimal::Decimal;

use crate::args;
use crate::diag::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::model::money::format2;
use crate::source::Workspace;
use crate::summary::pivot::largest_remainder;
use crate::summary::sheet::{Finding, ProjectSheet, sheets};
use crate::summary::{DEFAULT_MONTHS, DepartmentRow, Filter, summarise_in};

/// The stylesheet, inlined into every report.
const CSS: &str = include_str!("report.css");

/// Escapes text for HTML element content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text, setting `code` spans (between backticks, as messages write values) in
/// `<code>`.
pub fn esc_code(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    // An odd number of backticks leaves the last one unpaired: keep the text as written.
    if parts.len().is_multiple_of(2) {
        return esc(text);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", esc(part))
            } else {
                esc(part)
            }
        })
        .collect()
}

/// Writes the report of a workspace and its findings (`diagnostics` point into its files),
/// monitored at `tracking`'s date, its text in `lang`.
pub fn render(
    out: &mut dyn Write,
    workspace: &Workspace,
    diagnostics: &[Diagnostic],
    tracking: Tracking<'_>,
    lang: Lang,
) -> io::Result<()> {
    let t = |key: &str| esc(&lang.text(key, &[]));
    let all_sheets = sheets(workspace, diagnostics);
    let summary = summarise_in(workspace, &Filter::default(), &DEFAULT_MONTHS, lang).into_rounded();
    let months: Vec<u32> = (1..=12).collect();
    let monthly = summarise_in(workspace, &Filter::default(), &months, lang);

    // Each project goes under its department's overview; those the summary left out (no
    // year or budget) are listed at the end, so every project is in the report.
    let mut placed = vec![false; all_sheets.len()];
    let mut groups: Vec<(&DepartmentRow, Vec<usize>)> = Vec::new();
    for d in &summary.departments {
        let members: Vec<usize> = (0..all_sheets.len())
            .filter(|&i| {
                all_sheets
                    .get(i)
                    .is_some_and(|s| s.department == d.name && s.year == Some(d.year))
            })
            .collect();
        for &i in &members {
            if let Some(slot) = placed.get_mut(i) {
                *slot = true;
            }
        }
        groups.push((d, members));
    }
    let loose: Vec<usize> = (0..all_sheets.len())
        .filter(|&i| !placed.get(i).copied().unwrap_or(true))
        .collect();
    let project_files: std::collections::HashSet<usize> =
        workspace.projects.iter().map(|p| p.file.0).collect();
    let other: Vec<Finding> = diagnostics
        .iter()
        .filter(|d| !project_files.contains(&d.file.0))
        .map(|d| Finding::of(&workspace.files, d))
        .collect();

    let mut html = String::with_capacity(64 * 1024);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n",
        t("html.lang"),
        t("html.title")
    );
    html.push_str(CSS);
    html.push_str("</style>\n</head>\n<body>\n");
    let by_year: Vec<(Option<i64>, &crate::summary::Totals)> = match &summary.totals {
        Some(totals) => vec![(None, totals)],
        None => summary
            .by_year
            .iter()
            .map(|y| (Some(y.year), &y.totals))
            .collect(),
    };
    cover(&mut html, &by_year, &all_sheets, diagnostics, lang);
    toc(
        &mut html,
        &groups,
        &loose,
        &all_sheets,
        !other.is_empty(),
        lang,
    );
    for (n, (d, members)) in groups.iter().enumerate() {
        let curve: Vec<(u32, Decimal)> = monthly
            .departments
            .iter()
            .find(|m| m.name == d.name && m.year == d.year)
            .map(|m| {
                m.totals
                    .planned
                    .iter()
                    .filter_map(|p| Some((p.month, p.percent?)))
                    .collect()
            })
            .unwrap_or_default();
        let members: Vec<&ProjectSheet> =
            members.iter().filter_map(|&i| all_sheets.get(i)).collect();
        department(&mut html, n, d, &curve, &members, lang);
        tracking::sections(&mut html, n, d, &curve, workspace, tracking, lang);
        for (i, s) in members.iter().enumerate() {
            project::section(&mut html, &format!("d{n}-p{i}"), s, lang);
        }
    }
    if !loose.is_empty() {
        let _ = write!(
            html,
            r#"<section class="department" id="loose"><h2>{}</h2><p>{}</p></section>"#,
            t("html.loose"),
            t("html.loose_why")
        );
        for (i, s) in loose.iter().filter_map(|&i| all_sheets.get(i)).enumerate() {
            project::section(&mut html, &format!("loose-p{i}"), s, lang);
        }
    }
    if !other.is_empty() {
        let _ = write!(
            html,
            r#"<section class="other" id="other"><h2>{}</h2>"#,
            t("html.other")
        );
        let mut by_file: BTreeMap<&str, Vec<Finding>> = BTreeMap::new();
        for f in &other {
            by_file.entry(&f.file).or_default().push(f.clone());
        }
        for (file, findings) in by_file {
            let _ = write!(html, r#"<h3 class="file">{}</h3>"#, esc(file));
            project::findings(&mut html, &findings, lang);
        }
        html.push_str("</section>\n");
    }
    let _ = write!(
        html,
        "<footer>{}</footer>\n</body>\n</html>\n",
        t("html.footer")
    );
    out.write_all(html.as_bytes())
}

fn count(findings: impl IntoIterator<Item = Severity>, severity: Severity) -> usize {
    findings.into_iter().filter(|&s| s == severity).count()
}

/// The cover: one lead line of money per budget year (budgets of different years are never
/// added up; `None` is the only year), then the finding counts.
fn cover(
    html: &mut String,
    years: &[(Option<i64>, &crate::summary::Totals)],
    all: &[ProjectSheet],
    diagnostics: &[Diagnostic],
    lang: Lang,
) {
    let severities = || diagnostics.iter().map(|d| d.severity);
    let leads: Vec<String> = years
        .iter()
        .map(|(year, totals)| {
            let lead = lang.text(
                "html.cover_lead",
                args!(
                    n = if year.is_some() {
                        totals.projects
                    } else {
                        all.len()
                    },
                    total = format2(totals.total),
                    fiscal = format2(totals.fiscal),
                    other = format2(totals.other)
                ),
            );
            match year {
                Some(y) => format!(
                    "{}{lead}",
                    esc(&lang.text("html.cover_year", args!(year = y)))
                ),
                None => lead,
            }
        })
        .collect();
    let leads = if leads.is_empty() {
        lang.text(
            "html.cover_lead",
            args!(
                n = all.len(),
                total = "0.00",
                fiscal = "0.00",
                other = "0.00"
            ),
        )
    } else {
        leads.join("<br>")
    };
    // The lead line's numbers are formatted here; `html.cover_lead` may hold inline markup.
    let _ = write!(
        html,
        r#"<header class="cover"><h1>{}</h1><p class="lead">{}</p><p class="lead"><span class="chip error">{}</span> <span class="chip warning">{}</span> <span class="chip note">{}</span></p></header>"#,
        esc(&lang.text("html.title", &[])),
        leads,
        esc(&lang.text(
            "html.n_errors",
            args!(n = count(severities(), Severity::Error))
        )),
        esc(&lang.text(
            "html.n_warnings",
            args!(n = count(severities(), Severity::Warning))
        )),
        esc(&lang.text(
            "html.n_notes",
            args!(n = count(severities(), Severity::Note))
        ))
    );
}

fn toc(
    html: &mut String,
    groups: &[(&DepartmentRow, Vec<usize>)],
    loose: &[usize],
    all: &[ProjectSheet],
    other: bool,
    lang: Lang,
) {
    let t = |key: &str| esc(&lang.text(key, &[]));
    let _ = write!(
        html,
        r#"<nav class="toc"><h2>{}</h2><ol>"#,
        t("html.contents")
    );
    let entry = |html: &mut String, id: String, s: &ProjectSheet| {
        let errors = count(s.findings.iter().map(|f| f.severity), Severity::Error);
        let warnings = count(s.findings.iter().map(|f| f.severity), Severity::Warning);
        let _ = write!(html, r##"<li><a href="#{id}">{}</a>"##, esc(&s.name));
        if errors > 0 {
            let _ = write!(html, r#" <span class="chip error">{errors}</span>"#);
        }
        if warnings > 0 {
            let _ = write!(html, r#" <span class="chip warning">{warnings}</span>"#);
        }
        html.push_str("</li>");
    };
    for (n, (d, members)) in groups.iter().enumerate() {
        let _ = write!(
            html,
            r##"<li><a href="#d{n}">{}</a><ol>"##,
            esc(&lang.text("html.department_year", args!(name = d.name, year = d.year)))
        );
        for (i, s) in members.iter().filter_map(|&i| all.get(i)).enumerate() {
            entry(html, format!("d{n}-p{i}"), s);
        }
        html.push_str("</ol></li>");
    }
    if !loose.is_empty() {
        let _ = write!(
            html,
            r##"<li><a href="#loose">{}</a><ol>"##,
            t("html.loose")
        );
        for (i, s) in loose.iter().filter_map(|&i| all.get(i)).enumerate() {
            entry(html, format!("loose-p{i}"), s);
        }
        html.push_str("</ol></li>");
    }
    if other {
        let _ = write!(
            html,
            r##"<li><a href="#other">{}</a></li>"##,
            t("html.other")
        );
    }
    html.push_str("</ol></nav>\n");
}

fn department(
    html: &mut String,
    n: usize,
    d: &DepartmentRow,
    curve: &[(u32, Decimal)],
    members: &[&ProjectSheet],
    lang: Lang,
) {
    let t = |key: &str| esc(&lang.text(key, &[]));
    let findings: Vec<&Finding> = members.iter().flat_map(|s| &s.findings).collect();
    let totals = &d.totals;
    let _ = write!(
        html,
        r#"<section class="department" id="d{n}"><h2>{}</h2><div class="kpis"><div><span>{}</span><b>{}</b></div><div><span>{}</span><b>{}</b></div><div><span>{}</span><b>{}</b></div><div><span>{}</span><b>{}</b></div><div class="error"><span>{}</span><b>{}</b></div><div class="warning"><span>{}</span><b>{}</b></div></div>"#,
        esc(&lang.text("html.overview", args!(name = d.name, year = d.year))),
        t("report.projects"),
        totals.projects,
        t("sheet.total"),
        format2(totals.total),
        t("report.fiscal"),
        format2(totals.fiscal),
        t("report.other"),
        format2(totals.other),
        t("html.errors"),
        count(findings.iter().map(|f| f.severity), Severity::Error),
        t("html.warnings"),
        count(findings.iter().map(|f| f.severity), Severity::Warning)
    );
    html.push_str(r#"<div class="charts">"#);
    if !curve.is_empty() {
        let _ = write!(
            html,
            "<figure>{}<figcaption>{}</figcaption></figure>",
            svg::plan_curve(curve, lang),
            t("html.curve_caption")
        );
    }
    let bars: Vec<(String, Decimal)> = d
        .projects
        .iter()
        .map(|p| (p.name.clone(), p.total))
        .collect();
    let _ = write!(
        html,
        "<figure>{}<figcaption>{}</figcaption></figure></div>",
        svg::bars(&bars, lang),
        t("html.bars_title")
    );
    project_table(html, d, members, lang);
    by_rule(html, &findings, lang);
    html.push_str("</section>\n");
}

fn project_table(html: &mut String, d: &DepartmentRow, members: &[&ProjectSheet], lang: Lang) {
    let t = |key: &str| esc(&lang.text(key, &[]));
    let amounts: Vec<Decimal> = d.projects.iter().map(|p| p.total).collect();
    let shares = largest_remainder(&amounts, Decimal::ONE_HUNDRED, 2);
    let _ = write!(
        html,
        r#"<table class="summary"><thead><tr><th>{}</th><th>{}</th><th>{}</th>"#,
        t("report.project"),
        t("report.budget_total"),
        t("report.share")
    );
    for m in &DEFAULT_MONTHS {
        let _ = write!(
            html,
            "<th>{}</th>",
            esc(&lang.text("report.month_end", args!(month = m)))
        );
    }
    let _ = write!(
        html,
        "<th>{}</th><th>{}</th></tr></thead><tbody>",
        t("html.errors"),
        t("html.warnings")
    );
    let percent =
        |v: Option<Decimal>| v.map_or_else(|| "—".to_owned(), |v| format!("{}%", format2(v)));
    for (p, share) in d.projects.iter().zip(&shares) {
        let findings = members
            .iter()
            .find(|s| s.file == p.file)
            .map(|s| s.findings.iter().map(|f| f.severity).collect::<Vec<_>>())
            .unwrap_or_default();
        let _ = write!(
            html,
            r#"<tr><td>{}</td><td class="num">{}</td><td class="num">{}</td>"#,
            esc(&p.name),
            format2(p.total),
            percent(*share)
        );
        for i in 0..DEFAULT_MONTHS.len() {
            let _ = write!(
                html,
                r#"<td class="num">{}</td>"#,
                percent(p.planned.get(i).and_then(|pl| pl.percent))
            );
        }
        let _ = write!(
            html,
            r#"<td class="num">{}</td><td class="num">{}</td></tr>"#,
            count(findings.iter().copied(), Severity::Error),
            count(findings.iter().copied(), Severity::Warning)
        );
    }
    let _ = write!(
        html,
        r#"</tbody><tfoot><tr><th>{}</th><td class="num">{}</td><td class="num">100.00%</td>"#,
        esc(&lang.text("report.total_of_projects", args!(n = d.totals.projects))),
        format2(d.totals.total)
    );
    for pl in &d.totals.planned {
        let _ = write!(html, r#"<td class="num">{}</td>"#, percent(pl.percent));
    }
    let all: Vec<Severity> = members
        .iter()
        .flat_map(|s| s.findings.iter().map(|f| f.severity))
        .collect();
    let _ = write!(
        html,
        r#"<td class="num">{}</td><td class="num">{}</td></tr></tfoot></table>"#,
        count(all.iter().copied(), Severity::Error),
        count(all.iter().copied(), Severity::Warning)
    );
}

/// Findings of a department counted by rule, most severe first.
fn by_rule(html: &mut String, findings: &[&Finding], lang: Lang) {
    let t = |key: &str| esc(&lang.text(key, &[]));
    if findings.is_empty() {
        let _ = write!(
            html,
            r#"<p class="checked">{}</p>"#,
            esc(&lang.text(
                "sheet.checked",
                args!(line = lang.text("sheet.no_findings", &[]))
            ))
        );
        return;
    }
    let mut rules: BTreeMap<(Severity, &str), (&str, usize)> = BTreeMap::new();
    for f in findings {
        rules.entry((f.severity, f.code)).or_insert((f.name, 0)).1 += 1;
    }
    let _ = write!(
        html,
        r#"<table class="rules"><caption>{}</caption><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
        t("html.by_rule"),
        t("rules.col_level"),
        t("rules.col_code"),
        t("html.rule"),
        t("html.count")
    );
    for ((severity, code), (name, n)) in rules {
        let _ = write!(
            html,
            r#"<tr class="{}"><td><span class="chip {}">{}</span></td><td><code>{}</code></td><td>{}</td><td class="num">{n}</td></tr>"#,
            severity.as_str(),
            severity.as_str(),
            esc(&severity.label(lang)),
            esc(code),
            esc(name)
        );
    }
    html.push_str("</tbody></table>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<script>alert("x") & 'y'</script>"#),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
        assert_eq!(esc_code("改成 `<5`"), "改成 <code>&lt;5</code>");
        assert_eq!(esc_code("a ` b"), "a ` b");
    }
}
