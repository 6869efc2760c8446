//! Laying out a [`Diff`]: an aligned terminal table, Markdown for a pull-request comment or
//! `$GITHUB_STEP_SUMMARY`, or JSON. Tables and Markdown show the rounded view (amounts to
//! cents, totals the sum of rounded projects); JSON keeps exact decimal strings.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ContentArrangement, Table};
use rust_decimal::Decimal;

use crate::args;
use crate::diag::Severity;
use crate::diff::{
    AmountChange, Diff, FindingChange, IndicatorChange, IndicatorStatus, MatchedBy, PlanChange,
    ProjectDiff, Status, TotalsDiff, signed,
};
use crate::i18n::Lang;
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
/// Catalog keys of the headings.
const CHANGE_HEADER: [&str; 5] = [
    "report.project",
    "diff.what",
    "diff.before",
    "diff.after",
    "diff.note",
];
const TOTAL_HEADER: [&str; 6] = [
    "report.department",
    "report.projects",
    "diff.before",
    "diff.after",
    "report.change",
    "diff.change_pct",
];

/// Writes `diff` in `format`, its text in `lang` (JSON keeps the view as it is).
pub fn render_diff(
    out: &mut dyn Write,
    diff: &Diff,
    format: DiffFormat,
    lang: Lang,
) -> io::Result<()> {
    match format {
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, diff)?;
            writeln!(out)
        }
        DiffFormat::Table => render_table(out, &diff.rounded(), lang),
        DiffFormat::Markdown => render_markdown(out, &diff.rounded(), lang),
    }
}

/// A heading row from catalog keys.
fn header<const N: usize>(keys: [&str; N], lang: Lang) -> [String; N] {
    keys.map(|key| lang.text(key, &[]))
}

/// A field of the view (a Chinese label, `预算数`) as tables show it.
fn field(label: &str, lang: Lang) -> String {
    lang.text(&format!("diff_field.{label}"), &[])
}

fn side_label(side: &crate::diff::Side) -> String {
    match &side.commit {
        Some(commit) => format!("{} ({})", side.label, commit.get(..7).unwrap_or(commit)),
        None => side.label.clone(),
    }
}

fn render_table(out: &mut dyn Write, diff: &Diff, lang: Lang) -> io::Result<()> {
    writeln!(out, "{}", diff.verdict)?;
    writeln!(
        out,
        "{}",
        lang.text(
            "diff.compared",
            args!(old = side_label(&diff.old), new = side_label(&diff.new))
        )
    )?;
    let change_header = header(CHANGE_HEADER, lang);
    for d in diff.departments.iter().filter(|d| !d.projects.is_empty()) {
        let rows: Vec<Vec<String>> = d
            .projects
            .iter()
            .flat_map(|p| project_rows(p, lang))
            .collect();
        writeln!(out, "\n{}", d.name)?;
        writeln!(out, "{}", table(&change_header, &rows, &[]))?;
    }
    writeln!(out, "\n{}", lang.text("diff.totals", &[]))?;
    writeln!(
        out,
        "{}",
        table(
            &header(TOTAL_HEADER, lang),
            &total_rows(diff, lang),
            &[1, 2, 3, 4, 5]
        )
    )?;
    for (title, list) in finding_lists(diff, lang) {
        writeln!(out, "\n{title}")?;
        for f in list {
            writeln!(out, "  {}", finding_line(f))?;
        }
    }
    writeln!(out, "\n{}", findings_totals(diff, lang))
}

