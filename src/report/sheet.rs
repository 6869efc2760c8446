//! One project's 绩效目标表 as terminal tables or Markdown (`perf show`): the official layout's
//! parts in its order — 项目名称, 预算规模及资金用途, 资金支出计划, 绩效目标, the indicator
//! table grouped by 一级/二级 — then the project's findings.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ContentArrangement, Table};

use crate::diag::Severity;
use crate::model::money::{format2, plain};
use crate::summary::sheet::{Finding, ProjectSheet};

const UNKNOWN: &str = "—";

/// The heading of the sheet (`项目绩效目标表（2024年度）`).
pub fn heading(sheet: &ProjectSheet) -> String {
    match sheet.year {
        Some(year) => format!("项目绩效目标表（{year}年度）"),
        None => "项目绩效目标表".to_owned(),
    }
}

/// The facts above the indicator table, as (label, value) pairs.
pub fn facts(sheet: &ProjectSheet) -> Vec<(&'static str, String)> {
    let amount = |v: Option<rust_decimal::Decimal>| v.map_or_else(|| UNKNOWN.to_owned(), format2);
    let mut facts = vec![("项目名称", sheet.name.clone())];
    if let Some(code) = &sheet.code {
        facts.push(("项目编码", code.clone()));
    }
    facts.push(("主管部门", sheet.department.clone()));
    facts.push(("预算数（万元）", amount(sheet.total)));
    facts.push(("其中：财政资金", amount(sheet.fiscal)));
    facts.push(("其他资金", amount(sheet.other)));
    facts.push((
        "资金用途",
        sheet.purpose.clone().unwrap_or_else(|| UNKNOWN.into()),
    ));
    facts
}

/// The plan as (`3月底`, `20%`) pairs, in month order.
pub fn plan_cells(sheet: &ProjectSheet) -> Vec<(String, String)> {
    sheet
        .plan
        .iter()
        .map(|p| (format!("{}月底", p.month), format!("{}%", plain(p.percent))))
        .collect()
}

/// Counts of findings by severity, in words (`1 个错误，2 个警告`).
pub fn findings_line(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "没有发现问题".to_owned();
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let mut line = format!(
        "{} 个错误，{} 个警告",
        count(Severity::Error),
        count(Severity::Warning)
    );
    let notes = count(Severity::Note);
    if notes > 0 {
        line.push_str(&format!("，{notes} 个提示"));
    }
    line
}

/// Writes the sheet as aligned terminal tables (CJK display width aware).
pub fn render_table(out: &mut dyn Write, sheet: &ProjectSheet) -> io::Result<()> {
    writeln!(out, "{}", heading(sheet))?;
    writeln!(out, "文件：{}", sheet.file)?;
    let mut table = new_table();
    for (label, value) in facts(sheet) {
        table.add_row([label.to_owned(), value]);
    }
    let plan = plan_cells(sheet);
    let plan = if plan.is_empty() {
        UNKNOWN.to_owned()
    } else {
        plan.iter()
            .map(|(m, p)| format!("{m} {p}"))
            .collect::<Vec<_>>()
            .join("　")
    };
    table.add_row(["资金支出计划（累计）".to_owned(), plan]);
    let goals = sheet
        .goals
        .iter()
        .enumerate()
        .map(|(i, g)| format!("目标{}：{g}", i + 1))
        .collect::<Vec<_>>()
        .join("\n");
    table.add_row(["绩效目标".to_owned(), goals]);
    writeln!(out, "{table}")?;

    writeln!(out, "\n绩效指标")?;
    let mut table = new_table();
    table.set_header([
        "一级指标",
        "二级指标",
        "三级指标",
        "指标描述",
        "指标值",
        "指标值确定依据",
    ]);
    let mut last = ("", "");
    for (l1, l2, row) in sheet.rows() {
        // Blank a label that repeats the row above: the merged cells of the paper table.
        let shown1 = if l1 == last.0 { "" } else { l1 };
        let shown2 = if (l1, l2) == last { "" } else { l2 };
        last = (l1, l2);
        table.add_row([
            shown1,
            shown2,
            &row.name,
            row.description.as_deref().unwrap_or(""),
            &row.target,
            row.basis.as_deref().unwrap_or(""),
        ]);
    }
    if let Some(column) = table.column_mut(4) {
        column.set_cell_alignment(CellAlignment::Left);
    }
    writeln!(out, "{table}")?;

    writeln!(out, "\n检查结果：{}", findings_line(&sheet.findings))?;
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
pub fn render_markdown(out: &mut dyn Write, sheet: &ProjectSheet) -> io::Result<()> {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', "<br>");
    writeln!(
        out,
        "## {}\n",
        cell(&format!("{} {}", sheet.name, heading(sheet)))
    )?;
    writeln!(out, "| 项目 | 内容 |\n| --- | --- |")?;
    for (label, value) in facts(sheet) {
        writeln!(out, "| {label} | {} |", cell(&value))?;
    }
    writeln!(out)?;
    let plan = plan_cells(sheet);
    if !plan.is_empty() {
        writeln!(out, "**资金支出计划（累计）**\n")?;
        let months: Vec<&str> = plan.iter().map(|(m, _)| m.as_str()).collect();
        let shares: Vec<&str> = plan.iter().map(|(_, p)| p.as_str()).collect();
        writeln!(out, "| {} |", months.join(" | "))?;
        writeln!(out, "|{}", " ---: |".repeat(months.len()))?;
        writeln!(out, "| {} |\n", shares.join(" | "))?;
    }
    writeln!(out, "**绩效目标**\n")?;
    for (i, goal) in sheet.goals.iter().enumerate() {
        writeln!(out, "{}. {}", i + 1, cell(goal))?;
    }
    writeln!(out, "\n**绩效指标**\n")?;
    writeln!(
        out,
        "| 一级指标 | 二级指标 | 三级指标 | 指标描述 | 指标值 | 指标值确定依据 |\n| --- | --- | --- | --- | --- | --- |"
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
    writeln!(out, "\n**检查结果**：{}\n", findings_line(&sheet.findings))?;
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

fn new_table() -> Table {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    table
}
