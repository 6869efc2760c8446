//! Reading typed values out of a spanned TOML table, reporting every problem (unknown key,
//! missing key, wrong type) as a finding instead of stopping at the first.
//!
//! This is why perf does not deserialise with serde derive: serde stops at the first error,
//! and users must see all of a file's problems in one run.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use crate::source::doc::{self, Item, Value};
use rust_decimal::Decimal;

use crate::args;
use crate::diag::registry::{MISSING_KEY, UNKNOWN_KEY, WRONG_TYPE};
use crate::i18n::Lang;

mod sink;

pub use sink::Sink;

/// A value with the byte range it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Where it is in the file.
    pub span: Range<usize>,
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

/// The most keys a table's schema may have for its lookups to go through [`Slot`]s; a longer
/// schema is searched by key (none is: `[[indicator]]`, the longest, has 20).
const MAX_SLOTS: usize = 32;

/// A key of one schema table with its position there, found when the program is compiled
/// (`slots!` in `source::lower`): a row's lookup is then an index into what [`Table::new`]
/// found while it checked the row's keys, where a lookup by key searched the entries and
/// compared bytes, about twenty times a row.
#[derive(Debug, Clone, Copy)]
pub struct Slot {
    /// The key's entry in its schema.
    field: &'static Field,
    /// Its position there.
    index: usize,
}

impl Slot {
    /// The slot of `key` in `fields`, if `fields` has it.
    pub const fn of(fields: &'static [Field], key: &str) -> Option<Self> {
        let mut rest = fields;
        let mut index = 0;
        while let [field, tail @ ..] = rest {
            if const_eq(field.key.as_bytes(), key.as_bytes()) {
                return Some(Self { field, index });
            }
            rest = tail;
            index += 1;
        }
        None
    }
}

const fn const_eq(a: &[u8], b: &[u8]) -> bool {
    let (mut a, mut b) = (a, b);
    loop {
        match (a, b) {
            ([], []) => return true,
            ([x, a_tail @ ..], [y, b_tail @ ..]) if *x == *y => {
                a = a_tail;
                b = b_tail;
            }
            _ => return false,
        }
    }
}

/// How a table's value is asked for: by key (`"name"`), or by a [`Slot`] of its schema.
pub trait Lookup: Copy {
    /// The key as messages write it.
    fn name(&self) -> &str;
    /// The key's entry in the schema and its position there, when known without a search.
    fn slot(&self) -> Option<(&'static Field, usize)>;
}

impl Lookup for &str {
    #[inline]
    fn name(&self) -> &str {
        self
    }

    #[inline]
    fn slot(&self) -> Option<(&'static Field, usize)> {
        None
    }
}

impl Lookup for Slot {
    #[inline]
    fn name(&self) -> &str {
        self.field.key
    }

    #[inline]
    fn slot(&self) -> Option<(&'static Field, usize)> {
        Some((self.field, self.index))
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
    /// One of these words, or a table with these keys (`framework = "101"` or `[framework]`).
    ChoiceOrTable(&'static [&'static str], &'static [Field]),
    /// Local labels to the 一级/二级 labels perf knows (`[framework.aliases]`).
    Aliases,
}

/// How messages name a table. Formatted only when a message needs it: most tables of most
/// files have no finding, and formatting a name for every row of every file cost about 4% of
/// `perf validate`.
#[derive(Debug, Clone)]
pub enum TableName {
    /// Written as is: `[budget]`.
    Literal(Cow<'static, str>),
    /// The `n`th (from 1) table of the array of tables `key`: `第 3 个 [[indicator]]`.
    Nth {
        /// The array's key (`indicator`, `budget.items`).
        key: &'static str,
        /// The position, from 1.
        n: usize,
        /// The language of the messages.
        lang: Lang,
    },
    /// The top level of the file.
    Top(Lang),
}

impl fmt::Display for TableName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Literal(name) => f.write_str(name),
            Self::Nth { key, n, lang } => {
                f.write_str(&lang.text("fields.nth", args!(n = n, key = key)))
            }
            Self::Top(lang) => f.write_str(&lang.text("fields.top_level", &[])),
        }
    }
}

