//! The 双监控 figures of one project or department at an as-of month, and the status they
//! earn: 执行率 against the plan and against 序时进度, with configurable bands.
//!
//! Every percentage is rounded to 0.01 (四舍五入) before it is compared or subtracted, so the
//! gaps and the status follow from the numbers a reader sees.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::config::settings::ExecutionSettings;
use crate::model::money::{percent_of, round2};
use crate::model::plan::time_elapsed_percent;

/// A monitoring status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// 正常: the lag is within the first band (default ≤ 10 points).
    Normal,
    /// 关注: the lag is over the first band (default > 10 points).
    Watch,
    /// 预警: the lag is over the second band (default > 20 points).
    Alert,
    /// 执行率 cannot be computed (a budget of 0).
    Unknown,
}

impl Status {
    /// The status in Chinese.
    pub fn label(self) -> &'static str {
        match self {
            Self::Normal => "正常",
            Self::Watch => "关注",
            Self::Alert => "预警",
            Self::Unknown => "—",
        }
    }

    /// The status of a lag in percentage points (positive: behind).
    pub fn of_lag(lag: Decimal, settings: &ExecutionSettings) -> Self {
        if lag > settings.alert_lag_points {
            Self::Alert
        } else if lag > settings.watch_lag_points {
            Self::Watch
        } else {
            Self::Normal
        }
    }
}

/// Money and progress at an as-of month, for a project or a department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figures {
    /// 调整后预算数 in 万元.
    #[serde(with = "rust_decimal::serde::str")]
    pub budget: Decimal,
    /// 累计执行数 at the as-of month in 万元 (the last record at or before it; 0 before any).
    #[serde(with = "rust_decimal::serde::str")]
    pub spent: Decimal,
    /// 执行率 = spent ÷ budget, in % (0.01).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub rate: Option<Decimal>,
    /// The plan's cumulative % at the as-of month; `None` without a plan.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub planned: Option<Decimal>,
    /// 序时进度 at the as-of month, in %.
    #[serde(with = "rust_decimal::serde::str")]
    pub elapsed: Decimal,
    /// 执行率 − planned, in points (negative: behind the plan).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub gap_plan: Option<Decimal>,
    /// 执行率 − 序时进度, in points (negative: behind).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub gap_elapsed: Option<Decimal>,
    /// The status from the larger of the two lags.
    pub status: Status,
    /// The status in Chinese.
    pub status_zh: &'static str,
}

/// Rounds a percentage to 0.01 and keeps two decimals.
pub fn percent2(value: Decimal) -> Decimal {
    let mut v = round2(value);
    v.rescale(2);
    v
}

impl Figures {
    /// The figures of `spent` against `budget` (万元) at `month`, given the plan's cumulative %
    /// there (`planned`, exact).
    pub fn new(
        budget: Decimal,
        spent: Decimal,
        planned: Option<Decimal>,
        month: u32,
        settings: &ExecutionSettings,
    ) -> Self {
        let rate = percent_of(spent, budget).map(percent2);
        let planned = planned.map(percent2);
        let elapsed = percent2(time_elapsed_percent(month));
        let gap_plan = rate.zip(planned).and_then(|(r, p)| r.checked_sub(p));
        let gap_elapsed = rate.and_then(|r| r.checked_sub(elapsed));
        let status = match (gap_elapsed, gap_plan) {
            (None, _) => Status::Unknown,
            (Some(e), p) => Status::of_lag(-(e.min(p.unwrap_or(e))), settings),
        };
        Self {
            budget,
            spent,
            rate,
            planned,
            elapsed,
            gap_plan,
            gap_elapsed,
            status,
            status_zh: status.label(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn bands_are_over_ten_and_over_twenty_points() {
        let s = ExecutionSettings::default();
        let cases = [
            ("-5", Status::Normal),
            ("0", Status::Normal),
            ("10", Status::Normal),
            ("10.01", Status::Watch),
            ("20", Status::Watch),
            ("20.01", Status::Alert),
        ];
        for (lag, status) in cases {
            assert_eq!(Status::of_lag(d(lag), &s), status, "{lag}");
        }
    }

    #[test]
    fn the_larger_lag_decides() {
        let s = ExecutionSettings::default();
        // 48.75% spent at June: 1.25 behind both plan (50) and 序时进度 (50).
        let f = Figures::new(d("800"), d("390"), Some(d("50")), 6, &s);
        assert_eq!(f.rate, Some(d("48.75")));
        assert_eq!(f.gap_plan, Some(d("-1.25")));
        assert_eq!(f.status, Status::Normal);
        // On plan (30%) but 20 points behind 序时进度 (50%): 关注.
        let f = Figures::new(d("100"), d("30"), Some(d("30")), 6, &s);
        assert_eq!(
            (f.gap_elapsed, f.status),
            (Some(d("-20.00")), Status::Watch)
        );
        // Ahead of 序时进度 but 25 points behind an ambitious plan: 预警.
        let f = Figures::new(d("100"), d("55"), Some(d("80")), 6, &s);
        assert_eq!(f.status, Status::Alert);
        // A budget of 0 has no 执行率.
        let f = Figures::new(Decimal::ZERO, Decimal::ZERO, None, 6, &s);
        assert_eq!((f.rate, f.status), (None, Status::Unknown));
    }
}
