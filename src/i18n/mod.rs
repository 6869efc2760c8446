//! User-facing text in Chinese (default) and English: one catalog per language
//! (`zh.toml`, `en.toml`, compiled in), looked up by key with `{name}` placeholders.
//!
//! A test checks that both catalogs have exactly the same keys and, for each key, the same
//! placeholders, so no message can exist in one language only.

mod io;

pub use io::io_error;

use std::collections::HashMap;
use std::fmt::{Display, Write as _};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// The language of messages, help and table headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// 中文 (the default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Reads `zh`/`zh-CN`/`cn` or `en`/`en-US` (case-insensitive).
    pub fn from_code(code: &str) -> Option<Self> {
        let code = code.trim().to_ascii_lowercase();
        if code == "zh" || code.starts_with("zh-") || code.starts_with("zh_") || code == "cn" {
            Some(Self::Zh)
        } else if code == "en" || code.starts_with("en-") || code.starts_with("en_") {
            Some(Self::En)
        } else {
            None
        }
    }

    fn catalog(self) -> &'static Catalog {
        static ZH: OnceLock<Catalog> = OnceLock::new();
        static EN: OnceLock<Catalog> = OnceLock::new();
        match self {
            Self::Zh => ZH.get_or_init(|| parse_catalog(include_str!("zh.toml"))),
            Self::En => EN.get_or_init(|| parse_catalog(include_str!("en.toml"))),
        }
    }

    /// The text of `key`, with `{name}` placeholders filled from `args`. A key missing from
    /// the catalog shows as the key itself (the catalog test keeps that from happening).
    pub fn text(self, key: &str, args: &[(&str, &dyn Display)]) -> String {
        let Some(template) = self.catalog().get(key) else {
            return fill(key, args);
        };
        // Most texts (every help line) have nothing to fill: copied at their exact size, so
        // that a finding's `exact` has nothing to give back.
        if args.is_empty() || template.slots.is_empty() {
            return template.text.as_ref().to_owned();
        }
        // Filled in a buffer the thread keeps, then copied out at its exact size: growing a
        // fresh string and shrinking it again cost two or three allocator calls a finding.
        thread_local! {
            static SCRATCH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut buf) => {
                buf.clear();
                fill_slots(&mut buf, &template.text, &template.slots, args);
                buf.as_str().to_owned()
            }
            // A value's `Display` that asks for a text itself: a buffer of its own.
            Err(_) => {
                let mut out = String::with_capacity(template.text.len() + 16);
                fill_slots(&mut out, &template.text, &template.slots, args);
                out
            }
        })
    }
}

/// A catalog: keys to templates. Hashed with FNV-1a rather than SipHash: the keys are the
/// crate's own (no one can choose them to collide), and every finding looks up two of them.
type Catalog = HashMap<String, Template, BuildHasherDefault<Fnv>>;

/// A message template, with where its `{name}` placeholders may be found once for all: each
/// text filled used to search its template for braces again (a `memchr` call of ~50
/// instructions per brace, on a finding's two or three texts).
struct Template {
    text: Box<str>,
    /// Each `{` that has a `}` after it: the byte offsets of the `{` and of the first `}`
    /// after it, in order ([`slots`]).
    slots: Box<[(usize, usize)]>,
}

impl Template {
    fn new(text: String) -> Self {
        let slots = slots(&text).into_boxed_slice();
        Self {
            text: text.into_boxed_str(),
            slots,
        }
    }
}

/// FNV-1a, 64 bits.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Where `{name}` may stand in `template`: every `{` followed (later) by a `}`, with the
/// first such `}`. Whether one is filled depends on the arguments a call gives.
fn slots(template: &str) -> Vec<(usize, usize)> {
    let bytes = template.as_bytes();
    let mut out = Vec::new();
    for open in memchr::memchr_iter(b'{', bytes) {
        match bytes
            .get(open + 1..)
            .and_then(|after| memchr::memchr(b'}', after))
        {
            Some(close) => out.push((open, open + 1 + close)),
            // No `}` after this `{`: none after any later one either.
            None => break,
        }
    }
    out
}

