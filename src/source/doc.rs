//! A parsed TOML document with the span of every key and value, as lowering reads it.
//!
//! [`parse`] reads a file in up to three ways, each building the same tree (small vectors
//! in document order, strings borrowed from the text unless they hold escapes), and takes
//! the first that does not give up:
//!
//! 1. `scan::scan` (src/source/scan.rs), a hand-written single pass over the bytes that
//!    knows only the shapes budget files are made of; it gives up on anything else.
//! 2. [`parse_fast`]: the `toml` family's own lexer and event parser (`toml_parser`, the
//!    crate under `toml`), with the tree built here in one pass over the events. It takes
//!    all of TOML's syntax but gives up on a dotted key (`a.b = 1`), any key or table
//!    defined twice, any syntax error, a table of more than [`MAX_FAST_KEYS`] keys.
//! 3. `toml::de::DeTable`, whose errors are reported as they always were, and whose tree is
//!    converted ([`from_toml`]).
//!
//! The first two share the table rules (`open_header`, `insert`). So every file means
//! exactly what the `toml` crate says it means; `tests/it/doc_equivalence.rs` and the
//! `doc_equivalence` fuzz target check that each fast way gives the tree of the third.
//! Reading is most of what `perf validate` spends per file (docs/performance.md).

use std::borrow::Cow;
use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::parser::{EventReceiver, RecursionGuard, ValidateWhitespace};
use toml_parser::{ErrorSink, ParseError, Raw, Source, Span};

/// A key as written, decoded, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key<'i> {
    /// The key, unquoted and unescaped.
    pub name: Cow<'i, str>,
    /// The key's bytes in the file (quotes included).
    pub span: Range<usize>,
}

impl Key<'_> {
    /// Where the key is in the file.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }
}

/// A value with where it is: a scalar's own bytes, `[` to `]` of an array, `{` to `}` of an
/// inline table, the header (`[budget]`) of a table, the first header of an array of tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Item<'i> {
    /// The value.
    pub value: Value<'i>,
    /// Where it is in the file.
    pub span: Range<usize>,
}

impl Item<'_> {
    /// Where the value is in the file.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }
}

