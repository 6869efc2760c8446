//! Importing onto a file that already exists (`perf import` without `--force`): the imported
//! text is merged into the file's own toml_edit document instead of replacing it.
//!
//! The rule (docs/import.md, "Importing onto existing files"): a key the imported table
//! carries — one the import writes, i.e. a cell that is not blank — updates the file's value
//! when the value differs (compared as values: `860` and `860.0` are the same amount, the
//! file's amount unit is kept); everything else stays exactly as it was: keys the source has
//! no place for (`[execution]`, `actual`, `likelihood`, `weight` …), comments, key order,
//! unknown keys, and every line nobody changed, byte for byte. A blank cell never erases a
//! value: to remove one, edit the file.
//!
//! Rows of arrays of tables are matched by their identity: `[[indicator]]` by (level1,
//! level2, name), `[[objective]]` by title, budget items and sources by name. An unmatched
//! file row and an unmatched table row alone in the same (level1, level2) group are one row
//! renamed; other new rows are inserted after the last file row of their group (else of their
//! 一级, else at the end); file rows the table no longer has are kept and reported
//! ([`Change::Kept`]), never dropped.
//!
//! [`losses`] lists what replacing a file (`--force`) would lose; [`unified`] is the diff
//! `--dry-run` prints.

use std::str::FromStr;

use rust_decimal::Decimal;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use crate::model::money::MoneyUnit;
use crate::source::fields::Kind;
use crate::source::schema::{DEPARTMENT_TOP, PROJECT_TOP};
use crate::toml_writer::canonical::{child_kind, rank};
use crate::toml_writer::write_toml::amount_value;

/// One thing a merge did, or would lose. `at` is a TOML path the user can find in the file:
/// `budget.total`, `indicator“就业人数”.target`, `execution`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A value the table changed: its old and new text.
    Changed {
        /// Where.
        at: String,
        /// The file's value.
        old: String,
        /// The table's value.
        new: String,
    },
    /// A key or row the table has and the file did not.
    Added {
        /// Where.
        at: String,
    },
    /// A row the file has and the table does not: kept as it is.
    Kept {
        /// Where.
        at: String,
    },
    /// A row matched as renamed (one unmatched row on each side of its group).
    Renamed {
        /// The file's row.
        old: String,
        /// Its new name.
        new: String,
    },
}

/// The result of merging a table into a file.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The file's new text (the old text when nothing changed).
    pub text: String,
    /// What changed, in file order.
    pub changes: Vec<Change>,
}

/// Why a file could not be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// The existing file is not TOML (perf will not guess what to keep).
    #[error("已有文件不是有效的 TOML（{0}），无法合并")]
    Existing(String),
    /// The imported text did not parse: a perf bug.
    #[error("导入生成的文本无法解析（{0}），这是 perf 的缺陷")]
    Incoming(String),
}

/// Merges `incoming` (the text `perf import` made) into `existing` (the file's text).
pub fn merge(existing: &str, incoming: &str) -> Result<Merged, MergeError> {
    // A BOM and CRLF line endings are kept, as `perf fmt` keeps them.
    let (bom, body) = match existing.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", existing),
    };
    if !bom.is_empty() || body.contains("\r\n") {
        let crlf = body.contains("\r\n");
        let merged = merge(&body.replace("\r\n", "\n"), incoming)?;
        if merged
            .changes
            .iter()
            .all(|c| matches!(c, Change::Kept { .. }))
        {
            return Ok(Merged {
                text: existing.to_owned(),
                changes: merged.changes,
            });
        }
        let text = if crlf {
            merged.text.replace('\n', "\r\n")
        } else {
            merged.text
        };
        return Ok(Merged {
            text: format!("{bom}{text}"),
            changes: merged.changes,
        });
    }
    let mut old: DocumentMut = existing
        .parse()
        .map_err(|e: toml_edit::TomlError| MergeError::Existing(e.message().trim().to_owned()))?;
    let mut new: DocumentMut = incoming
        .parse()
        .map_err(|e: toml_edit::TomlError| MergeError::Incoming(e.message().trim().to_owned()))?;
    convert_budget_unit(old.as_table(), new.as_table_mut());
    let kind = top_kind(old.as_table());
    let mut changes = Vec::new();
    merge_table(old.as_table_mut(), new.as_table(), kind, "", &mut changes);
    let text = if changes.iter().all(|c| matches!(c, Change::Kept { .. })) {
        existing.to_owned()
    } else {
        old.to_string()
    };
    Ok(Merged { text, changes })
}

