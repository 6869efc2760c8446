//! Money units and the one rounding rule every table and report uses.
//!
//! Amounts are [`Decimal`]s, never floats. Budget files may state amounts in 元, 万元 or
//! 亿元; everything is totalled in 万元, the unit of the official 项目绩效目标表.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

/// A currency unit an amount can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MoneyUnit {
    /// 元 (yuan).
    Yuan,
    /// 万元 (ten thousand yuan): the default unit of budget tables.
    #[default]
    Wan,
    /// 亿元 (a hundred million yuan).
    Yi,
}

impl MoneyUnit {
    /// Every accepted unit, in the order they are listed in help texts.
    pub const ALL: [MoneyUnit; 3] = [MoneyUnit::Yuan, MoneyUnit::Wan, MoneyUnit::Yi];

    /// Reads a unit as written in a file (`元`, `万元`, `亿元`).
    pub fn from_label(label: &str) -> Option<Self> {
        match label.trim() {
            "元" => Some(Self::Yuan),
            "万元" | "万" => Some(Self::Wan),
            "亿元" | "亿" => Some(Self::Yi),
            _ => None,
        }
    }

    /// The unit as written in tables.
    pub fn label(self) -> &'static str {
        match self {
            Self::Yuan => "元",
            Self::Wan => "万元",
            Self::Yi => "亿元",
        }
    }

    /// Converts an amount in this unit to 万元, exactly.
    pub fn to_wan(self, amount: Decimal) -> Option<Decimal> {
        match self {
            Self::Yuan => amount.checked_div(Decimal::from(10_000)),
            Self::Wan => Some(amount),
            Self::Yi => amount.checked_mul(Decimal::from(10_000)),
        }
    }
}

impl fmt::Display for MoneyUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Rounds to cents of 万元 (two decimals) the way Chinese finance tables do (四舍五入).
///
/// Every displayed amount goes through here, and displayed totals are sums of rounded rows,
/// so a table's total row always equals the sum of the rows above it.
pub fn round2(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Formats an amount with exactly two decimals (`4000` → `4000.00`).
pub fn format2(value: Decimal) -> String {
    let mut rounded = round2(value);
    rounded.rescale(2);
    rounded.to_string()
}

/// `part / whole × 100`, or `None` when `whole` is zero.
pub fn percent_of(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole)
}

/// Writes a decimal without trailing zeros (`20.50` → `20.5`, `4000.00` → `4000`).
pub fn plain(value: Decimal) -> String {
    value.normalize().to_string()
}

/// [`plain`] as a value to write in place (a message argument, a `format!`): the same text
/// with no `String` of its own, which the rules made one of for every amount they quoted.
#[derive(Debug, Clone, Copy)]
pub struct Plain(pub Decimal);

impl fmt::Display for Plain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.normalize(), f)
    }
}

/// [`format2`] without a trailing `.00` (`4000.00` → `4000`, `83.33` as it is), written in
/// place like [`Plain`]: S005's help wrote a `String` for every plan point behind.
#[derive(Debug, Clone, Copy)]
pub struct CentsShort(pub Decimal);

impl fmt::Display for CentsShort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rounded = round2(self.0);
        rounded.rescale(2);
        let mut text = Stack::default();
        if fmt::Write::write_fmt(&mut text, format_args!("{rounded}")).is_err() {
            // Longer than any decimal is written: not met, but said right all the same.
            return f.write_str(format2(self.0).trim_end_matches(".00"));
        }
        f.write_str(text.as_str().trim_end_matches(".00"))
    }
}

/// A decimal's text on the stack (at most 31 bytes: 29 digits, a point and a sign).
struct Stack {
    bytes: [u8; 48],
    len: usize,
}

impl Default for Stack {
    fn default() -> Self {
        Self {
            bytes: [0; 48],
            len: 0,
        }
    }
}

impl Stack {
    fn as_str(&self) -> &str {
        self.bytes
            .get(..self.len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }
}

impl fmt::Write for Stack {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let room = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        room.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Adds amounts, saturating instead of overflowing: absurd amounts in a file must not stop
/// the report (the B and E rules report them).
pub fn sum(values: impl IntoIterator<Item = Decimal>) -> Decimal {
    values
        .into_iter()
        .fold(Decimal::ZERO, |total, v| total.saturating_add(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn converts_units_exactly() {
        assert_eq!(MoneyUnit::Yuan.to_wan(d("12345")), Some(d("1.2345")));
        assert_eq!(MoneyUnit::Yi.to_wan(d("2.5")), Some(d("25000")));
        assert_eq!(MoneyUnit::Wan.to_wan(d("7000")), Some(d("7000")));
    }

    #[test]
    fn plain_in_place_writes_what_plain_returns() {
        for v in [
            "0",
            "-0",
            "0.000",
            "20.50",
            "4000.00",
            "-3.1400",
            "1e-5",
            "79228162514264337593543950335",
            "0.0000000000000000000000000001",
        ] {
            let v = Decimal::from_scientific(v)
                .or_else(|_| Decimal::from_str(v))
                .unwrap();
            assert_eq!(Plain(v).to_string(), plain(v));
            assert_eq!(format!("{}%", Plain(v)), format!("{}%", plain(v)));
        }
    }

    #[test]
    fn cents_short_writes_what_format2_trimmed_gives() {
        for v in [
            "0",
            "-0.001",
            "-11.666",
            "8.333",
            "20",
            "4000.004",
            "-79228162514264337593543950335",
            "0.005",
            "1.10",
        ] {
            let v = Decimal::from_str(v).unwrap();
            assert_eq!(
                CentsShort(v).to_string(),
                format2(v).trim_end_matches(".00")
            );
        }
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(format2(d("0.125")), "0.13");
        assert_eq!(format2(d("4000")), "4000.00");
        assert_eq!(format2(d("-0.125")), "-0.13");
    }

    #[test]
    fn decimal_sums_are_exact() {
        assert_eq!(d("1234.56") + d("0.01"), d("1234.57"));
    }

    #[test]
    fn percent_of_zero_is_none() {
        assert_eq!(percent_of(d("1"), Decimal::ZERO), None);
        assert_eq!(
            percent_of(d("1761"), d("9035")).map(format2),
            Some("19.49".into())
        );
    }
}