/// A TOML value. Numbers keep their text, so that amounts are read exactly.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'i> {
    /// A string, decoded.
    String(Cow<'i, str>),
    /// An integer's digits (sign kept, `_` and radix prefix removed) and its radix.
    Integer(Cow<'i, str>, u32),
    /// A float as written (`_` removed).
    Float(Cow<'i, str>),
    /// `true` or `false`.
    Boolean(bool),
    /// A date, time or both.
    Datetime(toml_datetime::Datetime),
    /// An array (of values, or of tables written `[[key]]`).
    Array(Vec<Item<'i>>),
    /// A table, written as `[key]`, inline or implied by a longer header.
    Table(Table<'i>),
}

/// A table's entries in the order their keys are written.
#[derive(Debug, Clone, Default)]
pub struct Table<'i> {
    entries: Vec<(Key<'i>, Item<'i>)>,
    /// One bit per key (see `key_bit`): a key whose bit is not set is not in the table, which
    /// answers most lookups of absent keys, and most duplicate checks, without comparing.
    bloom: u64,
    /// How the table came to be, which decides what later headers may do with it.
    origin: Origin,
}

impl PartialEq for Table<'_> {
    // The origin is bookkeeping of the builder, not content.
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Origin {
    /// Converted from the `toml` crate's tree: never extended.
    #[default]
    Done,
    /// Named by a header (`[a]`).
    Header,
    /// Implied by a longer header (`[a.b]` implies `a`); a later `[a]` may still define it.
    Implicit,
    /// Written inline (`{ … }`): closed.
    Inline,
}

impl<'i> Table<'i> {
    /// The entry for `key`, if any.
    pub fn get(&self, key: &str) -> Option<&Item<'i>> {
        self.position(key)
            .and_then(|i| self.entries.get(i))
            .map(|(_, v)| v)
    }

    /// The entries in the order their keys are written.
    pub fn iter(&self) -> impl Iterator<Item = (&Key<'i>, &Item<'i>)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The keys in the order they are written.
    pub fn keys(&self) -> impl Iterator<Item = &Key<'i>> {
        self.entries.iter().map(|(k, _)| k)
    }

    /// How many entries the table has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// A table named by a header, with room for a row's keys (growing the vector key by key
    /// was a visible share of parsing), in a spare vector when the thread has one
    /// (`source::pool`).
    pub(super) fn header() -> Self {
        Self {
            entries: super::pool::entries(8),
            bloom: 0,
            origin: Origin::Header,
        }
    }

    /// A table written inline (`{ … }`), closed to headers.
    pub(super) fn inline() -> Self {
        Self {
            entries: super::pool::entries(0),
            bloom: 0,
            origin: Origin::Inline,
        }
    }

    fn position(&self, key: &str) -> Option<usize> {
        if self.bloom & key_bit(key) == 0 {
            return None;
        }
        self.entries
            .iter()
            .position(|(k, _)| same_key(&k.name, key))
    }

    /// The entries, for `source::pool` to take apart.
    pub(super) fn into_entries(self) -> Vec<(Key<'i>, Item<'i>)> {
        self.entries
    }

    /// The entries, taken out of a table of the tree `source::pool` takes apart.
    pub(super) fn take_entries(&mut self) -> Vec<(Key<'i>, Item<'i>)> {
        std::mem::take(&mut self.entries)
    }

    /// Adds an entry whose key is not in the table yet.
    fn push(&mut self, key: Key<'i>, item: Item<'i>) {
        self.bloom |= key_bit(&key.name);
        self.entries.push((key, item));
    }
}

/// A key's bit in [`Table::bloom`], from its length and its first and last bytes.
fn key_bit(key: &str) -> u64 {
    let bytes = key.as_bytes();
    let first = usize::from(bytes.first().copied().unwrap_or(0));
    let last = usize::from(bytes.last().copied().unwrap_or(0));
    1 << ((bytes.len() * 7 + first * 3 + last) % 64)
}

/// Whether two keys are equal, deciding most pairs of the same length (`level1`, `level2`,
/// `target`) by their first and last bytes before calling `memcmp`: key lookups are the
/// most frequent comparison in reading a file.
pub fn same_key(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.first() == b.first() && a.last() == b.last() && a == b
}

/// A table with more keys than this is handed to `toml::de::DeTable`, which finds duplicate
/// keys in logarithmic time (the builder searches its small vectors linearly). Real budget
/// tables have at most a few dozen keys.
pub const MAX_FAST_KEYS: usize = 64;

/// The recursion limit of `toml::de` (arrays and inline tables nested deeper are an error).
const MAX_DEPTH: u32 = 80;

/// Parses `text`: the root table, or the parser's errors (in the `toml` crate's words).
pub fn parse(text: &str) -> Result<Table<'_>, Vec<toml::de::Error>> {
    if let Some(root) = super::scan::scan(text) {
        return Ok(root);
    }
    if let Some(root) = parse_fast(text) {
        return Ok(root);
    }
    let (root, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        Ok(from_toml(root.into_inner()))
    } else {
        Err(errors)
    }
}

/// The one-pass builder alone: `None` when it gave up (see the module docs). Public so that
/// the equivalence tests and the fuzz target can compare it with [`from_toml`].
pub fn parse_fast(text: &str) -> Option<Table<'_>> {
    let source = Source::new(text);
    let tokens = source.lex().into_vec();
    let mut builder = Builder::new(source);
    let mut failed = Failed(false);
    {
        let mut validate = ValidateWhitespace::new(&mut builder, source);
        let mut guard = RecursionGuard::new(&mut validate, MAX_DEPTH);
        toml_parser::parser::parse_document(&tokens, &mut guard, &mut failed);
    }
    let unfinished =
        !builder.stack.is_empty() || builder.pending.is_some() || builder.header.is_some();
    if failed.0 || builder.gave_up || unfinished {
        return None;
    }
    Some(builder.root)
}

