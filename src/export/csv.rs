//! Tidy CSV tables — one row per project, per plan checkpoint, per indicator and per finding —
//! for spreadsheets and data tools. Amounts are exact decimals in 万元; `excel_bom` starts each
//! file with a UTF-8 byte order mark, without which Excel on Windows reads Chinese as GBK.
//!
//! Also the one place that protects CSV cells from formula injection ([`protect`]): every CSV
//! perf writes (these tables and the `--format csv` views of `crate::report`) goes through it.

use std::borrow::Cow;

use crate::export::Dataset;
use crate::model::money::plain;

/// One CSV file: its name in the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvFile {
    /// `projects.csv`, `plan.csv`, `indicators.csv` or `findings.csv`.
    pub name: &'static str,
    /// The file's contents.
    pub bytes: Vec<u8>,
}

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The characters that make a spreadsheet (Excel, WPS, LibreOffice) read a cell as a formula
/// or a command, as OWASP's "CSV Injection" page lists them.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as a spreadsheet should show it: text starting with `= + - @`, a tab or a carriage
/// return gets OWASP's leading single quote (`=100%` → `'=100%`), so `=HYPERLINK(…)` or
/// `+cmd|…` read as text instead of running. A plain number (`-5`, `-0.5`, `+3`, `-12.5%`) is
/// left alone: a spreadsheet reads it as a number, never a formula, and perf's own amounts and
/// percentages must stay numeric.
pub fn protect(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(first) if FORMULA_START.contains(&first) && !is_plain_number(cell) => {
            Cow::Owned(format!("'{cell}"))
        }
        _ => Cow::Borrowed(cell),
    }
}

/// `[+-]digits[.digits][%]`: what a spreadsheet reads as a number, nothing else.
fn is_plain_number(cell: &str) -> bool {
    let unsigned = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let number = unsigned.strip_suffix('%').unwrap_or(unsigned);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// Builds the four tables. `raw` writes every cell as is, without [`protect`] (`perf export
/// --raw`, for programs that read the CSV rather than spreadsheets).
pub fn tables(data: &Dataset, excel_bom: bool, raw: bool) -> Result<Vec<CsvFile>, csv::Error> {
    let amount = |v: Option<rust_decimal::Decimal>| v.map(plain).unwrap_or_default();
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let year = |v: Option<i64>| v.map(|y| y.to_string()).unwrap_or_default();

    let mut projects = vec![
        [
            "id",
            "department_id",
            "department",
            "year",
            "name",
            "code",
            "file",
            "unit",
            "total",
            "fiscal",
            "other",
            "purpose",
            "goals",
        ]
        .map(String::from)
        .to_vec(),
    ];
    let mut plan = vec![
        ["project_id", "project", "month", "percent", "amount"]
            .map(String::from)
            .to_vec(),
    ];
    let mut indicators = vec![
        [
            "project_id",
            "project",
            "position",
            "level1_label",
            "level2_label",
            "level1",
            "level2",
            "name",
            "description",
            "target",
            "kind",
            "comparator",
            "value",
            "unit",
            "basis",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for p in &data.projects {
        projects.push(vec![
            p.id.to_string(),
            p.department_id.to_string(),
            p.sheet.department.clone(),
            year(p.sheet.year),
            p.sheet.name.clone(),
            text(&p.sheet.code),
            p.sheet.file.clone(),
            text(&p.sheet.unit),
            amount(p.sheet.total),
            amount(p.sheet.fiscal),
            amount(p.sheet.other),
            text(&p.sheet.purpose),
            p.sheet.goals.join("\n"),
        ]);
        for pt in &p.sheet.plan {
            plan.push(vec![
                p.id.to_string(),
                p.sheet.name.clone(),
                pt.month.to_string(),
                plain(pt.percent),
                amount(pt.amount),
            ]);
        }
        for i in &p.sheet.indicators {
            let r = &i.row;
            indicators.push(vec![
                p.id.to_string(),
                p.sheet.name.clone(),
                (r.position + 1).to_string(),
                i.level1_label.clone(),
                i.level2_label.clone(),
                r.level1.unwrap_or_default().to_owned(),
                r.level2.unwrap_or_default().to_owned(),
                r.name.clone(),
                text(&r.description),
                r.target.clone(),
                r.kind.as_str().to_owned(),
                r.comparator.unwrap_or_default().to_owned(),
                amount(r.value),
                text(&r.unit),
                text(&r.basis),
            ]);
        }
    }
    let mut findings = vec![
        [
            "project_id",
            "file",
            "line",
            "column",
            "severity",
            "code",
            "name",
            "message",
            "help",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for (project, f) in data.findings() {
        findings.push(vec![
            project.map(|p| p.id.to_string()).unwrap_or_default(),
            f.file.clone(),
            f.line.to_string(),
            f.column.to_string(),
            f.severity.as_str().to_owned(),
            f.code.to_owned(),
            f.name.to_owned(),
            f.message.clone(),
            text(&f.help),
        ]);
    }
    [
        ("projects.csv", projects),
        ("plan.csv", plan),
        ("indicators.csv", indicators),
        ("findings.csv", findings),
    ]
    .into_iter()
    .map(|(name, rows)| {
        let mut bytes = if excel_bom { BOM.to_vec() } else { Vec::new() };
        {
            let mut writer = csv::Writer::from_writer(&mut bytes);
            for row in rows {
                if raw {
                    writer.write_record(row)?;
                } else {
                    writer.write_record(row.iter().map(|cell| protect(cell).into_owned()))?;
                }
            }
            writer.flush()?;
        }
        Ok(CsvFile { name, bytes })
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::protect;

    #[test]
    fn formulas_get_a_quote_and_numbers_stay() {
        for (cell, want) in [
            ("=100%", "'=100%"),
            ("=7000万元", "'=7000万元"),
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
            ("-2+3+cmd", "'-2+3+cmd"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-", "'-"),
            ("-.5", "'-.5"),
            ("-5", "-5"),
            ("-0.5", "-0.5"),
            ("+3", "+3"),
            ("-12.5%", "-12.5%"),
            ("人社局", "人社局"),
            ("", ""),
        ] {
            assert_eq!(protect(cell), want, "{cell:?}");
        }
    }
}
