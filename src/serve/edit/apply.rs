//! Puts a submitted form into a project file's text with toml_edit: only the values that
//! differ from the file are set, each keeping its place, its whitespace and its comments, so
//! every untouched byte stays as it was. Values are written as TOML reads them: a number
//! field that holds a number keeps it as typed (`4000.50` stays `4000.50`; money is never
//! passed through a float), anything else becomes a string the rules then judge.

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use crate::serve::edit::form::{CELLS, Submitted};

/// The text with the form applied, and for each `[[indicator]]` of the result, the form row
/// (`ind.K`) it came from.
///
/// # Errors
/// The file's text is not TOML (it cannot be edited as a form; its error is shown instead).
pub fn apply(
    text: &str,
    form: &Submitted,
) -> Result<(String, Vec<Option<usize>>), toml_edit::TomlError> {
    let mut doc: DocumentMut = text.parse()?;
    for (table, keys) in [
        (
            "project",
            &["name", "code", "department", "year", "purpose"][..],
        ),
        ("budget", &["total", "fiscal", "other"][..]),
    ] {
        for key in keys {
            let Some(new) = form.fields.get(&format!("{table}.{key}")) else {
                continue;
            };
            if new.trim().is_empty() && !doc.contains_key(table) {
                continue;
            }
            let kind = match *key {
                "year" | "total" | "fiscal" | "other" => Kind::Number,
                _ => Kind::Text,
            };
            if let Some(table) = table_mut(&mut doc, table) {
                set(table, key, new, kind);
            }
        }
    }
    if let Some(goals) = &form.goals
        && let Some(project) = table_mut(&mut doc, "project")
    {
        set_goals(project, goals);
    }
    if let Some(plan) = &form.plan {
        set_plan(&mut doc, plan);
    }
    let origin = set_indicators(&mut doc, form);
    Ok((doc.to_string(), origin))
}

#[derive(Clone, Copy)]
enum Kind {
    Text,
    Number,
}

/// The table `name`, made at the end of the file when missing; `None` when the file holds
/// something else under that name (left alone: the rules report it).
fn table_mut<'a>(doc: &'a mut DocumentMut, name: &str) -> Option<&'a mut Table> {
    if !doc.contains_key(name) {
        doc.insert(name, Item::Table(Table::new()));
    }
    doc.get_mut(name).and_then(Item::as_table_mut)
}

/// The text a form shows for a value: a string as is, anything else as written.
pub fn shown(item: Option<&Item>) -> String {
    match item.and_then(Item::as_value) {
        Some(Value::String(s)) => s.value().clone(),
        Some(other) => other.to_string().trim().to_owned(),
        None => String::new(),
    }
}

fn value_of(new: &str, kind: Kind) -> Value {
    if let Kind::Number = kind
        && let Ok(value) = new.trim().parse::<Value>()
        && (value.is_integer() || value.is_float())
    {
        return value;
    }
    Value::from(new)
}

/// Sets `key` to `new` when it differs from what the file holds; a blank removes the key.
fn set(table: &mut Table, key: &str, new: &str, kind: Kind) {
    let new = match kind {
        Kind::Number => new.trim(),
        Kind::Text => new,
    };
    if shown(table.get(key)) == new {
        return;
    }
    if new.trim().is_empty() {
        table.remove(key);
        return;
    }
    let mut value = value_of(new, kind);
    match table.get_mut(key) {
        Some(item) => {
            if let Some(old) = item.as_value() {
                *value.decor_mut() = old.decor().clone();
            }
            *item = Item::Value(value);
        }
        None => {
            table.insert(key, Item::Value(value));
        }
    }
}

