//! The SQLite export: tables `departments`, `projects`, `plan_points`, `indicators` and
//! `findings`, linked by foreign keys, for analysts who query in SQL (schema in
//! docs/export.md).
//!
//! Amounts and numbers come twice: a `REAL` column for sorting and quick sums, and an exact
//! `…_exact` decimal string (SQLite has no decimal type, and perf's money is exact).

use rusqlite::{Connection, params};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::export::{Dataset, FORMAT_VERSION};
use crate::model::money::plain;

/// The schema, in the order tables must be created (referenced tables first).
pub const SCHEMA: &str = "
CREATE TABLE departments (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    year        INTEGER,
    aliases     TEXT NOT NULL,          -- JSON array of short names
    file        TEXT
);
CREATE TABLE projects (
    id            INTEGER PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES departments(id),
    name          TEXT NOT NULL,
    title         TEXT,
    code          TEXT,
    year          INTEGER,
    file          TEXT NOT NULL,
    unit          TEXT,                 -- the unit the file writes amounts in
    total         REAL,                 -- 预算数, 万元
    total_exact   TEXT,
    fiscal        REAL,                 -- 财政资金, 万元 (NULL: split unknown)
    fiscal_exact  TEXT,
    other         REAL,                 -- 其他资金, 万元
    other_exact   TEXT,
    purpose       TEXT,
    goals         TEXT NOT NULL         -- JSON array of 绩效目标
);
CREATE TABLE plan_points (
    id            INTEGER PRIMARY KEY,
    project_id    INTEGER NOT NULL REFERENCES projects(id),
    month         INTEGER NOT NULL,
    percent       REAL NOT NULL,        -- cumulative % by the end of the month
    percent_exact TEXT NOT NULL,
    amount        REAL,                 -- percent × 预算数, 万元
    amount_exact  TEXT
);
CREATE TABLE indicators (
    id            INTEGER PRIMARY KEY,
    project_id    INTEGER NOT NULL REFERENCES projects(id),
    position      INTEGER NOT NULL,     -- 1-based row in the file
    level1_label  TEXT NOT NULL,        -- 一级指标 as written
    level2_label  TEXT NOT NULL,
    level1        TEXT,                 -- normalised (效果指标 → 效益指标); NULL: unknown
    level2        TEXT,
    name          TEXT NOT NULL,        -- 三级指标
    description   TEXT,
    target        TEXT NOT NULL,        -- 指标值 as written
    kind          TEXT NOT NULL,        -- quantitative | time | qualitative | empty | unreadable
    comparator    TEXT,                 -- ≥ > ≤ < =
    value         REAL,
    value_exact   TEXT,
    unit          TEXT,
    basis         TEXT
);
CREATE TABLE findings (
    id            INTEGER PRIMARY KEY,
    project_id    INTEGER REFERENCES projects(id),   -- NULL: not in a project file
    file          TEXT NOT NULL,
    line          INTEGER NOT NULL,
    col           INTEGER NOT NULL,
    severity      TEXT NOT NULL,        -- error | warning | note
    code          TEXT NOT NULL,
    name          TEXT NOT NULL,
    message       TEXT NOT NULL,
    help          TEXT
);
CREATE INDEX projects_department ON projects(department_id);
CREATE INDEX plan_points_project ON plan_points(project_id);
CREATE INDEX indicators_project ON indicators(project_id);
CREATE INDEX findings_project ON findings(project_id);
";

/// SQLite's `application_id` of a database perf exported (the bytes of "perf"): with the
/// tables, how `perf export` knows a database it may replace from one it must keep.
pub const APPLICATION_ID: i32 = 0x7065_7266;

/// The tables perf exports.
const TABLES: [&str; 5] = [
    "departments",
    "projects",
    "plan_points",
    "indicators",
    "findings",
];

