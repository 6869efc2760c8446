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
        match crate::model::target::trim::trim(label) {
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
    decimal_string(rounded)
}

/// `value.to_string()`, written without `rust_decimal`'s `Display`: that one divides the
/// 96-bit mantissa by ten word by word and pushes each digit through a `char` buffer and
/// `Formatter::pad_integral`, about 550 instructions an amount (8.3 M of
/// `perf validate --format concise` over 1,961 files, for the amounts findings quote). A
/// mantissa that fits 64 bits (every amount of a budget file) is written from a `u64`; a
/// test holds the bytes to `Display`'s over many values and scales.
pub fn decimal_string(value: Decimal) -> String {
    decimal_str(value, &mut [0u8; DECIMAL_BYTES]).to_owned()
}

/// Room for any `Decimal` as [`decimal_str`] writes it: a sign, 29 digits of 96 bits or a
/// scale of 28 with a `0` before the point, and the point.
const DECIMAL_BYTES: usize = 48;

/// `value.to_string()` written at the end of `buf`, as [`decimal_string`] says.
fn decimal_str(value: Decimal, buf: &mut [u8; DECIMAL_BYTES]) -> &str {
    // `at` only moves down from the end: 29 digits at most (a 96-bit mantissa), padded to a
    // scale of at most 28, then a point, a `0` and a sign — within the 48 bytes.
    let mut at = buf.len();
    fn put(buf: &mut [u8], at: &mut usize, byte: u8) {
        *at -= 1;
        if let Some(b) = buf.get_mut(*at) {
            *b = byte;
        }
    }
    let mantissa = value.mantissa().unsigned_abs();
    let scale = value.scale() as usize;
    let mut written = 0;
    match u64::try_from(mantissa) {
        Ok(mut m) => {
            while m != 0 {
                put(buf, &mut at, b'0' + (m % 10) as u8);
                m /= 10;
                written += 1;
            }
        }
        Err(_) => {
            let mut m = mantissa;
            while m != 0 {
                put(buf, &mut at, b'0' + (m % 10) as u8);
                m /= 10;
                written += 1;
            }
        }
    }
    // `Display` writes at least `scale` digits: zeros in front of a short mantissa; then
    // the point before the last `scale` of them, and a `0` when no digit is left before it.
    while written < scale {
        put(buf, &mut at, b'0');
        written += 1;
    }
    if scale > 0 {
        // The integer digits move one place down, making room for the point before the
        // `scale` digits of the fraction.
        let start = at;
        at -= 1;
        buf.copy_within(start..start + (written - scale), at); // ok: within the digits written
        if let Some(b) = buf.get_mut(at + (written - scale)) {
            *b = b'.';
        }
        if written == scale {
            put(buf, &mut at, b'0');
        }
    } else if written == 0 {
        put(buf, &mut at, b'0');
    }
    if value.is_sign_negative() {
        put(buf, &mut at, b'-');
    }
    // Only ASCII was written: never the empty fallback.
    std::str::from_utf8(buf.get(at..).unwrap_or_default()).unwrap_or_default()
}

/// [`plain`] as a message argument: the same text, written without a `String` (its
/// allocation and `core::fmt` copy were ~200 instructions an amount quoted in a finding).
#[derive(Debug, Clone, Copy)]
pub struct Plain(pub Decimal);

impl fmt::Display for Plain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, as a `String`'s `Display` does: `plain(x)` and `Plain(x)` format alike.
        f.pad(decimal_str(self.0.normalize(), &mut [0u8; DECIMAL_BYTES]))
    }
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
    decimal_string(value.normalize())
}

/// [`format2`] without a trailing `.00` (`4000.00` → `4000`, `83.33` as it is), written in
/// place like [`Plain`]: S005's help wrote a `String` for every plan point behind.
#[derive(Debug, Clone, Copy)]
pub struct CentsShort(pub Decimal);

impl fmt::Display for CentsShort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rounded = round2(self.0);
        rounded.rescale(2);
        let mut buf = [0u8; DECIMAL_BYTES];
        let text = decimal_str(rounded, &mut buf);
        f.write_str(text.strip_suffix(".00").unwrap_or(text))
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

    /// `decimal_string` writes `Display`'s bytes: signs, zeros, scales up to 28, mantissas
    /// beyond 64 bits.
    #[test]
    fn decimal_strings_are_displays() {
        let mut mantissas: Vec<i128> = vec![0, 1, 5, 9, 10, 99, 100, 101, 4000, 123_456_789];
        mantissas.extend([u64::MAX as i128, u64::MAX as i128 + 1, (1_i128 << 96) - 1]);
        let mut x: i128 = 1;
        for _ in 0..60 {
            x = (x * 7 + 3) % (1_i128 << 95);
            mantissas.push(x);
        }
        for &m in &mantissas {
            for scale in 0..=28 {
                for negative in [false, true] {
                    let Ok(mut v) = Decimal::try_from_i128_with_scale(m, scale) else {
                        continue;
                    };
                    v.set_sign_negative(negative);
                    assert_eq!(decimal_string(v), v.to_string(), "{m} {scale} {negative}");
                    assert_eq!(plain(v), v.normalize().to_string());
                    assert_eq!(Plain(v).to_string(), plain(v));
                    assert_eq!(format!("{:>40}", Plain(v)), format!("{:>40}", plain(v)));
                }
            }
        }
        assert_eq!(format2(d("1346.5")), "1346.50");
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
