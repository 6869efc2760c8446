//! Reading typed values out of a spanned TOML table, reporting every problem (unknown key,
//! missing key, wrong type) as a finding instead of stopping at the first.
//!
//! This is why perf does not deserialise with serde derive: serde stops at the first error,
//! and users must see all of a file's problems in one run.

use std::ops::Range;
use std::str::FromStr;

use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, FileId};
use crate::i18n::Lang;
use crate::rules::registry::{MISSING_KEY, Rule, UNKNOWN_KEY, WRONG_TYPE};

/// A value with the byte range it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Where it is in the file.
    pub span: Range<usize>,
}

/// Collects the findings of one file.
#[derive(Debug)]
pub struct Sink {
    file: FileId,
    lang: Lang,
    /// The findings so far.
    pub items: Vec<Diagnostic>,
}

impl Sink {
    /// An empty sink for `file`.
    pub fn new(file: FileId) -> Self {
        Self::in_lang(file, Lang::Zh)
    }

    /// An empty sink for `file` whose messages are written in `lang`.
    pub fn in_lang(file: FileId, lang: Lang) -> Self {
        Self {
            file,
            lang,
            items: Vec::new(),
        }
    }

    /// The catalog text of `key` in the sink's language.
    pub fn t(&self, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        self.lang.text(key, args)
    }

    /// The file findings go to.
    pub fn file(&self) -> FileId {
        self.file
    }

    /// Records a finding of `rule` at `span`.
    pub fn report(
        &mut self,
        rule: &'static Rule,
        span: Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let mut d = Diagnostic::new(rule, self.file, Some(span), message);
        d.help = help;
        self.items.push(d);
    }
}

/// A key the format defines in some table, with its Chinese term for messages and what it
/// holds. The JSON Schema (`perf schema`) and the `perf new` skeleton are written from these
/// tables, so a key described here is described everywhere.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The TOML key.
    pub key: &'static str,
    /// The term on the official form (`预算数`).
    pub label: &'static str,
    /// What the key holds.
    pub kind: Kind,
    /// Whether a file must have it (a missing one is F003).
    pub required: bool,
    /// A sentence for editors beyond the label (may be empty).
    pub doc: &'static str,
}

impl Field {
    /// A key of no declared kind, optional, with no further description.
    pub const fn new(key: &'static str, label: &'static str) -> Self {
        Self {
            key,
            label,
            kind: Kind::Any,
            required: false,
            doc: "",
        }
    }

    /// The same key holding `kind`.
    pub const fn of(self, kind: Kind) -> Self {
        Self { kind, ..self }
    }

    /// The same key, required.
    pub const fn required(self) -> Self {
        Self {
            required: true,
            ..self
        }
    }

    /// The same key with a description.
    pub const fn doc(self, doc: &'static str) -> Self {
        Self { doc, ..self }
    }
}

