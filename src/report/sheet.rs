//! One project's 绩效目标表 as terminal tables or Markdown (`perf show`): the official layout's
//! parts in its order — 项目名称, 预算规模及资金用途, 资金支出计划, 绩效目标, the indicator
//! table grouped by 一级/二级 — then the project's findings.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ContentArrangement, Table};

use crate::args;
use crate::diag::Severity;
use crate::i18n::Lang;
use crate::model::money::{format2, plain};
use crate::report::table::shown;
use crate::summary::sheet::{Finding, ProjectSheet};
use crate::text::visible;

const UNKNOWN: &str = "—";

/// The heading of the sheet (`项目绩效目标表（2024年度）`).
pub fn heading(sheet: &ProjectSheet, lang: Lang) -> String {
    match sheet.year {
        Some(year) => lang.text("sheet.heading_year", args!(year = year)),
        None => lang.text("sheet.heading", &[]),
    }
}

/// The facts above the indicator table, as (label, value) pairs.
pub fn facts(sheet: &ProjectSheet, lang: Lang) -> Vec<(String, String)> {
    let t = |key: &str| lang.text(key, &[]);
    let amount = |v: Option<rust_decimal::Decimal>| v.map_or_else(|| UNKNOWN.to_owned(), format2);
    let mut facts = vec![(t("sheet.name"), sheet.name.clone())];
    if let Some(code) = &sheet.code {
        facts.push((t("sheet.code"), code.clone()));
    }
    facts.push((t("sheet.department"), sheet.department.clone()));
    facts.push((t("sheet.total"), amount(sheet.total)));
    facts.push((t("sheet.fiscal"), amount(sheet.fiscal)));
    facts.push((t("sheet.other"), amount(sheet.other)));
    facts.push((
        t("sheet.purpose"),
        sheet.purpose.clone().unwrap_or_else(|| UNKNOWN.into()),
    ));
    facts
}

/// The plan as (`3月底`, `20%`) pairs, in month order.
pub fn plan_cells(sheet: &ProjectSheet, lang: Lang) -> Vec<(String, String)> {
    sheet
        .plan
        .iter()
        .map(|p| {
            (
                lang.text("report.month_end", args!(month = p.month)),
                format!("{}%", plain(p.percent)),
            )
        })
        .collect()
}

