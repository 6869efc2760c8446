//! The edit form as submitted: field names to values, read into the parts of a project file.
//!
//! Names: `project.name|code|department|year|purpose`, `goals` (one per line),
//! `budget.total|fiscal|other`, `plan.K.month|percent`, and per indicator row K
//! `ind.K.orig` (its position in the file, or `new`), `ind.K.level1|level2|name|description|
//! target|basis`, `ind.K.delete`, `ind.K.pos` (the 序号 the row should have: rows are written in
//! the order of these numbers, ties in their order on the page); `hash` is the content hash of
//! the file the form was made from.

use std::collections::{BTreeMap, HashMap};

/// One indicator row of the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// Its number in the form (`K` in `ind.K.…`).
    pub key: usize,
    /// Its position among the file's `[[indicator]]` tables; `None` for a new row.
    pub orig: Option<usize>,
    /// Ticked for deletion.
    pub delete: bool,
    /// The 序号 typed for the row (1-based); `None` when absent or not a number.
    pub pos: Option<u32>,
    /// `level1`, `level2`, `name`, `description`, `target`, `basis` as typed.
    pub cells: BTreeMap<&'static str, String>,
}

/// The cells of an indicator row, in the order a new row is written.
pub const CELLS: [&str; 6] = ["level1", "level2", "name", "description", "target", "basis"];

/// The form, read.
#[derive(Debug, Clone, Default)]
pub struct Submitted {
    /// `project.*` and `budget.*` fields, by full name.
    pub fields: HashMap<String, String>,
    /// The goals, one per non-blank line.
    pub goals: Option<Vec<String>>,
    /// Plan checkpoints `(month, percent)` as typed, both non-blank.
    pub plan: Option<Vec<(String, String)>>,
    /// Indicator rows in form order.
    pub rows: Vec<Row>,
    /// The content hash of the file the form was made from.
    pub hash: String,
}

impl Submitted {
    /// Reads the submitted pairs.
    pub fn read(pairs: &[(String, String)]) -> Self {
        let mut form = Self::default();
        let mut rows: BTreeMap<usize, Row> = BTreeMap::new();
        let mut plan: BTreeMap<usize, (String, String)> = BTreeMap::new();
        let mut saw_plan = false;
        for (name, value) in pairs {
            let value = value.replace("\r\n", "\n");
            if name == "hash" {
                form.hash = value;
            } else if name == "goals" {
                let goals = value
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect();
                form.goals = Some(goals);
            } else if name.starts_with("project.") || name.starts_with("budget.") {
                form.fields.insert(name.clone(), value);
            } else if let Some(rest) = name.strip_prefix("plan.") {
                saw_plan = true;
                let Some((k, part)) = rest.split_once('.') else {
                    continue;
                };
                let Ok(k) = k.parse::<usize>() else { continue };
                let slot = plan.entry(k).or_default();
                match part {
                    "month" => slot.0 = value.trim().to_owned(),
                    "percent" => slot.1 = value.trim().to_owned(),
                    _ => {}
                }
            } else if let Some(rest) = name.strip_prefix("ind.") {
                let Some((k, part)) = rest.split_once('.') else {
                    continue;
                };
                let Ok(k) = k.parse::<usize>() else { continue };
                let row = rows.entry(k).or_insert_with(|| Row {
                    key: k,
                    ..Row::default()
                });
                match part {
                    "orig" => row.orig = value.trim().parse().ok(),
                    "delete" => row.delete = !value.is_empty(),
                    "pos" => row.pos = value.trim().parse().ok(),
                    cell => {
                        if let Some(&known) = CELLS.iter().find(|&&c| c == cell) {
                            row.cells.insert(known, value);
                        }
                    }
                }
            }
        }
        if saw_plan {
            form.plan = Some(
                plan.into_values()
                    .filter(|(m, p)| !m.is_empty() && !p.is_empty())
                    .collect(),
            );
        }
        form.rows = rows.into_values().collect();
        form
    }
}
