//! A hand-written, single-pass reader for the TOML that budget files are made of: the first
//! of the three ways `doc::parse` reads a file (docs/performance.md, issue 16).
//!
//! It reads the bytes once and builds the same [`Table`] tree as the other two ways — keys,
//! values, spans and order alike — with no token list and no event calls in between. It
//! knows only what budget files contain: comments, blank lines, `[table]`, `[a.b]`,
//! `[[array]]` headers, bare and quoted (basic or literal, one-line) keys, and values that
//! are one-line strings (basic, with the escapes of TOML 1.0, or literal), decimal integers
//! without `+` or `_`, floats written `1.5` (no exponent, no `_`), `true`/`false`, arrays
//! (over several lines, with comments and a trailing comma) and one-line inline tables.
//!
//! On anything else it returns `None` — multi-line strings, datetimes, other numbers,
//! `inf`/`nan`, dotted keys, TOML 1.1's additions, a byte-order mark, every syntax error,
//! and every table rule the builder of `doc.rs` declines (it shares that code:
//! `doc::open_header` and `doc::insert`) — and `doc::parse` tries the `toml_parser` builder,
//! then `toml::de::DeTable`. So being stricter than TOML costs only speed; being looser would
//! be a bug, which `tests/it/doc_equivalence.rs` and the `doc_equivalence` fuzz target look
//! for by comparing it with the `toml` crate.

use std::borrow::Cow;

use super::doc::{self, Item, Key, Table, Value};

/// Arrays and inline tables nested deeper than this are left to the other readers (budget
/// files nest two levels at most; `toml::de` allows 80).
const MAX_NESTING: usize = 16;

/// Integers with more digits than this are left to the other readers, which say whether
/// they fit; floats longer than [`MAX_FLOAT`] bytes likewise.
const MAX_INTEGER_DIGITS: usize = 18;
const MAX_FLOAT: usize = 40;

/// Reads `text`, or `None` when it holds anything the scanner is not sure of (see the
/// module docs). Public so that the equivalence tests and the fuzz target can compare it
/// with `doc::from_toml`.
pub fn scan(text: &str) -> Option<Table<'_>> {
    // The table `key = value` lines go into (entry indices from the root), and the keys of
    // the header being read: reused from header to header, and from file to file
    // (`source::pool`).
    let (mut keys, mut current) = super::pool::scratch();
    let root = scan_with(text, &mut keys, &mut current);
    super::pool::give_scratch(keys, current);
    root
}

fn scan_with<'i>(
    text: &'i str,
    keys: &mut Vec<Key<'i>>,
    current: &mut Vec<usize>,
) -> Option<Table<'i>> {
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        plain: plain(text.as_bytes()),
    };
    let mut root = Table::header();
    loop {
        // The lines up to the next header go into one table, found once.
        let table = doc::table_at(&mut root, current)?;
        let header = loop {
            scanner.skip_blank();
            match scanner.peek() {
                None => break false,
                Some(b'\n' | b'\r' | b'#') => {}
                Some(b'[') => break true,
                Some(_) => scanner.entry(table, 0)?,
            }
            scanner.line_end()?;
        };
        if !header {
            return Some(root);
        }
        let (span, array) = scanner.header(keys)?;
        current.clear();
        if !doc::open_header(&mut root, keys, current, span, array) {
            return None;
        }
        scanner.line_end()?;
    }
}

struct Scanner<'i> {
    text: &'i str,
    bytes: &'i [u8],
    pos: usize,
    /// Whether the text is [`plain`].
    plain: bool,
}

/// Which bytes may be in a bare key: a table lookup per byte, where testing the three ranges
/// and two bytes was the scanner's largest share of instructions (`Scanner::key` cost ~21
/// instructions a key byte, ~11 now).
// ok: indexing in a constant's evaluation cannot panic at run time (out of range would not
// compile).
#[allow(clippy::indexing_slicing)]
const BARE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte: u8 = 0;
    loop {
        table[byte as usize] = byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-';
        if byte == u8::MAX {
            break table;
        }
        byte += 1;
    }
};

/// Whether `b` may be in a bare key.
fn bare(b: u8) -> bool {
    BARE.get(usize::from(b)).copied().unwrap_or(false)
}

/// Whether `b` may stand for itself in a one-line basic string: tab, printable ASCII but
/// `"` and `\`, and any byte of a non-ASCII character (the text is UTF-8 already).
fn basic_unescaped(b: u8) -> bool {
    b == b'\t' || (b >= 0x20 && b != b'"' && b != b'\\' && b != 0x7f)
}