/// What a key holds, as the loader reads it.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// Not declared: the schema accepts any value.
    Any,
    /// A string, kept as written.
    Text,
    /// A TOML integer.
    Integer,
    /// `true` or `false`.
    Bool,
    /// An exact amount: integer, float (read from its text) or a decimal string.
    Amount,
    /// A percentage: a number, or a string ending in `%`.
    Percent,
    /// An array of strings.
    TextList,
    /// One of these words.
    Choice(&'static [&'static str]),
    /// A 一级指标 label (with its aliases).
    Level1,
    /// A 二级指标 label (with its aliases, with or without the trailing 指标).
    Level2,
    /// A table with these keys.
    Table(&'static [Field]),
    /// An array of tables with these keys.
    Tables(&'static [Field]),
    /// Month numbers (1–12) to percentages.
    Months,
    /// Month numbers (1–12) to amounts.
    MonthAmounts,
    /// Years to amounts.
    Years,
    /// Rule codes or names to levels (`allow`, `warn`, `error`).
    Levels,
}

/// How messages name the root of a file.
pub const TOP_LEVEL: &str = "文件顶层";

/// A table being read: its entries, its span, how messages name it and the keys it allows.
pub struct Table<'a, 'i> {
    entries: &'a DeTable<'i>,
    /// Where to point when a key is missing: the table header or the file start.
    pub span: Range<usize>,
    /// How messages name the table (`[budget]`, `第 3 个 [[indicator]]`).
    pub name: String,
    fields: &'static [Field],
}

impl<'a, 'i> Table<'a, 'i> {
    /// Wraps a table and reports its unknown keys right away.
    pub fn new(
        entries: &'a DeTable<'i>,
        span: Range<usize>,
        name: String,
        fields: &'static [Field],
        sink: &mut Sink,
    ) -> Self {
        let table = Self {
            entries,
            span,
            name,
            fields,
        };
        table.report_unknown_keys(sink);
        table
    }

    fn report_unknown_keys(&self, sink: &mut Sink) {
        for key in self.entries.keys() {
            let name = key.get_ref().as_ref();
            if self.fields.iter().any(|f| f.key == name) {
                continue;
            }
            let known: Vec<&str> = self.fields.iter().map(|f| f.key).collect();
            let help = match nearest(name, &known) {
                Some(near) => format!(
                    "是否应为 `{near}`？{} 可用的键：{}",
                    self.name,
                    known.join("、")
                ),
                None => format!("{} 可用的键：{}", self.name, known.join("、")),
            };
            sink.report(
                &UNKNOWN_KEY,
                key.span(),
                format!("{} 中有未知的键 `{name}`，它的内容不会被读取", self.name),
                Some(help),
            );
        }
    }

    fn label(&self, key: &str) -> &'static str {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map_or("", |f| f.label)
    }

    /// The raw entry for `key`, reporting it as missing when `required`.
    pub fn entry(
        &self,
        key: &str,
        required: bool,
        sink: &mut Sink,
    ) -> Option<&'a Spanned<DeValue<'i>>> {
        let found = self.entries.get(key);
        if found.is_none() && required {
            let label = self.label(key);
            let (message, help) = if self.name == TOP_LEVEL {
                // At the top level a missing key is a missing table: name it as it is written.
                let header = if matches!(key, "indicator" | "objective") {
                    format!("[[{key}]]")
                } else {
                    format!("[{key}]")
                };
                (
                    format!("文件缺少 {header}（{label}）"),
                    format!("加上 {header} 表，见 docs/file-format.md"),
                )
            } else {
                (
                    format!("{} 缺少必填键 `{key}`（{label}）", self.name),
                    format!(
                        "在 {} 中加上 `{key} = …`，见 docs/file-format.md",
                        self.name
                    ),
                )
            };
            sink.report(&MISSING_KEY, self.span.clone(), message, Some(help));
        }
        found
    }

    /// A string value.
    pub fn str(&self, key: &str, required: bool, sink: &mut Sink) -> Option<At<String>> {
        let entry = self.entry(key, required, sink)?;
        match entry.get_ref() {
            DeValue::String(s) => Some(At {
                value: s.to_string(),
                span: entry.span(),
            }),
            other => {
                self.wrong_type(key, "文字（用英文双引号括起）", other, entry.span(), sink);
                None
            }
        }
    }

    /// An integer value.
    pub fn int(&self, key: &str, required: bool, sink: &mut Sink) -> Option<At<i64>> {
        let entry = self.entry(key, required, sink)?;
        let value = match entry.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => i64::from_str(i.as_str()).ok(),
            _ => None,
        };
        if value.is_none() {
            self.wrong_type(key, "整数（如 2024）", entry.get_ref(), entry.span(), sink);
        }
        value.map(|value| At {
            value,
            span: entry.span(),
        })
    }

    /// An exact decimal: a TOML integer, a float taken exactly as written, or a decimal string.
    pub fn decimal(&self, key: &str, required: bool, sink: &mut Sink) -> Option<At<Decimal>> {
        let entry = self.entry(key, required, sink)?;
        let value = decimal_value(entry.get_ref(), false);
        if value.is_none() {
            self.wrong_type(
                key,
                "数字（如 4000 或 \"1234.56\"，不带单位）",
                entry.get_ref(),
                entry.span(),
                sink,
            );
        }
        value.map(|value| At {
            value,
            span: entry.span(),
        })
    }

    /// A list of strings (blank strings kept; rules judge them).
    pub fn str_list(
        &self,
        key: &str,
        required: bool,
        sink: &mut Sink,
    ) -> Option<At<Vec<At<String>>>> {
        let entry = self.entry(key, required, sink)?;
        let DeValue::Array(items) = entry.get_ref() else {
            self.wrong_type(
                key,
                "文字列表（如 [\"…\", \"…\"]）",
                entry.get_ref(),
                entry.span(),
                sink,
            );
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match item.get_ref() {
                DeValue::String(s) => out.push(At {
                    value: s.to_string(),
                    span: item.span(),
                }),
                other => self.wrong_type(key, "文字列表中的文字", other, item.span(), sink),
            }
        }
        Some(At {
            value: out,
            span: entry.span(),
        })
    }

    /// A sub-table.
    pub fn table(&self, key: &str, required: bool, sink: &mut Sink) -> Option<At<&'a DeTable<'i>>> {
        let entry = self.entry(key, required, sink)?;
        match entry.get_ref() {
            DeValue::Table(t) => Some(At {
                value: t,
                span: entry.span(),
            }),
            other => {
                self.wrong_type(
                    key,
                    &format!("表（写成 [{key}]）"),
                    other,
                    entry.span(),
                    sink,
                );
                None
            }
        }
    }

    /// An array of tables (`[[indicator]]`).
    pub fn tables(&self, key: &str, required: bool, sink: &mut Sink) -> Vec<At<&'a DeTable<'i>>> {
        let Some(entry) = self.entry(key, required, sink) else {
            return Vec::new();
        };
        let DeValue::Array(items) = entry.get_ref() else {
            self.wrong_type(
                key,
                &format!("表数组（每行写成 [[{key}]]）"),
                entry.get_ref(),
                entry.span(),
                sink,
            );
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match item.get_ref() {
                DeValue::Table(t) => out.push(At {
                    value: t,
                    span: item.span(),
                }),
                other => self.wrong_type(key, &format!("[[{key}]] 表"), other, item.span(), sink),
            }
        }
        if required && items.is_empty() {
            sink.report(
                &MISSING_KEY,
                entry.span(),
                format!("`{key}` 是空列表，至少需要一行 [[{key}]]"),
                Some(format!("每行写成一个 [[{key}]] 表，见 docs/file-format.md")),
            );
        }
        out
    }

    /// The same table, pointing missing-key findings at `span` instead.
    #[must_use]
    pub fn pointing_at(self, span: Range<usize>) -> Self {
        Self { span, ..self }
    }

    /// The entries themselves, for tables whose keys are data (`[plan]` months).
    pub fn entries(&self) -> &'a DeTable<'i> {
        self.entries
    }

    fn wrong_type(
        &self,
        key: &str,
        expected: &str,
        found: &DeValue<'_>,
        span: Range<usize>,
        sink: &mut Sink,
    ) {
        let label = self.label(key);
        let label = if label.is_empty() {
            String::new()
        } else {
            format!("（{label}）")
        };
        sink.report(
            &WRONG_TYPE,
            span,
            format!(
                "{} 的 `{key}`{label} 应为{expected}，这里是{}",
                self.name,
                describe(found)
            ),
            None,
        );
    }
}

