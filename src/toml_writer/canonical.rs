//! The canonical layout of budget files (`perf fmt`), on a toml_edit document so that comments
//! and the user's own text survive.
//!
//! What changes: tables and keys go in the order of `source::schema` (the order of
//! docs/file-format.md; unknown keys keep their place after the known ones, rows of
//! `[[indicator]]` never move); plan months and years go in numeric order; every table header
//! is preceded by one blank line; keys start at column 0 and read `key = value`; bare keys lose
//! needless quotes; single-line literal strings become basic strings; multi-line arrays get one
//! item per line, two-space indent and a trailing comma. What never changes: any value (numbers
//! keep their written form, money stays exact), comments (each stays with the key or table it
//! precedes), blank lines inside a table (runs collapse to one), multi-line strings, and the
//! text of `target` and `actual` — the 指标值 stay exactly as written, quotes included.
//!
//! Formatting is idempotent: formatting formatted text changes nothing.

use toml_edit::{
    Array, ArrayOfTables, DocumentMut, Formatted, InlineTable, Item, RawString, Table, Value,
};

use crate::source::fields::{Field, Kind};
use crate::source::schema::{DEPARTMENT_TOP, PROJECT_TOP};

/// Why a file could not be formatted.
#[derive(Debug, thiserror::Error)]
#[error("TOML 语法错误（第 {line} 行第 {column} 列）：{message}")]
pub struct FormatError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The parser's message.
    pub message: String,
}

/// Keys whose string values are never rewritten, quotes included: the 指标值 as written.
const VERBATIM_KEYS: &[&str] = &["target", "actual"];

/// Formats the text of a budget file (project or department; any other TOML gets the same
/// whitespace rules without reordering). Keeps a BOM and CRLF line endings when the input has
/// them.
pub fn format(text: &str) -> Result<String, FormatError> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let crlf = body.contains("\r\n");
    let body = if crlf {
        body.replace("\r\n", "\n")
    } else {
        body.to_owned()
    };
    let mut doc: DocumentMut = body.parse().map_err(|e: toml_edit::TomlError| {
        let (line, column) = e.span().map(|s| line_col(&body, s.start)).unwrap_or((1, 1));
        FormatError {
            line,
            column,
            message: e.message().trim().to_owned(),
        }
    })?;
    let root = doc.as_table_mut();
    let fields = match (
        root.contains_key("project"),
        root.contains_key("department"),
    ) {
        (true, false) => Some(PROJECT_TOP),
        (false, true) => Some(DEPARTMENT_TOP),
        _ => None,
    };
    let mut first = !root.iter().any(|(_, item)| item.is_value());
    // The comments at the top of the file head the file, not the table that happens to come
    // first: they stay at the top when the tables are reordered.
    let top = if first { take_first_prefix(root) } else { None };
    normalise_table(root, fields.map_or(Kind::Any, Kind::Table));
    let mut position = 0;
    assign_positions(root, &mut position);
    let mut top = top.unwrap_or_default();
    decorate_headers(root, &mut first, true, &mut top);
    let trailing = doc.trailing().as_str().unwrap_or_default().to_owned();
    doc.set_trailing(trailing_block(&trailing));
    let mut out = doc.to_string();
    while out.ends_with("\n\n") {
        out.pop();
    }
    if !out.ends_with('\n') && !out.is_empty() {
        out.push('\n');
    }
    if crlf {
        out = out.replace('\n', "\r\n");
    }
    Ok(format!("{bom}{out}"))
}

/// 1-based line and character column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The fields a key of `kind` holds, when it is a table.
pub(crate) fn fields_of(kind: Kind) -> Option<&'static [Field]> {
    match kind {
        Kind::Table(fields) | Kind::Tables(fields) => Some(fields),
        _ => None,
    }
}

/// The kind of `key` in a table of `kind`.
pub(crate) fn child_kind(kind: Kind, key: &str) -> Kind {
    fields_of(kind)
        .and_then(|fields| fields.iter().find(|f| f.key == key))
        .map_or(Kind::Any, |f| f.kind)
}

/// Where a key goes: its place in the schema, months and years by number, unknown keys last.
pub(crate) fn rank(kind: Kind, key: &str) -> u64 {
    match kind {
        Kind::Months | Kind::MonthAmounts | Kind::Years => {
            key.trim().parse::<u64>().unwrap_or(u64::MAX)
        }
        _ => fields_of(kind)
            .and_then(|fields| fields.iter().position(|f| f.key == key))
            .map_or(u64::MAX, |i| i as u64),
    }
}

