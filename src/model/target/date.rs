//! Whether the dates a time target writes exist: `2024年13月32日前` names no day, and a
//! deadline that does not exist can be neither met nor monitored.

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
    use super::dates_exist;

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