impl From<&'static str> for TableName {
    fn from(name: &'static str) -> Self {
        Self::Literal(Cow::Borrowed(name))
    }
}

impl From<String> for TableName {
    fn from(name: String) -> Self {
        Self::Literal(Cow::Owned(name))
    }
}

/// A table being read: its entries, its span, how messages name it and the keys it allows.
pub struct Table<'a, 'i> {
    entries: &'a doc::Table<'i>,
    /// Where to point when a key is missing: the table header or the file start.
    pub span: Range<usize>,
    /// How messages name the table (`[budget]`, `第 3 个 [[indicator]]`).
    pub name: TableName,
    fields: &'static [Field],
    /// Whether this is the root of the file, where a missing key is a missing table.
    top: bool,
    /// The entry of each of `fields`, by its position there, found while the keys were
    /// checked ([`Slot`] lookups read it); unused when `fields` has more than [`MAX_SLOTS`].
    slots: [Option<&'a Item<'i>>; MAX_SLOTS],
}

impl<'a, 'i> Table<'a, 'i> {
    /// Wraps a table and reports its unknown keys right away.
    pub fn new(
        entries: &'a doc::Table<'i>,
        span: Range<usize>,
        name: impl Into<TableName>,
        fields: &'static [Field],
        sink: &mut Sink,
    ) -> Self {
        let mut table = Self {
            entries,
            span,
            name: name.into(),
            fields,
            top: false,
            slots: [None; MAX_SLOTS],
        };
        table.read_keys(sink);
        table
    }

    /// Wraps the root table of a file and reports its unknown keys right away.
    pub fn top(entries: &'a doc::Table<'i>, fields: &'static [Field], sink: &mut Sink) -> Self {
        let mut table = Self {
            entries,
            span: 0..0,
            name: TableName::Top(sink.lang()),
            fields,
            top: true,
            slots: [None; MAX_SLOTS],
        };
        table.read_keys(sink);
        table
    }

    /// Files each entry under its key's position in the schema, reporting the keys the schema
    /// does not have.
    fn read_keys(&mut self, sink: &mut Sink) {
        // Files write a table's keys mostly in the schema's order: the search for each starts
        // after the last one found, and mostly ends at its first comparison.
        let mut from = 0;
        for (key, item) in self.entries.iter() {
            let name = key.name.as_ref();
            if let Some(at) = position_from(self.fields, name, from) {
                if let Some(slot) = self.slots.get_mut(at) {
                    *slot = Some(item);
                }
                from = at + 1;
                continue;
            }
            let known: Vec<&str> = self.fields.iter().map(|f| f.key).collect();
            let known_list = known.join(&sink.t("term.list_sep", &[]));
            let help = match nearest(name, &known) {
                Some(near) => sink.t(
                    "F002.help_near",
                    args!(near = near, table = self.name, known = known_list),
                ),
                None => sink.t("F002.help", args!(table = self.name, known = known_list)),
            };
            let message = sink.t("F002.message", args!(table = self.name, key = name));
            sink.report(&UNKNOWN_KEY, key.span(), message, Some(help));
        }
    }

