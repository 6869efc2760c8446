//! The model as budget-file text: what `perf import` and `perf new --from` write. The document
//! is built with toml_edit and passed through the canonical layout, so a written file is
//! already what `perf fmt` would make of it.
//!
//! Amounts are written from their exact decimals: whole numbers as TOML integers, fractions as
//! TOML floats whose text is the decimal's (`1234.56`), which perf reads back exactly. Keys
//! are written in the order of `source::schema`; empty optional parts are left out.

use rust_decimal::Decimal;
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use crate::model::department::Department;
use crate::model::execution::Execution;
use crate::model::money::{MoneyUnit, plain};
use crate::model::project::{Direction, Indicator, Project};
use crate::toml_writer::canonical;

/// A project file: `header` lines become the comment block at the top.
pub fn project_toml(project: &Project, header: &[String]) -> String {
    let mut doc = DocumentMut::new();
    let mut head = Table::new();
    put_text(&mut head, "name", Some(&project.name));
    put_text(&mut head, "title", project.title.as_deref());
    put_text(&mut head, "code", project.code.as_deref());
    put_text(&mut head, "department", Some(&project.department));
    put_text(&mut head, "implementer", project.implementer.as_deref());
    if let Some(year) = project.year {
        head.insert("year", toml_edit::value(year));
    }
    put_text(&mut head, "period", project.period.as_deref());
    if let Some(framework) = project.framework {
        head.insert("framework", toml_edit::value(framework.word()));
    }
    put_text(&mut head, "purpose", project.purpose.as_deref());
    head.insert("goals", list(&project.goals, true));
    if !project.long_term_goals.is_empty() {
        head.insert("long_term_goals", list(&project.long_term_goals, true));
    }
    if !project.medium_term.is_empty() {
        let mut years = toml_edit::InlineTable::new();
        for (year, amount) in &project.medium_term {
            years.insert(year.to_string(), amount_value(*amount));
        }
        head.insert("medium_term", Item::Value(Value::InlineTable(years)));
    }
    head.decor_mut().set_prefix(comment_block(header));
    doc.insert("project", Item::Table(head));

    if let Some(budget) = &project.budget {
        let mut table = Table::new();
        if budget.unit != MoneyUnit::default() {
            table.insert("unit", toml_edit::value(budget.unit.label()));
        }
        table.insert("total", Item::Value(amount_value(budget.total)));
        if let Some(fiscal) = budget.fiscal {
            table.insert("fiscal", Item::Value(amount_value(fiscal)));
        }
        if let Some(other) = budget.other {
            table.insert("other", Item::Value(amount_value(other)));
        }
        for (key, lines) in [("items", &budget.items), ("sources", &budget.sources)] {
            if lines.is_empty() {
                continue;
            }
            let mut rows = ArrayOfTables::new();
            for line in lines {
                let mut row = Table::new();
                row.insert("name", toml_edit::value(line.name.as_str()));
                row.insert("amount", Item::Value(amount_value(line.amount)));
                rows.push(row);
            }
            table.insert(key, Item::ArrayOfTables(rows));
        }
        doc.insert("budget", Item::Table(table));
    }
    if let Some(plan) = &project.plan {
        let mut table = Table::new();
        for point in &plan.points {
            table.insert(
                &point.month.to_string(),
                Item::Value(amount_value(point.percent)),
            );
        }
        doc.insert("plan", Item::Table(table));
    }
    let mut rows = ArrayOfTables::new();
    for indicator in &project.indicators {
        rows.push(indicator_table(indicator));
    }
    if !rows.is_empty() {
        doc.insert("indicator", Item::ArrayOfTables(rows));
    }
    if let Some(execution) = &project.execution {
        doc.insert("execution", Item::Table(execution_table(execution)));
    }
    finish(&doc)
}

fn indicator_table(row: &Indicator) -> Table {
    let mut t = Table::new();
    t.insert("level1", toml_edit::value(&*row.level1_label));
    t.insert("level2", toml_edit::value(&*row.level2_label));
    t.insert("name", toml_edit::value(row.name.as_str()));
    put_text(&mut t, "description", row.description.as_deref());
    t.insert("target", toml_edit::value(row.target.raw.as_str()));
    put_text(&mut t, "unit", row.unit.as_deref());
    if let Some(direction) = row.direction {
        let label = match direction {
            Direction::Positive => "正向",
            Direction::Negative => "反向",
        };
        t.insert("direction", toml_edit::value(label));
    }
    put_text(&mut t, "baseline", row.baseline.as_deref());
    if let Some(weight) = row.weight {
        t.insert("weight", Item::Value(amount_value(weight)));
    }
    put_text(&mut t, "basis", row.basis.as_deref());
    put_text(&mut t, "basis_note", row.basis_note.as_deref());
    // What a 自评表 or 监控表 records about the row.
    let progress = &row.progress;
    put_text(
        &mut t,
        "actual",
        progress.actual.as_ref().map(|a| a.raw.as_str()),
    );
    if let Some(score) = progress.self_score {
        t.insert("self_score", Item::Value(amount_value(score)));
    }
    put_text(&mut t, "reason", progress.explanation.reason.as_deref());
    t
}