fn normalise_table(table: &mut Table, kind: Kind) {
    // A stable sort: unknown keys keep their order after the known ones.
    table.sort_values_by(|k1, _, k2, _| rank(kind, k1).cmp(&rank(kind, k2)));
    for (mut key, item) in table.iter_mut() {
        let name = key.get().to_owned();
        let prefix = block(key.leaf_decor().prefix().and_then(RawString::as_str));
        let is_value = item.is_value();
        key.fmt();
        if is_value {
            key.leaf_decor_mut().set_prefix(prefix);
            key.leaf_decor_mut().set_suffix(" ");
        }
        let child = child_kind(kind, &name);
        match item {
            Item::Value(value) => normalise_value(value, child, &name, true),
            Item::Table(sub) => normalise_table(sub, child),
            Item::ArrayOfTables(rows) => {
                for row in rows.iter_mut() {
                    normalise_table(row, child);
                }
            }
            Item::None => {}
        }
    }
}

fn normalise_value(value: &mut Value, kind: Kind, key: &str, top: bool) {
    if top {
        let suffix = value
            .decor()
            .suffix()
            .and_then(RawString::as_str)
            .unwrap_or_default()
            .trim_end()
            .to_owned();
        value.decor_mut().set_prefix(" ");
        value.decor_mut().set_suffix(suffix);
    }
    match value {
        Value::String(s) if !VERBATIM_KEYS.contains(&key) => requote(s),
        Value::Array(array) => normalise_array(array, kind, key),
        Value::InlineTable(table) => normalise_inline(table, kind),
        _ => {}
    }
}

/// A single-line literal string (`'…'`) becomes a basic one (`"…"`) when that needs no
/// escapes; the value itself is unchanged.
fn requote(s: &mut Formatted<String>) {
    let raw = s
        .as_repr()
        .and_then(|r| r.as_raw().as_str())
        .unwrap_or_default();
    let literal = raw.starts_with('\'') && !raw.starts_with("'''");
    let plain = !s
        .value()
        .chars()
        .any(|c| c == '"' || c == '\\' || c.is_control());
    if literal && plain {
        let decor = s.decor().clone();
        *s = Formatted::new(s.value().clone());
        *s.decor_mut() = decor;
    }
}

fn normalise_array(array: &mut Array, kind: Kind, key: &str) {
    let raw = |r: Option<&RawString>| r.and_then(RawString::as_str).unwrap_or_default().to_owned();
    // What follows an item before its comma (or, for the last item without a trailing comma,
    // before `]`) may hold a comment: `"b" # 备注⏎]`. It moves to the front of what comes next
    // (the next item, or the array's end), so the canonical comma cannot strand it.
    let suffixes: Vec<String> = array.iter().map(|v| raw(v.decor().suffix())).collect();
    let breaks = |t: &str| t.contains('\n') || t.contains('#');
    let multiline = array.iter().any(|v| breaks(&raw(v.decor().prefix())))
        || suffixes.iter().any(|s| breaks(s))
        || array.trailing().as_str().is_some_and(breaks);
    let len = array.len();
    let mut carried = String::new();
    for (i, value) in array.iter_mut().enumerate() {
        let prefix = std::mem::take(&mut carried) + &raw(value.decor().prefix());
        carried = suffixes.get(i).cloned().unwrap_or_default();
        normalise_value(value, kind, key, false);
        if multiline {
            value.decor_mut().set_prefix(item_prefix(&prefix, "\n  "));
        } else {
            value.decor_mut().set_prefix(if i == 0 { "" } else { " " });
        }
        value.decor_mut().set_suffix("");
    }
    if multiline {
        let trailing = carried + array.trailing().as_str().unwrap_or_default();
        array.set_trailing(item_prefix(&trailing, "\n"));
        array.set_trailing_comma(len > 0);
    } else {
        array.set_trailing("");
        array.set_trailing_comma(false);
    }
}

/// The whitespace before an item of a multi-line array: a comment after the previous item
/// stays on its line, comment lines get the item indent, blank lines go.
fn item_prefix(raw: &str, end: &str) -> String {
    let mut lines = raw.split('\n');
    let mut out = String::new();
    if let Some(first) = lines.next()
        && first.trim_start().starts_with('#')
    {
        out.push(' ');
        out.push_str(first.trim());
    }
    for line in lines {
        if line.trim_start().starts_with('#') {
            out.push_str("\n  ");
            out.push_str(line.trim());
        }
    }
    out.push_str(end);
    out
}

fn normalise_inline(table: &mut InlineTable, kind: Kind) {
    table.sort_values_by(|k1, _, k2, _| rank(kind, k1).cmp(&rank(kind, k2)));
    table.fmt();
    for (key, value) in table.iter_mut() {
        let name = key.get().to_owned();
        normalise_value(value, child_kind(kind, &name), &name, false);
    }
}

/// Numbers the tables in canonical order: a table, then the tables under it.
fn assign_positions(table: &mut Table, position: &mut isize) {
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(sub) => {
                if !sub.is_dotted() {
                    sub.set_position(Some(*position));
                    *position += 1;
                }
                assign_positions(sub, position);
            }
            Item::ArrayOfTables(rows) => assign_rows(rows, position),
            _ => {}
        }
    }
}

fn assign_rows(rows: &mut ArrayOfTables, position: &mut isize) {
    for row in rows.iter_mut() {
        row.set_position(Some(*position));
        *position += 1;
        assign_positions(row, position);
    }
}

