//! Calendar dates for `--as-of`: parsing `2024-06-30` (or `2024-06`, the end of June), the
//! last month-end on or before a date, and turning a count of days since 1970-01-01 into a
//! date so the CLI can read "today" from the system clock without a date crate.

use std::fmt;
use std::str::FromStr;

use crate::args;
use crate::i18n::Lang;

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// The year.
    pub year: i64,
    /// 1..=12.
    pub month: u32,
    /// 1..=31, valid for the month.
    pub day: u32,
}

/// Why a date could not be read. [`DateError::message`] says it in either language;
/// `Display` is the Chinese message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl DateError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        lang.text("date.unreadable", args!(date = self.0))
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::Zh))
    }
}

impl std::error::Error for DateError {}

/// True in a leap year.
pub fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days of `month` in `year`.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// A date, when it exists.
    pub fn new(year: i64, month: u32, day: u32) -> Option<Self> {
        ((1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day))
            .then_some(Self { year, month, day })
    }

    /// The date `days` days after 1970-01-01 (negative: before), by Howard Hinnant's
    /// `civil_from_days`. Counts beyond ±10⁹ days (±2.7 million years) are clamped there, so
    /// the arithmetic below cannot overflow.
    pub fn from_days_since_epoch(days: i64) -> Self {
        let z = days.clamp(-1_000_000_000, 1_000_000_000) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        // Both are in range by construction: day 1..=31, month 1..=12.
        Self {
            year,
            month: u32::try_from(month).unwrap_or(1),
            day: u32::try_from(day).unwrap_or(1),
        }
    }

    /// True on the last day of its month.
    pub fn is_month_end(self) -> bool {
        self.day == days_in_month(self.year, self.month)
    }

    /// The months of `year` whose month-end is on or before this date (0..=12): 12 after the
    /// year, 0 before it or before 31 January.
    pub fn months_closed_in(self, year: i64) -> u32 {
        if self.year < year {
            0
        } else if self.year > year {
            12
        } else if self.is_month_end() {
            self.month
        } else {
            self.month - 1
        }
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Reads `YYYY-MM-DD`, or `YYYY-MM` for the last day of that month.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || DateError(text.to_owned());
        let mut parts = text.trim().split('-');
        let year: i64 = parts
            .next()
            .and_then(|y| y.parse().ok())
            .ok_or_else(error)?;
        let month: u32 = parts
            .next()
            .and_then(|m| m.parse().ok())
            .ok_or_else(error)?;
        if !(1..=12).contains(&month) {
            return Err(error());
        }
        let day = match parts.next() {
            None => days_in_month(year, month),
            Some(d) => d.parse().map_err(|_| error())?,
        };
        if parts.next().is_some() {
            return Err(error());
        }
        Self::new(year, month, day).ok_or_else(error)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn parses_days_and_month_ends() {
        assert_eq!(date("2024-06-30"), Date::new(2024, 6, 30).unwrap());
        assert_eq!(date("2024-02"), Date::new(2024, 2, 29).unwrap());
        assert_eq!(date("2023-02").day, 28);
        for bad in [
            "2024-02-30",
            "2024-13-01",
            "2024/06/30",
            "2024-06-30-1",
            "六月",
            "",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
        assert_eq!(date("2024-6-3").to_string(), "2024-06-03");
    }

    #[test]
    fn counts_closed_months_at_month_ends_and_year_edges() {
        let cases = [
            ("2024-06-30", 6),
            ("2024-06-29", 5),
            ("2024-07-01", 6),
            ("2024-01-30", 0),
            ("2024-01-31", 1),
            ("2024-02-29", 2),
            ("2024-12-30", 11),
            ("2024-12-31", 12),
            ("2025-03-01", 12),
            ("2023-12-31", 0),
        ];
        for (text, months) in cases {
            assert_eq!(date(text).months_closed_in(2024), months, "{text}");
        }
    }

    #[test]
    fn converts_days_since_the_epoch() {
        assert_eq!(Date::from_days_since_epoch(0), date("1970-01-01"));
        assert_eq!(Date::from_days_since_epoch(19_903), date("2024-06-29"));
        assert_eq!(Date::from_days_since_epoch(19_783), date("2024-03-01"));
        assert_eq!(Date::from_days_since_epoch(-1), date("1969-12-31"));
        // Absurd counts are clamped, not overflowed.
        assert!(Date::from_days_since_epoch(i64::MAX).year > 2_000_000);
        assert!(Date::from_days_since_epoch(i64::MIN).year < -2_000_000);
    }
}