    fn label(&self, key: &str) -> &'static str {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map_or("", |f| f.label)
    }

    /// The entry for `key`: where [`Table::new`] filed it when `key` is a [`Slot`] of this
    /// table's schema, else searched for.
    // Always inlined, as `entry`, `text` and `str` are: left to LLVM, an unrelated change in
    // `model::target` once made it call `text` (and so `entry`) out of line again, which gave
    // back a third of what slots save.
    #[inline(always)]
    fn find(&self, key: impl Lookup) -> Option<&'a Item<'i>> {
        if let Some((field, at)) = key.slot()
            && self.fields.len() <= MAX_SLOTS
            // The slot is of this schema (the same constant: no comparison), or at least names
            // the key at its position; else (no caller does that) the key is searched for.
            && self
                .fields
                .get(at)
                .is_some_and(|f| std::ptr::eq(f, field) || f.key == field.key)
        {
            return self.slots.get(at).copied().flatten();
        }
        self.entries.get(key.name())
    }

    /// The raw entry for `key`, reporting it as missing when `required`.
    #[inline(always)]
    pub fn entry(&self, key: impl Lookup, required: bool, sink: &mut Sink) -> Option<&'a Item<'i>> {
        let found = self.find(key);
        if found.is_none() && required {
            self.report_missing(key.name(), sink);
        }
        found
    }

    // Out of line: most lookups find their key or are of optional keys, and inlining the
    // messages into every caller would make each lookup costlier to call.
    #[cold]
    #[inline(never)]
    fn report_missing(&self, key: &str, sink: &mut Sink) {
        let label = self.label(key);
        let (message, help) = if self.top {
            // At the top level a missing key is a missing table: name it as it is written.
            let header = if matches!(key, "indicator" | "objective") {
                format!("[[{key}]]")
            } else {
                format!("[{key}]")
            };
            (
                sink.t("F003.table", args!(header = header, label = label)),
                sink.t("F003.table_help", args!(header = header)),
            )
        } else {
            (
                sink.t(
                    "F003.message",
                    args!(table = self.name, key = key, label = label),
                ),
                sink.t("F003.help", args!(table = self.name, key = key)),
            )
        };
        sink.report(&MISSING_KEY, self.span.clone(), message, Some(help));
    }

    /// A string value.
    #[inline(always)]
    pub fn str(&self, key: impl Lookup, required: bool, sink: &mut Sink) -> Option<At<String>> {
        self.text(key, required, sink).map(|At { value, span }| At {
            value: value.to_owned(),
            span,
        })
    }

    /// A string value, borrowed from the file: for values read into something else (a
    /// label, a unit), which need no copy of their own.
    #[inline(always)]
    pub fn text(&self, key: impl Lookup, required: bool, sink: &mut Sink) -> Option<At<&'a str>> {
        let entry = self.entry(key, required, sink)?;
        match &entry.value {
            Value::String(s) => Some(At {
                value: s.as_ref(),
                span: entry.span(),
            }),
            other => {
                self.not_text(key.name(), other, entry.span(), sink);
                None
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn not_text(&self, key: &str, found: &Value<'_>, span: Range<usize>, sink: &mut Sink) {
        let expected = sink.t("fields.expect_text", &[]);
        self.wrong_type(key, &expected, found, span, sink);
    }

    /// An integer value.
    pub fn int(&self, key: impl Lookup, required: bool, sink: &mut Sink) -> Option<At<i64>> {
        let entry = self.entry(key, required, sink)?;
        let key = key.name();
        let value = match &entry.value {
            Value::Integer(digits, 10) => i64::from_str(digits).ok(),
            _ => None,
        };
        if value.is_none() {
            let expected = sink.t("fields.expect_integer", &[]);
            self.wrong_type(key, &expected, &entry.value, entry.span(), sink);
        }
        value.map(|value| At {
            value,
            span: entry.span(),
        })
    }

    /// An exact decimal: a TOML integer, a float taken exactly as written, or a decimal string.
    #[inline]
    pub fn decimal(
        &self,
        key: impl Lookup,
        required: bool,
        sink: &mut Sink,
    ) -> Option<At<Decimal>> {
        let entry = self.entry(key, required, sink)?;
        let value = decimal_value(&entry.value, false);
        if value.is_none() {
            self.not_decimal(key.name(), entry, sink);
        }
        value.map(|value| At {
            value,
            span: entry.span(),
        })
    }

    #[cold]
    #[inline(never)]
    fn not_decimal(&self, key: &str, entry: &Item<'_>, sink: &mut Sink) {
        if let Some(number) = too_large(&entry.value) {
            let what = self.what(key, sink);
            report_too_large(sink, entry.span(), &what, number);
        } else {
            let expected = sink.t("fields.expect_number", &[]);
            let help = quoted_number_help(key, &entry.value, sink);
            self.wrong_type_with(key, &expected, &entry.value, entry.span(), help, sink);
        }
    }

    /// A list of strings (blank strings kept; rules judge them).
    pub fn str_list(
        &self,
        key: impl Lookup,
        required: bool,
        sink: &mut Sink,
    ) -> Option<At<Vec<At<String>>>> {
        let entry = self.entry(key, required, sink)?;
        let key = key.name();
        let Value::Array(items) = &entry.value else {
            let expected = sink.t("fields.expect_text_list", &[]);
            self.wrong_type(key, &expected, &entry.value, entry.span(), sink);
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match &item.value {
                Value::String(s) => out.push(At {
                    value: s.to_string(),
                    span: item.span(),
                }),
                other => {
                    let expected = sink.t("fields.expect_list_text", &[]);
                    self.wrong_type(key, &expected, other, item.span(), sink);
                }
            }
        }
        Some(At {
            value: out,
            span: entry.span(),
        })
    }

    /// A sub-table.
    pub fn table(
        &self,
        key: impl Lookup,
        required: bool,
        sink: &mut Sink,
    ) -> Option<At<&'a doc::Table<'i>>> {
        let entry = self.entry(key, required, sink)?;
        let key = key.name();
        match &entry.value {
            Value::Table(t) => Some(At {
                value: t,
                span: entry.span(),
            }),
            other => {
                let expected = sink.t("fields.expect_table", args!(key = key));
                self.wrong_type(key, &expected, other, entry.span(), sink);
                None
            }
        }
    }

    /// An array of tables (`[[indicator]]`).
    pub fn tables(
        &self,
        key: impl Lookup,
        required: bool,
        sink: &mut Sink,
    ) -> Vec<At<&'a doc::Table<'i>>> {
        let Some(entry) = self.entry(key, required, sink) else {
            return Vec::new();
        };
        let key = key.name();
        let Value::Array(items) = &entry.value else {
            let expected = sink.t("fields.expect_tables", args!(key = key));
            self.wrong_type(key, &expected, &entry.value, entry.span(), sink);
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match &item.value {
                Value::Table(t) => out.push(At {
                    value: t,
                    span: item.span(),
                }),
                other => {
                    let expected = sink.t("fields.expect_row", args!(key = key));
                    self.wrong_type(key, &expected, other, item.span(), sink);
                }
            }
        }
        if required && items.is_empty() {
            let message = sink.t("F003.empty_list", args!(key = key));
            let help = sink.t("F003.empty_list_help", args!(key = key));
            sink.report(&MISSING_KEY, entry.span(), message, Some(help));
        }
        out
    }

    /// The same table, pointing missing-key findings at `span` instead.
    #[must_use]
    pub fn pointing_at(self, span: Range<usize>) -> Self {
        Self { span, ..self }
    }

    /// `{table} 的 `{key}`（label）`: how messages name a key of this table.
    fn what(&self, key: &str, sink: &Sink) -> String {
        let label = self.label(key);
        let label = if label.is_empty() {
            String::new()
        } else {
            sink.t("fields.label", args!(label = label))
        };
        sink.t(
            "fields.what",
            args!(table = self.name, key = key, label = label),
        )
    }

    fn wrong_type(
        &self,
        key: &str,
        expected: &str,
        found: &Value<'_>,
        span: Range<usize>,
        sink: &mut Sink,
    ) {
        self.wrong_type_with(key, expected, found, span, None, sink);
    }

    fn wrong_type_with(
        &self,
        key: &str,
        expected: &str,
        found: &Value<'_>,
        span: Range<usize>,
        help: Option<String>,
        sink: &mut Sink,
    ) {
        let label = self.label(key);
        let label = if label.is_empty() {
            String::new()
        } else {
            sink.t("fields.label", args!(label = label))
        };
        let message = sink.t(
            "F004.message",
            args!(
                table = self.name,
                key = key,
                label = label,
                expected = expected,
                found = describe(found, sink.lang())
            ),
        );
        sink.report(&WRONG_TYPE, span, message, help);
    }
}

/// Where `key` is in `fields` (whose keys are all different), searching from `from` on and
/// then from the start.
fn position_from(fields: &[Field], key: &str, from: usize) -> Option<usize> {
    let (before, after) = fields.split_at(from.min(fields.len()));
    let is_key = |f: &Field| same_bytes(f.key.as_bytes(), key.as_bytes());
    after
        .iter()
        .position(is_key)
        .map(|at| from + at)
        .or_else(|| before.iter().position(is_key))
}

/// `a == b` for keys, without a call to `memcmp` for those of 4 to 16 bytes (all the
/// schemas' keys): two overlapping loads from each end cover every byte.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    fn word<const N: usize>(s: &[u8], at: usize) -> Option<[u8; N]> {
        s.get(at..at + N).and_then(|w| w.try_into().ok())
    }
    let len = a.len();
    if len != b.len() {
        return false;
    }
    match len {
        4..=7 => {
            word::<4>(a, 0) == word::<4>(b, 0) && word::<4>(a, len - 4) == word::<4>(b, len - 4)
        }
        8..=16 => {
            word::<8>(a, 0) == word::<8>(b, 0) && word::<8>(a, len - 8) == word::<8>(b, len - 8)
        }
        _ => a == b,
    }
}