/// Converts a tree parsed by `toml::de::DeTable` (keys in the order they are written).
pub fn from_toml<'i>(table: DeTable<'i>) -> Table<'i> {
    let mut entries: Vec<(Key<'i>, Item<'i>)> = table
        .into_iter()
        .map(|(key, value)| {
            let span = key.span();
            let key = Key {
                name: key.into_inner(),
                span,
            };
            (key, from_toml_value(value))
        })
        .collect();
    entries.sort_by_key(|(k, _)| k.span.start);
    let bloom = entries
        .iter()
        .fold(0, |bloom, (k, _)| bloom | key_bit(&k.name));
    Table {
        entries,
        bloom,
        origin: Origin::Done,
    }
}

fn from_toml_value(value: toml::Spanned<DeValue<'_>>) -> Item<'_> {
    let span = value.span();
    let value = match value.into_inner() {
        DeValue::String(s) => Value::String(s),
        DeValue::Integer(i) => {
            let radix = i.radix();
            Value::Integer(Cow::Owned(i.as_str().to_owned()), radix)
        }
        DeValue::Float(f) => Value::Float(Cow::Owned(f.as_str().to_owned())),
        DeValue::Boolean(b) => Value::Boolean(b),
        DeValue::Datetime(d) => Value::Datetime(d),
        DeValue::Array(items) => Value::Array(items.into_iter().map(from_toml_value).collect()),
        DeValue::Table(t) => Value::Table(from_toml(t)),
    };
    Item { value, span }
}

/// Records that the parser reported an error (the `toml` crate will say which).
struct Failed(bool);

impl ErrorSink for Failed {
    fn report_error(&mut self, _error: ParseError) {
        self.0 = true;
    }
}

/// A value being built: an array or an inline table, with the key it will be stored under.
enum Frame<'i> {
    Array {
        start: usize,
        items: Vec<Item<'i>>,
    },
    Inline {
        start: usize,
        table: Table<'i>,
        key: Option<Key<'i>>,
    },
}

/// One step from the root to the table that `key = value` lines go into: the entry at this
/// index, and (for an array of tables) its last element.
pub(super) type Path = Vec<usize>;

struct Builder<'i> {
    source: Source<'i>,
    root: Table<'i>,
    /// The table `key = value` lines go into, as entry indices from the root.
    current: Path,
    /// The keys read since the last `=`, `[` or `[[`.
    keys: Vec<Key<'i>>,
    /// Where the header being read starts, and whether it is `[[…]]`.
    header: Option<(usize, bool)>,
    /// The key of a top-level `key =` waiting for its value.
    pending: Option<Key<'i>>,
    /// Arrays and inline tables being read, innermost last.
    stack: Vec<Frame<'i>>,
    gave_up: bool,
}

impl<'i> Builder<'i> {
    fn new(source: Source<'i>) -> Self {
        Self {
            source,
            root: Table::header(),
            current: Vec::new(),
            keys: Vec::new(),
            header: None,
            pending: None,
            stack: Vec::new(),
            gave_up: false,
        }
    }

    fn give_up(&mut self) {
        self.gave_up = true;
        self.stack.clear();
    }

    /// Stores a finished value where it belongs: in the enclosing array or inline table, or
    /// under the pending key of the current table.
    fn deliver(&mut self, item: Item<'i>) {
        match self.stack.last_mut() {
            Some(Frame::Array { items, .. }) => items.push(item),
            Some(Frame::Inline { table, key, .. }) => {
                let inserted = key.take().is_some_and(|key| insert(table, key, item));
                if !inserted {
                    self.give_up();
                }
            }
            None => {
                let inserted = match (self.pending.take(), table_at(&mut self.root, &self.current))
                {
                    (Some(key), Some(table)) => insert(table, key, item),
                    _ => false,
                };
                if !inserted {
                    self.give_up();
                }
            }
        }
    }

    /// Applies a header: finds or makes its table and makes it the current one. The key and
    /// path vectors are reused from header to header (allocating them for every row of every
    /// file was a visible share of parsing).
    fn open_table(&mut self, span: Range<usize>, array: bool) {
        let mut keys = std::mem::take(&mut self.keys);
        let mut path = std::mem::take(&mut self.current);
        path.clear();
        let placed = open_header(&mut self.root, &keys, &mut path, span, array);
        keys.clear();
        self.keys = keys;
        self.current = path;
        if !placed {
            self.give_up();
        }
    }
}