fn set_goals(table: &mut Table, goals: &[String]) {
    let current: Vec<String> = table
        .get("goals")
        .and_then(Item::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if current == goals {
        return;
    }
    let mut array = Array::new();
    for goal in goals {
        let mut value = Value::from(goal.as_str());
        value.decor_mut().set_prefix("\n  ");
        array.push_formatted(value);
    }
    array.set_trailing("\n");
    array.set_trailing_comma(!goals.is_empty());
    let mut value = Value::Array(array);
    if let Some(old) = table.get("goals").and_then(Item::as_value) {
        *value.decor_mut() = old.decor().clone();
    }
    table.insert("goals", Item::Value(value));
}

fn set_plan(doc: &mut DocumentMut, plan: &[(String, String)]) {
    if plan.is_empty() && !doc.contains_key("plan") {
        return;
    }
    let Some(table) = table_mut(doc, "plan") else {
        return;
    };
    let existing: Vec<String> = table.iter().map(|(k, _)| k.to_owned()).collect();
    for key in existing {
        match plan.iter().find(|(m, _)| *m == key) {
            Some((_, percent)) => set(table, &key, percent, Kind::Number),
            None => {
                table.remove(&key);
            }
        }
    }
    for (month, percent) in plan {
        if !table.contains_key(month) {
            set(table, month, percent, Kind::Number);
        }
    }
}

/// Updates, deletes and adds `[[indicator]]` tables; returns the form row of each result.
fn set_indicators(doc: &mut DocumentMut, form: &Submitted) -> Vec<Option<usize>> {
    let fresh: Vec<Table> = form
        .rows
        .iter()
        .filter(|r| r.orig.is_none() && !r.delete)
        .filter(|r| r.cells.values().any(|v| !v.trim().is_empty()))
        .map(|r| {
            let mut table = Table::new();
            for cell in CELLS {
                let text = r.cells.get(cell).map(String::as_str).unwrap_or("");
                if !text.trim().is_empty() || !matches!(cell, "description" | "basis") {
                    table.insert(cell, Item::Value(Value::from(text)));
                }
            }
            table
        })
        .collect();
    let fresh_keys: Vec<usize> = form
        .rows
        .iter()
        .filter(|r| r.orig.is_none() && !r.delete)
        .filter(|r| r.cells.values().any(|v| !v.trim().is_empty()))
        .map(|r| r.key)
        .collect();
    if !doc.contains_key("indicator") && fresh.is_empty() {
        return Vec::new();
    }
    if !doc.get("indicator").is_some_and(Item::is_array_of_tables) {
        doc.insert("indicator", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    let Some(tables) = doc
        .get_mut("indicator")
        .and_then(Item::as_array_of_tables_mut)
    else {
        return Vec::new();
    };
    let mut origin: Vec<Option<usize>> = Vec::new();
    let mut doomed = Vec::new();
    for (position, table) in tables.iter_mut().enumerate() {
        let row = form.rows.iter().find(|r| r.orig == Some(position));
        match row {
            Some(row) if row.delete => doomed.push(position),
            Some(row) => {
                for (cell, text) in &row.cells {
                    set(table, cell, text, Kind::Text);
                }
                origin.push(Some(row.key));
            }
            None => origin.push(None),
        }
    }
    for position in doomed.into_iter().rev() {
        tables.remove(position);
    }
    for table in fresh {
        tables.push(table);
    }
    origin.extend(fresh_keys.into_iter().map(Some));
    reorder(tables, &mut origin, form);
    origin
}

/// Puts the rows in the order of the 序号 typed for them (`ind.K.pos`); a row without one
/// keeps its place, ties keep their order. Tables move whole, with the comments above them;
/// when the order does not change, nothing is touched.
fn reorder(tables: &mut ArrayOfTables, origin: &mut Vec<Option<usize>>, form: &Submitted) {
    let wanted = |i: usize, key: Option<usize>| -> u64 {
        let typed = key
            .and_then(|k| form.rows.iter().find(|r| r.key == k))
            .and_then(|r| r.pos);
        // Rows are numbered from 1; a row with no number sits where it is.
        typed.map_or(i as u64 + 1, u64::from)
    };
    let mut order: Vec<usize> = (0..tables.len()).collect();
    order.sort_by_key(|&i| wanted(i, origin.get(i).copied().flatten()));
    if order.iter().enumerate().all(|(at, &i)| at == i) {
        return;
    }
    let taken: Vec<Table> = tables.iter().cloned().collect();
    // toml_edit writes tables by their document position, not their place in the array: the
    // moved tables take over the positions, in order, the rows had.
    let mut positions: Vec<Option<isize>> = taken.iter().map(Table::position).collect();
    positions.sort_by_key(|p| p.unwrap_or(isize::MAX));
    let before = std::mem::take(origin);
    tables.clear();
    for (at, i) in order.into_iter().enumerate() {
        if let Some(table) = taken.get(i) {
            let mut table = table.clone();
            table.set_position(positions.get(at).copied().flatten());
            tables.push(table);
            origin.push(before.get(i).copied().flatten());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# 头注释\n[project]\nname = \"甲\"  # 名称\nyear = 2024\ngoals = [\n  \"一\",\n]\n\n# 预算\n[budget]\ntotal = 4000\nfiscal = 4000\n\n[plan]\n3 = 20\n12 = 100\n\n[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"成本指标\"\nname = \"项目金额\"\ntarget = \"=7000万元\"  # 原表如此\n\n[[indicator]]\nlevel1 = \"满意度指标\"\nlevel2 = \"服务对象满意度指标\"\nname = \"满意度\"\ntarget = \"≥90%\"\n";

    fn pairs(list: &[(&str, &str)]) -> Submitted {
        let owned: Vec<(String, String)> = list
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Submitted::read(&owned)
    }

    #[test]
    fn an_unchanged_form_changes_no_byte() {
        let form = pairs(&[
            ("project.name", "甲"),
            ("project.year", "2024"),
            ("goals", "一\r\n"),
            ("budget.total", "4000"),
            ("budget.fiscal", "4000"),
            ("budget.other", ""),
            ("plan.0.month", "3"),
            ("plan.0.percent", "20"),
            ("plan.1.month", "12"),
            ("plan.1.percent", "100"),
            ("plan.2.month", ""),
            ("ind.0.orig", "0"),
            ("ind.0.target", "=7000万元"),
            ("ind.0.description", ""),
            ("ind.1.orig", "1"),
            ("ind.1.name", "满意度"),
            ("ind.2.orig", "new"),
            ("ind.2.name", ""),
        ]);
        let (text, origin) = apply(TEXT, &form).unwrap();
        assert_eq!(text, TEXT);
        assert_eq!(origin, vec![Some(0), Some(1)]);
    }

    #[test]
    fn an_edited_target_changes_only_its_value_and_keeps_the_comment() {
        let form = pairs(&[("ind.0.orig", "0"), ("ind.0.target", "≤4000万元")]);
        let (text, _) = apply(TEXT, &form).unwrap();
        assert_eq!(
            text,
            TEXT.replace("\"=7000万元\"  # 原表如此", "\"≤4000万元\"  # 原表如此")
        );
    }

    #[test]
    fn money_is_written_as_typed_and_rows_are_added_and_deleted() {
        let form = pairs(&[
            ("budget.total", "4000.50"),
            ("budget.other", "0.50"),
            ("ind.1.orig", "1"),
            ("ind.1.delete", "on"),
            ("ind.2.orig", "new"),
            ("ind.2.level1", "产出指标"),
            ("ind.2.level2", "数量指标"),
            ("ind.2.name", "培训人数"),
            ("ind.2.target", "≥100人"),
        ]);
        let (text, origin) = apply(TEXT, &form).unwrap();
        assert!(text.contains("total = 4000.50\n"), "{text}");
        assert!(text.contains("fiscal = 4000\nother = 0.50\n"), "{text}");
        assert!(!text.contains("满意度"), "{text}");
        assert!(
            text.contains("name = \"培训人数\"\ntarget = \"≥100人\""),
            "{text}"
        );
        assert_eq!(
            origin,
            vec![None, Some(2)],
            "row 0 was not on the form: untouched"
        );
        assert!(text.starts_with("# 头注释\n[project]\nname = \"甲\"  # 名称\n"));
    }
    #[test]
    fn rows_move_to_the_numbers_typed_for_them_with_their_comments() {
        // Numbered as the page numbers them: nothing moves, no byte changes.
        let same = pairs(&[
            ("ind.0.orig", "0"),
            ("ind.0.pos", "1"),
            ("ind.1.orig", "1"),
            ("ind.1.pos", "2"),
        ]);
        assert_eq!(apply(TEXT, &same).unwrap().0, TEXT);
        // 满意度 to the top: the whole table moves, its neighbour's trailing comment with it.
        let swapped = pairs(&[
            ("ind.0.orig", "0"),
            ("ind.0.pos", "2"),
            ("ind.1.orig", "1"),
            ("ind.1.pos", "1"),
        ]);
        let (text, origin) = apply(TEXT, &swapped).unwrap();
        let satisfaction = text.find("name = \"满意度\"").unwrap();
        let cost = text.find("name = \"项目金额\"").unwrap();
        assert!(satisfaction < cost, "{text}");
        assert!(
            text.contains("target = \"=7000万元\"  # 原表如此"),
            "{text}"
        );
        assert_eq!(origin, vec![Some(1), Some(0)]);
        assert!(text.starts_with("# 头注释\n[project]\n"), "{text}");
        // The rest of the file is as it was.
        let head = &TEXT[..TEXT.find("[[indicator]]").unwrap()];
        assert!(text.starts_with(head), "{text}");
    }
}