/// The fix for a number written as text: clerks copy `"120万元"` from a spreadsheet cell, or
/// quote numbers because strings need quotes. An amount unit (元) gets the note on where the
/// unit belongs.
fn quoted_number_help(key: &str, found: &Value<'_>, sink: &Sink) -> Option<String> {
    let Value::String(text) = found else {
        return None;
    };
    let help_key = if text.contains('元') {
        "F004.quoted_amount_help"
    } else {
        "F004.quoted_number_help"
    };
    Some(sink.t(help_key, args!(key = key)))
}

/// Reads an exact decimal from a TOML value; `percent_sign` also accepts strings like `"20%"`.
pub fn decimal_value(value: &Value<'_>, percent_sign: bool) -> Option<Decimal> {
    match value {
        Value::Integer(digits, 10) => parse_decimal(digits),
        Value::Float(f) => parse_decimal(f),
        Value::String(s) => {
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

/// The number `value` writes, when it is a plain number too large for perf (beyond
/// [`MAX_MAGNITUDE`], or beyond what a decimal holds at all): such a value deserves "too
/// large", not "not a number".
pub fn too_large<'v>(value: &'v Value<'_>) -> Option<&'v str> {
    let text = match value {
        Value::Integer(digits, 10) => digits.as_ref(),
        Value::Float(f) => f.as_ref(),
        // A percentage is written `"20%"` in [plan].
        Value::String(s) => s.trim().trim_end_matches(['%', '％']).trim_end(),
        _ => return None,
    };
    let unsigned = text
        .strip_prefix(['-', '+'])
        .unwrap_or(text)
        .replace('_', "");
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((&unsigned, ""));
    let plain = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit());
    if !plain {
        return None;
    }
    let beyond = whole.trim_start_matches('0').len() > 16
        || Decimal::from_str_exact(&unsigned).is_ok_and(|v| v > MAX_MAGNITUDE);
    beyond.then_some(text)
}

/// Reports `number` (what [`too_large`] found) at `span`; `what` names the key.
pub fn report_too_large(sink: &mut Sink, span: Range<usize>, what: &str, number: &str) {
    sink.report_text(
        &WRONG_TYPE,
        span,
        "F004.too_large",
        args!(what = what, value = number, limit = "1000000000000000"),
    );
}

fn parse_decimal(text: &str) -> Option<Decimal> {
    let value = if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).ok()
    } else {
        Decimal::from_str_exact(text).ok()
    }?;
    // Huge values are read as "not a usable number" rather than overflowing later.
    (value.abs() <= MAX_MAGNITUDE).then_some(value)
}