/// Finds or makes the table of the header `keys` (whose bytes are `span`), writing its path
/// from `root` into `path`; false when the header is one the fast readers leave to the
/// `toml` crate. Shared by the builder here and the scanner (`scan.rs`), so that both keep
/// TOML's table rules the same way.
pub(super) fn open_header<'i>(
    root: &mut Table<'i>,
    keys: &[Key<'i>],
    path: &mut Path,
    span: Range<usize>,
    array: bool,
) -> bool {
    let Some((last, prefix)) = keys.split_last() else {
        return false;
    };
    if keys.len() >= MAX_DEPTH as usize {
        return false;
    }
    let mut table = root;
    for key in prefix {
        let index = match table.position(&key.name) {
            Some(index) => index,
            None => {
                let implicit = Item {
                    value: Value::Table(Table {
                        entries: Vec::new(),
                        bloom: 0,
                        origin: Origin::Implicit,
                    }),
                    span: key.span.clone(),
                };
                if !insert(table, key.clone(), implicit) {
                    return false;
                }
                table.entries.len() - 1
            }
        };
        path.push(index);
        match table.entries.get_mut(index).and_then(|(_, v)| descend(v)) {
            Some(next) => table = next,
            None => return false,
        }
    }
    let found = table.position(&last.name);
    let index = match (found, array) {
        (None, false) => {
            let new = Item {
                value: Value::Table(Table::header()),
                span,
            };
            if !insert(table, last.clone(), new) {
                return false;
            }
            table.entries.len() - 1
        }
        (None, true) => {
            let element = Item {
                value: Value::Table(Table::header()),
                span: span.clone(),
            };
            // Room for a file's rows: `[[indicator]]` holds a dozen, and growing the array
            // from one element reallocated it row by row.
            let mut items = super::pool::items(8);
            items.push(element);
            let new = Item {
                value: Value::Array(items),
                span,
            };
            if !insert(table, last.clone(), new) {
                return false;
            }
            table.entries.len() - 1
        }
        (Some(index), false) => {
            // Only a table implied by an earlier, longer header may be defined now; it
            // moves to the end, where its key now is (keys stay in written order).
            let entry = table.entries.remove(index);
            let (_, mut item) = entry;
            match &mut item.value {
                Value::Table(t) if t.origin == Origin::Implicit => t.origin = Origin::Header,
                _ => return false,
            }
            item.span = span;
            table.push(last.clone(), item);
            table.entries.len() - 1
        }
        (Some(index), true) => {
            let Some((
                _,
                Item {
                    value: Value::Array(items),
                    ..
                },
            )) = table.entries.get_mut(index)
            else {
                return false;
            };
            if !of_tables(items) {
                return false;
            }
            items.push(Item {
                value: Value::Table(Table::header()),
                span,
            });
            index
        }
    };
    path.push(index);
    true
}

