//! One project's section of the HTML report: the official 项目绩效目标表 as an HTML table
//! (merged 一级/二级 cells as rowspans) and its findings under it.

use std::fmt::Write as _;

use crate::model::money::{format2, plain};
use crate::report::html::{esc, esc_code};
use crate::report::sheet::{findings_line, heading};
use crate::summary::sheet::{Finding, ProjectSheet};

const UNKNOWN: &str = "—";

/// Appends the project's section; `id` is its anchor for the table of contents.
pub(super) fn section(html: &mut String, id: &str, p: &ProjectSheet) {
    let amount = |v: Option<rust_decimal::Decimal>| v.map_or_else(|| UNKNOWN.to_owned(), format2);
    let _ = write!(
        html,
        r#"<section class="project" id="{id}"><h3>{}</h3><p class="file">{}</p><table class="official"><caption>{}</caption><colgroup><col class="c1"><col class="c2"><col class="c3"><col class="c4"><col class="c5"><col class="c6"></colgroup>"#,
        esc(&p.name),
        esc(&p.file),
        esc(&heading(p))
    );
    let _ = write!(
        html,
        r#"<tr><th>项目名称</th><td colspan="5">{}</td></tr>"#,
        esc(&p.name)
    );
    if let Some(code) = &p.code {
        let _ = write!(
            html,
            r#"<tr><th>项目编码</th><td colspan="5">{}</td></tr>"#,
            esc(code)
        );
    }
    let _ = write!(
        html,
        r#"<tr><th>主管部门</th><td colspan="5">{}</td></tr>"#,
        esc(&p.department)
    );
    let _ = write!(
        html,
        r#"<tr><th rowspan="3">预算规模及资金用途<br><small>（万元）</small></th><th>预算数</th><td class="num">{}</td><th rowspan="3">资金用途</th><td colspan="2" rowspan="3">{}</td></tr><tr><th>其中：财政资金</th><td class="num">{}</td></tr><tr><th>其他资金</th><td class="num">{}</td></tr>"#,
        amount(p.total),
        esc(p.purpose.as_deref().unwrap_or(UNKNOWN)),
        amount(p.fiscal),
        amount(p.other)
    );
    html.push_str(r#"<tr><th>资金支出计划<br><small>（累计）</small></th><td colspan="5">"#);
    if p.plan.is_empty() {
        html.push_str(UNKNOWN);
    } else {
        html.push_str(r#"<table class="plan"><tr>"#);
        for pt in &p.plan {
            let _ = write!(html, "<th>{}月底</th>", pt.month);
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
            let _ = write!(html, r#"<tr><th rowspan="{}">绩效目标</th>"#, p.goals.len());
        } else {
            html.push_str("<tr>");
        }
        let _ = write!(
            html,
            r#"<td colspan="5">目标{}：{}</td></tr>"#,
            i + 1,
            esc(goal)
        );
    }
    html.push_str(r#"<tr class="head"><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>指标描述</th><th>指标值</th><th>指标值确定依据</th></tr>"#);
    for g1 in &p.groups {
        let span1: usize = g1.groups.iter().map(|g| g.rows.len()).sum();
        for (j, g2) in g1.groups.iter().enumerate() {
            for (k, r) in g2.rows.iter().enumerate() {
                html.push_str("<tr>");
                if j == 0 && k == 0 {
                    let _ = write!(
                        html,
                        r#"<th rowspan="{span1}" class="level">{}</th>"#,
                        esc(&g1.label)
                    );
                }
                if k == 0 {
                    let _ = write!(
                        html,
                        r#"<th rowspan="{}" class="level">{}</th>"#,
                        g2.rows.len(),
                        esc(&g2.label)
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
    findings(html, &p.findings);
    html.push_str("</section>\n");
}

/// Appends a findings list with a one-line count before it.
pub(super) fn findings(html: &mut String, findings: &[Finding]) {
    let _ = write!(
        html,
        r#"<p class="checked">检查结果：{}</p>"#,
        esc(&findings_line(findings))
    );
    if findings.is_empty() {
        return;
    }
    html.push_str(r#"<ul class="findings">"#);
    for f in findings {
        let _ = write!(
            html,
            r#"<li class="{sev}"><span class="sev">{}</span> <code>{}</code> <span class="at">{}:{}</span> {}"#,
            f.severity.label_zh(),
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
