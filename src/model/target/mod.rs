//! The 指标值 grammar: how a target string such as `≧85%`, `=7000万元`, `100人以上`,
//! `≤50万元/月`, `80%-90%` or `2024年12月底前` is read. Documented in docs/targets.md.
//!
//! A target is parsed once, when a file is lowered; rules compare the typed value. The raw
//! text is always kept, because reports must show the value exactly as the department wrote it.

pub mod direction;
pub mod extract;
pub mod reading;
pub mod restate;
pub(crate) mod trim;
pub mod unit;
mod words;

use crate::model::target::trim::{one_of, trim};

use crate::model::target::words::{
    GRADES, NUMBER_PREFIXES, PERIOD_WORDS, PLACEHOLDERS, PREFIXES, RANGE_SEPARATORS, SUFFIXES,
};

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

pub use crate::model::target::unit::{Period, Unit};

/// How a quantitative target compares the actual value with the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparator {
    /// ≥ (also ≧, >=, ＞=, 不低于, 不少于, …以上).
    Ge,
    /// > (also ＞, 大于, 高于).
    Gt,
    /// ≤ (also ≦, <=, 不高于, 不超过, …以内, …以下).
    Le,
    /// < (also ＜, 小于, 低于).
    Lt,
    /// = (also ＝, and a bare number with no comparator).
    Eq,
}

impl Comparator {
    /// The canonical glyph.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Ge => "≥",
            Self::Gt => ">",
            Self::Le => "≤",
            Self::Lt => "<",
            Self::Eq => "=",
        }
    }

    /// True for ≥ and >: the target is a floor (正向指标).
    pub fn is_lower_bound(self) -> bool {
        matches!(self, Self::Ge | Self::Gt)
    }

    /// True for ≤ and <: the target is a cap (反向指标).
    pub fn is_upper_bound(self) -> bool {
        matches!(self, Self::Le | Self::Lt)
    }
}

impl fmt::Display for Comparator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// A parsed quantitative target: comparator, number, unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The comparator, `=` when none was written.
    pub comparator: Comparator,
    /// Whether a comparator was written (a bare `5个` reads as `=5个`).
    pub explicit_comparator: bool,
    /// The number, exactly as written (before any 万/亿 of the unit).
    pub value: Decimal,
    /// The unit.
    pub unit: Unit,
}

impl Quantity {
    /// The number in the unit's base (`1346.0088万平方米` → 13 460 088 平方米); money stays in
    /// its own unit (convert with `MoneyUnit::to_wan`).
    pub fn scaled_value(&self) -> Option<Decimal> {
        match &self.unit {
            Unit::Count { scale, .. } => self.value.checked_mul(*scale),
            _ => Some(self.value),
        }
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}{}",
            self.comparator,
            self.value.normalize(),
            self.unit
        )
    }
}

/// A range target: `80%-90%`, `5~8个`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    /// The lower end.
    pub low: Decimal,
    /// The upper end.
    pub high: Decimal,
    /// The unit of both ends.
    pub unit: Unit,
}

/// Why a quantitative-looking target could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// A comparator with no number after it (`≧个`).
    MissingNumber,
    /// Digits inside the unit, or text after the number that is no unit (`≥5个3`).
    TrailingText,
    /// A range whose lower end is above its upper end (`90%-80%`).
    InvertedRange,
    /// A deadline naming a date that does not exist (`2024年13月32日前`).
    InvalidDate,
    /// A date range that ends before it starts (`2024.01-2023.07`).
    ReversedDates,
}

/// The reading of a 指标值.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetValue {
    /// Comparator + number + unit.
    Quantity(Quantity),
    /// Between two numbers.
    Range(Range),
    /// A deadline, date or period (`2024年12月底前`, `按月`, `每季度`).
    Time,
    /// `是` / `否`.
    YesNo(bool),
    /// A graded qualitative term (定性分级): 优/良/中/低/差, 达到/基本达到/未达到 ….
    Graded,
    /// Other words: `及时发放`, `正确精准解读政策`.
    Qualitative,
    /// Blank, or a placeholder such as `——`, `/`, `无`.
    Empty,
    /// Looks quantitative (starts with a comparator or a digit) but does not parse.
    Unreadable(Unreadable),
}

impl TargetValue {
    /// A short Chinese name of the kind, for `perf target` and reports.
    pub fn kind_label(&self) -> &'static str {
        match self {
            Self::Quantity(_) => "定量",
            Self::Range(_) => "区间",
            Self::Time => "时限",
            Self::YesNo(_) => "是/否",
            Self::Graded => "定性分级",
            Self::Qualitative => "定性",
            Self::Empty => "空",
            Self::Unreadable(_) => "无法解析",
        }
    }

    /// The kind's stable English name, for JSON.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Self::Quantity(_) => "quantity",
            Self::Range(_) => "range",
            Self::Time => "time",
            Self::YesNo(_) => "yes-no",
            Self::Graded => "graded",
            Self::Qualitative => "qualitative",
            Self::Empty => "empty",
            Self::Unreadable(_) => "unreadable",
        }
    }
}

