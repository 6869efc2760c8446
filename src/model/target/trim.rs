//! Trimming and word-list tests for the 指标值 grammar, fast on the texts budget files hold.
//!
//! `str::trim` decodes the first and last characters and looks each up in the Unicode
//! whitespace table unless it is ASCII; a target starts with `≥` and ends with a CJK noun,
//! and reading one trimmed it a handful of times (about a tenth of its reading).

/// `text.trim()`: the text itself when its first and last characters cannot be whitespace
/// by their bytes, else `str::trim`.
pub(crate) fn trim(text: &str) -> &str {
    let b = text.as_bytes();
    if may_start_with_space(b) || may_end_with_space(b) {
        text.trim()
    } else {
        text
    }
}

/// Whether `b` may start with a whitespace character (`char::is_whitespace`: U+0009–000D,
/// U+0020, U+0085, U+00A0, U+1680, U+2000–200A, U+2028, U+2029, U+202F, U+205F, U+3000);
/// empty text is left to `str::trim` too.
fn may_start_with_space(b: &[u8]) -> bool {
    matches!(
        b,
        [] | [0x09..=0x0d | 0x20, ..]
            | [0xc2, 0x85 | 0xa0, ..]
            | [0xe1, 0x9a, ..]
            | [0xe2, 0x80 | 0x81, ..]
            | [0xe3, 0x80, ..]
    )
}

/// Whether `b` may end with a whitespace character (the same ones).
fn may_end_with_space(b: &[u8]) -> bool {
    matches!(
        b,
        [.., 0x09..=0x0d | 0x20]
            | [.., 0xc2, 0x85 | 0xa0]
            | [.., 0xe1, 0x9a, _]
            | [.., 0xe2, 0x80 | 0x81, _]
            | [.., 0xe3, 0x80, _]
    )
}

/// Whether `text` is one of `words`: the length and the first and last bytes decide most
/// words before any comparison of the rest (the lists share lengths: 19 grades are two
/// characters, as is `≥95%`).
pub(crate) fn one_of(words: &[&str], text: &str) -> bool {
    let t = text.as_bytes();
    words.iter().any(|w| {
        let w = w.as_bytes();
        w.len() == t.len() && w.first() == t.first() && w.last() == t.last() && w == t
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_as_str_trim_does() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            for text in [
                format!("{c}"),
                format!("{c}x{c}"),
                format!("{c}{c}中"),
                format!("中{c}"),
            ] {
                assert_eq!(trim(&text), text.trim(), "U+{:04X}", u32::from(c));
            }
        }
        assert_eq!(trim(""), "");
    }

    #[test]
    fn finds_words_as_contains_does() {
        let words = ["", "优", "良好", "达到", "达标", "N/A", "——"];
        for text in [
            "", "优", "良", "良好", "达到", "达标", "达", "N/A", "n/a", "——", "—", "≥9",
        ] {
            assert_eq!(one_of(&words, text), words.contains(&text), "{text}");
        }
    }
}