/// How many bytes from the start of `bytes` may stand for themselves in a basic string
/// ([`basic_unescaped`]). The string's end (or an escape) is found with `memchr`; in a text
/// with control characters (`plain` false) the bytes before it are then checked for them in
/// one branch-free pass. Strings are most of a budget file's bytes, and are short: that
/// second pass cost more than twice `memchr` (the vector loop's scalar tail), so a text is
/// checked once whole instead ([`plain`]).
fn basic_run(bytes: &[u8], plain: bool) -> usize {
    if plain {
        // Only a line feed can stop the string besides `"` and `\`.
        return memchr::memchr3(b'"', b'\\', b'\n', bytes).unwrap_or(bytes.len());
    }
    let end = memchr::memchr2(b'"', b'\\', bytes).unwrap_or(bytes.len());
    let run = bytes.get(..end).unwrap_or_default();
    let control = run.iter().fold(false, |any, &b| {
        any | ((b < 0x20) & (b != b'\t')) | (b == 0x7f)
    });
    if control {
        run.iter().position(|&b| !basic_unescaped(b)).unwrap_or(end)
    } else {
        end
    }
}

/// Whether `bytes` hold no control character but tab and line feed (no carriage return
/// either): then no string in them holds one, and [`basic_run`] needs only `memchr`. One
/// vectorised pass over the whole text.
fn plain(bytes: &[u8]) -> bool {
    !bytes.iter().fold(false, |any, &b| {
        any | ((b < 0x20) & (b != b'\t') & (b != b'\n')) | (b == 0x7f)
    })
}

/// Whether `b` may be in a literal string: tab, printable ASCII but `'`, non-ASCII.
fn literal_char(b: u8) -> bool {
    b == b'\t' || (b >= 0x20 && b != b'\'' && b != 0x7f)
}

/// Whether `b` may be in a comment: tab, printable ASCII, non-ASCII.
fn comment_char(b: u8) -> bool {
    b == b'\t' || (b >= 0x20 && b != 0x7f)
}

/// Whether `b` ends an unquoted value (a number or a boolean).
fn ends_scalar(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}' | b'#')
}