/// A target as written and as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The text exactly as written in the file.
    pub raw: String,
    /// How perf reads it.
    pub value: TargetValue,
}

impl Target {
    /// Reads a target string. Never fails: unreadable text becomes [`TargetValue::Unreadable`].
    pub fn parse(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let value = parse_value(&raw);
        Self { raw, value }
    }

    /// The quantity, when the target is quantitative.
    pub fn quantity(&self) -> Option<&Quantity> {
        match &self.value {
            TargetValue::Quantity(q) => Some(q),
            _ => None,
        }
    }
}

/// Full-width forms that Word-era tables mix in: digits, comparators, percent, dot, tilde.
/// Borrowed when there are none (most values: no allocation).
fn normalise(raw: &str) -> Cow<'_, str> {
    let text = trim(raw);
    if !may_change(text.as_bytes()) || text.chars().all(|c| half_width(c) == c) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().map(half_width).collect())
    }
}

/// Whether `half_width` may change a character of `b`: every one it changes is written
/// E2 95 (`═`), E3 80 (the ideographic space) or EF B9/BC/BD (the small and full-width
/// forms). A text without (most: `≥` is E2 89) is left as it is without decoding it.
/// Walked character by character on the lead bytes (E2, E3 and EF lead, and are never a
/// character's later bytes): a target is a dozen bytes, where `memchr3`'s setup cost ~130
/// instructions a call (5.5 M of `perf validate --format concise` over 1,961 files, reading
/// targets and asking names whether they are placeholders).
fn may_change(b: &[u8]) -> bool {
    /// A character's length in bytes by its lead byte's high nibble (continuation bytes,
    /// 8–B, never lead in UTF-8).
    const WIDTH: [usize; 16] = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4];
    let mut at = 0;
    while let Some(&lead) = b.get(at) {
        if lead >= 0xe2
            && matches!(
                (lead, b.get(at + 1)),
                (0xe2, Some(0x95)) | (0xe3, Some(0x80)) | (0xef, Some(0xb9 | 0xbc | 0xbd))
            )
        {
            return true;
        }
        at += WIDTH.get(usize::from(lead >> 4)).copied().unwrap_or(1);
    }
    false
}

fn half_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10).unwrap_or(c),
        '＞' => '>',
        '＜' => '<',
        '＝' | '﹦' => '=',
        // A box-drawing double line (`═100`) is what some Word tables carry for `=`.
        '═' => '=',
        '﹥' => '>',
        '﹤' => '<',
        '％' => '%',
        '．' => '.',
        '～' => '~',
        '－' => '-',
        '／' => '/',
        '　' => ' ',
        other => other,
    }
}

/// True for a blank cell or a placeholder (`——`, `/`, `无`): cheaper than a full reading.
pub fn is_placeholder(text: &str) -> bool {
    let text = trim(text);
    // `normalise` maps character for character, so a text longer than every placeholder
    // is none (most names: no allocation). A character is at most 4 bytes: a text of more
    // bytes than that many characters can take is longer, without counting them.
    if text.len() > 4 * LONGEST_PLACEHOLDER || text.chars().nth(LONGEST_PLACEHOLDER).is_some() {
        return false;
    }
    // A text `normalise` leaves as it is was just compared.
    one_of(PLACEHOLDERS, text)
        || (may_change(text.as_bytes()) && one_of(PLACEHOLDERS, &normalise(text)))
}

/// The length in characters of the longest entry of `PLACEHOLDERS` (a test keeps it so).
const LONGEST_PLACEHOLDER: usize = 4;

fn parse_value(raw: &str) -> TargetValue {
    let text = normalise(raw);
    if one_of(PLACEHOLDERS, &text) {
        return TargetValue::Empty;
    }
    match text.as_ref() {
        "是" => return TargetValue::YesNo(true),
        "否" => return TargetValue::YesNo(false),
        t if one_of(GRADES, t) => return TargetValue::Graded,
        _ => {}
    }
    let (prefix, rest) = split_prefix(&text);
    let rest = rest.trim_start();
    if prefix.is_none()
        && let Some(dates) = date::numeric_dates(rest)
    {
        return dates.map_or_else(TargetValue::Unreadable, |()| TargetValue::Time);
    }
    if prefix.is_none() && is_time(rest) {
        return if !date::dates_exist(rest) {
            TargetValue::Unreadable(Unreadable::InvalidDate)
        } else if date::month_range_reversed(rest) {
            TargetValue::Unreadable(Unreadable::ReversedDates)
        } else {
            TargetValue::Time
        };
    }
    let Some((value, after)) = split_number(rest) else {
        return if prefix.is_some() {
            TargetValue::Unreadable(Unreadable::MissingNumber)
        } else if one_of(PERIOD_WORDS, trim(rest)) {
            TargetValue::Time
        } else {
            TargetValue::Qualitative
        };
    };
    if prefix.is_none()
        && let Some(range) = split_range(value, after)
    {
        return range;
    }
    let (suffix, unit) = split_suffix(trim(after));
    if unit.chars().any(|c| c.is_ascii_digit()) {
        return TargetValue::Unreadable(Unreadable::TrailingText);
    }
    let comparator = prefix.or(suffix);
    TargetValue::Quantity(Quantity {
        comparator: comparator.unwrap_or(Comparator::Eq),
        explicit_comparator: comparator.is_some(),
        value,
        unit: Unit::parse(unit),
    })
}

