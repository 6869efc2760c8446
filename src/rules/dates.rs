//! Year-and-month readings the reviewer rules need beside the target grammar (which says a
//! target is a time, not which month): the last `YYYY年M月` a deadline names (read as the
//! score reads deadlines), and the last month of a `YYYY-MM/YYYY-MM` 实施期.

/// The last `YYYY年M月` written in `text` (`2024年1月--2024年11月` → (2024, 11),
/// `2025年6月底前` → (2025, 6)); `None` when no month with a year is written or the month is
/// not 1–12. The reading is the score's (`score::deadline::year_month`).
pub fn last_year_month(text: &str) -> Option<(i64, u32)> {
    let (year, month) = crate::score::deadline::year_month(text)?;
    Some((year?, month))
}

/// The last month of a 实施期 written `YYYY-MM/YYYY-MM` (`2023-07/2024-01` → (2024, 1)).
pub fn period_end(period: &str) -> Option<(i64, u32)> {
    let (_, end) = period.split_once('/')?;
    let (year, month) = end.trim().split_once('-')?;
    let (year, month): (i64, u32) = (year.trim().parse().ok()?, month.trim().parse().ok()?);
    (1..=12).contains(&month).then_some((year, month))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_last_month_written() {
        assert_eq!(last_year_month("2024年1月--2024年11月"), Some((2024, 11)));
        assert_eq!(last_year_month("2025年6月底前"), Some((2025, 6)));
        assert_eq!(last_year_month("2024年12月31日前"), Some((2024, 12)));
        assert_eq!(last_year_month("6月30日前"), None);
        assert_eq!(last_year_month("2024年13月"), None);
        assert_eq!(period_end("2023-07/2024-01"), Some((2024, 1)));
        assert_eq!(period_end("全年"), None);
    }
}
