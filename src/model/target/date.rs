//! Whether the dates a time target writes exist: `2024年13月32日前` names no day, and a
//! deadline that does not exist can be neither met nor monitored.

use crate::model::target::Unreadable;

/// Every date in `text` exists: a month (`12月`) is 1–12, a day written after its month
/// (`6月30日`, `6月30号`) is within that month (29 February only in a leap year, when the year
/// is written), a quarter (`4季度`) is 1–4. Durations are not dates: `18月内`, `45日内`.
pub(super) fn dates_exist(text: &str) -> bool {
    let mut year: Option<u32> = None;
    let mut month: Option<u32> = None;
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let tail = rest.get(start..).unwrap_or_default();
        let end = tail
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(tail.len());
        let (digits, after) = tail.split_at(end);
        // A run too long for u32 is no day, month or quarter anyone writes.
        let n: Option<u32> = digits.parse().ok();
        let duration = after.get(3..).is_some_and(|unit_after| {
            unit_after.starts_with('内') || unit_after.starts_with("以内")
        });
        if after.starts_with('年') {
            year = n;
            month = None;
        } else if after.starts_with('月') && !duration {
            match n {
                Some(m @ 1..=12) => month = Some(m),
                _ => return false,
            }
        } else if (after.starts_with('日') || after.starts_with('号')) && !duration {
            if let Some(m) = month {
                let Some(day) = n else { return false };
                if day == 0 || day > days_in(m, year) {
                    return false;
                }
            }
            month = None;
        } else if after.starts_with("季度") && !matches!(n, Some(1..=4)) {
            return false;
        } else {
            month = None;
        }
        rest = after;
    }
    true
}

/// True when `text` is a range of two months written with 年/月 (`2024年6月至3月`,
/// `2024年12月--2023年1月`) whose end comes before its start. Months without a year compare
/// within one year.
pub(super) fn month_range_reversed(text: &str) -> bool {
    let mut year: Option<u32> = None;
    // (year, month, where the month's digits start, where they end)
    let mut months: Vec<(Option<u32>, u32, usize, usize)> = Vec::new();
    let mut at = 0;
    while let Some(start) = text
        .get(at..)
        .and_then(|rest| rest.find(|c: char| c.is_ascii_digit()))
    {
        let start = at + start;
        let tail = text.get(start..).unwrap_or_default();
        let end = start
            + tail
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(tail.len());
        let n: Option<u32> = text.get(start..end).and_then(|d| d.parse().ok());
        let after = text.get(end..).unwrap_or_default();
        if after.starts_with('年') {
            year = n;
        } else if let (true, Some(m)) = (after.starts_with('月'), n) {
            months.push((year, m, start, end));
        }
        at = end;
    }
    let [(y1, m1, _, end1), (y2, m2, start2, _)] = months.as_slice() else {
        return false;
    };
    let between = text.get(*end1..*start2).unwrap_or_default();
    RANGE_SEPARATORS.iter().any(|sep| between.contains(sep)) && (y2, m2) < (y1, m1)
}

/// Reads dates written with digits and separators: `2023.07-2024.01`, `2023.7~2023.12`,
/// `2024/06/30前`, `2024-06-30`, `2023年7月至2024年1月` is left to the 年/月 reading. `None` when
/// the text is no such date (a plain number such as `2024.5` stays a number); otherwise
/// whether every date in it exists and a range does not end before it starts.
///
/// Dates written with 年/月/日 (`2024年3月至6月`) are read by [`dates_exist`].
pub(super) fn numeric_dates(text: &str) -> Option<Result<(), Unreadable>> {
    let (first, rest) = numeric_date(text)?;
    let rest = rest.trim_start();
    let range = RANGE_SEPARATORS
        .iter()
        .find_map(|sep| rest.strip_prefix(sep))
        .and_then(|after| numeric_date(after.trim_start()));
    let (second, rest) = match range {
        Some((second, rest)) => (Some(second), rest),
        None => (None, rest),
    };
    let rest = rest.trim();
    let deadline = DEADLINE_WORDS.contains(&rest);
    if !(rest.is_empty() || deadline) {
        return None;
    }
    // A lone `2024.06` with a dot could be a number; a range, a deadline word, a day or
    // another separator makes it a date.
    if second.is_none() && !deadline && first.separator == '.' && first.day.is_none() {
        return None;
    }
    if !(first.exists() && second.is_none_or(NumericDate::exists)) {
        return Some(Err(Unreadable::InvalidDate));
    }
    if second.is_some_and(|second| second.key() < first.key()) {
        return Some(Err(Unreadable::ReversedDates));
    }
    Some(Ok(()))
}