/// How a value reads in a message: its type in `lang` and, for scalars, the value itself.
pub fn describe(value: &Value<'_>, lang: Lang) -> String {
    match value {
        Value::String(s) => lang.text("fields.found_text", args!(value = s)),
        Value::Integer(digits, _) => lang.text("fields.found_integer", args!(value = digits)),
        Value::Float(f) => lang.text("fields.found_decimal", args!(value = f)),
        Value::Boolean(b) => lang.text("fields.found_bool", args!(value = b)),
        Value::Datetime(d) => lang.text("fields.found_date", args!(value = d)),
        Value::Array(_) => lang.text("fields.found_list", &[]),
        Value::Table(_) => lang.text("fields.found_table", &[]),
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

/// Levenshtein distance in characters, one row at a time: `row[j]` is the distance between
/// the first `i` characters of `a` and the first `j` of `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        // `diagonal` is the old row[j], `left` the new row[j], `up` the old row[j + 1].
        let mut diagonal = i;
        let mut left = i + 1;
        for (cell, &cb) in row.iter_mut().skip(1).zip(&b) {
            let up = *cell;
            let next = (diagonal + usize::from(ca != cb)).min(left + 1).min(up + 1);
            diagonal = up;
            left = next;
            *cell = next;
        }
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
    }
    row.last().copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_find_what_keys_find() {
        use crate::source::schema::{self, BUDGET_ITEM, INDICATOR};
        // Keys out of the schema's order, an unknown key, a key written quoted.
        let t = doc::parse(
            "target = \"≥5个\"\nbogus = 1\nlevel2 = \"数量指标\"\n\"name\" = \"人数\"\n\
             level1 = \"产出指标\"\nweight = 10\nmeasure = \"加强\"\n",
        )
        .unwrap();
        let mut sink = Sink::new(crate::diag::FileId(0));
        let row = Table::new(&t, 0..0, "[[indicator]]", INDICATOR, &mut sink);
        assert_eq!(sink.items.len(), 1, "the unknown key is reported");
        for field in INDICATOR {
            let slot = Slot::of(INDICATOR, field.key).unwrap();
            let (by_slot, by_key) = (row.find(slot), row.find(field.key));
            assert_eq!(
                by_slot.map(|i| i as *const _),
                by_key.map(|i| i as *const _)
            );
            assert_eq!(
                by_key.is_some(),
                t.get(field.key).is_some(),
                "{}",
                field.key
            );
        }
        // A slot of another schema is looked up by its key.
        let other = Slot::of(BUDGET_ITEM, "name").unwrap();
        assert_eq!(row.text(other, true, &mut sink).unwrap().value, "人数");
        assert_eq!(row.find(Slot::of(BUDGET_ITEM, "amount").unwrap()), None);
        for (a, b) in [
            ("name", "name"),
            ("name", "namf"),
            ("level1", "level2"),
            ("basis", "basis_note"),
            ("reason_category", "reason_categorz"),
            ("self_rate_points", "self_rate_pointz"),
            ("self_rate_points", "self_rate_points"),
            ("", ""),
            ("ab", "ab"),
            ("ab", "ac"),
            ("a_seventeen_bytes", "a_seventeen_bytez"),
            ("xname", "yname"),
        ] {
            assert_eq!(same_bytes(a.as_bytes(), b.as_bytes()), a == b, "{a} {b}");
            assert_eq!(same_bytes(b.as_bytes(), a.as_bytes()), a == b, "{b} {a}");
        }
        // The search from the last key found relies on keys being distinct in every schema.
        for fields in [
            schema::PROJECT_TOP,
            schema::PROJECT,
            schema::BUDGET,
            BUDGET_ITEM,
            INDICATOR,
            schema::EXECUTION,
            schema::DEPARTMENT_TOP,
            schema::DEPARTMENT,
            schema::OBJECTIVE,
        ] {
            for (i, f) in fields.iter().enumerate() {
                assert_eq!(position_from(fields, f.key, 0), Some(i));
                assert_eq!(position_from(fields, f.key, i + 1), Some(i));
            }
        }
    }

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
        let t = doc::parse("a = 1e16\nb = \"-79228162514264337593543950335\"\nc = 999999999999999")
            .unwrap();
        let get = |k: &str| decimal_value(&t.get(k).unwrap().value, false);
        assert_eq!((get("a"), get("b")), (None, None));
        assert!(get("c").is_some());
    }

    #[test]
    fn reads_floats_exactly() {
        let t = doc::parse("a = 1234.56\nb = \"0.01\"\nc = 1e3").unwrap();
        let get = |k: &str| decimal_value(&t.get(k).unwrap().value, false).unwrap();
        assert_eq!(get("a") + get("b"), Decimal::from_str("1234.57").unwrap());
        assert_eq!(get("c"), Decimal::from(1000));
    }
}