/// Counts of findings by severity, in words (`1 个错误，2 个警告`).
pub fn findings_line(findings: &[Finding], lang: Lang) -> String {
    if findings.is_empty() {
        return lang.text("sheet.no_findings", &[]);
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let mut line = lang.text(
        "sheet.findings",
        args!(
            errors = count(Severity::Error),
            warnings = count(Severity::Warning)
        ),
    );
    let notes = count(Severity::Note);
    if notes > 0 {
        line.push_str(&lang.text("sheet.findings_notes", args!(notes = notes)));
    }
    line
}

/// Writes the sheet as aligned terminal tables (CJK display width aware), in `lang`.
pub fn render_table(out: &mut dyn Write, sheet: &ProjectSheet, lang: Lang) -> io::Result<()> {
    let t = |key: &str| lang.text(key, &[]);
    writeln!(out, "{}", heading(sheet, lang))?;
    writeln!(out, "{}", lang.text("sheet.file", args!(file = sheet.file)))?;
    let mut table = new_table();
    for (label, value) in facts(sheet, lang) {
        table.add_row(shown(&[label, value]));
    }
    let plan = plan_cells(sheet, lang);
    let plan = if plan.is_empty() {
        UNKNOWN.to_owned()
    } else {
        plan.iter()
            .map(|(m, p)| format!("{m} {p}"))
            .collect::<Vec<_>>()
            .join("　")
    };
    table.add_row(shown(&[t("sheet.plan"), plan]));
    let goals = sheet
        .goals
        .iter()
        .enumerate()
        .map(|(i, g)| lang.text("sheet.goal", args!(n = i + 1, goal = g)))
        .collect::<Vec<_>>()
        .join("\n");
    table.add_row(shown(&[t("sheet.goals"), goals]));
    writeln!(out, "{table}")?;

    writeln!(out, "\n{}", t("sheet.indicators"))?;
    let mut table = new_table();
    table.set_header(indicator_header(lang));
    let mut last = ("", "");
    for (l1, l2, row) in sheet.rows() {
        // Blank a label that repeats the row above: the merged cells of the paper table.
        let shown1 = if l1 == last.0 { "" } else { l1 };
        let shown2 = if (l1, l2) == last { "" } else { l2 };
        last = (l1, l2);
        table.add_row(
            [
                shown1,
                shown2,
                &row.name,
                row.description.as_deref().unwrap_or(""),
                &row.target,
                row.basis.as_deref().unwrap_or(""),
            ]
            .map(|c| visible(c).into_owned()),
        );
    }
    if let Some(column) = table.column_mut(4) {
        column.set_cell_alignment(CellAlignment::Left);
    }
    writeln!(out, "{table}")?;

    writeln!(
        out,
        "\n{}",
        lang.text(
            "sheet.checked",
            args!(line = findings_line(&sheet.findings, lang))
        )
    )?;
    for f in &sheet.findings {
        writeln!(
            out,
            "  {}:{}  {}[{}] {}",
            f.line, f.column, f.severity, f.code, f.message
        )?;
        if let Some(help) = &f.help {
            writeln!(out, "        help: {help}")?;
        }
    }
    Ok(())
}

/// Writes the sheet as Markdown: a heading, two tables, the goals and the findings.
pub fn render_markdown(out: &mut dyn Write, sheet: &ProjectSheet, lang: Lang) -> io::Result<()> {
    let t = |key: &str| lang.text(key, &[]);
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', "<br>");
    writeln!(
        out,
        "## {}\n",
        cell(&format!("{} {}", sheet.name, heading(sheet, lang)))
    )?;
    writeln!(
        out,
        "| {} | {} |\n| --- | --- |",
        t("sheet.item"),
        t("sheet.content")
    )?;
    for (label, value) in facts(sheet, lang) {
        writeln!(out, "| {label} | {} |", cell(&value))?;
    }
    writeln!(out)?;
    let plan = plan_cells(sheet, lang);
    if !plan.is_empty() {
        writeln!(out, "**{}**\n", t("sheet.plan"))?;
        let months: Vec<&str> = plan.iter().map(|(m, _)| m.as_str()).collect();
        let shares: Vec<&str> = plan.iter().map(|(_, p)| p.as_str()).collect();
        writeln!(out, "| {} |", months.join(" | "))?;
        writeln!(out, "|{}", " ---: |".repeat(months.len()))?;
        writeln!(out, "| {} |\n", shares.join(" | "))?;
    }
    writeln!(out, "**{}**\n", t("sheet.goals"))?;
    for (i, goal) in sheet.goals.iter().enumerate() {
        writeln!(out, "{}. {}", i + 1, cell(goal))?;
    }
    writeln!(out, "\n**{}**\n", t("sheet.indicators"))?;
    writeln!(
        out,
        "| {} |\n| --- | --- | --- | --- | --- | --- |",
        indicator_header(lang).join(" | ")
    )?;
    let mut last = ("", "");
    for (l1, l2, row) in sheet.rows() {
        let shown1 = if l1 == last.0 { "" } else { l1 };
        let shown2 = if (l1, l2) == last { "" } else { l2 };
        last = (l1, l2);
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell(shown1),
            cell(shown2),
            cell(&row.name),
            cell(row.description.as_deref().unwrap_or("")),
            cell(&row.target),
            cell(row.basis.as_deref().unwrap_or(""))
        )?;
    }
    writeln!(
        out,
        "\n{}\n",
        lang.text(
            "sheet.checked_markdown",
            args!(line = findings_line(&sheet.findings, lang))
        )
    )?;
    for f in &sheet.findings {
        writeln!(
            out,
            "- `{}:{}` {}[{}] {}",
            f.line,
            f.column,
            f.severity,
            f.code,
            cell(&f.message)
        )?;
        if let Some(help) = &f.help {
            writeln!(out, "  - help: {}", cell(help))?;
        }
    }
    Ok(())
}

/// The headings of the indicator table.
fn indicator_header(lang: Lang) -> [String; 6] {
    [
        "report.level1",
        "report.level2",
        "sheet.level3",
        "sheet.description",
        "sheet.target",
        "report.basis",
    ]
    .map(|key| lang.text(key, &[]))
}

fn new_table() -> Table {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    table
}
