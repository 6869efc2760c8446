//! A time target (`11月底前`, `2024年12月底前`) against the month its actual names (`10月`,
//! `2024年12月上线`): on time when the actual's month is not after the target's. A month
//! written without a year takes the other's year; days are not compared (`6月30日前` and
//! `6月28日` are the same month). Neither naming a month: `None`, and the word table decides.

/// The last month `text` names, with its year: `2024年10月` → (2024, 10); a month written
/// without one takes the last year written before it (`2024年1月-11月` → (2024, 11)), else
/// none (`11月底前` → (None, 11)). Months outside 1–12 are no months. The rules' deadline
/// checks (I022) and the score's read months through this one function.
pub fn year_month(text: &str) -> Option<(Option<i64>, u32)> {
    // One pass, keeping the run of ASCII digits just before each character as a count and a
    // value (`None` once it no longer fits a `u32`, as `parse` would say): collecting the
    // characters and each run into vectors cost four allocations a character, a tenth of all
    // of `perf validate`'s allocations (docs/performance.md).
    let (mut year, mut found) = (None, None);
    let (mut run, mut value) = (0usize, Some(0u32));
    for c in text.chars() {
        match c {
            // Four digits always fit.
            '年' if run == 4 => year = value.map(i64::from),
            '月' if run > 0 => {
                if let Some(month) = value
                    && (1..=12).contains(&month)
                {
                    found = Some((year, month));
                }
            }
            _ => {}
        }
        match c.to_digit(10) {
            Some(digit) => {
                run += 1;
                value = value
                    .and_then(|v| v.checked_mul(10))
                    .and_then(|v| v.checked_add(digit));
            }
            None => (run, value) = (0, Some(0)),
        }
    }
    found
}

/// True when `actual` is on time for the deadline `target`; `None` when either names no
/// month.
pub fn on_time(target: &str, actual: &str) -> Option<bool> {
    let (target_year, target_month) = year_month(target)?;
    let (actual_year, actual_month) = year_month(actual)?;
    let year_t = target_year.or(actual_year);
    let year_a = actual_year.or(target_year);
    Some((year_a, actual_month) <= (year_t, target_month))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_read_with_or_without_a_year() {
        assert_eq!(year_month("11月底前"), Some((None, 11)));
        assert_eq!(year_month("2024年12月底前"), Some((Some(2024), 12)));
        assert_eq!(year_month("2024年12月上线"), Some((Some(2024), 12)));
        assert_eq!(year_month("2024年1月--2024年11月"), Some((Some(2024), 11)));
        assert_eq!(year_month("2024年1月-11月"), Some((Some(2024), 11)));
        assert_eq!(year_month("13月"), None);
        assert_eq!(year_month("按时完成"), None);
        // Digits as `parse` reads them: leading zeros kept, a run too long for a month none.
        assert_eq!(year_month("2024年012月"), Some((Some(2024), 12)));
        assert_eq!(year_month("99999999999月"), None);
        assert_eq!(year_month("12345年6月"), Some((None, 6)));
        assert_eq!(year_month("２０２４年１２月"), None);
    }

    /// The reading as it was written before it was made one pass: collect the characters,
    /// and the run of digits before each.
    fn reference(text: &str) -> Option<(Option<i64>, u32)> {
        let chars: Vec<char> = text.chars().collect();
        let digits_before = |end: usize| -> String {
            let run = chars[..end].iter().rev().take_while(|c| c.is_ascii_digit());
            let mut digits: Vec<char> = run.copied().collect();
            digits.reverse();
            digits.into_iter().collect()
        };
        let (mut year, mut found) = (None, None);
        for (i, &c) in chars.iter().enumerate() {
            let digits = digits_before(i);
            match c {
                '年' if digits.len() == 4 => year = digits.parse::<i64>().ok(),
                '月' => {
                    if let Ok(month) = digits.parse::<u32>()
                        && (1..=12).contains(&month)
                    {
                        found = Some((year, month));
                    }
                }
                _ => {}
            }
        }
        found
    }

    #[test]
    fn one_pass_reads_as_the_reference() {
        let pieces = [
            "2024",
            "年",
            "月",
            "1",
            "0",
            "12",
            "13",
            "00",
            "4294967296",
            "日",
            "-",
            "底前",
            "２",
            "a",
        ];
        // Every sequence of up to four pieces.
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(longer);
            texts.dedup();
        }
        for text in &texts {
            assert_eq!(year_month(text), reference(text), "{text}");
        }
    }

    #[test]
    fn a_month_not_after_the_deadline_is_on_time() {
        // The real table 65: 11月底前 against 10月.
        assert_eq!(on_time("11月底前", "10月"), Some(true));
        assert_eq!(on_time("2024年10月底前", "2024年12月上线"), Some(false));
        assert_eq!(on_time("2024年12月底前", "12月"), Some(true));
        assert_eq!(on_time("2024年6月30日前", "2025年1月"), Some(false));
        assert_eq!(on_time("2024年12月底前", "按时完成"), None);
    }
}
