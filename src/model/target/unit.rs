//! Units of a 指标值: percentages, money, counts with a noun and a 万/亿 multiplier, and
//! compound units per period (`次/月`, `万元/年`) or per item (`元/人`, `元/人·月`).

use std::borrow::Cow;
use std::fmt;

use rust_decimal::Decimal;

use crate::model::money::MoneyUnit;
use crate::model::target::trim::trim;

/// A recurring period a per-period unit counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// 日 / 天.
    Day,
    /// 周.
    Week,
    /// 月.
    Month,
    /// 季 / 季度.
    Quarter,
    /// 半年.
    HalfYear,
    /// 年.
    Year,
}

impl Period {
    /// Reads a period word.
    pub fn from_word(word: &str) -> Option<Self> {
        match trim(word) {
            "日" | "天" => Some(Self::Day),
            "周" | "星期" => Some(Self::Week),
            "月" | "个月" => Some(Self::Month),
            "季" | "季度" => Some(Self::Quarter),
            "半年" => Some(Self::HalfYear),
            "年" => Some(Self::Year),
            _ => None,
        }
    }

    /// How many of these periods make a budget year.
    pub fn per_year(self) -> Decimal {
        Decimal::from(match self {
            Self::Day => 365,
            Self::Week => 52,
            Self::Month => 12,
            Self::Quarter => 4,
            Self::HalfYear => 2,
            Self::Year => 1,
        })
    }

    /// The period as written.
    pub fn label(self) -> &'static str {
        match self {
            Self::Day => "日",
            Self::Week => "周",
            Self::Month => "月",
            Self::Quarter => "季度",
            Self::HalfYear => "半年",
            Self::Year => "年",
        }
    }
}

/// The nouns most counts are in, borrowed rather than copied ([`Unit::Count`]): a copy of
/// each row's noun was one allocation in thirty of reading a tree (docs/performance.md).
const COMMON_NOUNS: [&str; 24] = [
    "个",
    "件",
    "篇",
    "人",
    "次",
    "期",
    "人次",
    "份",
    "个月",
    "户",
    "天",
    "月",
    "项",
    "家",
    "所",
    "名",
    "场",
    "本",
    "册",
    "台",
    "套",
    "条",
    "平方米",
    "公里",
];

/// `noun`, borrowed when it is one of [`COMMON_NOUNS`].
fn common_noun(noun: &str) -> Cow<'static, str> {
    match COMMON_NOUNS.iter().find(|n| **n == noun) {
        Some(n) => Cow::Borrowed(n),
        None => Cow::Owned(noun.to_owned()),
    }
}

/// What a target's unit measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// No unit (`≧50`).
    None,
    /// `%`, `％`, `百分比`.
    Percent,
    /// 元, 万元, 亿元 (and `万`, `亿` alone).
    Money(MoneyUnit),
    /// A count or measure: 个, 人, 人次, 户, 件, 次, 篇, 期, 平方米 …, with the 万/亿 written
    /// before the noun as `scale` (`万平方米` → 平方米 × 10000).
    Count {
        /// The noun (`人`, `平方米`): borrowed when it is one of the nouns most targets count in (`COMMON_NOUNS`).
        noun: Cow<'static, str>,
        /// 1, 10 000 (万) or 100 000 000 (亿).
        scale: Decimal,
    },
    /// An amount per period: `50万元/月`, `2次/月`.
    PerPeriod {
        /// What is counted each period.
        base: Box<Unit>,
        /// The period.
        period: Period,
    },
    /// A unit cost: `500元/人`, `800元/亩`, `300元/人·月`.
    PerItem {
        /// The money unit.
        money: MoneyUnit,
        /// What the cost is per (`人`, `亩`, `人·月`).
        per: String,
    },
    /// Another ratio (`次/人`).
    Ratio {
        /// As written.
        text: String,
    },
}