/// `80%-90%`, `5~8个`, `3至5次`: a number, an optional unit, a separator and a number.
fn split_range(low: Decimal, after: &str) -> Option<TargetValue> {
    let (sep_at, sep) = first_separator(after)?;
    let first_unit = after[..sep_at].trim();
    let (high, rest) = split_number(after[sep_at + sep.len()..].trim_start())?;
    // `80%~90%以上` states a comparator after a range: the range already bounds it.
    let second_unit = split_suffix(trim(rest)).1;
    if first_unit.chars().any(|c| c.is_ascii_digit())
        || second_unit.chars().any(|c| c.is_ascii_digit())
    {
        return Some(TargetValue::Unreadable(Unreadable::TrailingText));
    }
    if low > high {
        return Some(TargetValue::Unreadable(Unreadable::InvertedRange));
    }
    let unit = if second_unit.is_empty() {
        first_unit
    } else {
        second_unit
    };
    Some(TargetValue::Range(Range {
        low,
        high,
        unit: Unit::parse(unit),
    }))
}

/// The earliest range separator in `after` and where it is, the first listed where two start
/// at the same place (`--` before `-`): found in one pass rather than a search per separator.
fn first_separator(after: &str) -> Option<(usize, &'static str)> {
    after.char_indices().find_map(|(i, _)| {
        let rest = after.get(i..).unwrap_or_default();
        RANGE_SEPARATORS
            .iter()
            .find(|s| rest.starts_with(**s))
            .map(|s| (i, *s))
    })
}

/// Writes a separately kept 度量单位 into a value: before a trailing comparator word
/// (`100以上` + `人` → `100人以上`), else at the end (`≥95` + `%` → `≥95%`).
pub fn attach_unit(value: &str, unit: &str) -> String {
    let value = value.trim();
    let (suffix, body) = SUFFIXES
        .iter()
        .find_map(|(word, _)| {
            value
                .strip_suffix(word)
                .map(|body| (*word, body.trim_end()))
        })
        .unwrap_or(("", value));
    format!("{body}{}{suffix}", unit.trim())
}

/// Drops a trailing remark in parentheses (`≥90%（抽样）` reads as `≥90%`).
fn strip_remark(text: &str) -> &str {
    for (open, close) in [('（', '）'), ('(', ')')] {
        if text.ends_with(close)
            && let Some(start) = text.rfind(open)
        {
            return text[..start].trim_end();
        }
    }
    text
}

fn split_prefix(text: &str) -> (Option<Comparator>, &str) {
    // The glyphs most targets start with are read from the first character; no word of
    // `PREFIXES` or `NUMBER_PREFIXES` starts with one and is longer, but for `>=`, `=>`, `<=`
    // and `=<`, read here too.
    let mut chars = text.chars();
    let glyph = match chars.next() {
        Some('≥' | '≧' | '⩾') => Some(Comparator::Ge),
        Some('≤' | '≦' | '⩽') => Some(Comparator::Le),
        Some(c @ ('>' | '<' | '=')) => {
            let second = chars.clone().next();
            let (cmp, two) = match (c, second) {
                ('>', Some('=')) | ('=', Some('>')) => (Comparator::Ge, true),
                ('<', Some('=')) | ('=', Some('<')) => (Comparator::Le, true),
                ('>', _) => (Comparator::Gt, false),
                ('<', _) => (Comparator::Lt, false),
                _ => (Comparator::Eq, false),
            };
            if two {
                chars.next();
            }
            Some(cmp)
        }
        // No other word starts with an ASCII character.
        Some(c) if c.is_ascii() => return (None, text),
        _ => None,
    };
    if let Some(cmp) = glyph {
        return (Some(cmp), chars.as_str());
    }
    // A word whose first byte is not the text's cannot start it: that byte test turns most
    // of the 34 words away before any comparison of the rest.
    let first = text.as_bytes().first();
    PREFIXES
        .iter()
        .filter(|(word, _)| word.as_bytes().first() == first)
        .find_map(|&(word, cmp)| text.strip_prefix(word).map(|rest| (Some(cmp), rest)))
        .or_else(|| {
            // `达到95%` is a floor, but `达到` alone or `达到预期` is a graded word.
            NUMBER_PREFIXES.iter().find_map(|&(word, cmp)| {
                text.strip_prefix(word)
                    .filter(|rest| next_is_digit(rest.trim_start()))
                    .map(|rest| (Some(cmp), rest))
            })
        })
        .unwrap_or((None, text))
}

