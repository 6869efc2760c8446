//! The 指标值 grammar: how a target string such as `≧85%`, `=7000万元`, `100人以上` or
//! `2024年12月底前` is read.
//!
//! A target is parsed once, when a file is lowered; rules compare the typed value. The raw
//! text is always kept, because reports must show the value exactly as the department wrote it.
//! The grammar is documented in `docs/file-format.md` (section 指标值).

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::model::money::MoneyUnit;

/// How a quantitative target compares the actual value with the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparator {
    /// ≥ (also ≧, >=, 不低于, 不少于, …以上).
    Ge,
    /// >.
    Gt,
    /// ≤ (also ≦, <=, 不高于, 不超过, …以内, …以下).
    Le,
    /// <.
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

/// What a target's unit measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// `%`, `％`.
    Percent,
    /// 元, 万元, 亿元.
    Money(MoneyUnit),
    /// No unit at all (`≧50`).
    None,
    /// Anything else: 个, 人, 人次, 万平方米, 次/月 …
    Other,
}

/// A parsed quantitative target: comparator, number, unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The comparator, `=` when none was written.
    pub comparator: Comparator,
    /// Whether a comparator was written (a bare `5个` reads as `=5个`).
    pub explicit_comparator: bool,
    /// The number, exactly.
    pub value: Decimal,
    /// The unit as written after the number (`%` normalised from `％`), possibly empty.
    pub unit: String,
}

impl Quantity {
    /// What the unit measures.
    pub fn unit_kind(&self) -> UnitKind {
        classify_unit(&self.unit)
    }
}

/// Why a quantitative-looking target could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// A comparator with no number after it (`≧个`).
    MissingNumber,
    /// Digits inside the unit, or text after the number that is no unit (`≥5个3`).
    TrailingText,
}

/// The reading of a 指标值.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetValue {
    /// Comparator + number + unit.
    Quantity(Quantity),
    /// A deadline, date or period (`2024年12月底前`, `按月`).
    Time,
    /// Words: `是`, `及时发放`, `正确精准解读政策`.
    Qualitative,
    /// Blank, or a placeholder such as `——`, `/`, `无`.
    Empty,
    /// Looks quantitative (starts with a comparator or a digit) but does not parse.
    Unreadable(Unreadable),
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
    pub fn parse(raw: &str) -> Self {
        Self {
            raw: raw.to_owned(),
            value: parse_value(raw),
        }
    }

    /// The quantity, when the target is quantitative.
    pub fn quantity(&self) -> Option<&Quantity> {
        match &self.value {
            TargetValue::Quantity(q) => Some(q),
            _ => None,
        }
    }
}

/// Classifies a unit string.
pub fn classify_unit(unit: &str) -> UnitKind {
    match unit {
        "" => UnitKind::None,
        "%" => UnitKind::Percent,
        // `万` and `亿` alone are money (`≤50万`); counts carry their noun (`2万人`).
        other => MoneyUnit::from_label(other).map_or(UnitKind::Other, UnitKind::Money),
    }
}

/// Comparators written before the number, longest first so `>=` wins over `>`.
const PREFIXES: &[(&str, Comparator)] = &[
    ("大于等于", Comparator::Ge),
    ("大于或等于", Comparator::Ge),
    ("小于等于", Comparator::Le),
    ("小于或等于", Comparator::Le),
    ("不低于", Comparator::Ge),
    ("不少于", Comparator::Ge),
    ("不小于", Comparator::Ge),
    ("不高于", Comparator::Le),
    ("不超过", Comparator::Le),
    ("不多于", Comparator::Le),
    ("不大于", Comparator::Le),
    ("大于", Comparator::Gt),
    ("高于", Comparator::Gt),
    ("多于", Comparator::Gt),
    ("小于", Comparator::Lt),
    ("低于", Comparator::Lt),
    ("少于", Comparator::Lt),
    ("等于", Comparator::Eq),
    (">=", Comparator::Ge),
    ("=>", Comparator::Ge),
    ("<=", Comparator::Le),
    ("=<", Comparator::Le),
    ("≥", Comparator::Ge),
    ("≧", Comparator::Ge),
    ("⩾", Comparator::Ge),
    ("≤", Comparator::Le),
    ("≦", Comparator::Le),
    ("⩽", Comparator::Le),
    (">", Comparator::Gt),
    ("<", Comparator::Lt),
    ("=", Comparator::Eq),
];

/// Comparators written after the number and unit (`100人以上`).
const SUFFIXES: &[(&str, Comparator)] = &[
    ("及以上", Comparator::Ge),
    ("以上", Comparator::Ge),
    ("及以下", Comparator::Le),
    ("以下", Comparator::Le),
    ("以内", Comparator::Le),
];

const PLACEHOLDERS: &[&str] = &[
    "",
    "—",
    "——",
    "————",
    "-",
    "--",
    "/",
    "无",
    "空",
    "暂无",
    "N/A",
];

/// Full-width forms that Word-era tables mix in: digits, comparators, percent, dot.
fn normalise(raw: &str) -> String {
    raw.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '＞' => '>',
            '＜' => '<',
            '＝' => '=',
            '％' => '%',
            '．' => '.',
            '　' => ' ',
            other => other,
        })
        .collect()
}

