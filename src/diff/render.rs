//! Laying out a [`Diff`]: an aligned terminal table, Markdown for a pull-request comment or
//! `$GITHUB_STEP_SUMMARY`, or JSON. Tables and Markdown show the rounded view (amounts to
//! cents, totals the sum of rounded projects); JSON keeps exact decimal strings.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ContentArrangement, Table};
use rust_decimal::Decimal;

use crate::diag::Severity;
use crate::diff::{
    AmountChange, Diff, FindingChange, IndicatorChange, IndicatorStatus, MatchedBy, PlanChange,
    ProjectDiff, Status, TotalsDiff, signed,
};
use crate::model::money::{format2, plain};

/// Output formats of `perf diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    /// Aligned tables for the terminal.
    Table,
    /// GitHub-flavoured Markdown.
    Markdown,
    /// JSON with exact decimal strings.
    Json,
}

const NONE: &str = "—";
const CHANGE_HEADER: [&str; 5] = ["项目", "变化", "调整前", "调整后", "说明"];
const TOTAL_HEADER: [&str; 6] = ["部门", "项目数", "调整前", "调整后", "增减", "增减%"];

/// Writes `diff` in `format`.
pub fn render_diff(out: &mut dyn Write, diff: &Diff, format: DiffFormat) -> io::Result<()> {
    match format {
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, diff)?;
            writeln!(out)
        }
        DiffFormat::Table => render_table(out, &diff.rounded()),
        DiffFormat::Markdown => render_markdown(out, &diff.rounded()),
    }
}

fn side_label(side: &crate::diff::Side) -> String {
    match &side.commit {
        Some(commit) => format!("{} ({})", side.label, commit.get(..7).unwrap_or(commit)),
        None => side.label.clone(),
    }
}

fn render_table(out: &mut dyn Write, diff: &Diff) -> io::Result<()> {
    writeln!(out, "{}", diff.verdict)?;
    writeln!(
        out,
        "比较：{} → {}（金额单位：万元）",
        side_label(&diff.old),
        side_label(&diff.new)
    )?;
    for d in diff.departments.iter().filter(|d| !d.projects.is_empty()) {
        let rows: Vec<Vec<String>> = d.projects.iter().flat_map(project_rows).collect();
        writeln!(out, "\n{}", d.name)?;
        writeln!(out, "{}", table(&CHANGE_HEADER, &rows, &[]))?;
    }
    writeln!(out, "\n部门合计（预算数）")?;
    writeln!(
        out,
        "{}",
        table(&TOTAL_HEADER, &total_rows(diff), &[1, 2, 3, 4, 5])
    )?;
    for (title, list) in finding_lists(diff) {
        writeln!(out, "\n{title}")?;
        for f in list {
            writeln!(out, "  {}", finding_line(f))?;
        }
    }
    writeln!(out, "\n{}", findings_totals(diff))
}

fn render_markdown(out: &mut dyn Write, diff: &Diff) -> io::Result<()> {
    writeln!(out, "### 预算绩效变化（perf diff）\n")?;
    writeln!(out, "**{}**\n", escape(&diff.verdict))?;
    writeln!(
        out,
        "比较 `{}` → `{}`，金额单位：万元。",
        side_label(&diff.old),
        side_label(&diff.new)
    )?;
    for d in diff.departments.iter().filter(|d| !d.projects.is_empty()) {
        let rows: Vec<Vec<String>> = d.projects.iter().flat_map(project_rows).collect();
        writeln!(out, "\n#### {}\n", escape(&d.name))?;
        markdown_table(out, &CHANGE_HEADER, &rows, &[])?;
    }
    writeln!(out, "\n#### 部门合计（预算数）\n")?;
    markdown_table(out, &TOTAL_HEADER, &total_rows(diff), &[1, 2, 3, 4, 5])?;
    for (title, list) in finding_lists(diff) {
        writeln!(out, "\n#### {title}\n")?;
        for f in list {
            let place = match f.line {
                Some(line) => format!("{}:{line}", f.file),
                None => f.file.clone(),
            };
            writeln!(
                out,
                "- **{}[{}]** `{}` {}",
                f.severity,
                f.code,
                place,
                escape(&f.message)
            )?;
        }
    }
    writeln!(out, "\n{}", findings_totals(diff))
}

fn table(header: &[&str], rows: &[Vec<String>], right: &[usize]) -> String {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.to_vec());
    for row in rows {
        table.add_row(row.clone());
    }
    for &i in right {
        if let Some(column) = table.column_mut(i) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    table.to_string()
}