fn render_markdown(out: &mut dyn Write, diff: &Diff, lang: Lang) -> io::Result<()> {
    writeln!(out, "### {}\n", lang.text("diff.markdown_title", &[]))?;
    writeln!(out, "**{}**\n", escape(&diff.verdict))?;
    writeln!(
        out,
        "{}",
        lang.text(
            "diff.compared_markdown",
            args!(old = side_label(&diff.old), new = side_label(&diff.new))
        )
    )?;
    let change_header = header(CHANGE_HEADER, lang);
    for d in diff.departments.iter().filter(|d| !d.projects.is_empty()) {
        let rows: Vec<Vec<String>> = d
            .projects
            .iter()
            .flat_map(|p| project_rows(p, lang))
            .collect();
        writeln!(out, "\n#### {}\n", escape(&d.name))?;
        markdown_table(out, &change_header, &rows, &[])?;
    }
    writeln!(out, "\n#### {}\n", lang.text("diff.totals", &[]))?;
    markdown_table(
        out,
        &header(TOTAL_HEADER, lang),
        &total_rows(diff, lang),
        &[1, 2, 3, 4, 5],
    )?;
    for (title, list) in finding_lists(diff, lang) {
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
    writeln!(out, "\n{}", findings_totals(diff, lang))
}

fn table(header: &[String], rows: &[Vec<String>], right: &[usize]) -> String {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.to_vec());
    for row in rows {
        table.add_row(crate::report::table::shown(row));
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
    header: &[String],
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

fn project_rows(p: &ProjectDiff, lang: Lang) -> Vec<Vec<String>> {
    change_rows_of(p, lang)
        .into_iter()
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

/// The headings of [`change_rows`]: 变化, 调整前, 调整后, 说明.
pub fn change_header(lang: Lang) -> [String; 4] {
    header(
        ["diff.what", "diff.before", "diff.after", "diff.note"],
        lang,
    )
}

/// One project's change as the `perf diff` table shows it, one row per change (what, before,
/// after, note), amounts rounded to cents.
pub fn change_rows(p: &ProjectDiff, lang: Lang) -> Vec<[String; 4]> {
    let mut rounded = p.clone();
    for b in &mut rounded.budget {
        b.amount = b.amount.rounded();
    }
    change_rows_of(&rounded, lang)
}

/// [`change_rows`] as lines of text (`成本指标“项目金额” =7000万元 → ≤4000万元`), each with its
/// note in brackets when `notes`: a commit message's subject and body.
pub fn change_lines(p: &ProjectDiff, lang: Lang, notes: bool) -> Vec<String> {
    change_rows(p, lang)
        .into_iter()
        .map(|[what, before, after, note]| {
            let mut line = match (before.as_str(), after.as_str()) {
                (NONE, NONE) => what,
                (NONE, _) => format!("{what} {after}"),
                (_, NONE) => format!("{what} {before}"),
                _ => format!("{what} {before} → {after}"),
            };
            if notes && !note.is_empty() {
                line.push_str(&lang.text("diff.line_note", args!(note = note)));
            }
            line
        })
        .collect()
}

fn change_rows_of(p: &ProjectDiff, lang: Lang) -> Vec<[String; 4]> {
    let t = |key: &str| lang.text(key, &[]);
    let total = p.budget.iter().find(|b| b.field == "预算数");
    let budget_of = |v: Option<Decimal>| lang.text("diff.budget_total", args!(amount = amount(v)));
    let mut rows: Vec<[String; 4]> = Vec::new();
    match p.status {
        Status::Added => rows.push([
            t("diff.added_project"),
            NONE.into(),
            total.map_or_else(|| NONE.into(), |b| budget_of(b.amount.new)),
            lang.text(
                "diff.file_indicators",
                args!(file = p.file, n = p.indicator_count),
            ),
        ]),
        Status::Removed | Status::Unreadable => rows.push([
            if p.status == Status::Removed {
                t("diff.removed_project")
            } else {
                t("diff.unreadable")
            },
            total.map_or_else(|| NONE.into(), |b| budget_of(b.amount.old)),
            NONE.into(),
            if p.status == Status::Removed {
                p.file.clone()
            } else {
                lang.text("diff.file_errors", args!(file = p.file))
            },
        ]),
        Status::Changed => {
            for f in &p.fields {
                let note = match (f.field, p.matched_by) {
                    ("文件", Some(MatchedBy::Code)) => t("diff.by_code"),
                    ("文件", Some(MatchedBy::Name)) => t("diff.by_name"),
                    ("文件", Some(MatchedBy::Content)) => t("diff.by_content"),
                    _ => String::new(),
                };
                rows.push([
                    field(f.field, lang),
                    or_none(f.value.old.as_deref()),
                    or_none(f.value.new.as_deref()),
                    note,
                ]);
            }
            for b in &p.budget {
                rows.push([
                    field(b.field, lang),
                    amount(b.amount.old),
                    amount(b.amount.new),
                    amount_delta(&b.amount),
                ]);
            }
            rows.extend(p.plan.iter().map(|c| plan_row(c, lang)));
            rows.extend(p.indicators.iter().flat_map(|c| indicator_rows(c, lang)));
        }
    }
    rows
}

fn percent(value: Option<Decimal>) -> String {
    value.map_or_else(|| NONE.to_owned(), |v| format!("{}%", plain(v)))
}

fn plan_row(c: &PlanChange, lang: Lang) -> [String; 4] {
    let note = match c.delta {
        Some(d) if d > Decimal::ZERO => {
            lang.text("diff.points", args!(n = format!("+{}", plain(d))))
        }
        Some(d) => lang.text("diff.points", args!(n = plain(d))),
        None if c.old.is_none() => lang.text("diff.added_checkpoint", &[]),
        None => lang.text("diff.removed_checkpoint", &[]),
    };
    [
        lang.text("diff.plan_month", args!(month = c.month)),
        percent(c.old),
        percent(c.new),
        note,
    ]
}

fn indicator_rows(c: &IndicatorChange, lang: Lang) -> Vec<[String; 4]> {
    let label = format!("{}“{}”", c.level2, c.name);
    match c.status {
        IndicatorStatus::Added => vec![[
            lang.text("diff.added_indicator", args!(label = label)),
            NONE.into(),
            or_none(c.target.new.as_deref()),
            String::new(),
        ]],
        IndicatorStatus::Removed => vec![[
            lang.text("diff.removed_indicator", args!(label = label)),
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
                    lang.text("diff.basis_of", args!(label = label)),
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

fn total_rows(diff: &Diff, lang: Lang) -> Vec<Vec<String>> {
    let total = lang.text("report.total", &[]);
    diff.departments
        .iter()
        .map(|d| total_row(&d.name, &d.totals))
        .chain(std::iter::once(total_row(&total, &diff.totals)))
        .collect()
}

fn finding_lists(diff: &Diff, lang: Lang) -> Vec<(String, &[FindingChange])> {
    let title = |key: &str, list: &[FindingChange]| {
        let count = |s: Severity| list.iter().filter(|f| f.severity == s).count();
        lang.text(
            key,
            args!(
                errors = count(Severity::Error),
                warnings = count(Severity::Warning)
            ),
        )
    };
    let mut lists = Vec::new();
    if !diff.findings.introduced.is_empty() {
        lists.push((
            title("diff.introduced", &diff.findings.introduced),
            diff.findings.introduced.as_slice(),
        ));
    }
    if !diff.findings.fixed.is_empty() {
        lists.push((
            title("diff.fixed", &diff.findings.fixed),
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

fn findings_totals(diff: &Diff, lang: Lang) -> String {
    let (o, n) = (diff.old.findings, diff.new.findings);
    lang.text(
        "diff.findings_totals",
        args!(
            old_errors = o.errors,
            new_errors = n.errors,
            old_warnings = o.warnings,
            new_warnings = n.warnings
        ),
    )
}