impl Unit {
    /// Reads a unit as written after the number.
    pub fn parse(text: &str) -> Self {
        // `200余人`, `1000余册`: 余 (“and some”) marks a round figure, not a unit; the
        // number is read as written in the noun after it.
        let text = trim(text);
        let text = match text.strip_prefix('余') {
            Some(rest) if !trim(rest).is_empty() => trim(rest),
            _ => text,
        };
        match text {
            "" => return Self::None,
            "%" | "百分比" | "百分点" => return Self::Percent,
            _ => {}
        }
        if let Some((numerator, denominator)) = text.split_once('/') {
            let (numerator, denominator) = (trim(numerator), trim(denominator));
            if let Some(period) = Period::from_word(denominator) {
                return Self::PerPeriod {
                    base: Box::new(Self::parse(numerator)),
                    period,
                };
            }
            if let Some(money) = MoneyUnit::from_label(numerator) {
                // `元/人/月` is written for `元/人·月`.
                return Self::PerItem {
                    money,
                    per: denominator.replace('/', "·"),
                };
            }
            return Self::Ratio {
                text: text.to_owned(),
            };
        }
        if let Some(money) = MoneyUnit::from_label(text) {
            return Self::Money(money);
        }
        let (scale, noun) = match text.chars().next() {
            Some('万') if text.chars().count() > 1 => {
                (Decimal::from(10_000), &text['万'.len_utf8()..])
            }
            Some('亿') if text.chars().count() > 1 => {
                (Decimal::from(100_000_000), &text['亿'.len_utf8()..])
            }
            _ => (Decimal::ONE, text),
        };
        Self::Count {
            noun: common_noun(noun),
            scale,
        }
    }

    /// The noun a count or a per-item cost is about, for matching a unit cost with its
    /// quantity (`元/人` with `人`).
    pub fn noun(&self) -> Option<&str> {
        match self {
            Self::Count { noun, .. } => Some(noun),
            Self::PerItem { per, .. } => Some(per),
            _ => None,
        }
    }

    /// A short Chinese name of the kind of unit, for `perf target`.
    pub fn kind_label(&self) -> &'static str {
        match self {
            Self::None => "无单位",
            Self::Percent => "百分比",
            Self::Money(_) => "金额",
            Self::Count { .. } => "数量",
            Self::PerPeriod { .. } => "每期数量",
            Self::PerItem { .. } => "单位成本",
            Self::Ratio { .. } => "比值",
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => Ok(()),
            Self::Percent => f.write_str("%"),
            Self::Money(m) => f.write_str(m.label()),
            Self::Count { noun, scale } => {
                let prefix = if *scale == Decimal::from(10_000) {
                    "万"
                } else if *scale == Decimal::from(100_000_000) {
                    "亿"
                } else {
                    ""
                };
                write!(f, "{prefix}{noun}")
            }
            Self::PerPeriod { base, period } => write!(f, "{base}/{}", period.label()),
            Self::PerItem { money, per } => write!(f, "{}/{per}", money.label()),
            Self::Ratio { text } => f.write_str(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_figure_reads_in_its_noun() {
        assert_eq!(
            Unit::parse("余人"),
            Unit::Count {
                noun: "人".into(),
                scale: Decimal::ONE
            }
        );
        assert_eq!(Unit::parse("余万元"), Unit::parse("万元"));
        // 余 alone is a (strange) noun, kept as written.
        assert_eq!(
            Unit::parse("余"),
            Unit::Count {
                noun: "余".into(),
                scale: Decimal::ONE
            }
        );
    }

    #[test]
    fn reads_compound_units() {
        assert_eq!(
            Unit::parse("万元/月"),
            Unit::PerPeriod {
                base: Box::new(Unit::Money(MoneyUnit::Wan)),
                period: Period::Month
            }
        );
        assert_eq!(
            Unit::parse("元/人·月"),
            Unit::PerItem {
                money: MoneyUnit::Yuan,
                per: "人·月".into()
            }
        );
        assert_eq!(
            Unit::parse("万平方米"),
            Unit::Count {
                noun: "平方米".into(),
                scale: Decimal::from(10_000)
            }
        );
        assert_eq!(Unit::parse("万"), Unit::Money(MoneyUnit::Wan));
        assert_eq!(
            Unit::parse("次/人"),
            Unit::Ratio {
                text: "次/人".into()
            }
        );
        assert_eq!(Unit::parse("个").to_string(), "个");
    }
}