fn markdown_table(
    out: &mut dyn Write,
    header: &[&str],
    rows: &[Vec<String>],
    right: &[usize],
) -> io::Result<()> {
    writeln!(out, "| {} |", header.join(" | "))?;
    let rule: Vec<&str> = (0..header.len())
        .map(|i| if right.contains(&i) { "---:" } else { "---" })
        .collect();
    writeln!(out, "| {} |", rule.join(" | "))?;
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// Markdown table cells cannot hold `|` or line breaks.
fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn or_none(value: Option<&str>) -> String {
    value.map_or_else(|| NONE.to_owned(), str::to_owned)
}

fn amount(value: Option<Decimal>) -> String {
    value.map_or_else(|| NONE.to_owned(), format2)
}

fn amount_delta(c: &AmountChange) -> String {
    let Some(delta) = c.delta else {
        return NONE.to_owned();
    };
    match c.percent {
        Some(p) => format!("{} ({}%)", signed(delta), signed(p)),
        None => signed(delta),
    }
}

fn project_rows(p: &ProjectDiff) -> Vec<Vec<String>> {
    let total = p.budget.iter().find(|b| b.field == "预算数");
    let mut rows: Vec<[String; 4]> = Vec::new();
    match p.status {
        Status::Added => rows.push([
            "新增项目".into(),
            NONE.into(),
            total.map_or_else(
                || NONE.into(),
                |t| format!("预算数 {}", amount(t.amount.new)),
            ),
            format!("{}，{} 个指标", p.file, p.indicator_count),
        ]),
        Status::Removed | Status::Unreadable => rows.push([
            if p.status == Status::Removed {
                "删除项目".into()
            } else {
                "无法读取".into()
            },
            total.map_or_else(
                || NONE.into(),
                |t| format!("预算数 {}", amount(t.amount.old)),
            ),
            NONE.into(),
            if p.status == Status::Removed {
                p.file.clone()
            } else {
                format!("{} 有错误，见新增的问题", p.file)
            },
        ]),
        Status::Changed => {
            for f in &p.fields {
                let note = match (f.field, p.matched_by) {
                    ("文件", Some(MatchedBy::Code)) => "按项目编码对应",
                    ("文件", Some(MatchedBy::Name)) => "按部门和项目名称对应",
                    ("文件", Some(MatchedBy::Content)) => "按指标名称对应",
                    _ => "",
                };
                rows.push([
                    f.field.into(),
                    or_none(f.value.old.as_deref()),
                    or_none(f.value.new.as_deref()),
                    note.into(),
                ]);
            }
            for b in &p.budget {
                rows.push([
                    b.field.into(),
                    amount(b.amount.old),
                    amount(b.amount.new),
                    amount_delta(&b.amount),
                ]);
            }
            rows.extend(p.plan.iter().map(plan_row));
            rows.extend(p.indicators.iter().flat_map(indicator_rows));
        }
    }
    rows.into_iter()
        .enumerate()
        .map(|(i, [a, b, c, d])| {
            let name = if i == 0 {
                p.name.clone()
            } else {
                String::new()
            };
            vec![name, a, b, c, d]
        })
        .collect()
}

fn percent(value: Option<Decimal>) -> String {
    value.map_or_else(|| NONE.to_owned(), |v| format!("{}%", plain(v)))
}

fn plan_row(c: &PlanChange) -> [String; 4] {
    let note = match c.delta {
        Some(d) if d > Decimal::ZERO => format!("+{} 个百分点", plain(d)),
        Some(d) => format!("{} 个百分点", plain(d)),
        None if c.old.is_none() => "新增检查点".to_owned(),
        None => "删除检查点".to_owned(),
    };
    [
        format!("{}月底计划", c.month),
        percent(c.old),
        percent(c.new),
        note,
    ]
}

fn indicator_rows(c: &IndicatorChange) -> Vec<[String; 4]> {
    let label = format!("{}“{}”", c.level2, c.name);
    match c.status {
        IndicatorStatus::Added => vec![[
            format!("新增指标 {label}"),
            NONE.into(),
            or_none(c.target.new.as_deref()),
            String::new(),
        ]],
        IndicatorStatus::Removed => vec![[
            format!("删除指标 {label}"),
            or_none(c.target.old.as_deref()),
            NONE.into(),
            String::new(),
        ]],
        IndicatorStatus::Changed => {
            let mut rows = Vec::new();
            if let Some(reading) = &c.reading {
                rows.push([
                    label.clone(),
                    or_none(c.target.old.as_deref()),
                    or_none(c.target.new.as_deref()),
                    reading.clone(),
                ]);
            }
            if let Some(basis) = &c.basis {
                rows.push([
                    format!("{label} 依据"),
                    or_none(basis.old.as_deref()),
                    or_none(basis.new.as_deref()),
                    String::new(),
                ]);
            }
            rows
        }
    }
}

fn total_row(name: &str, t: &TotalsDiff) -> Vec<String> {
    let projects = if t.projects_old == t.projects_new {
        t.projects_new.to_string()
    } else {
        format!("{} → {}", t.projects_old, t.projects_new)
    };
    vec![
        name.to_owned(),
        projects,
        amount(t.total.old),
        amount(t.total.new),
        t.total.delta.map_or_else(|| NONE.to_owned(), signed),
        t.total
            .percent
            .map_or_else(|| NONE.to_owned(), |p| format!("{}%", signed(p))),
    ]
}

fn total_rows(diff: &Diff) -> Vec<Vec<String>> {
    diff.departments
        .iter()
        .map(|d| total_row(&d.name, &d.totals))
        .chain(std::iter::once(total_row("合计", &diff.totals)))
        .collect()
}

fn finding_lists(diff: &Diff) -> Vec<(String, &[FindingChange])> {
    let title = |what: &str, list: &[FindingChange]| {
        let count = |s: Severity| list.iter().filter(|f| f.severity == s).count();
        format!(
            "{what}（{} 个错误，{} 个警告）",
            count(Severity::Error),
            count(Severity::Warning)
        )
    };
    let mut lists = Vec::new();
    if !diff.findings.introduced.is_empty() {
        lists.push((
            title("新增的问题", &diff.findings.introduced),
            diff.findings.introduced.as_slice(),
        ));
    }
    if !diff.findings.fixed.is_empty() {
        lists.push((
            title("已修复的问题", &diff.findings.fixed),
            diff.findings.fixed.as_slice(),
        ));
    }
    lists
}

fn finding_line(f: &FindingChange) -> String {
    let place = match f.line {
        Some(line) => format!("{}:{line}", f.file),
        None => f.file.clone(),
    };
    format!("{}[{}] {place} {}", f.severity, f.code, f.message)
}

fn findings_totals(diff: &Diff) -> String {
    let (o, n) = (diff.old.findings, diff.new.findings);
    format!(
        "问题合计：错误 {} → {}，警告 {} → {}",
        o.errors, n.errors, o.warnings, n.warnings
    )
}