/// Replaces `{name}` with the matching argument; other braces stay as written.
fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    fill_slots(&mut out, template, &slots(template), args);
    out
}

/// Appends `template` to `out` with each `{name}` of `slots` that names an argument replaced
/// by it. A `{` whose name is no argument stays as written, and the search goes on after
/// it; a filled `{name}` hides any `{` inside it (as a left-to-right scan would).
fn fill_slots(
    out: &mut String,
    template: &str,
    slots: &[(usize, usize)],
    args: &[(&str, &dyn Display)],
) {
    let mut written = 0;
    for &(open, close) in slots {
        if open < written {
            continue;
        }
        let Some(inner) = template.get(open + 1..close) else {
            continue;
        };
        // `{n|file|files}`: the word that agrees with the number `n` (English plurals).
        let plural = || {
            let (name, forms) = inner.split_once('|')?;
            let (one, other) = forms.split_once('|')?;
            let (_, value) = args.iter().find(|(n, _)| *n == name)?;
            Some(if is_one(*value) { one } else { other })
        };
        if let Some((_, value)) = args.iter().find(|(n, _)| *n == inner) {
            out.push_str(template.get(written..open).unwrap_or_default());
            // Written in place: a `to_string` per argument was an allocation per finding's
            // every value.
            let _ = write!(out, "{value}");
        } else if let Some(word) = plural() {
            out.push_str(template.get(written..open).unwrap_or_default());
            out.push_str(word);
        } else {
            continue;
        }
        written = close + 1;
    }
    out.push_str(template.get(written..).unwrap_or_default());
}

/// True when `value` is shown as `1` (the singular of `{n|file|files}`), found without
/// allocating (the writer only counts what it is given and looks at its first byte).
fn is_one(value: &dyn Display) -> bool {
    struct One(Option<bool>, usize);
    impl std::fmt::Write for One {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            for b in s.bytes() {
                self.1 += 1;
                self.0 = Some(self.1 == 1 && b == b'1');
            }
            Ok(())
        }
    }
    let mut one = One(None, 0);
    let _ = write!(one, "{value}");
    one.1 == 1 && one.0 == Some(true)
}

/// Reads a catalog: the `toml` crate's table, flattened. Once per process and language
/// (~11 M instructions, a few ms): a hand-written reader saved ~4 M of them a run but was not
/// worth its 250 lines (docs/performance.md, "The path of a finding and of an indicator").
fn parse_catalog(text: &str) -> Catalog {
    read_toml(text)
}

/// Flattens a catalog through the `toml` crate: `[C001] message = "…"` becomes the key
/// `C001.message`.
fn read_toml(text: &str) -> Catalog {
    let mut out = Catalog::default();
    if let Ok(table) = text.parse::<toml::Table>() {
        flatten("", &table, &mut out);
    }
    out
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut Catalog) {
    for (key, value) in table {
        let full = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::String(s) => {
                out.insert(full, Template::new(s.clone()));
            }
            toml::Value::Table(t) => flatten(&full, t, out),
            _ => {}
        }
    }
}

/// Builds the argument list of [`Lang::text`]: `args!(name = x, raw = y)`.
#[macro_export]
macro_rules! args {
    ($($name:ident = $value:expr),* $(,)?) => {
        &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*]
    };
}

