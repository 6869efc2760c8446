//! How perf reads a target, as plain data: what `perf target` prints and JSON exports.

use serde::Serialize;

use crate::i18n::Lang;
use crate::model::money::plain;
use crate::model::target::{Comparator, Target, TargetValue, Unit, Unreadable};

/// A target's reading, field by field (absent fields do not apply to its kind).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reading {
    /// The text as written.
    pub raw: String,
    /// `quantity`, `range`, `time`, `yes-no`, `graded`, `qualitative`, `empty`, `unreadable`.
    pub kind: &'static str,
    /// The kind in Chinese.
    pub kind_zh: &'static str,
    /// `≥`, `>`, `≤`, `<` or `=`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparator: Option<&'static str>,
    /// Whether the comparator was written (a bare number reads as `=`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparator_written: Option<bool>,
    /// The number, exactly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// A range's ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<String>,
    /// A range's ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<String>,
    /// The unit, normalised (`%` for `％`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// What the unit measures, in Chinese.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_kind: Option<&'static str>,
    /// The number in the unit's base when the unit carries 万/亿 (`1346.5万平方米` → 13465000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_value: Option<String>,
    /// For `是`/`否`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yes: Option<bool>,
    /// Why an unreadable target cannot be read, in Chinese.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// The catalog key of `problem`, to say it in another language.
    #[serde(skip)]
    pub problem_key: Option<&'static str>,
}

/// The catalog key of why a target is unreadable (`crate::i18n`).
pub fn unreadable_reason(why: Unreadable) -> &'static str {
    match why {
        Unreadable::MissingNumber => "target.missing_number",
        Unreadable::TrailingText => "target.trailing_text",
        Unreadable::InvertedRange => "target.inverted_range",
        Unreadable::InvalidDate => "target.invalid_date",
        Unreadable::ReversedDates => "target.reversed_dates",
    }
}

impl Reading {
    /// Reads `target`.
    pub fn of(target: &Target) -> Self {
        let mut r = Self {
            raw: target.raw.clone(),
            kind: target.value.kind_name(),
            kind_zh: target.value.kind_label(),
            comparator: None,
            comparator_written: None,
            value: None,
            low: None,
            high: None,
            unit: None,
            unit_kind: None,
            base_value: None,
            yes: None,
            problem: None,
            problem_key: None,
        };
        let unit = |u: &Unit| (u != &Unit::None).then(|| u.to_string());
        match &target.value {
            TargetValue::Quantity(q) => {
                r.comparator = Some(q.comparator.symbol());
                r.comparator_written = Some(q.explicit_comparator);
                r.value = Some(plain(q.value));
                r.unit = unit(&q.unit);
                r.unit_kind = Some(q.unit.kind_label());
                if let (Unit::Count { scale, .. }, Some(base)) = (&q.unit, q.scaled_value()) {
                    r.base_value = (*scale != rust_decimal::Decimal::ONE).then(|| plain(base));
                }
            }
            TargetValue::Range(range) => {
                r.low = Some(plain(range.low));
                r.high = Some(plain(range.high));
                r.unit = unit(&range.unit);
                r.unit_kind = Some(range.unit.kind_label());
            }
            TargetValue::YesNo(yes) => r.yes = Some(*yes),
            TargetValue::Unreadable(why) => {
                let key = unreadable_reason(*why);
                r.problem = Some(Lang::Zh.text(key, &[]));
                r.problem_key = Some(key);
            }
            TargetValue::Time
            | TargetValue::Graded
            | TargetValue::Qualitative
            | TargetValue::Empty => {}
        }
        r
    }

    /// The reading explained line by line in `lang`, after the raw text: what `perf target`
    /// prints and the language server's hover shows.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let line = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| lang.text(key, args);
        let mut out = Vec::new();
        let kind = lang.text(&format!("target_kind.{}", self.kind), &[]);
        out.push(line(
            "reading.kind",
            crate::args!(kind = kind, name = self.kind),
        ));
        if let (Some(cmp), Some(meaning)) = (self.comparator, self.comparator_meaning(lang)) {
            let written = if self.comparator_written == Some(false) {
                lang.text("reading.not_written", &[])
            } else {
                String::new()
            };
            out.push(line(
                "reading.comparator",
                crate::args!(comparator = cmp, meaning = meaning, written = written),
            ));
        }
        if let Some(value) = &self.value {
            out.push(line("reading.value", crate::args!(value = value)));
        }
        if let (Some(low), Some(high)) = (&self.low, &self.high) {
            out.push(line("reading.range", crate::args!(low = low, high = high)));
        }
        let unit_kind = self
            .unit_kind
            .map(|k| lang.text(&format!("unit_kind.{k}"), &[]));
        match (&self.unit, unit_kind) {
            (Some(unit), Some(kind)) => {
                out.push(line("reading.unit", crate::args!(unit = unit, kind = kind)));
            }
            (None, Some(kind)) => out.push(line("reading.no_unit", crate::args!(kind = kind))),
            _ => {}
        }
        if let Some(base) = &self.base_value {
            out.push(line("reading.base", crate::args!(base = base)));
        }
        if let Some(yes) = self.yes {
            let value = if yes { "是" } else { "否" };
            out.push(line("reading.yes_no", crate::args!(value = value)));
        }
        if let Some(key) = self.problem_key {
            let problem = lang.text(key, &[]);
            out.push(line("reading.problem", crate::args!(problem = problem)));
        }
        out
    }

    /// The comparator's meaning, in `lang`.
    pub fn comparator_meaning(&self, lang: Lang) -> Option<String> {
        let key = match self.comparator? {
            "≥" | ">" => "reading.floor",
            "≤" | "<" => "reading.cap",
            _ => "reading.equal",
        };
        Some(lang.text(key, &[]))
    }
}

impl Comparator {
    /// Reads a canonical glyph back.
    pub fn from_symbol(symbol: &str) -> Option<Self> {
        Some(match symbol {
            "≥" => Self::Ge,
            ">" => Self::Gt,
            "≤" => Self::Le,
            "<" => Self::Lt,
            "=" => Self::Eq,
            _ => return None,
        })
    }
}
