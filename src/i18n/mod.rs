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
        let template = self.catalog().get(key).map_or(key, String::as_str);
        // Most texts (every help line) have nothing to fill: copied at their exact size, so
        // that a finding's `exact` has nothing to give back.
        if args.is_empty() || memchr::memchr(b'{', template.as_bytes()).is_none() {
            return template.to_owned();
        }
        // Filled in a buffer the thread keeps, then copied out at its exact size: growing a
        // fresh string and shrinking it again cost two or three allocator calls a finding.
        thread_local! {
            static SCRATCH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut buf) => {
                buf.clear();
                fill_into(&mut buf, template, args);
                buf.as_str().to_owned()
            }
            // A value's `Display` that asks for a text itself: a buffer of its own.
            Err(_) => fill(template, args),
        })
    }
}

/// A catalog: keys to templates. Hashed with FNV-1a rather than SipHash: the keys are the
/// crate's own (no one can choose them to collide), and every finding looks up two of them.
type Catalog = HashMap<String, String, BuildHasherDefault<Fnv>>;

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

/// Replaces `{name}` with the matching argument; other braces stay as written.
fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    fill_into(&mut out, template, args);
    out
}

/// [`fill`], appending to `out`.
fn fill_into(out: &mut String, template: &str, args: &[(&str, &dyn Display)]) {
    let mut rest = template;
    // Braces are ASCII: a byte search finds them (templates are mostly Chinese, where a
    // `char` search was a visible share of writing a finding).
    while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match memchr::memchr(b'}', after.as_bytes()).map(|close| (&after[..close], close)) {
            Some((name, close)) if args.iter().any(|(n, _)| *n == name) => {
                if let Some((_, value)) = args.iter().find(|(n, _)| *n == name) {
                    // Written in place: a `to_string` per argument was an allocation per
                    // finding's every value.
                    let _ = write!(out, "{value}");
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// Flattens a catalog: `[C001] message = "…"` becomes the key `C001.message`.
fn parse_catalog(text: &str) -> Catalog {
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
                out.insert(full, s.clone());
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
                placeholders(zh_text),
                placeholders(&en[key]),
                "placeholders of {key}"
            );
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
