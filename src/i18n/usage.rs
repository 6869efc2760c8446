//! Tests that every catalog key the code uses exists: the keys written as string literals
//! anywhere under `src/`, and the families of keys the code builds at run time.

use std::collections::BTreeSet;
use std::path::Path;

use super::Lang;
use crate::diag::Severity;
use crate::model::target::{Target, Unit};
use crate::score::Group;
use crate::summary::sheet::TargetKind;

/// The catalog's top-level tables (`C001`, `cli`, `report`, …).
fn tables() -> BTreeSet<String> {
    Lang::Zh
        .catalog()
        .keys()
        .filter_map(|k| k.split_once('.').map(|(table, _)| table.to_owned()))
        .collect()
}

/// The string literals of a Rust file, skipping comments, char literals and raw strings
/// (keys are never raw strings), so that a quote inside them does not throw the scan off.
fn literals(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let next = chars.get(i + 1).copied();
        match c {
            '/' if next == Some('/') => {
                while chars.get(i).is_some_and(|&c| c != '\n') {
                    i += 1;
                }
            }
            'r' if matches!(next, Some('#' | '"'))
                && !chars
                    .get(i.wrapping_sub(1))
                    .is_some_and(|c| c.is_alphanumeric() || *c == '_') =>
            {
                let hashes = chars[i + 1..].iter().take_while(|&&c| c == '#').count();
                let close: String = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                let body_start = i + 2 + hashes;
                let rest: String = chars.get(body_start..).unwrap_or_default().iter().collect();
                i = body_start
                    + rest.find(&close).map_or(rest.len(), |end| {
                        rest[..end].chars().count() + close.chars().count()
                    });
                continue;
            }
            '\'' => {
                // A char literal ('"', '\'', 'x'); a lifetime has no closing quote.
                if next == Some('\\') {
                    i += 4;
                    continue;
                }
                if chars.get(i + 2) == Some(&'\'') {
                    i += 3;
                    continue;
                }
            }
            '"' => {
                let mut literal = String::new();
                i += 1;
                while let Some(&c) = chars.get(i) {
                    match c {
                        '\\' => i += 1,
                        '"' => break,
                        c => literal.push(c),
                    }
                    i += 1;
                }
                out.push(literal);
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// A literal that reads as a catalog key: `table.name` with a known table, nothing else.
fn as_key(literal: &str, tables: &BTreeSet<String>) -> Option<String> {
    let (table, rest) = literal.split_once('.')?;
    let key_chars = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
    };
    // File names such as `report.html` or `config.schema.json` are not keys.
    let file = [
        ".json", ".css", ".html", ".md", ".toml", ".csv", ".xlsx", ".rs",
    ]
    .iter()
    .any(|ext| literal.ends_with(ext))
        || ["html", "css", "json"].contains(&rest);
    (tables.contains(table) && key_chars(rest) && !rest.ends_with('.') && !file)
        .then(|| literal.to_owned())
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_key_written_in_the_code_is_in_the_catalogs() {
    let tables = tables();
    let catalog = Lang::Zh.catalog();
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut used = BTreeSet::new();
    let mut missing = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        // `Sink::report_text(rule, span, "F004.period", …)` also uses `F004.period_help`.
        let helps: BTreeSet<String> = text
            .split("report_text(")
            .skip(1)
            .filter_map(|call| literals(call).into_iter().next())
            .filter_map(|literal| as_key(&literal, &tables))
            .map(|key| format!("{key}_help"))
            .collect();
        for key in literals(&text)
            .iter()
            .filter_map(|l| as_key(l, &tables))
            .chain(helps)
        {
            if !catalog.contains_key(&key) {
                missing.push(format!("{key} ({})", file.display()));
            }
            used.insert(key);
        }
    }
    assert!(
        missing.is_empty(),
        "keys missing from zh.toml: {missing:#?}"
    );
    // The scan must see the code: a broken scan would pass vacuously.
    assert!(used.len() > 300, "only {} keys found", used.len());
}

#[test]
fn every_key_the_code_builds_is_in_the_catalogs() {
    let catalog = Lang::Zh.catalog();
    let mut keys: Vec<String> = Vec::new();
    keys.extend(
        [Severity::Error, Severity::Warning, Severity::Note]
            .map(|s| format!("severity.{}", s.as_str())),
    );
    keys.extend(
        [
            TargetKind::Quantitative,
            TargetKind::Time,
            TargetKind::Qualitative,
            TargetKind::Empty,
            TargetKind::Unreadable,
        ]
        .map(|k| format!("kind.{}", k.as_str())),
    );
    for raw in ["≥5个", "1-2个", "2024年底前", "是", "较高", "优", "", "≥个"] {
        let value = Target::parse(raw).value;
        keys.push(format!("target_kind.{}", value.kind_name()));
    }
    for unit in ["", "%", "万元", "人", "万元/月", "元/人", "次/人"] {
        keys.push(format!("unit_kind.{}", Unit::parse(unit).kind_label()));
    }
    for method in [
        "positive",
        "negative",
        "exact",
        "range",
        "yes-no",
        "graded",
        "budget-rate",
    ] {
        keys.push(format!("method.{method}"));
    }
    for field in [
        "文件",
        "项目名称",
        "项目编码",
        "主管部门",
        "预算年度",
        "预算数",
        "财政资金",
        "其他资金",
    ] {
        keys.push(format!("diff_field.{field}"));
    }
    for group in Group::ALL {
        assert!(!group.text(Lang::En).starts_with("score."), "{group:?}");
    }
    let missing: Vec<&String> = keys.iter().filter(|k| !catalog.contains_key(*k)).collect();
    assert!(missing.is_empty(), "keys missing from zh.toml: {missing:?}");
}

#[test]
fn the_scan_reads_keys_and_only_keys() {
    let tables: BTreeSet<String> = ["cli", "C001"].map(String::from).into();
    let text = r#"t("cli.checked", x); // "not.a key
        let c = '"'; f("perf.toml"); g("C001.message"); h("docs/a.md"); r"x.y"; 'a; "a\"b""#;
    let keys: Vec<String> = literals(text)
        .iter()
        .filter_map(|l| as_key(l, &tables))
        .collect();
    assert_eq!(keys, ["cli.checked", "C001.message"]);
    assert_eq!(literals(text).last().map(String::as_str), Some("ab"));
}