/// Creates the schema in an empty database and fills it, in one transaction.
pub fn write(conn: &mut Connection, data: &Dataset) -> rusqlite::Result<()> {
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    conn.pragma_update(None, "user_version", FORMAT_VERSION)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    let tx = conn.transaction()?;
    tx.execute_batch(SCHEMA)?;
    let json = |v: &[String]| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
    for d in &data.departments {
        tx.execute(
            "INSERT INTO departments (id, name, year, aliases, file) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![int(d.id), d.name, d.year, json(&d.aliases), d.file],
        )?;
    }
    for p in &data.projects {
        tx.execute(
            "INSERT INTO projects (id, department_id, name, title, code, year, file, unit,
                total, total_exact, fiscal, fiscal_exact, other, other_exact, purpose, goals)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            params![
                int(p.id),
                int(p.department_id),
                p.sheet.name,
                p.sheet.title,
                p.sheet.code,
                p.sheet.year,
                p.sheet.file,
                p.sheet.unit,
                real(p.sheet.total),
                exact(p.sheet.total),
                real(p.sheet.fiscal),
                exact(p.sheet.fiscal),
                real(p.sheet.other),
                exact(p.sheet.other),
                p.sheet.purpose,
                json(&p.sheet.goals),
            ],
        )?;
        for pt in &p.sheet.plan {
            tx.execute(
                "INSERT INTO plan_points (project_id, month, percent, percent_exact, amount,
                    amount_exact) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    int(p.id),
                    pt.month,
                    real(Some(pt.percent)),
                    plain(pt.percent),
                    real(pt.amount),
                    exact(pt.amount),
                ],
            )?;
        }
        for i in &p.sheet.indicators {
            let r = &i.row;
            tx.execute(
                "INSERT INTO indicators (project_id, position, level1_label, level2_label,
                    level1, level2, name, description, target, kind, comparator, value,
                    value_exact, unit, basis)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                params![
                    int(p.id),
                    int(r.position + 1),
                    i.level1_label,
                    i.level2_label,
                    r.level1,
                    r.level2,
                    r.name,
                    r.description,
                    r.target,
                    r.kind.as_str(),
                    r.comparator,
                    real(r.value),
                    exact(r.value),
                    r.unit,
                    r.basis,
                ],
            )?;
        }
    }
    for (project, f) in data.findings() {
        tx.execute(
            "INSERT INTO findings (project_id, file, line, col, severity, code, name, message,
                help) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                project.map(|p| int(p.id)),
                f.file,
                int(f.line),
                int(f.column),
                f.severity.as_str(),
                f.code,
                f.name,
                f.message,
                f.help,
            ],
        )?;
    }
    tx.commit()
}

/// The `REAL` twin of an exact amount: SQLite's only non-integer number type, kept for
/// sorting and quick sums; the exact value is in the `…_exact` column.
fn real(value: Option<Decimal>) -> Option<f64> {
    value.and_then(|v| v.to_f64())
}

/// SQLite integers are `i64`; ids and positions never come near its limit.
fn int(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn exact(value: Option<Decimal>) -> Option<String> {
    value.map(plain)
}

/// Whether the file at `path` is a database perf exported: perf's `application_id` (or, from
/// exports before it was set, perf's `user_version`) and no table but perf's. Opened
/// read-only; anything unreadable is not perf's.
pub fn is_perf_database(path: &std::path::Path) -> bool {
    use rusqlite::OpenFlags;
    let Ok(conn) = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY) else {
        return false;
    };
    let pragma = |name: &str| {
        conn.pragma_query_value(None, name, |row| row.get::<_, i64>(0))
            .ok()
    };
    let marked = match pragma("application_id") {
        Some(id) if id == i64::from(APPLICATION_ID) => true,
        Some(0) => pragma("user_version") == Some(i64::from(FORMAT_VERSION)),
        _ => false,
    };
    let tables: Option<Vec<String>> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .and_then(|mut stmt| {
            stmt.query_map([], |row| row.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .ok();
    let Some(tables) = tables else {
        return false;
    };
    marked
        && !tables.is_empty()
        && tables
            .iter()
            .all(|t| TABLES.contains(&t.as_str()) || t.starts_with("sqlite_"))
}