impl<'i> Scanner<'i> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn at(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.pos + offset).copied()
    }

    /// Skips spaces and tabs, the only whitespace TOML has within a line.
    fn skip_blank(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// Expects the end of a line: blanks, perhaps a comment, then a newline (`\n` or `\r\n`)
    /// or the end of the text.
    fn line_end(&mut self) -> Option<()> {
        self.skip_blank();
        if self.peek() == Some(b'#') {
            self.pos += 1;
            while self.peek().is_some_and(comment_char) {
                self.pos += 1;
            }
        }
        match self.peek() {
            None => Some(()),
            Some(b'\n') => {
                self.pos += 1;
                Some(())
            }
            Some(b'\r') if self.at(1) == Some(b'\n') => {
                self.pos += 2;
                Some(())
            }
            // A lone carriage return, a control character in a comment, anything after a
            // value.
            Some(_) => None,
        }
    }

    /// Skips what may come between an array's values: blanks, newlines, comments.
    fn skip_array_space(&mut self) -> Option<()> {
        loop {
            self.skip_blank();
            match self.peek() {
                Some(b'\n' | b'\r' | b'#') => self.line_end()?,
                _ => return Some(()),
            }
        }
    }

    /// Reads a header, `[a.b]` or `[[a.b]]`, into `keys`: its span, and whether it is an
    /// array of tables.
    fn header(&mut self, keys: &mut Vec<Key<'i>>) -> Option<(std::ops::Range<usize>, bool)> {
        let start = self.pos;
        self.pos += 1;
        let array = self.peek() == Some(b'[');
        if array {
            self.pos += 1;
        }
        keys.clear();
        loop {
            self.skip_blank();
            keys.push(self.key()?);
            self.skip_blank();
            match self.peek() {
                Some(b'.') => self.pos += 1,
                Some(b']') => break,
                _ => return None,
            }
        }
        self.pos += 1;
        if array {
            if self.peek() != Some(b']') {
                return None;
            }
            self.pos += 1;
        }
        Some((start..self.pos, array))
    }

    /// Reads `key = value` into `table` (a dotted key is left to the other readers, and so is
    /// a key `doc::insert` declines). The entry is built where it is stored, not returned
    /// through the callers (moving the ~100 bytes of a key and its value was a visible share).
    fn entry(&mut self, table: &mut Table<'i>, depth: usize) -> Option<()> {
        let key = self.key()?;
        // ` = ` is how nearly every line is written.
        if self.bytes.get(self.pos..self.pos + 3) == Some(b" = ") {
            self.pos += 3;
        } else {
            self.skip_blank();
            if self.peek() != Some(b'=') {
                return None;
            }
            self.pos += 1;
        }
        self.skip_blank();
        let item = self.value(depth)?;
        doc::insert(table, key, item).then_some(())
    }

    /// Reads a key: bare, `"basic"` or `'literal'`; its span includes the quotes.
    #[inline(always)]
    fn key(&mut self) -> Option<Key<'i>> {
        let start = self.pos;
        let name = match self.peek()? {
            b'"' => self.basic_string()?,
            b'\'' => self.literal_string()?,
            b if bare(b) => {
                let rest = self.bytes.get(start..).unwrap_or_default();
                self.pos += rest.iter().position(|&b| !bare(b)).unwrap_or(rest.len());
                Cow::Borrowed(self.text.get(start..self.pos)?)
            }
            _ => return None,
        };
        Some(Key {
            name,
            span: start..self.pos,
        })
    }

    /// Reads a value at nesting `depth` (0 for the value of a `key =` line).
    #[inline(always)]
    fn value(&mut self, depth: usize) -> Option<Item<'i>> {
        if depth > MAX_NESTING {
            return None;
        }
        let start = self.pos;
        let value = match self.peek()? {
            b'"' => Value::String(self.basic_string()?),
            b'\'' => Value::String(self.literal_string()?),
            b'[' => self.array(depth)?,
            b'{' => self.inline_table(depth)?,
            _ => self.scalar()?,
        };
        Some(Item {
            value,
            span: start..self.pos,
        })
    }

    /// Reads `[ value, … ]`, over any number of lines.
    fn array(&mut self, depth: usize) -> Option<Value<'i>> {
        self.pos += 1;
        let mut items = super::pool::items(0);
        loop {
            self.skip_array_space()?;
            if self.peek() == Some(b']') {
                break;
            }
            items.push(self.value(depth + 1)?);
            self.skip_array_space()?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => break,
                _ => return None,
            }
        }
        self.pos += 1;
        Some(Value::Array(items))
    }

    /// Reads `{ key = value, … }` on one line, without a trailing comma (TOML 1.0).
    fn inline_table(&mut self, depth: usize) -> Option<Value<'i>> {
        self.pos += 1;
        let mut table = Table::inline();
        self.skip_blank();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Some(Value::Table(table));
        }
        loop {
            self.skip_blank();
            self.entry(&mut table, depth + 1)?;
            self.skip_blank();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => break,
                _ => return None,
            }
        }
        self.pos += 1;
        Some(Value::Table(table))
    }

    /// Reads a one-line basic string (the opening quote is at `pos`), unescaped; borrowed
    /// from the text unless it holds escapes.
    #[inline(always)]
    fn basic_string(&mut self) -> Option<Cow<'i, str>> {
        if self.at(1) == Some(b'"') && self.at(2) == Some(b'"') {
            return None; // a multi-line string
        }
        self.pos += 1;
        let start = self.pos;
        self.pos += self
            .bytes
            .get(start..)
            .map_or(0, |rest| basic_run(rest, self.plain));
        match self.peek()? {
            b'"' => {
                let text = self.text.get(start..self.pos)?;
                self.pos += 1;
                Some(Cow::Borrowed(text))
            }
            b'\\' => {
                let mut owned = self.text.get(start..self.pos)?.to_owned();
                self.escaped(&mut owned)?;
                Some(Cow::Owned(owned))
            }
            _ => None,
        }
    }

    /// The rest of a basic string from its first `\`, appended to `out`.
    fn escaped(&mut self, out: &mut String) -> Option<()> {
        loop {
            let run = self.pos;
            self.pos += self
                .bytes
                .get(run..)
                .map_or(0, |rest| basic_run(rest, self.plain));
            out.push_str(self.text.get(run..self.pos)?);
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                b'\\' => {
                    let c = match self.at(1)? {
                        b'b' => '\u{8}',
                        b't' => '\t',
                        b'n' => '\n',
                        b'f' => '\u{c}',
                        b'r' => '\r',
                        b'"' => '"',
                        b'\\' => '\\',
                        b'u' => self.hex(4)?,
                        b'U' => self.hex(8)?,
                        // TOML 1.1's `\e` and `\xHH`, and every invalid escape.
                        _ => return None,
                    };
                    out.push(c);
                    self.pos += 2;
                }
                _ => return None,
            }
        }
    }

    /// The character of `\u` or `\U` at `pos` with its `digits` hex digits, which it skips
    /// (but not the two bytes of the escape itself); `None` for a surrogate or past U+10FFFF.
    fn hex(&mut self, digits: usize) -> Option<char> {
        let from = self.pos + 2;
        let hex = self.bytes.get(from..from + digits)?;
        // `from_str_radix` alone would take a leading `+`.
        if !hex.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        let value = u32::from_str_radix(self.text.get(from..from + digits)?, 16).ok()?;
        self.pos += digits;
        char::from_u32(value)
    }

    /// Reads a one-line literal string (the opening quote is at `pos`).
    fn literal_string(&mut self) -> Option<Cow<'i, str>> {
        if self.at(1) == Some(b'\'') && self.at(2) == Some(b'\'') {
            return None; // a multi-line string
        }
        self.pos += 1;
        let start = self.pos;
        while self.peek().is_some_and(literal_char) {
            self.pos += 1;
        }
        if self.peek()? != b'\'' {
            return None;
        }
        let text = self.text.get(start..self.pos)?;
        self.pos += 1;
        Some(Cow::Borrowed(text))
    }

    /// Reads a number or a boolean: the bytes up to the next delimiter must be exactly a
    /// decimal integer, a plain float, `true` or `false`.
    fn scalar(&mut self) -> Option<Value<'i>> {
        let start = self.pos;
        while self.peek().is_some_and(|b| !ends_scalar(b)) {
            self.pos += 1;
        }
        let text = self.text.get(start..self.pos)?;
        match text {
            "true" => return Some(Value::Boolean(true)),
            "false" => return Some(Value::Boolean(false)),
            _ => {}
        }
        let unsigned = text.strip_prefix('-').unwrap_or(text);
        let (int, frac) = match unsigned.split_once('.') {
            Some((int, frac)) => (int, Some(frac)),
            None => (unsigned, None),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        // No leading zero (`0` itself aside).
        if !digits(int) || (int.len() > 1 && int.starts_with('0')) {
            return None;
        }
        match frac {
            None if int.len() <= MAX_INTEGER_DIGITS => {
                Some(Value::Integer(Cow::Borrowed(text), 10))
            }
            Some(frac) if digits(frac) && text.len() <= MAX_FLOAT => {
                Some(Value::Float(Cow::Borrowed(text)))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use toml::de::DeTable;

    #[test]
    fn bare_key_bytes_are_letters_digits_underscore_and_hyphen() {
        for b in 0..=u8::MAX {
            let expected = b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
            assert_eq!(bare(b), expected, "{b:#x}");
        }
    }

    /// The run `basic_run` finds is the one a byte-by-byte test finds.
    #[test]
    fn basic_runs_stop_where_bytes_tested_one_by_one_stop() {
        let texts = [
            "名称\"",
            "a\\nb\"",
            "tab\there\"",
            "line\nbreak\"later",
            "del\u{7f}x\"",
            "cr\r\"",
            "no end",
            "",
            "\"",
            "控制\u{1}字符\"",
            "行\n尾\"",
            "\t\"",
        ];
        assert!(super::plain("名称\"\t\n\\".as_bytes()));
        for control in ["\r", "\u{0}", "\u{1f}", "\u{7f}", "\u{c}"] {
            assert!(!super::plain(control.as_bytes()), "{control:?}");
        }
        for text in texts {
            let bytes = text.as_bytes();
            let plain = bytes
                .iter()
                .position(|&b| !basic_unescaped(b))
                .unwrap_or(bytes.len());
            assert_eq!(basic_run(bytes, false), plain, "{text:?}");
            // In a text found plain, `memchr` alone finds the same.
            if super::plain(bytes) {
                assert_eq!(basic_run(bytes, true), plain, "{text:?}");
            }
        }
    }

    fn slow(text: &str) -> Option<Table<'_>> {
        DeTable::parse(text)
            .ok()
            .map(|t| doc::from_toml(t.into_inner()))
    }

    #[test]
    fn budget_shapes_are_read_as_the_toml_crate_reads_them() {
        for text in [
            "",
            "a = 1\n",
            "a = 1",
            "# only a comment",
            "\n\n# c\r\n\t \n",
            "[project]\nname = \"x\"\ngoals = [\n  \"a\",\n  \"b\",\n]\n",
            "[plan]\n1 = 8\n05 = 40\n\"9\" = 72\n'10' = 1\n",
            "[[indicator]]\nname = 'a'\n\n[[indicator]]\nname = \"b\"\n",
            "[budget]\ntotal = 1\n[[budget.items]]\nname = \"x\"\n[[budget.items]]\nname = \"y\"\n",
            "[execution]\nspent = { 3 = 650, 6 = \"1900\" }\n",
            "[a.b.c]\nx = 1\n[a]\ny = 2\n[a.d]\n",
            "[ a . \"b\" . 'c' ]\nx=1\n[[ d ]]\n",
            "x = [[1, 2], [{a = 1}], {}, []]\n",
            "x = [ # c\n 1 , # d\n\r\n 2 ,\n # e\n ]  # f\n",
            "x = \"\\u00e9\\n\\t\\\\\\\"\\b\\f\\r\\U0001F600 \" # 注释\n",
            "x = \"tab\there\"\ny = '\\n is not an escape'\n",
            "x = -0\ny = 0\nz = -12.50\nw = 0.0\nv = true\nu = false\n",
            "\"\" = 1\n'a' = 2\n\"a b\" = 3\n",
            "x = 1\r\ny = 2\r\n",
            "x = {}\ny = { a = { b = [1] } }\n",
        ] {
            let fast = scan(text);
            assert!(fast.is_some(), "{text:?}");
            assert_eq!(fast, slow(text), "{text:?}");
        }
    }

    #[test]
    fn anything_else_is_left_to_the_other_readers() {
        let deep = format!("a = {}{}\n", "[".repeat(20), "]".repeat(20));
        for text in [
            // What the scanner chooses not to read (valid TOML).
            "a.b = 1\n",
            "x = \"\"\"\nmulti\"\"\"\n",
            "x = '''lit'''\n",
            "x = 1979-05-27\n",
            "x = 07:32:00\n",
            "x = +1\n",
            "x = 1_000\n",
            "x = 0x1F\n",
            "x = 1e3\n",
            "x = 1.5E3\n",
            "x = inf\n",
            "x = nan\n",
            "x = -inf\n",
            "x = \"\\e\"\n",
            "x = \"\\x41\"\n",
            "x = { a = 1, }\n",
            "x = {\n a = 1 }\n",
            "x = 1234567890123456789\n",
            "名称 = 1\n",
            "\u{feff}a = 1\n",
            &deep,
            // What the builder of doc.rs declines.
            "a = 1\na = 2\n",
            "[a]\n[a]\n",
            "a = 1\n[a.b]\n",
            "a = {}\n[a.b]\n",
            "a = []\n[[a]]\n",
            "[[a]]\n[a]\n",
            "x = { a = 1, a = 2 }\n",
            // Errors.
            "x = \n",
            "x\n",
            "= 1\n",
            "[a\n",
            "[]\n",
            "[[a]\n",
            "[[a] ]\n",
            "[ [a]]\n",
            "[a]]\n",
            "x = 1 2\n",
            "x = \"a\" b\n",
            "x = 01\n",
            "x = 1.\n",
            "x = .5\n",
            "x = -\n",
            "x = True\n",
            "x = \"\\q\"\n",
            "x = \"\\u00\"\n",
            "x = \"\\u+041\"\n",
            "x = \"\\uD800\"\n",
            "x = \"\\U00110000\"\n",
            "x = \"open\n",
            "x = 'open\n",
            "x = \"bell \u{7}\"\n",
            "x = \"del \u{7f}\"\n",
            "a = 1 # bell \u{7}\n",
            "a = 1\r",
            "a = 1\rb = 2\n",
            "x = [1,,2]\n",
            "x = [,]\n",
            "x = [1 2]\n",
            "x = [1\n",
            "x = { a = 1\n",
            "x = { a }\n",
            "x = { a = 1 b = 2 }\n",
            "x = 1,\n",
            "a = 1 [b]\n",
            "a b = 1\n",
            "a\t= 1\u{b}\n",
        ] {
            assert!(scan(text).is_none(), "{text:?}");
            // What the others make of it is theirs to say; `parse` still answers.
            assert_eq!(doc::parse(text).ok(), slow(text), "{text:?}");
        }
    }
}