/// `[execution]` as a 自评表 or 监控表 gives it: amounts in the budget's unit, the form's own
/// 执行率, 分值 and 总分 as printed.
fn execution_table(execution: &Execution) -> Table {
    let mut table = Table::new();
    if let Some(adjusted) = execution.adjusted_budget {
        table.insert("adjusted_budget", Item::Value(amount_value(adjusted)));
    }
    if !execution.spent.is_empty() {
        let mut months = toml_edit::InlineTable::new();
        for point in &execution.spent {
            months.insert(point.month.to_string(), amount_value(point.amount));
        }
        table.insert("spent", Item::Value(Value::InlineTable(months)));
    }
    if let Some(forecast) = execution.forecast {
        table.insert("forecast", Item::Value(amount_value(forecast)));
    }
    put_text(
        &mut table,
        "reason",
        execution.explanation.reason.as_deref(),
    );
    // `self_rate` keeps the decimals the form prints (`100.00`): E008 compares to them.
    if let Some(rate) = execution.self_rate {
        let printed = match rate.to_string().parse::<Value>() {
            Ok(value @ (Value::Float(_) | Value::Integer(_))) => value,
            _ => amount_value(rate),
        };
        table.insert("self_rate", Item::Value(printed));
    }
    for (key, value) in [
        ("self_total", execution.self_total),
        ("self_rate_points", execution.self_rate_points),
    ] {
        if let Some(value) = value {
            table.insert(key, Item::Value(amount_value(value)));
        }
    }
    table
}

/// A department file: `header` lines become the comment block at the top.
pub fn department_toml(department: &Department, header: &[String]) -> String {
    let mut doc = DocumentMut::new();
    let mut head = Table::new();
    head.insert("name", toml_edit::value(department.name.as_str()));
    if !department.aliases.is_empty() {
        head.insert("aliases", list(&department.aliases, false));
    }
    if let Some(year) = department.year {
        head.insert("year", toml_edit::value(year));
    }
    if let Some(budget) = department.budget {
        head.insert("budget", Item::Value(amount_value(budget)));
    }
    if !department.overall.is_empty() {
        head.insert("overall", list(&department.overall, true));
    }
    if !department.measures.is_empty() {
        head.insert("measures", list(&department.measures, true));
    }
    if !department.projects.is_empty() {
        head.insert("projects", list(&department.projects, true));
    }
    head.decor_mut().set_prefix(comment_block(header));
    doc.insert("department", Item::Table(head));
    let mut rows = ArrayOfTables::new();
    for objective in &department.objectives {
        let mut t = Table::new();
        t.insert("title", toml_edit::value(objective.title.as_str()));
        put_text(&mut t, "goal", objective.goal.as_deref());
        put_text(&mut t, "indicator", objective.indicator.as_deref());
        rows.push(t);
    }
    if !rows.is_empty() {
        doc.insert("objective", Item::ArrayOfTables(rows));
    }
    finish(&doc)
}

/// A file name for a project: `<项目名称>` with the characters file systems forbid replaced by
/// `_` (never a path, never hidden), without the `.toml`. Names perf or the system reserve —
/// `perf` (perf.toml is the configuration), `department` (the department file), `CON`, `NUL`
/// … — get `-项目` appended; a name too long for a file name is cut (at a character
/// boundary) and ends with a short hash of the whole name, so two long names stay distinct.
pub fn file_stem(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let clean = clean
        .trim()
        .trim_start_matches('.')
        .trim_end_matches(['.', ' '])
        .trim();
    if clean.is_empty() {
        return "项目".to_owned();
    }
    let lower = clean.to_lowercase();
    let base = lower.split('.').next().unwrap_or_default();
    let reserved = matches!(base, "perf" | "department" | "con" | "prn" | "aux" | "nul")
        || ((base.starts_with("com") || base.starts_with("lpt"))
            && base.len() == 4
            && base.ends_with(|c: char| c.is_ascii_digit()));
    if reserved {
        return format!("{clean}-项目");
    }
    if clean.len() <= MAX_STEM_BYTES {
        return clean.to_owned();
    }
    let mut cut = MAX_STEM_BYTES - 9;
    while !clean.is_char_boundary(cut) {
        cut -= 1;
    }
    format!(
        "{}-{:08x}",
        clean.get(..cut).unwrap_or_default().trim_end(),
        fnv(name)
    )
}

/// The longest file stem written, in bytes: with `-99.toml` it stays well under the 255 bytes
/// most file systems allow.
pub const MAX_STEM_BYTES: usize = 180;

