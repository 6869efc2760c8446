//! What an F001 (TOML syntax error) finding says: the `toml` parser's English description put
//! into the reader's language, and a fix for the mistakes clerks make most — Word's curly
//! quotes “…” as string delimiters and full-width ＝ ［ ］ typed with a Chinese input method —
//! found by looking at the line the parser stopped on.

use std::ops::Range;

use crate::args;
use crate::source::fields::Sink;

/// The message and help of one syntax error at `span` of `text`; `raw` is the parser's own
/// description, kept in the message (after the translation) so nothing it said is lost.
pub fn explain(text: &str, span: &Range<usize>, raw: &str, sink: &Sink) -> (String, String) {
    let message = match kind_key(raw) {
        Some(key) => {
            let kind = sink.t(key, &[]);
            sink.t("F001.message_kind", args!(kind = kind, error = raw))
        }
        None => sink.t("F001.message", args!(error = raw)),
    };
    let line = line_at(text, span.start);
    let help = match outside_strings(line) {
        Mistake::CurlyQuotes => sink.t("F001.curly_quotes_help", &[]),
        Mistake::FullWidth { wide, narrow } => {
            sink.t("F001.full_width_help", args!(wide = wide, narrow = narrow))
        }
        Mistake::None => sink.t("F001.help", &[]),
    };
    (message, help)
}

/// The catalog key translating the parser's description (the part before ", expected …").
fn kind_key(raw: &str) -> Option<&'static str> {
    let description = raw.split(", expected").next().unwrap_or(raw).trim();
    let key = match description {
        "string values must be quoted" => "F001.kind.unquoted_string",
        "invalid basic string" | "invalid multi-line basic string" => "F001.kind.invalid_string",
        "missing opening quote" => "F001.kind.missing_opening_quote",
        "key with no value" | "missing assignment between key-value pairs" => {
            "F001.kind.missing_equals"
        }
        "missing value" | "missing value for key" => "F001.kind.missing_value",
        "invalid unquoted key" | "unquoted keys cannot be empty" => "F001.kind.invalid_key",
        "unclosed table" | "unclosed array table" => "F001.kind.unclosed_table",
        "unclosed array" => "F001.kind.unclosed_array",
        "unclosed inline table" => "F001.kind.unclosed_inline_table",
        "missing comma between array elements" | "missing comma between key-value pairs" => {
            "F001.kind.missing_comma"
        }
        "extra assignment between key-value pairs" | "extra `=`" => "F001.kind.extra_equals",
        "invalid value" | "unexpected key or value" | "unexpected content" => {
            "F001.kind.invalid_value"
        }
        d if d.starts_with("duplicate key") => "F001.kind.duplicate_key",
        d if d.starts_with("cannot recurse further") => "F001.kind.too_deep",
        _ => return None,
    };
    Some(key)
}

/// The line holding byte `offset` (without its line break); empty when the offset is not in
/// the text.
fn line_at(text: &str, offset: usize) -> &str {
    let Some(before) = text.get(..offset.min(text.len())) else {
        return "";
    };
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let rest = text.get(start..).unwrap_or_default();
    rest.split('\n').next().unwrap_or_default()
}

#[derive(Debug, PartialEq, Eq)]
enum Mistake {
    CurlyQuotes,
    FullWidth { wide: char, narrow: char },
    None,
}

/// The first mistake on `line` outside its straight-quoted strings and its comment: a curly
/// quote inside `"…"` or after `#` is ordinary text, not the cause.
fn outside_strings(line: &str) -> Mistake {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in line.chars() {
        if let Some(open) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' && open == '"' {
                escaped = true;
            } else if c == open {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '#' => break,
            '“' | '”' | '‘' | '’' => return Mistake::CurlyQuotes,
            '＝' => return full_width(c, '='),
            '［' => return full_width(c, '['),
            '］' => return full_width(c, ']'),
            '｛' => return full_width(c, '{'),
            '｝' => return full_width(c, '}'),
            '，' => return full_width(c, ','),
            _ => {}
        }
    }
    Mistake::None
}

const fn full_width(wide: char, narrow: char) -> Mistake {
    Mistake::FullWidth { wide, narrow }
}

#[cfg(test)]
mod tests {
    use super::{Mistake, kind_key, line_at, outside_strings};

    #[test]
    fn finds_the_mistake_outside_strings_only() {
        assert_eq!(outside_strings("name = “教师培训”"), Mistake::CurlyQuotes);
        assert_eq!(outside_strings("name = \"他说“好”\" x"), Mistake::None);
        assert_eq!(outside_strings("x = 1 # “注释”"), Mistake::None);
        assert_eq!(
            outside_strings("total ＝ 150"),
            Mistake::FullWidth {
                wide: '＝',
                narrow: '='
            }
        );
        assert_eq!(
            outside_strings("name = \"a\\\"＝\" ［budget］"),
            Mistake::FullWidth {
                wide: '［',
                narrow: '['
            }
        );
    }

    #[test]
    fn finds_the_line_of_an_offset() {
        let text = "a = 1\nb ＝ 2\nc = 3";
        assert_eq!(line_at(text, 8), "b ＝ 2");
        assert_eq!(line_at(text, 0), "a = 1");
        assert_eq!(line_at(text, 999), "c = 3");
    }

    #[test]
    fn translates_known_descriptions() {
        assert_eq!(
            kind_key("key with no value, expected `=`"),
            Some("F001.kind.missing_equals")
        );
        assert_eq!(
            kind_key("duplicate key `total`"),
            Some("F001.kind.duplicate_key")
        );
        assert_eq!(kind_key("something new"), None);
    }
}