/// Whether an array was written as `[[key]]` headers: its tables are header tables (an array
/// value written inline holds inline tables, or no tables at all; an array of tables is
/// never empty).
fn of_tables(items: &[Item<'_>]) -> bool {
    matches!(items.first(), Some(Item { value: Value::Table(t), .. }) if t.origin == Origin::Header)
}

/// The table a header can reach through `item`: a table named by a header or implied by one,
/// or the last table of an array of tables. Inline tables, plain arrays and scalars are closed.
fn descend<'t, 'i>(item: &'t mut Item<'i>) -> Option<&'t mut Table<'i>> {
    match &mut item.value {
        Value::Table(t) if matches!(t.origin, Origin::Header | Origin::Implicit) => Some(t),
        Value::Array(items) if of_tables(items) => match items.last_mut() {
            Some(Item {
                value: Value::Table(t),
                ..
            }) => Some(t),
            _ => None,
        },
        _ => None,
    }
}

/// The table at `path` from `root`.
pub(super) fn table_at<'t, 'i>(
    root: &'t mut Table<'i>,
    path: &[usize],
) -> Option<&'t mut Table<'i>> {
    let mut table = root;
    for &index in path {
        table = table.entries.get_mut(index).and_then(|(_, v)| descend(v))?;
    }
    Some(table)
}

/// Adds `key = item` to `table`; false (nothing added) when the key is already there or the
/// table is past [`MAX_FAST_KEYS`], which the `toml` crate then judges. Inlined into the
/// scanner, so that the entry is written into the table from where it was built: called,
/// it was copied through the stack in pieces that the processor could not forward (the
/// entry's store was most of this function's samples).
#[inline(always)]
pub(super) fn insert<'i>(table: &mut Table<'i>, key: Key<'i>, item: Item<'i>) -> bool {
    if table.entries.len() >= MAX_FAST_KEYS {
        return false;
    }
    // The key's bit once, for the duplicate check and the push alike (this is every entry of
    // every file the fast readers read).
    let bit = key_bit(&key.name);
    if table.bloom & bit != 0
        && table
            .entries
            .iter()
            .any(|(k, _)| same_key(&k.name, &key.name))
    {
        return false;
    }
    table.bloom |= bit;
    table.entries.push((key, item));
    true
}

fn range(span: Span) -> Range<usize> {
    span.start()..span.end()
}

impl<'i> EventReceiver for Builder<'i> {
    fn std_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.table_open(span, false);
    }

    fn array_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.table_open(span, true);
    }

    fn std_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.table_close(span, false);
    }

    fn array_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.table_close(span, true);
    }

    fn inline_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) -> bool {
        if self.value_expected() {
            self.stack.push(Frame::Inline {
                start: span.start(),
                table: Table::inline(),
                key: None,
            });
        }
        true
    }

    fn inline_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        match self.stack.pop() {
            Some(Frame::Inline {
                start,
                table,
                key: None,
            }) => self.deliver(Item {
                value: Value::Table(table),
                span: start..span.end(),
            }),
            _ => self.give_up(),
        }
    }

    fn array_open(&mut self, span: Span, _error: &mut dyn ErrorSink) -> bool {
        if self.value_expected() {
            self.stack.push(Frame::Array {
                start: span.start(),
                items: super::pool::items(0),
            });
        }
        true
    }

    fn array_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        match self.stack.pop() {
            Some(Frame::Array { start, items }) => self.deliver(Item {
                value: Value::Array(items),
                span: start..span.end(),
            }),
            _ => self.give_up(),
        }
    }

    fn simple_key(&mut self, span: Span, kind: Option<Encoding>, error: &mut dyn ErrorSink) {
        if self.gave_up {
            return;
        }
        let Some(raw) = self.raw(span, kind) else {
            return self.give_up();
        };
        let mut name = Cow::Borrowed("");
        raw.decode_key(&mut name, error);
        self.keys.push(Key {
            name,
            span: range(span),
        });
    }

    fn key_val_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        if self.gave_up {
            return;
        }
        // A dotted key (`a.b = 1`) is left to the `toml` crate.
        let key = match (self.keys.len(), self.keys.pop()) {
            (1, Some(key)) => key,
            _ => return self.give_up(),
        };
        match self.stack.last_mut() {
            Some(Frame::Inline {
                key: slot @ None, ..
            }) => *slot = Some(key),
            None if self.pending.is_none() && self.header.is_none() => self.pending = Some(key),
            _ => self.give_up(),
        }
    }

    fn scalar(&mut self, span: Span, kind: Option<Encoding>, error: &mut dyn ErrorSink) {
        if !self.value_expected() {
            return;
        }
        let Some(raw) = self.raw(span, kind) else {
            return self.give_up();
        };
        let mut decoded = Cow::Borrowed("");
        let value = match raw.decode_scalar(&mut decoded, error) {
            ScalarKind::String => Value::String(decoded),
            ScalarKind::Boolean(b) => Value::Boolean(b),
            ScalarKind::Float => Value::Float(decoded),
            ScalarKind::Integer(radix) => Value::Integer(decoded, radix.value()),
            ScalarKind::DateTime => match decoded.parse::<toml_datetime::Datetime>() {
                Ok(d) => Value::Datetime(d),
                Err(_) => return self.give_up(),
            },
        };
        self.deliver(Item {
            value,
            span: range(span),
        });
    }

    fn error(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.give_up();
    }
}