/// Takes the comments before the first table header of the file (in file order).
fn take_first_prefix(root: &mut Table) -> Option<String> {
    fn lowest(table: &Table, best: &mut Option<isize>) {
        for (_, item) in table.iter() {
            let mut consider = |t: &Table| {
                if let Some(p) = t.position().filter(|_| !t.is_implicit() && !t.is_dotted()) {
                    *best = Some(best.map_or(p, |b| b.min(p)));
                }
                lowest(t, best);
            };
            match item {
                Item::Table(t) => consider(t),
                Item::ArrayOfTables(rows) => rows.iter().for_each(consider),
                _ => {}
            }
        }
    }
    fn take(table: &mut Table, at: isize) -> Option<String> {
        for (_, item) in table.iter_mut() {
            let found = match item {
                Item::Table(t) if t.position() == Some(at) && !t.is_implicit() => {
                    Some(clear_prefix(t))
                }
                Item::Table(t) => take(t, at),
                Item::ArrayOfTables(rows) => rows.iter_mut().find_map(|t| {
                    if t.position() == Some(at) {
                        Some(clear_prefix(t))
                    } else {
                        take(t, at)
                    }
                }),
                _ => None,
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }
    fn clear_prefix(t: &mut Table) -> String {
        let prefix = t
            .decor()
            .prefix()
            .and_then(RawString::as_str)
            .unwrap_or_default()
            .to_owned();
        t.decor_mut().set_prefix("");
        prefix
    }
    let mut best = None;
    lowest(root, &mut best);
    take(root, best?)
}

/// Header decor: comments kept, a blank line before every header but the first thing in the
/// file, the key inside the brackets without padding. `top` is the file's opening comment
/// block, given to whichever table now comes first.
fn decorate_headers(table: &mut Table, first: &mut bool, root: bool, top: &mut String) {
    if !root && !table.is_implicit() && !table.is_dotted() {
        decorate_header(table, first, top);
    }
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(sub) => decorate_headers(sub, first, false, top),
            Item::ArrayOfTables(rows) => {
                for row in rows.iter_mut() {
                    decorate_headers(row, first, false, top);
                }
            }
            _ => {}
        }
    }
}

fn decorate_header(table: &mut Table, first: &mut bool, top: &mut String) {
    let own = table
        .decor()
        .prefix()
        .and_then(RawString::as_str)
        .unwrap_or(if *first { "" } else { "\n" })
        .to_owned();
    let prefix = if *first {
        format!("{}{own}", std::mem::take(top))
    } else {
        own
    };
    let suffix = table
        .decor()
        .suffix()
        .and_then(RawString::as_str)
        .unwrap_or_default()
        .trim_end()
        .to_owned();
    let mut prefix = block(Some(&prefix));
    if *first {
        prefix = prefix.trim_start_matches('\n').to_owned();
    } else if !prefix.starts_with('\n') && !prefix.contains("\n\n") {
        prefix.insert(0, '\n');
    }
    *first = false;
    table.decor_mut().set_prefix(prefix);
    table.decor_mut().set_suffix(suffix);
}

/// The lines before a key or header: comments dedented, trailing spaces cut, runs of blank
/// lines collapsed to one; the indentation before the key or bracket dropped.
fn block(raw: Option<&str>) -> String {
    let Some(raw) = raw else {
        return String::new();
    };
    let mut out = String::new();
    let mut blank = false;
    let lines: Vec<&str> = raw.split('\n').collect();
    // The last piece is the indentation before the key or bracket: dropped.
    let complete = lines.len().saturating_sub(1);
    for line in lines.iter().take(complete) {
        let line = line.trim();
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    out
}

/// The comments after the last table: dedented, no blank lines at the end.
fn trailing_block(raw: &str) -> String {
    let mut out = block(Some(&format!("{raw}\n")));
    while out.ends_with("\n\n") {
        out.pop();
    }
    if out.trim().is_empty() {
        String::new()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_months_go_in_numeric_order_unknown_keys_stay_last() {
        let text = "[project]\nmedium_term = {2026=2,  2025 = 1}\nzzz = 1\nname = \"甲\"\n\n[plan]\n12 = 100\n\"3\" = 20\n";
        let out = format(text).unwrap();
        assert_eq!(
            out,
            "[project]\nname = \"甲\"\nmedium_term = { 2025 = 1, 2026 = 2 }\nzzz = 1\n\n[plan]\n3 = 20\n12 = 100\n"
        );
        assert_eq!(format(&out).unwrap(), out);
    }

    #[test]
    fn other_toml_keeps_its_order() {
        let text = "b = 1\na = 2\n[z]\ny = 1\n[x]\n";
        assert_eq!(format(text).unwrap(), "b = 1\na = 2\n\n[z]\ny = 1\n\n[x]\n");
    }

    #[test]
    fn a_syntax_error_names_its_line_and_column() {
        let err = format("[project]\nname = \"甲\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 10));
    }
}