fn parse_value(raw: &str) -> TargetValue {
    let text = normalise(raw);
    if PLACEHOLDERS.contains(&text.as_str()) {
        return TargetValue::Empty;
    }
    let (prefix, rest) = split_prefix(&text);
    let rest = rest.trim_start();
    if prefix.is_none() && is_time(rest) {
        return TargetValue::Time;
    }
    let Some((value, after)) = split_number(rest) else {
        return if prefix.is_some() {
            TargetValue::Unreadable(Unreadable::MissingNumber)
        } else if looks_like_period(rest) {
            TargetValue::Time
        } else {
            TargetValue::Qualitative
        };
    };
    let (suffix, unit) = split_suffix(after.trim());
    if unit.chars().any(|c| c.is_ascii_digit()) {
        return TargetValue::Unreadable(Unreadable::TrailingText);
    }
    let comparator = prefix.or(suffix);
    TargetValue::Quantity(Quantity {
        comparator: comparator.unwrap_or(Comparator::Eq),
        explicit_comparator: comparator.is_some(),
        value,
        unit: unit.trim().to_owned(),
    })
}

fn split_prefix(text: &str) -> (Option<Comparator>, &str) {
    PREFIXES
        .iter()
        .find_map(|&(word, cmp)| text.strip_prefix(word).map(|rest| (Some(cmp), rest)))
        .unwrap_or((None, text))
}

fn split_suffix(text: &str) -> (Option<Comparator>, &str) {
    SUFFIXES
        .iter()
        .find_map(|&(word, cmp)| text.strip_suffix(word).map(|rest| (Some(cmp), rest)))
        .unwrap_or((None, text))
}

/// Splits a leading decimal number (`1,346.5`) from the text after it.
fn split_number(text: &str) -> Option<(Decimal, &str)> {
    let mut end = 0;
    let mut digits = String::new();
    let mut seen_dot = false;
    for (i, c) in text.char_indices() {
        match c {
            '0'..='9' => digits.push(c),
            '.' if !seen_dot && !digits.is_empty() => {
                seen_dot = true;
                digits.push(c);
            }
            // A thousands separator only counts between digits.
            ',' | '，' if !digits.is_empty() && next_is_digit(&text[i + c.len_utf8()..]) => {}
            _ => break,
        }
        end = i + c.len_utf8();
    }
    if digits.is_empty() || digits.ends_with('.') {
        return None;
    }
    Decimal::from_str(&digits)
        .ok()
        .map(|value| (value, &text[end..]))
}

fn next_is_digit(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// `2024年12月底前`, `12月底`, `6月30日前`, `2024年1月--2024年11月`: digits then 年 or 月.
fn is_time(text: &str) -> bool {
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    digits_end > 0 && (text[digits_end..].starts_with('年') || text[digits_end..].starts_with('月'))
}

/// `按月`, `每季度`, `按年`: a recurring period.
fn looks_like_period(text: &str) -> bool {
    [
        "按月", "每月", "按季", "每季", "按年", "每年", "按周", "每周", "按日", "每日",
    ]
    .iter()
    .any(|p| text.starts_with(p))
        && text.chars().count() <= 4
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quantity(raw: &str) -> Quantity {
        match Target::parse(raw).value {
            TargetValue::Quantity(q) => q,
            other => panic!("{raw}: {other:?}"),
        }
    }

    #[test]
    fn reads_the_seed_targets() {
        let q = quantity("≧5个");
        assert_eq!(
            (q.comparator, q.value, q.unit.as_str()),
            (Comparator::Ge, 5.into(), "个")
        );
        let q = quantity("=7000万元");
        assert_eq!(q.unit_kind(), UnitKind::Money(MoneyUnit::Wan));
        assert_eq!(q.value, Decimal::from(7000));
        let q = quantity("≧50");
        assert_eq!(q.unit_kind(), UnitKind::None);
        let q = quantity(">95%");
        assert_eq!(
            (q.comparator, q.unit_kind()),
            (Comparator::Gt, UnitKind::Percent)
        );
        assert_eq!(quantity("≤2800万元").comparator, Comparator::Le);
        assert_eq!(Target::parse("2024年12月底前").value, TargetValue::Time);
        assert_eq!(Target::parse("是").value, TargetValue::Qualitative);
        assert_eq!(
            Target::parse("正确精准解读政策").value,
            TargetValue::Qualitative
        );
    }

    #[test]
    fn reads_full_width_words_and_separators() {
        let q = quantity("＞＝８５％");
        assert_eq!(
            (q.comparator, q.value, q.unit.as_str()),
            (Comparator::Ge, 85.into(), "%")
        );
        let q = quantity("100人以上");
        assert_eq!(
            (q.comparator, q.explicit_comparator),
            (Comparator::Ge, true)
        );
        let q = quantity("不超过1,346.5万元");
        assert_eq!(q.value, Decimal::from_str("1346.5").unwrap());
        assert_eq!(q.comparator, Comparator::Le);
        let q = quantity("5个");
        assert_eq!(
            (q.comparator, q.explicit_comparator),
            (Comparator::Eq, false)
        );
    }

    #[test]
    fn flags_unreadable_quantities() {
        assert_eq!(
            Target::parse("≧个").value,
            TargetValue::Unreadable(Unreadable::MissingNumber)
        );
        assert_eq!(
            Target::parse("≥5个3").value,
            TargetValue::Unreadable(Unreadable::TrailingText)
        );
        assert_eq!(Target::parse("——").value, TargetValue::Empty);
        assert_eq!(Target::parse("  ").value, TargetValue::Empty);
        assert_eq!(Target::parse("按月").value, TargetValue::Time);
    }
}