/// Reads an exact decimal from a TOML value; `percent_sign` also accepts strings like `"20%"`.
pub fn decimal_value(value: &DeValue<'_>, percent_sign: bool) -> Option<Decimal> {
    match value {
        DeValue::Integer(i) if i.radix() == 10 => parse_decimal(i.as_str()),
        DeValue::Float(f) => parse_decimal(f.as_str()),
        DeValue::String(s) => {
            let s = s.trim();
            let s = if percent_sign {
                s.trim_end_matches(['%', '％']).trim_end()
            } else {
                s
            };
            parse_decimal(s)
        }
        _ => None,
    }
}

/// The largest magnitude perf accepts for an amount, percentage or weight: far above any real
/// budget (10^15 万元), and low enough that sums and products of them cannot overflow.
pub const MAX_MAGNITUDE: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

fn parse_decimal(text: &str) -> Option<Decimal> {
    let value = if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).ok()
    } else {
        Decimal::from_str_exact(text).ok()
    }?;
    // Huge values are read as "not a usable number" rather than overflowing later.
    (value.abs() <= MAX_MAGNITUDE).then_some(value)
}

/// How a value reads in a message: its type in Chinese and, for scalars, the value itself.
pub fn describe(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => format!("文字 \"{s}\""),
        DeValue::Integer(i) => format!("整数 {}", i.as_str()),
        DeValue::Float(f) => format!("小数 {}", f.as_str()),
        DeValue::Boolean(b) => format!("布尔值 {b}"),
        DeValue::Datetime(d) => format!("日期 {d}"),
        DeValue::Array(_) => "列表".to_owned(),
        DeValue::Table(_) => "表".to_owned(),
    }
}

/// The known key closest to a misspelt one, when it is close enough to be a typo.
pub fn nearest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(key, k), *k))
        .filter(|&(d, k)| d <= (k.chars().count() / 3).max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let next = (prev + cost).min(row[j] + 1).min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_key() {
        assert_eq!(
            nearest("fiscall", &["total", "fiscal", "other"]),
            Some("fiscal")
        );
        assert_eq!(
            nearest("budjet", &["project", "budget", "plan"]),
            Some("budget")
        );
        assert_eq!(nearest("xyz", &["total", "fiscal"]), None);
    }

    #[test]
    fn huge_numbers_are_not_usable_amounts() {
        assert_eq!(MAX_MAGNITUDE, Decimal::from(1_000_000_000_000_000_i64));
        let parsed =
            DeTable::parse("a = 1e16\nb = \"-79228162514264337593543950335\"\nc = 999999999999999")
                .unwrap();
        let t = parsed.get_ref();
        let get = |k: &str| decimal_value(t.get(k).unwrap().get_ref(), false);
        assert_eq!((get("a"), get("b")), (None, None));
        assert!(get("c").is_some());
    }

    #[test]
    fn reads_floats_exactly() {
        let parsed = DeTable::parse("a = 1234.56\nb = \"0.01\"\nc = 1e3").unwrap();
        let t = parsed.get_ref();
        let get = |k: &str| decimal_value(t.get(k).unwrap().get_ref(), false).unwrap();
        assert_eq!(get("a") + get("b"), Decimal::from_str("1234.57").unwrap());
        assert_eq!(get("c"), Decimal::from(1000));
    }
}
