//! The HTML report (`perf report`): one self-contained file — inline CSS and SVG, no script,
//! no external font or image — that still works when e-mailed or printed.
//!
//! Layout: a cover line with the totals, a table of contents, then per department an overview
//! (totals, the plan curve against 序时进度, budgets as bars, a project table, findings by
//! severity and rule) followed by one section per project in the official table layout with
//! its findings. Every text that comes from a file goes through [`esc`].

mod project;
pub mod svg;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use rust_decimal::Decimal;

use crate::diag::{Diagnostic, Severity};
use crate::model::money::format2;
use crate::source::Workspace;
use crate::summary::pivot::largest_remainder;
use crate::summary::sheet::{Finding, ProjectSheet, sheets};
use crate::summary::{DEFAULT_MONTHS, DepartmentRow, Filter, summarise};

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

/// Writes the report of a workspace and its findings (`diagnostics` point into its files).
pub fn render(
    out: &mut dyn Write,
    workspace: &Workspace,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    let all_sheets = sheets(workspace, diagnostics);
    let summary = summarise(workspace, &Filter::default(), &DEFAULT_MONTHS).rounded();
    let months: Vec<u32> = (1..=12).collect();
    let monthly = summarise(workspace, &Filter::default(), &months);

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
    html.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>预算绩效目标报告</title>\n<style>\n");
    html.push_str(CSS);
    html.push_str("</style>\n</head>\n<body>\n");
    cover(&mut html, &summary.totals, &all_sheets, diagnostics);
    toc(&mut html, &groups, &loose, &all_sheets, !other.is_empty());
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
        department(&mut html, n, d, &curve, &members);
        for (i, s) in members.iter().enumerate() {
            project::section(&mut html, &format!("d{n}-p{i}"), s);
        }
    }
    if !loose.is_empty() {
        html.push_str(r#"<section class="department" id="loose"><h2>未计入汇总的项目</h2><p>这些项目缺少预算年度或可用的预算数，未计入上面的合计。</p></section>"#);
        for (i, s) in loose.iter().filter_map(|&i| all_sheets.get(i)).enumerate() {
            project::section(&mut html, &format!("loose-p{i}"), s);
        }
    }
    if !other.is_empty() {
        html.push_str(r#"<section class="other" id="other"><h2>其他文件的检查结果</h2>"#);
        let mut by_file: BTreeMap<&str, Vec<Finding>> = BTreeMap::new();
        for f in &other {
            by_file.entry(&f.file).or_default().push(f.clone());
        }
        for (file, findings) in by_file {
            let _ = write!(html, r#"<h3 class="file">{}</h3>"#, esc(file));
            project::findings(&mut html, &findings);
        }
        html.push_str("</section>\n");
    }
    html.push_str("<footer>由 perf 生成 · 金额单位：万元，四舍五入到分；合计等于所列各行之和</footer>\n</body>\n</html>\n");
    out.write_all(html.as_bytes())
}

fn count(findings: impl IntoIterator<Item = Severity>, severity: Severity) -> usize {
    findings.into_iter().filter(|&s| s == severity).count()
}

fn cover(
    html: &mut String,
    totals: &crate::summary::Totals,
    all: &[ProjectSheet],
    diagnostics: &[Diagnostic],
) {
    let severities = || diagnostics.iter().map(|d| d.severity);
    let _ = write!(
        html,
        r#"<header class="cover"><h1>预算绩效目标报告</h1><p class="lead">{} 个项目 · 预算数合计 <strong>{}</strong> 万元 · 财政资金 {} 万元 · 其他资金 {} 万元</p><p class="lead"><span class="chip error">{} 个错误</span> <span class="chip warning">{} 个警告</span> <span class="chip note">{} 个提示</span></p></header>"#,
        all.len(),
        format2(totals.total),
        format2(totals.fiscal),
        format2(totals.other),
        count(severities(), Severity::Error),
        count(severities(), Severity::Warning),
        count(severities(), Severity::Note)
    );
}

fn toc(
    html: &mut String,
    groups: &[(&DepartmentRow, Vec<usize>)],
    loose: &[usize],
    all: &[ProjectSheet],
    other: bool,
) {
    html.push_str(r#"<nav class="toc"><h2>目录</h2><ol>"#);
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
            r##"<li><a href="#d{n}">{} {}年</a><ol>"##,
            esc(&d.name),
            d.year
        );
        for (i, s) in members.iter().filter_map(|&i| all.get(i)).enumerate() {
            entry(html, format!("d{n}-p{i}"), s);
        }
        html.push_str("</ol></li>");
    }
    if !loose.is_empty() {
        html.push_str(r##"<li><a href="#loose">未计入汇总的项目</a><ol>"##);
        for (i, s) in loose.iter().filter_map(|&i| all.get(i)).enumerate() {
            entry(html, format!("loose-p{i}"), s);
        }
        html.push_str("</ol></li>");
    }
    if other {
        html.push_str(r##"<li><a href="#other">其他文件的检查结果</a></li>"##);
    }
    html.push_str("</ol></nav>\n");
}

fn department(
    html: &mut String,
    n: usize,
    d: &DepartmentRow,
    curve: &[(u32, Decimal)],
    members: &[&ProjectSheet],
) {
    let findings: Vec<&Finding> = members.iter().flat_map(|s| &s.findings).collect();
    let t = &d.totals;
    let _ = write!(
        html,
        r#"<section class="department" id="d{n}"><h2>{} {}年 概况</h2><div class="kpis"><div><span>项目数</span><b>{}</b></div><div><span>预算数（万元）</span><b>{}</b></div><div><span>财政资金</span><b>{}</b></div><div><span>其他资金</span><b>{}</b></div><div class="error"><span>错误</span><b>{}</b></div><div class="warning"><span>警告</span><b>{}</b></div></div>"#,
        esc(&d.name),
        d.year,
        t.projects,
        format2(t.total),
        format2(t.fiscal),
        format2(t.other),
        count(findings.iter().map(|f| f.severity), Severity::Error),
        count(findings.iter().map(|f| f.severity), Severity::Warning)
    );
    html.push_str(r#"<div class="charts">"#);
    if !curve.is_empty() {
        let _ = write!(
            html,
            "<figure>{}<figcaption>资金支出计划：累计计划支出比例与序时进度</figcaption></figure>",
            svg::plan_curve(curve)
        );
    }
    let bars: Vec<(String, Decimal)> = d
        .projects
        .iter()
        .map(|p| (p.name.clone(), p.total))
        .collect();
    let _ = write!(
        html,
        "<figure>{}<figcaption>各项目预算数（万元）</figcaption></figure></div>",
        svg::bars(&bars)
    );
    project_table(html, d, members);
    by_rule(html, &findings);
    html.push_str("</section>\n");
}

fn project_table(html: &mut String, d: &DepartmentRow, members: &[&ProjectSheet]) {
    let amounts: Vec<Decimal> = d.projects.iter().map(|p| p.total).collect();
    let shares = largest_remainder(&amounts, Decimal::ONE_HUNDRED, 2);
    html.push_str(r#"<table class="summary"><thead><tr><th>项目</th><th>预算数</th><th>占比</th>"#);
    for m in &DEFAULT_MONTHS {
        let _ = write!(html, "<th>{m}月底</th>");
    }
    html.push_str("<th>错误</th><th>警告</th></tr></thead><tbody>");
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
        r#"</tbody><tfoot><tr><th>合计（{} 个项目）</th><td class="num">{}</td><td class="num">100.00%</td>"#,
        d.totals.projects,
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
fn by_rule(html: &mut String, findings: &[&Finding]) {
    if findings.is_empty() {
        html.push_str(r#"<p class="checked">检查结果：没有发现问题</p>"#);
        return;
    }
    let mut rules: BTreeMap<(Severity, &str), (&str, usize)> = BTreeMap::new();
    for f in findings {
        rules.entry((f.severity, f.code)).or_insert((f.name, 0)).1 += 1;
    }
    html.push_str(r#"<table class="rules"><caption>检查结果按规则统计</caption><thead><tr><th>级别</th><th>代码</th><th>规则</th><th>数量</th></tr></thead><tbody>"#);
    for ((severity, code), (name, n)) in rules {
        let _ = write!(
            html,
            r#"<tr class="{}"><td><span class="chip {}">{}</span></td><td><code>{}</code></td><td>{}</td><td class="num">{n}</td></tr>"#,
            severity.as_str(),
            severity.as_str(),
            severity.label_zh(),
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