/// FNV-1a, 32 bits: a stable short hash for names cut short.
fn fnv(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |h: u32, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// `<项目名称>.toml` through [`file_stem`], repeats numbered (`-2`, `-3` …); `used` holds the
/// names given so far (compared without case, as Windows and macOS do).
pub fn file_name(name: &str, used: &mut std::collections::HashSet<String>) -> String {
    let base = file_stem(name);
    let mut n = 1;
    loop {
        let candidate = if n == 1 {
            format!("{base}.toml")
        } else {
            format!("{base}-{n}.toml")
        };
        if used.insert(candidate.to_lowercase()) {
            return candidate;
        }
        n += 1;
    }
}

/// `# line` for each header line. Control characters (which TOML does not allow in a
/// comment) become spaces, and a line that would read as a `# perf: allow(…)` suppression
/// is set off with `- `.
pub fn comment_block(lines: &[String]) -> String {
    lines
        .iter()
        .flat_map(|l| l.split('\n'))
        .map(|l| {
            let l: String = l
                .chars()
                .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
                .collect();
            if l.trim().is_empty() {
                "#\n".to_owned()
            } else if l.trim_start().starts_with("perf:") {
                format!("# - {}\n", l.trim())
            } else {
                format!("# {}\n", l.trim_end())
            }
        })
        .collect()
}

/// Checks that `text` is a file perf loads as written: it parses (no F001), it is a project or
/// department file as `department` says (F005), every key is known (F002), and its comments
/// hold no malformed suppression (F007). A key the document did not fill (F003, such as a
/// year it does not state) or a value the rules refuse (F004) is content for the user to
/// complete — `perf validate` reports it — not a file perf misreads. Returns the first problem.
pub fn reads_back(text: &str, department: bool) -> Result<(), String> {
    use crate::diag::Severity;
    use crate::source::fields::Sink;
    use crate::source::lower::Lowered;
    let mut sink = Sink::new(crate::diag::FileId(0));
    let lowered = crate::source::parse_and_lower(text, &mut sink);
    crate::source::suppress::scan(text, crate::diag::FileId(0), &mut sink.items);
    let gap = |code: &str| matches!(code, "F003" | "F004");
    if let Some(d) = sink
        .items
        .iter()
        .find(|d| d.severity == Severity::Error && !gap(d.rule.code))
    {
        return Err(format!("{}：{}", d.rule.code, d.message));
    }
    match (lowered, department) {
        (Lowered::Project(_), false) | (Lowered::Department(_), true) => Ok(()),
        _ => Err("写出的文件不是 perf 能读的项目或部门文件".to_owned()),
    }
}

fn finish(doc: &DocumentMut) -> String {
    let text = doc.to_string();
    // The document was built here, so it parses; the fallback only guards the invariant.
    canonical::format(&text).unwrap_or(text)
}

fn put_text(table: &mut Table, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        table.insert(key, toml_edit::value(value));
    }
}

/// A list of strings: one item per line (goals, paragraphs) or on one line (short names).
fn list(items: &[String], multiline: bool) -> Item {
    let mut array = Array::new();
    for item in items {
        array.push(item.as_str());
    }
    if multiline && !array.is_empty() {
        for value in array.iter_mut() {
            value.decor_mut().set_prefix("\n  ");
        }
        array.set_trailing("\n");
        array.set_trailing_comma(true);
    }
    Item::Value(Value::Array(array))
}

/// An exact amount or percentage as a TOML value whose text is the decimal's.
pub fn amount_value(amount: Decimal) -> Value {
    let text = plain(amount);
    if let Ok(whole) = text.parse::<i64>() {
        return Value::from(whole);
    }
    // A TOML float keeps the text it was parsed from; perf reads amounts from that text.
    match text.parse::<Value>() {
        Ok(value @ Value::Float(_)) => value,
        _ => Value::from(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::FileId;
    use crate::source::fields::Sink;
    use crate::source::lower::Lowered;
    use crate::source::parse_and_lower;

    fn reload(text: &str) -> Project {
        let mut sink = Sink::new(FileId(0));
        match parse_and_lower(text, &mut sink) {
            Lowered::Project(boxed) => boxed.0,
            other => panic!("not a project: {other:?}\n{text}"),
        }
    }

    #[test]
    fn amounts_are_written_exactly() {
        let text = amount_value("1234.56".parse().unwrap()).to_string();
        assert_eq!(text.trim(), "1234.56");
        assert_eq!(amount_value(Decimal::from(4000)).to_string().trim(), "4000");
        assert_eq!(
            amount_value("20.50".parse().unwrap()).to_string().trim(),
            "20.5"
        );
    }

    #[test]
    fn a_written_project_reads_back_the_same() {
        let mut p = Project {
            name: "临时救助资金".into(),
            department: "示例区民政局".into(),
            year: Some(2024),
            goals: vec!["及时足额发放。".into(), "保障基本生活。".into()],
            ..Project::default()
        };
        p.budget = Some(crate::model::budget::Budget {
            unit: MoneyUnit::Wan,
            total: "120.5".parse().unwrap(),
            fiscal: Some(Decimal::from(100)),
            other: None,
            sources: Vec::new(),
            items: Vec::new(),
        });
        p.indicators.push(Indicator::new(
            "产出指标",
            "数量指标",
            "救助人次",
            "≧300人次",
        ));
        let text = project_toml(&p, &["由测试写入".into()]);
        assert!(text.starts_with("# 由测试写入\n[project]\n"), "{text}");
        assert_eq!(canonical::format(&text).unwrap(), text);
        assert_eq!(reload(&text), p);
    }
}