fn split_suffix(text: &str) -> (Option<Comparator>, &str) {
    // Strip every trailing remark and comparator word (`内之内`, `(注)(注)`), so no unit ends
    // in one and the canonical form reads back the same (both found by fuzzing).
    let mut comparator = None;
    let mut rest = text;
    loop {
        let unremarked = strip_remark(rest);
        let suffix = SUFFIXES
            .iter()
            .find_map(|&(word, cmp)| unremarked.strip_suffix(word).map(|r| (cmp, r.trim_end())));
        match suffix {
            Some((cmp, shorter)) => {
                comparator = comparator.or(Some(cmp));
                rest = shorter;
            }
            None if unremarked.len() < rest.len() => rest = unremarked,
            None => return (comparator, rest),
        }
    }
}

/// Splits a leading decimal number (`1,346.5`) from the text after it.
fn split_number(text: &str) -> Option<(Decimal, &str)> {
    // Read byte by byte: every character of a number is ASCII but the full-width comma
    // (`，`, EF BC 8C), so no character need be decoded.
    let bytes = text.as_bytes();
    let mut end = 0;
    // The digits are the text itself up to `end` unless a thousands separator was skipped;
    // only then are they copied out.
    let mut copied: Option<String> = None;
    let mut any = false;
    let mut seen_dot = false;
    while let Some(&byte) = bytes.get(end) {
        let width = match byte {
            b'0'..=b'9' => {
                any = true;
                1
            }
            b'.' if !seen_dot && any && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) => {
                seen_dot = true;
                1
            }
            // A thousands separator groups exactly three digits (`1,346.5`); `1,2` is no number.
            b',' | 0xef => {
                let width = if byte == b',' { 1 } else { 3 };
                let comma = byte == b',' || bytes.get(end + 1..end + 3) == Some(&[0xbc, 0x8c]);
                let after = text.get(end + width..).unwrap_or_default();
                if !(comma && any && !seen_dot && groups_three(after)) {
                    break;
                }
                copied.get_or_insert_with(|| text.get(..end).unwrap_or_default().to_owned());
                end += width;
                continue;
            }
            _ => break,
        };
        if let Some(digits) = &mut copied {
            digits.push(char::from(byte));
        }
        end += width;
    }
    if !any {
        return None;
    }
    let (number, rest) = text.split_at_checked(end)?;
    let digits = copied.as_deref().unwrap_or(number);
    // Beyond 10^15 a number is no real target; refusing it keeps later sums from overflowing.
    Decimal::from_str(digits)
        .ok()
        .filter(|value| *value <= Decimal::from(1_000_000_000_000_000_i64))
        .map(|value| (value, rest))
}

/// Three digits, then anything but a digit.
fn groups_three(text: &str) -> bool {
    let mut chars = text.chars();
    (0..3).all(|_| chars.next().is_some_and(|c| c.is_ascii_digit()))
        && !chars.next().is_some_and(|c| c.is_ascii_digit())
}

fn next_is_digit(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// `2024年12月底前`, `12月底`, `6月30日前`, `2024年1月--2024年11月`: a four-digit year then
/// 年, digits then 月 or 季度, or words such as `年底前` around a date. `15年`, `2年内` count
/// years (a service life, a duration) and read as quantities in 年; `18月内` (more than 12)
/// counts months. `6月内` stays a date: it may mean within June.
fn is_time(text: &str) -> bool {
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let after = &text[digits_end..];
    let months_within = text
        .get(..digits_end)
        .and_then(|d| d.parse::<u32>().ok())
        .is_some_and(|n| n > 12)
        && ["月内", "月以内", "月之内"]
            .iter()
            .any(|w| after.starts_with(w));
    ((digits_end == 4 && after.starts_with('年'))
        || (digits_end > 0
            && !months_within
            && (after.starts_with('月') || after.starts_with("季度"))))
        // The first byte turns most words away before `starts_with` compares the rest.
        || PERIOD_WORDS.iter().any(|w| {
            w.as_bytes().first() == text.as_bytes().first()
                && text.starts_with(w)
                && text.chars().count() <= w.chars().count() + 4
        })
}

mod date;

#[cfg(test)]
mod tests;