#[cfg(test)]
mod usage;

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn placeholders(template: &str) -> BTreeSet<String> {
        template
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_owned()))
            // `{n|file|files}` names `n`.
            .map(|name| name.split('|').next().unwrap_or_default().to_owned())
            .filter(|name| {
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            })
            .collect()
    }

    #[test]
    fn both_catalogs_parse_and_have_the_same_keys_and_placeholders() {
        let zh = Lang::Zh.catalog();
        let en = Lang::En.catalog();
        assert!(!zh.is_empty(), "zh.toml parses");
        let zh_keys: BTreeSet<&String> = zh.keys().collect();
        let en_keys: BTreeSet<&String> = en.keys().collect();
        let only_zh: Vec<_> = zh_keys.difference(&en_keys).collect();
        let only_en: Vec<_> = en_keys.difference(&zh_keys).collect();
        assert!(
            only_zh.is_empty() && only_en.is_empty(),
            "only in zh: {only_zh:?}; only in en: {only_en:?}"
        );
        for (key, zh_text) in zh {
            assert_eq!(
                placeholders(&zh_text.text),
                placeholders(&en[key].text),
                "placeholders of {key}"
            );
        }
    }

    /// `{n|file|files}` gives the word that agrees with `n`; anything else with a bar stays
    /// as written.
    #[test]
    fn plural_forms_agree_with_the_number() {
        let t = "{n} {n|file is|files are} left; {n|x}, {m|a|b}";
        let one = fill(t, args!(n = 1));
        assert_eq!(one, "1 file is left; {n|x}, {m|a|b}");
        for (n, shown) in [(0, "0"), (2, "2"), (11, "11"), (21, "21")] {
            assert_eq!(
                fill(t, args!(n = n)),
                format!("{shown} files are left; {{n|x}}, {{m|a|b}}")
            );
        }
        assert_eq!(fill("{n|point|points}", args!(n = "1.0")), "points");
        assert_eq!(fill("{n|point|points}", args!(n = "1")), "point");
    }

    /// The old fill: a left-to-right scan for braces.
    fn fill_by_scan(template: &str, args: &[(&str, &dyn Display)]) -> String {
        let mut out = String::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            // `{n|one|other}`: the form that agrees with `n`.
            fn plural<'t>(inner: &'t str, args: &[(&str, &dyn Display)]) -> Option<&'t str> {
                let mut parts = inner.splitn(3, '|');
                let (name, one, other) = (parts.next()?, parts.next()?, parts.next()?);
                let (_, value) = args.iter().find(|(n, _)| *n == name)?;
                Some(if value.to_string() == "1" { one } else { other })
            }
            match after.find('}').map(|close| (&after[..close], close)) {
                Some((name, close)) if args.iter().any(|(n, _)| *n == name) => {
                    if let Some((_, value)) = args.iter().find(|(n, _)| *n == name) {
                        let _ = write!(out, "{value}");
                    }
                    rest = &after[close + 1..];
                }
                Some((inner, close)) if plural(inner, args).is_some() => {
                    out.push_str(plural(inner, args).unwrap_or_default());
                    rest = &after[close + 1..];
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// Filling from the slots found once gives what scanning each time gave, for every
    /// template and for tricky braces, with all, some or none of the names given.
    #[test]
    fn slots_fill_as_the_scan_did() {
        let mut templates: Vec<String> = Lang::Zh
            .catalog()
            .values()
            .chain(Lang::En.catalog().values())
            .map(|t| t.text.to_string())
            .collect();
        templates.extend(
            [
                "{{x}",
                "{x{y}}",
                "{ {x} }",
                "}{x",
                "{",
                "}",
                "{x",
                "a{}b",
                "{y}{x}{x}",
                "{x}}",
            ]
            .map(String::from),
        );
        for template in &templates {
            let names: Vec<String> = template
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_owned()))
                .chain(["x".to_owned(), "y".to_owned(), String::new()])
                .collect();
            for keep in 0..3 {
                let chosen: Vec<&String> = names
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| keep == 0 || i % keep == 0)
                    .map(|(_, n)| n)
                    .collect();
                let args: Vec<(&str, &dyn Display)> = chosen
                    .iter()
                    .map(|n| (n.as_str(), &"【值{x}】" as &dyn Display))
                    .collect();
                assert_eq!(
                    fill(template, &args),
                    fill_by_scan(template, &args),
                    "{template}"
                );
            }
        }
    }

    #[test]
    fn fills_placeholders_and_keeps_other_braces() {
        assert_eq!(
            fill("a {x} b {y} {z}", args!(x = 1, y = "二")),
            "a 1 b 二 {z}"
        );
        assert_eq!(Lang::from_code("en-US"), Some(Lang::En));
        assert_eq!(Lang::from_code("zh_CN.UTF-8"), Some(Lang::Zh));
    }
}
