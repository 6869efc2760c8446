//! The one weight convention of 自评, shared by rule I018 and `perf score`
//! (docs/monitoring.md, “Weights”):
//!
//! * the indicator weights written add up to **100**: they are the whole score, and
//!   预算执行率 is shown but scores nothing (the unit did not give it points);
//! * or to **100 − `weight_budget_rate`** (90): 10号's own split, the other 10 go to
//!   预算执行率;
//! * (or to the configured `thresholds.weight_total`, for trees that set one).
//!
//! Anything else is I018, and the score rescales to 100 and says so. Written weights are
//! never thrown away: when some rows have none, those rows share what is left of the 100
//! (nothing, when nothing is left), and a note says so. Blank rows take no part at all.

use rust_decimal::Decimal;

use crate::config::settings::ExecutionSettings;
use crate::model::project::{Indicator, Project};
use crate::model::target::{TargetValue, is_placeholder};
use crate::score::rows::Group;

/// True when indicator weights adding up to `sum` follow the convention.
pub fn accepted(sum: Decimal, weight_total: Decimal, budget_rate: Decimal) -> bool {
    sum == weight_total
        || sum == Decimal::ONE_HUNDRED
        || sum == Decimal::ONE_HUNDRED.saturating_sub(budget_rate)
}

/// A blank template row: no 三级指标 name and no 指标值. It takes no part in the score (and
/// is reported once by the indicator rules).
pub fn is_blank(indicator: &Indicator) -> bool {
    let name = indicator.name.trim();
    (name.is_empty() || is_placeholder(name)) && indicator.target.value == TargetValue::Empty
}

/// Where the raw weights came from, and what the notes must say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raw {
    /// The raw weight of 预算执行率.
    pub budget_rate: Decimal,
    /// The raw weight of each indicator row, in file order (0 for blank and unknown rows).
    pub rows: Vec<Decimal>,
    /// True when any written weight was used.
    pub written: bool,
    /// The written weights add up to 100: 预算执行率 scores nothing.
    pub whole: bool,
    /// Rows without a weight beside rows with one, and the share each got.
    pub unweighted: Option<(usize, Decimal)>,
}

/// The raw weights of a project's rows under the convention.
pub fn raw_weights(p: &Project, settings: &ExecutionSettings) -> Raw {
    let counted = |i: &&Indicator| !is_blank(i) && Group::of(i).is_some();
    let written: Vec<Decimal> = p
        .indicators
        .iter()
        .filter(counted)
        .filter_map(|i| i.weight)
        // A negative weight is nonsense (I018 reports the sum); it counts as 0.
        .map(|w| w.max(Decimal::ZERO))
        .collect();
    if written.is_empty() {
        return defaults(p, settings);
    }
    let sum = written
        .iter()
        .try_fold(Decimal::ZERO, |t, w| t.checked_add(*w))
        .unwrap_or(Decimal::MAX);
    let missing = p
        .indicators
        .iter()
        .filter(counted)
        .filter(|i| i.weight.is_none())
        .count();
    let whole = missing == 0 && sum == Decimal::ONE_HUNDRED;
    let budget_rate = if whole {
        Decimal::ZERO
    } else {
        settings.weight_budget_rate
    };
    let share = if missing == 0 {
        Decimal::ZERO
    } else {
        Decimal::ONE_HUNDRED
            .saturating_sub(budget_rate)
            .saturating_sub(sum)
            .max(Decimal::ZERO)
            .checked_div(Decimal::from(missing))
            .unwrap_or_default()
    };
    let rows = p
        .indicators
        .iter()
        .map(|i| match (counted(&i), i.weight) {
            (false, _) => Decimal::ZERO,
            (true, Some(w)) => w.max(Decimal::ZERO),
            (true, None) => share,
        })
        .collect();
    Raw {
        budget_rate,
        rows,
        written: true,
        whole,
        unweighted: (missing > 0).then_some((missing, share)),
    }
}

/// No weight written: the configured group weights spread evenly over each 一级's rows.
fn defaults(p: &Project, settings: &ExecutionSettings) -> Raw {
    let group_of = |i: &Indicator| (!is_blank(i)).then(|| Group::of(i)).flatten();
    let count = |g: Group| {
        p.indicators
            .iter()
            .filter(|i| group_of(i) == Some(g))
            .count()
    };
    let rows = p
        .indicators
        .iter()
        .map(|i| {
            group_of(i).map_or(Decimal::ZERO, |g| {
                g.default_weight(settings)
                    .checked_div(Decimal::from(count(g)))
                    .unwrap_or_default()
            })
        })
        .collect();
    Raw {
        budget_rate: settings.weight_budget_rate,
        rows,
        written: false,
        whole: false,
        unweighted: None,
    }
}
