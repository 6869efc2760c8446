//! One project's section of the HTML report: the official 项目绩效目标表 as an HTML table
//! (merged 一级/二级 cells as rowspans) and its findings under it.

use std::fmt::Write as _;

use crate::args;
use crate::i18n::Lang;
use crate::model::money::{format2, plain};
use crate::report::html::{esc, esc_code};
use crate::report::sheet::{findings_line, heading};
use crate::summary::sheet::{Finding, ProjectSheet};

const UNKNOWN: &str = "—";

/// Appends the project's section; `id` is its anchor for the table of contents.
pub(super) fn section(html: &mut String, id: &str, p: &ProjectSheet, lang: Lang) {
    let t = |key: &str| esc(&lang.text(key, &[]));
    let amount = |v: Option<rust_decimal::Decimal>| v.map_or_else(|| UNKNOWN.to_owned(), format2);
    let _ = write!(
        html,
        r#"<section class="project" id="{id}"><h3>{}</h3><p class="file">{}</p><table class="official"><caption>{}</caption><colgroup><col class="c1"><col class="c2"><col class="c3"><col class="c4"><col class="c5"><col class="c6"></colgroup>"#,
        esc(&p.name),
        esc(&p.file),
        esc(&heading(p, lang))
    );
    let _ = write!(
        html,
        r#"<tr><th>{}</th><td colspan="5">{}</td></tr>"#,
        t("sheet.name"),
        esc(&p.name)
    );
    if let Some(code) = &p.code {
        let _ = write!(
            html,
            r#"<tr><th>{}</th><td colspan="5">{}</td></tr>"#,
            t("sheet.code"),
            esc(code)
        );
    }
    let _ = write!(
        html,
        r#"<tr><th>{}</th><td colspan="5">{}</td></tr>"#,
        t("sheet.department"),
        esc(&p.department)
    );
    let _ = write!(
        html,
        r#"<tr><th rowspan="3">{}<br><small>{}</small></th><th>{}</th><td class="num">{}</td><th rowspan="3">{}</th><td colspan="2" rowspan="3">{}</td></tr><tr><th>{}</th><td class="num">{}</td></tr><tr><th>{}</th><td class="num">{}</td></tr>"#,
        t("html.budget_and_purpose"),
        t("html.in_wan"),
        t("report.budget_total"),
        amount(p.total),
        t("sheet.purpose"),
        esc(p.purpose.as_deref().unwrap_or(UNKNOWN)),
        t("sheet.fiscal"),
        amount(p.fiscal),
        t("sheet.other"),
        amount(p.other)
    );
    let _ = write!(
        html,
        r#"<tr><th>{}<br><small>{}</small></th><td colspan="5">"#,
        t("html.plan"),
        t("html.cumulative")
    );
    if p.plan.is_empty() {
        html.push_str(UNKNOWN);
    } else {
        html.push_str(r#"<table class="plan"><tr>"#);
        for pt in &p.plan {
            let _ = write!(
                html,
                "<th>{}</th>",
                esc(&lang.text("report.month_end", args!(month = pt.month)))
            );
        }
        html.push_str("</tr><tr>");
        for pt in &p.plan {
            let _ = write!(html, r#"<td class="num">{}%</td>"#, plain(pt.percent));
        }
        html.push_str("</tr></table>");
    }
    html.push_str("</td></tr>");
    for (i, goal) in p.goals.iter().enumerate() {
        if i == 0 {
            let _ = write!(
                html,
                r#"<tr><th rowspan="{}">{}</th>"#,
                p.goals.len(),
                t("sheet.goals")
            );
        } else {
            html.push_str("<tr>");
        }
        let _ = write!(
            html,
            r#"<td colspan="5">{}</td></tr>"#,
            esc(&lang.text("sheet.goal", args!(n = i + 1, goal = goal)))
        );
    }
    let _ = write!(
        html,
        r#"<tr class="head"><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>"#,
        t("report.level1"),
        t("report.level2"),
        t("sheet.level3"),
        t("sheet.description"),
        t("sheet.target"),
        t("report.basis")
    );
    for g1 in &p.groups() {
        let span1: usize = g1.groups.iter().map(|g| g.rows.len()).sum();
        for (j, g2) in g1.groups.iter().enumerate() {
            for (k, r) in g2.rows.iter().enumerate() {
                html.push_str("<tr>");
                if j == 0 && k == 0 {
                    let _ = write!(
                        html,
                        r#"<th rowspan="{span1}" class="level">{}</th>"#,
                        esc(g1.label)
                    );
                }
                if k == 0 {
                    let _ = write!(
                        html,
                        r#"<th rowspan="{}" class="level">{}</th>"#,
                        g2.rows.len(),
                        esc(g2.label)
                    );
                }
                let _ = write!(
                    html,
                    r#"<td>{}</td><td>{}</td><td class="target">{}</td><td>{}</td></tr>"#,
                    esc(&r.name),
                    esc(r.description.as_deref().unwrap_or("")),
                    esc(&r.target),
                    esc(r.basis.as_deref().unwrap_or(""))
                );
            }
        }
    }
    html.push_str("</table>");
    findings(html, &p.findings, lang);
    html.push_str("</section>\n");
}

/// Appends a findings list with a one-line count before it.
pub(super) fn findings(html: &mut String, findings: &[Finding], lang: Lang) {
    let _ = write!(
        html,
        r#"<p class="checked">{}</p>"#,
        esc(&lang.text("sheet.checked", args!(line = findings_line(findings, lang))))
    );
    if findings.is_empty() {
        return;
    }
    html.push_str(r#"<ul class="findings">"#);
    for f in findings {
        let _ = write!(
            html,
            r#"<li class="{sev}"><span class="sev">{}</span> <code>{}</code> <span class="at">{}:{}</span> {}"#,
            esc(&f.severity.label(lang)),
            esc(f.code),
            f.line,
            f.column,
            esc_code(&f.message),
            sev = f.severity.as_str()
        );
        if let Some(help) = &f.help {
            let _ = write!(html, r#"<div class="help">{}</div>"#, esc_code(help));
        }
        html.push_str("</li>");
    }
    html.push_str("</ul>");
}
