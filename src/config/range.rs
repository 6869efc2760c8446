//! The values each number in `perf.toml` may take. A value outside its range is a finding on
//! the value (exit 2 before any budget file is judged), never a silent surprise: a negative
//! `max_file_mb` used to remove the size limit, `weight_total = 0` made every weighted
//! project wrong.

use rust_decimal::Decimal;

use crate::args;
use crate::diag::registry::WRONG_TYPE;
use crate::source::fields::{At, Sink};

/// The allowed values of one setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// `0 < x ≤ max`.
    PositiveUpTo(i64),
    /// `x > 0`.
    Positive,
    /// `min ≤ x ≤ max`.
    Between(i64, i64),
    /// `x ≥ min`.
    AtLeast(i64),
    /// `min ≤ x < max`.
    Below(i64, i64),
}

/// The largest `[limits] max_file_mb`: 4 GiB is far beyond any budget file, and keeps the
/// limit in bytes exact.
pub const MAX_FILE_MB: i64 = 4096;

/// The range of `key` (in `[limits]` or `[thresholds]`).
pub fn bound_of(key: &str) -> Bound {
    match key {
        "max_file_mb" => Bound::PositiveUpTo(MAX_FILE_MB),
        "max_lag_points"
        | "satisfaction_min"
        | "watch_lag_points"
        | "alert_lag_points"
        | "execution_rate_min"
        | "high_grade_rate_min"
        | "unit_cost_share_min" => Bound::Between(0, 100),
        "weight_total" => Bound::Positive,
        // A ratio under 1 would call every met target "overachieved".
        "overachieve_ratio" => Bound::AtLeast(1),
        // 部分达成 is [this, 80)%: it must leave room below 达成's 80%.
        "grade_partial_min" => Bound::Below(0, 80),
        // cost_tolerance and the score weights.
        _ => Bound::AtLeast(0),
    }
}

impl Bound {
    fn holds(self, v: Decimal) -> bool {
        match self {
            Self::PositiveUpTo(max) => v > Decimal::ZERO && v <= Decimal::from(max),
            Self::Positive => v > Decimal::ZERO,
            Self::Between(min, max) => v >= Decimal::from(min) && v <= Decimal::from(max),
            Self::AtLeast(min) => v >= Decimal::from(min),
            Self::Below(min, max) => v >= Decimal::from(min) && v < Decimal::from(max),
        }
    }

    fn text(self, sink: &Sink) -> String {
        match self {
            Self::PositiveUpTo(max) => sink.t("config.range_positive_max", args!(max = max)),
            Self::Positive => sink.t("config.range_positive", &[]),
            Self::Between(min, max) => sink.t("config.range_between", args!(min = min, max = max)),
            Self::AtLeast(min) => sink.t("config.range_at_least", args!(min = min)),
            Self::Below(min, max) => sink.t("config.range_below", args!(min = min, max = max)),
        }
    }
}

/// `value` if it is in the range of `table` `key`; else reports it and gives `None`.
pub fn checked(table: &str, key: &str, value: At<Decimal>, sink: &mut Sink) -> Option<Decimal> {
    let bound = bound_of(key);
    if bound.holds(value.value) {
        return Some(value.value);
    }
    let range = bound.text(sink);
    sink.report_text(
        &WRONG_TYPE,
        value.span,
        "config.range",
        args!(table = table, key = key, value = value.value, range = range),
    );
    None
}
