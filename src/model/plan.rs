//! 资金支出计划: the cumulative share of the budget to be spent by the end of given months.

use rust_decimal::Decimal;

/// One checkpoint of the plan: by the end of `month`, `percent` % of the budget is spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanPoint {
    /// The month as written; rules report months outside 1..=12, so it is kept unchecked.
    pub month: i64,
    /// Cumulative percentage spent by the end of the month, as written.
    pub percent: Decimal,
}

/// The spending plan, checkpoints sorted by month.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpendingPlan {
    /// Checkpoints in ascending month order.
    pub points: Vec<PlanPoint>,
}

impl SpendingPlan {
    /// Builds a plan, sorting the checkpoints by month.
    pub fn new(mut points: Vec<PlanPoint>) -> Self {
        points.sort_by_key(|p| p.month);
        Self { points }
    }

    /// Cumulative % planned by the end of `month`: the last checkpoint at or before it,
    /// 0 when the first checkpoint comes later (nothing is planned before it).
    pub fn cumulative_at(&self, month: u32) -> Decimal {
        self.points
            .iter()
            .take_while(|p| p.month <= i64::from(month))
            .last()
            .map_or(Decimal::ZERO, |p| p.percent)
    }
}

/// 序时进度: the share of the year elapsed by the end of `month`, in % (`month / 12 × 100`).
pub fn time_elapsed_percent(month: u32) -> Decimal {
    Decimal::from(month) * Decimal::ONE_HUNDRED / Decimal::from(12)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(points: &[(i64, i64)]) -> SpendingPlan {
        SpendingPlan::new(
            points
                .iter()
                .map(|&(month, p)| PlanPoint {
                    month,
                    percent: p.into(),
                })
                .collect(),
        )
    }

    #[test]
    fn cumulative_uses_the_last_checkpoint_before_the_month() {
        let p = plan(&[(12, 100), (3, 20), (6, 50), (10, 70)]);
        assert_eq!(p.cumulative_at(2), Decimal::ZERO);
        assert_eq!(p.cumulative_at(3), Decimal::from(20));
        assert_eq!(p.cumulative_at(9), Decimal::from(50));
        assert_eq!(p.cumulative_at(12), Decimal::from(100));
    }

    #[test]
    fn time_elapsed_is_month_over_twelve() {
        assert_eq!(time_elapsed_percent(3), Decimal::from(25));
        assert_eq!(time_elapsed_percent(12), Decimal::ONE_HUNDRED);
        assert_eq!(
            crate::model::money::format2(time_elapsed_percent(10)),
            "83.33"
        );
    }
}