/// Words after a date that make it a deadline.
const DEADLINE_WORDS: &[&str] = &["前", "之前", "以前", "底前", "底", "止", "完成"];

/// Separators between the two dates of a range.
const RANGE_SEPARATORS: &[&str] = &["--", "-", "~", "～", "—", "–", "至", "到"];

/// A date written `2023.07`, `2024/6/30`, `2024-06-30`.
#[derive(Debug, Clone, Copy)]
struct NumericDate {
    year: u32,
    month: u32,
    day: Option<u32>,
    separator: char,
}

impl NumericDate {
    fn exists(self) -> bool {
        (1..=12).contains(&self.month)
            && self
                .day
                .is_none_or(|d| d >= 1 && d <= days_in(self.month, Some(self.year)))
    }

    fn key(self) -> (u32, u32, u32) {
        (self.year, self.month, self.day.unwrap_or(0))
    }
}

/// A four-digit year from 1900 to 2199, a separator, a month of one or two digits and, with
/// the same separator, a day; then the rest of the text.
fn numeric_date(text: &str) -> Option<(NumericDate, &str)> {
    let (year, rest) = digits(text, 4, 4)?;
    if !(1900..2200).contains(&year) {
        return None;
    }
    let separator = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '.' | '/' | '-'))?;
    let (month, rest) = digits(rest.get(1..)?, 1, 2)?;
    let (day, rest) = match rest.strip_prefix(separator).and_then(|r| digits(r, 1, 2)) {
        Some((day, rest)) => (Some(day), rest),
        None => (None, rest),
    };
    let date = NumericDate {
        year,
        month,
        day,
        separator,
    };
    Some((date, rest))
}

/// Between `min` and `max` ASCII digits (and no more), as a number, then the rest.
fn digits(text: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    if end < min || end > max {
        return None;
    }
    let (digits, rest) = text.split_at(end);
    Some((digits.parse().ok()?, rest))
}

/// The days of `month` (1–12); February has 29 unless `year` is written and not a leap year.
fn days_in(month: u32, year: Option<u32>) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 => match year {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::{Unreadable, dates_exist, numeric_dates};

    #[test]
    fn month_ranges_that_run_backwards() {
        for (text, reversed) in [
            ("2024年6月至3月", true),
            ("2024年12月--2023年1月", true),
            ("2024年3月至6月", false),
            ("2024年12月至2025年1月", false),
            ("2024年1月--2024年11月", false),
            ("2024年12月底前", false),
            ("6月30日前", false),
        ] {
            assert_eq!(super::month_range_reversed(text), reversed, "{text}");
        }
    }

    #[test]
    fn numeric_dates_and_ranges() {
        let ok = Some(Ok(()));
        let bad = Some(Err(Unreadable::InvalidDate));
        let reversed = Some(Err(Unreadable::ReversedDates));
        let cases: &[(&str, Option<Result<(), Unreadable>>)] = &[
            ("2023.07-2024.01", ok),
            ("2023.7~2023.12", ok),
            ("2023.07 至 2024.01", ok),
            ("2024/06/30前", ok),
            ("2024-06-30", ok),
            ("2024.06前", ok),
            ("2024.12.31", ok),
            ("2023.13-2024.01", bad),
            ("2024.01-2023.07", reversed),
            ("2023/02/29", bad),
            ("2024.5", None),
            ("2024.5万元", None),
            ("95.5", None),
            ("12345.6", None),
        ];
        for &(text, want) in cases {
            assert_eq!(numeric_dates(text), want, "{text}");
        }
    }

    #[test]
    fn real_dates_and_durations_pass() {
        for text in [
            "2024年12月底前",
            "2024年12月31日前",
            "6月30日前",
            "2024年2月29日",
            "2月29日",
            "2024年1月--2024年11月",
            "4季度",
            "18月内",
            "45日内",
            "2025年",
        ] {
            assert!(dates_exist(text), "{text}");
        }
    }

    #[test]
    fn dates_that_do_not_exist_fail() {
        for text in [
            "2024年13月32日前",
            "2024年13月前",
            "0月",
            "2024年4月31日",
            "2023年2月29日",
            "1900年2月29日",
            "6月0日",
            "5季度",
            "2024年12月32日前",
        ] {
            assert!(!dates_exist(text), "{text}");
        }
    }
}