impl<'i> Builder<'i> {
    /// The text of a key or scalar, with how it is quoted (which decoding needs).
    fn raw(&self, span: Span, encoding: Option<Encoding>) -> Option<Raw<'i>> {
        let text = self.source.get(span)?.as_str();
        Some(Raw::new_unchecked(text, encoding, span))
    }

    /// Whether a value may come now: a key and `=` came first, or an array is open.
    fn value_expected(&mut self) -> bool {
        if self.gave_up {
            return false;
        }
        let expected = match self.stack.last() {
            Some(Frame::Array { .. }) => true,
            Some(Frame::Inline { key, .. }) => key.is_some(),
            None => self.pending.is_some(),
        };
        if !expected {
            self.give_up();
        }
        expected
    }

    fn table_open(&mut self, span: Span, array: bool) {
        if self.gave_up {
            return;
        }
        if !self.stack.is_empty() || self.pending.is_some() || self.header.is_some() {
            return self.give_up();
        }
        self.keys.clear();
        self.header = Some((span.start(), array));
    }

    fn table_close(&mut self, span: Span, array: bool) {
        if self.gave_up {
            return;
        }
        match self.header.take() {
            Some((start, was_array)) if was_array == array => {
                self.open_table(start..span.end(), array);
            }
            _ => self.give_up(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(text: &str) -> (Option<Table<'_>>, Option<Table<'_>>) {
        let slow = DeTable::parse(text).ok().map(|t| from_toml(t.into_inner()));
        (parse_fast(text), slow)
    }

    #[test]
    fn budget_shapes_take_the_fast_path() {
        for text in [
            "a = 1\n",
            "[project]\nname = \"x\"\ngoals = [\n  \"a\",\n  \"b\",\n]\n",
            "[plan]\n1 = 8\n05 = 40\n\"9\" = 72\n",
            "[[indicator]]\nname = 'a'\n\n[[indicator]]\nname = \"b\"\n",
            "[budget]\ntotal = 1\n[[budget.items]]\nname = \"x\"\n[[budget.items]]\nname = \"y\"\n",
            "[execution]\nspent = { 3 = 650, 6 = \"1900\" }\n",
            "[a.b.c]\nx = 1\n[a]\ny = 2\n[a.d]\n",
            "x = 1979-05-27T07:32:00Z\ny = 0x1F\nz = 1_000.5e3\nw = true\nv = [[1, 2], [{a = 1}]]\n",
        ] {
            let (fast, slow) = both(text);
            assert!(fast.is_some(), "{text}");
            assert_eq!(fast, slow, "{text}");
        }
    }

    #[test]
    fn other_shapes_are_left_to_the_toml_crate() {
        let deep = format!("a = {}{}\n", "[".repeat(100), "]".repeat(100));
        for text in [
            "a.b = 1\n",
            "a = 1\na = 2\n",
            "[a]\n[a]\n",
            "a = 1\n[a.b]\n",
            "a = {}\n[a.b]\n",
            "a = []\n[[a]]\n",
            "[[a]]\n[a]\n",
            "[a.b]\n[[a]]\n",
            "x = { a = 1, a = 2 }\n",
            "x = \n",
            "[a\n",
            "x = \"\\q\"\n",
            // What toml::de's receiver wrappers reject: a control character in a comment, a
            // lone carriage return, arrays nested past its limit.
            "a = 1 # bell \u{7}\n",
            "a = 1\r",
            &deep,
        ] {
            let (fast, slow) = both(text);
            assert!(fast.is_none(), "{text:?}");
            // Handed over, the file means what the toml crate says (a tree or errors).
            assert_eq!(parse(text).ok(), slow, "{text}");
        }
    }
}