/// What replacing `existing` by `incoming` loses: keys, tables and rows the new text does not
/// have, and the file's comments.
pub fn losses(existing: &str, incoming: &str) -> Result<Vec<Change>, MergeError> {
    let existing = existing.trim_start_matches('\u{feff}');
    let old: DocumentMut = existing
        .parse()
        .map_err(|e: toml_edit::TomlError| MergeError::Existing(e.message().trim().to_owned()))?;
    let new: DocumentMut = incoming
        .parse()
        .map_err(|e: toml_edit::TomlError| MergeError::Incoming(e.message().trim().to_owned()))?;
    let mut lost = Vec::new();
    lost_in(old.as_table(), new.as_table(), "", &mut lost);
    let kept: std::collections::HashSet<&str> = incoming.lines().map(str::trim).collect();
    let comments = existing
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('#') && !kept.contains(l))
        .count();
    if comments > 0 {
        lost.push(Change::Kept {
            at: format!("# 注释 {comments} 行"),
        });
    }
    Ok(lost)
}

/// A unified diff of `old` into `new`, headed `name`.
pub fn unified(old: &str, new: &str, name: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

/// `[project].name` (or `[department].name`) of a budget file's text, if it has one.
pub fn file_name_key(text: &str) -> Option<(bool, String)> {
    let doc: DocumentMut = text.trim_start_matches('\u{feff}').parse().ok()?;
    if let Some(name) = doc
        .get("project")
        .and_then(|p| p.get("name"))
        .and_then(Item::as_str)
    {
        return Some((false, name.to_owned()));
    }
    let name = doc.get("department")?.get("name")?.as_str()?;
    Some((true, name.to_owned()))
}

fn top_kind(root: &Table) -> Kind {
    if root.contains_key("department") && !root.contains_key("project") {
        Kind::Table(DEPARTMENT_TOP)
    } else {
        Kind::Table(PROJECT_TOP)
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn merge_table(old: &mut Table, new: &Table, kind: Kind, path: &str, out: &mut Vec<Change>) {
    let in_order = keys_in_order(old, kind);
    let mut inserted = false;
    for (key, new_item) in new.iter() {
        let child = child_kind(kind, key);
        let at = join(path, key);
        match (old.get_mut(key), new_item) {
            (None, _) => {
                if path == "budget" && implied(old, key, new_item) {
                    continue;
                }
                let mut item = new_item.clone();
                if let Item::Table(t) = &mut item {
                    t.set_position(None);
                }
                old.insert(key, item);
                inserted = true;
                out.push(Change::Added { at });
            }
            (Some(Item::Value(ov)), Item::Value(nv)) => {
                if !same(ov, nv) {
                    out.push(Change::Changed {
                        at,
                        old: bare(ov),
                        new: bare(nv),
                    });
                    let decor = ov.decor().clone();
                    *ov = nv.clone();
                    *ov.decor_mut() = decor;
                }
            }
            (Some(Item::Table(ot)), Item::Table(nt)) => merge_table(ot, nt, child, &at, out),
            (Some(Item::ArrayOfTables(oa)), Item::ArrayOfTables(na)) => {
                merge_rows(oa, na, child, key, &at, out);
            }
            (Some(slot), _) => {
                // The file holds another shape (a table where the form has a value): the
                // table's value replaces it, and the change is listed.
                out.push(Change::Changed {
                    at,
                    old: slot.to_string().trim().to_owned(),
                    new: new_item.to_string().trim().to_owned(),
                });
                *slot = new_item.clone();
            }
        }
    }
    if inserted && in_order {
        // Keys go where the schema puts them, as in the files perf writes; a file whose keys
        // were in another order keeps it (the new key is last).
        old.sort_values_by(|k1, _, k2, _| rank(kind, k1).cmp(&rank(kind, k2)));
        place_new_tables(old);
    }
}

/// A new table (position `None`) is shown right after the table before it in key order.
fn place_new_tables(table: &mut Table) {
    let mut last = None;
    for (_, item) in table.iter_mut() {
        if let Item::Table(t) = item {
            match t.position() {
                Some(p) => last = Some(p),
                None => t.set_position(last),
            }
        }
    }
}

fn keys_in_order(table: &Table, kind: Kind) -> bool {
    let ranks: Vec<u64> = table.iter().map(|(k, _)| rank(kind, k)).collect();
    ranks.windows(2).all(|w| w.first() <= w.get(1))
}

/// Whether a budget split the file leaves out is what its other amounts already say: the
/// form always shows 财政资金 and 其他资金, so a blank one comes back as the difference.
fn implied(budget: &Table, key: &str, item: &Item) -> bool {
    let amount = |k: &str| budget.get(k).and_then(Item::as_value).and_then(decimal);
    let Some(value) = item.as_value().and_then(decimal) else {
        return false;
    };
    let Some(total) = amount("total") else {
        return false;
    };
    match key {
        "other" => value == total - amount("fiscal").unwrap_or(total),
        "fiscal" => value == total - amount("other").unwrap_or(Decimal::ZERO),
        _ => false,
    }
}

/// The identity of a row in an array of tables named `name`.
fn identity(name: &str, row: &Table) -> Vec<String> {
    let keys: &[&str] = match name {
        "indicator" => &["level1", "level2", "name"],
        "objective" => &["title"],
        _ => &["name"],
    };
    keys.iter()
        .map(|k| {
            row.get(k)
                .and_then(Item::as_str)
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

fn row_label(id: &[String]) -> String {
    match id {
        [l1, l2, name] => format!("“{name}”（{l1}/{l2}）"),
        [name] => format!("“{name}”"),
        _ => id.join("/"),
    }
}

fn merge_rows(
    old: &mut ArrayOfTables,
    new: &ArrayOfTables,
    kind: Kind,
    name: &str,
    path: &str,
    out: &mut Vec<Change>,
) {
    let old_ids: Vec<Vec<String>> = old.iter().map(|t| identity(name, t)).collect();
    let new_ids: Vec<Vec<String>> = new.iter().map(|t| identity(name, t)).collect();
    // pair[j] = the file row matched by table row j.
    let mut pair: Vec<Option<usize>> = vec![None; new_ids.len()];
    let mut used = vec![false; old_ids.len()];
    for (j, id) in new_ids.iter().enumerate() {
        let found = old_ids
            .iter()
            .enumerate()
            .find(|(i, o)| *o == id && !used.get(*i).copied().unwrap_or(true))
            .map(|(i, _)| i);
        if let (Some(i), Some(slot)) = (found, pair.get_mut(j)) {
            *slot = Some(i);
            if let Some(u) = used.get_mut(i) {
                *u = true;
            }
        }
    }
    // Renames: one unmatched row on each side of the same (level1, level2) group.
    if name == "indicator" {
        let group = |id: &[String]| id.get(..2).map(<[String]>::to_vec);
        let open_new: Vec<usize> = (0..new_ids.len())
            .filter(|j| pair.get(*j).is_some_and(Option::is_none))
            .collect();
        for j in open_new {
            let g = new_ids.get(j).and_then(|id| group(id));
            let same_new = new_ids
                .iter()
                .enumerate()
                .filter(|(k, id)| group(id) == g && pair.get(*k).is_some_and(Option::is_none))
                .count();
            let olds: Vec<usize> = old_ids
                .iter()
                .enumerate()
                .filter(|(i, id)| group(id) == g && !used.get(*i).copied().unwrap_or(true))
                .map(|(i, _)| i)
                .collect();
            if let ([i], 1) = (olds.as_slice(), same_new) {
                if let Some(slot) = pair.get_mut(j) {
                    *slot = Some(*i);
                }
                if let Some(u) = used.get_mut(*i) {
                    *u = true;
                }
                out.push(Change::Renamed {
                    old: format!(
                        "{path}{}",
                        row_label(old_ids.get(*i).map_or(&[][..], |v| v.as_slice()))
                    ),
                    new: new_ids
                        .get(j)
                        .and_then(|id| id.get(2))
                        .cloned()
                        .unwrap_or_default(),
                });
            }
        }
    }
    let mut rows: Vec<Table> = old.iter().cloned().collect();
    for (j, new_row) in new.iter().enumerate() {
        if let Some(Some(i)) = pair.get(j) {
            let at = format!(
                "{path}{}",
                row_label(old_ids.get(*i).map_or(&[][..], |v| v.as_slice()))
            );
            if let Some(row) = rows.get_mut(*i) {
                merge_table(row, new_row, kind, &at, out);
            }
        }
    }
    for (i, id) in old_ids.iter().enumerate() {
        if !used.get(i).copied().unwrap_or(true) {
            out.push(Change::Kept {
                at: format!("{path}{}", row_label(id)),
            });
        }
    }
    // New rows: after the last file row of their group, else of their 一级, else at the end.
    let mut order: Vec<(Table, Vec<String>)> = rows.into_iter().zip(old_ids).collect();
    for (j, new_row) in new.iter().enumerate() {
        if pair.get(j).is_some_and(Option::is_some) {
            continue;
        }
        let id = new_ids.get(j).cloned().unwrap_or_default();
        let after = |n: usize| {
            order
                .iter()
                .rposition(|(_, o)| n > 0 && o.get(..n) == id.get(..n))
        };
        let at = if name == "indicator" {
            after(2).or_else(|| after(1))
        } else {
            None
        }
        .map_or(order.len(), |p| p + 1);
        let mut row = new_row.clone();
        row.set_position(None);
        out.push(Change::Added {
            at: format!("{path}{}", row_label(&id)),
        });
        order.insert(at, (row, id));
    }
    let mut rebuilt = ArrayOfTables::new();
    for (row, _) in order {
        rebuilt.push(row);
    }
    *old = rebuilt;
}

/// What `old` has that `new` does not.
fn lost_in(old: &Table, new: &Table, path: &str, out: &mut Vec<Change>) {
    for (key, item) in old.iter() {
        let at = join(path, key);
        match (item, new.get(key)) {
            (_, None) => out.push(Change::Kept { at }),
            (Item::Table(o), Some(Item::Table(n))) => lost_in(o, n, &at, out),
            (Item::ArrayOfTables(o), Some(Item::ArrayOfTables(n))) => {
                let new_ids: Vec<Vec<String>> = n.iter().map(|t| identity(key, t)).collect();
                for row in o.iter() {
                    let id = identity(key, row);
                    let label = format!("{at}{}", row_label(&id));
                    match new_ids.iter().position(|n| *n == id).and_then(|p| n.get(p)) {
                        Some(other) => lost_in(row, other, &label, out),
                        None => out.push(Change::Kept { at: label }),
                    }
                }
            }
            _ => {}
        }
    }
}

/// Converts the imported budget's amounts into the unit the file writes them in (the export
/// converts to 万元), so an unchanged budget compares equal and a changed one keeps the
/// file's unit.
fn convert_budget_unit(old: &Table, new: &mut Table) {
    let unit = |t: &Table| {
        t.get("budget")
            .and_then(|b| b.get("unit"))
            .and_then(Item::as_str)
            .and_then(MoneyUnit::from_label)
            .unwrap_or_default()
    };
    let (from, to) = (unit(new), unit(old));
    if from == to || !old.contains_key("budget") {
        return;
    }
    let Some(Item::Table(budget)) = new.get_mut("budget") else {
        return;
    };
    let convert = |item: &mut Item| {
        let wan = item
            .as_value()
            .and_then(decimal)
            .and_then(|v| from.to_wan(v));
        let value = wan.and_then(|w| match to {
            MoneyUnit::Yuan => w.checked_mul(Decimal::from(10_000)),
            MoneyUnit::Wan => Some(w),
            MoneyUnit::Yi => w.checked_div(Decimal::from(10_000)),
        });
        if let Some(v) = value {
            *item = Item::Value(amount_value(v));
        }
    };
    for key in ["total", "fiscal", "other"] {
        if let Some(item) = budget.get_mut(key) {
            convert(item);
        }
    }
    for key in ["items", "sources"] {
        if let Some(Item::ArrayOfTables(rows)) = budget.get_mut(key) {
            for row in rows.iter_mut() {
                if let Some(item) = row.get_mut("amount") {
                    convert(item);
                }
            }
        }
    }
    if to == MoneyUnit::default() {
        budget.remove("unit");
    } else {
        budget.insert("unit", toml_edit::value(to.label()));
    }
}

/// A number (integer, float by its written text, or a numeric string) as an exact decimal.
fn decimal(value: &Value) -> Option<Decimal> {
    match value {
        Value::Integer(i) => Some(Decimal::from(*i.value())),
        Value::Float(f) => {
            let text = f.display_repr();
            Decimal::from_str(text.trim())
                .or_else(|_| Decimal::from_scientific(text.trim()))
                .ok()
        }
        _ => None,
    }
}

/// Whether two values are the same value, whatever their written form.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same(p, q))
        }
        (Value::InlineTable(x), Value::InlineTable(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        _ => match (decimal(a), decimal(b)) {
            (Some(x), Some(y)) => x == y,
            _ => bare(a) == bare(b),
        },
    }
}

/// A value's text without its surrounding whitespace and comments.
fn bare(value: &Value) -> String {
    value.clone().decorated("", "").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# 注释\n[project]\nname = \"甲\"\nyear = 2024 # 年度\n\n[budget]\nunit = \"元\"\ntotal = 8600000\nfiscal = 8600000\n\n[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"A\"\ntarget = \"≥1个\"\nactual = \"2个\"\n\n[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"质量指标\"\nname = \"B\"\ntarget = \"≥90%\"\n\n[execution]\nspent = { 6 = 1 }\n";

    #[test]
    fn an_unchanged_table_leaves_the_file_as_it_is() {
        let incoming = "[project]\nname = \"甲\"\nyear = 2024\n\n[budget]\ntotal = 860\nfiscal = 860\nother = 0\n\n[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"质量指标\"\nname = \"B\"\ntarget = \"≥90%\"\n\n[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"A\"\ntarget = \"≥1个\"\n";
        let merged = merge(FILE, incoming).unwrap();
        assert_eq!(merged.text, FILE);
        assert!(merged.changes.is_empty(), "{:?}", merged.changes);
    }

    #[test]
    fn a_changed_value_changes_only_its_line() {
        let incoming = "[project]\nname = \"甲\"\nyear = 2025\n\n[budget]\ntotal = 900\n\n[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"A2\"\ntarget = \"≥3个\"\n\n[[indicator]]\nlevel1 = \"效益指标\"\nlevel2 = \"社会效益指标\"\nname = \"C\"\ntarget = \"提高\"\n";
        let merged = merge(FILE, incoming).unwrap();
        let expected = FILE
            .replace("year = 2024 #", "year = 2025 #")
            .replace("total = 8600000", "total = 9000000")
            .replace("name = \"A\"\ntarget = \"≥1个\"", "name = \"A2\"\ntarget = \"≥3个\"")
            .replace(
                "target = \"≥90%\"\n",
                "target = \"≥90%\"\n\n[[indicator]]\nlevel1 = \"效益指标\"\nlevel2 = \"社会效益指标\"\nname = \"C\"\ntarget = \"提高\"\n",
            );
        assert_eq!(merged.text, expected);
        assert!(
            merged
                .changes
                .iter()
                .any(|c| matches!(c, Change::Kept { at } if at.contains("“B”")))
        );
        assert!(
            merged
                .changes
                .iter()
                .any(|c| matches!(c, Change::Renamed { new, .. } if new == "A2"))
        );
    }

    #[test]
    fn losses_name_what_force_would_drop() {
        let incoming = "[project]\nname = \"甲\"\n\n[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"A\"\ntarget = \"≥1个\"\n";
        let lost: Vec<String> = losses(FILE, incoming)
            .unwrap()
            .into_iter()
            .map(|c| match c {
                Change::Kept { at } => at,
                other => panic!("{other:?}"),
            })
            .collect();
        for want in [
            "project.year",
            "budget",
            "indicator“A”（产出指标/数量指标）.actual",
            "execution",
            "# 注释 1 行",
        ] {
            assert!(lost.iter().any(|l| l == want), "{want} not in {lost:?}");
        }
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;

    #[test]
    fn a_new_key_goes_where_the_schema_puts_it_and_lists_are_replaced_whole() {
        let file = "[project]\nname = \"甲\"\ngoals = [\n  \"一\",\n]\n\n[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"A\"\ntarget = \"≥1个\"\nactual = \"2个\"\n";
        let incoming = "[project]\nname = \"甲\"\ngoals = [\n  \"一\",\n  \"二\",\n]\n\n[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"A\"\ndescription = \"说明\"\ntarget = \"≥1个\"\n";
        let merged = merge(file, incoming).unwrap();
        assert_eq!(
            merged.text,
            "[project]\nname = \"甲\"\ngoals = [\n  \"一\",\n  \"二\",\n]\n\n[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"A\"\ndescription = \"说明\"\ntarget = \"≥1个\"\nactual = \"2个\"\n"
        );
        assert_eq!(
            crate::toml_writer::canonical::format(&merged.text).unwrap(),
            merged.text,
            "a merged canonical file stays canonical"
        );
    }

    #[test]
    fn a_bom_and_crlf_are_kept() {
        let file = "\u{feff}[project]\r\nname = \"甲\"\r\nyear = 2024\r\n";
        let same = merge(file, "[project]\nname = \"甲\"\nyear = 2024\n").unwrap();
        assert_eq!(same.text, file);
        let changed = merge(file, "[project]\nname = \"甲\"\nyear = 2025\n").unwrap();
        assert_eq!(changed.text, file.replace("2024", "2025"));
    }

    #[test]
    fn a_new_table_goes_where_the_schema_puts_it() {
        let file = "[project]\nname = \"甲\"\n\n[budget]\ntotal = 10\n\n[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"A\"\ntarget = \"≥1个\"\n\n[execution]\nspent = { 6 = 1 }\n";
        let incoming = "[project]\nname = \"甲\"\n\n[budget]\ntotal = 10\n\n[plan]\n6 = 50\n12 = 100\n\n[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"A\"\ntarget = \"≥1个\"\n";
        let merged = merge(file, incoming).unwrap();
        assert_eq!(
            merged.text,
            file.replace("total = 10\n", "total = 10\n\n[plan]\n6 = 50\n12 = 100\n")
        );
    }
}
