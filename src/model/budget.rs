//! 预算规模: a project's budget and how it splits between 财政资金 and 其他资金.

use rust_decimal::Decimal;

use crate::model::money::MoneyUnit;

/// A project's 预算数 and its split, in the unit the file states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    /// The unit every amount of this budget is written in (万元 by default).
    pub unit: MoneyUnit,
    /// 预算数.
    pub total: Decimal,
    /// 其中：财政资金, when stated.
    pub fiscal: Option<Decimal>,
    /// 其他资金, when stated.
    pub other: Option<Decimal>,
    /// 资金来源明细 beyond fiscal/other (上级补助, 本级财政, 单位自有资金 …), in file order.
    pub sources: Vec<BudgetLine>,
    /// 预算明细: an itemised breakdown, in file order.
    pub items: Vec<BudgetLine>,
}

/// A named amount of a breakdown, in the budget's unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetLine {
    /// The name (`设备购置`, `上级补助`).
    pub name: String,
    /// The amount.
    pub amount: Decimal,
}

/// How a budget splits between fiscal and other funds, once missing parts are derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// 财政资金.
    pub fiscal: Decimal,
    /// 其他资金.
    pub other: Decimal,
}

impl Budget {
    /// 预算数 in 万元.
    pub fn total_wan(&self) -> Option<Decimal> {
        self.unit.to_wan(self.total)
    }

    /// The split in the file's unit. When only one part is stated, the other is
    /// `total − stated` (a blank 其他资金 cell means none); when neither is stated the split
    /// is unknown, and summaries show it as unknown rather than invent one.
    pub fn split(&self) -> Option<Split> {
        match (self.fiscal, self.other) {
            (Some(fiscal), Some(other)) => Some(Split { fiscal, other }),
            (Some(fiscal), None) => Some(Split {
                fiscal,
                other: self.total - fiscal,
            }),
            (None, Some(other)) => Some(Split {
                fiscal: self.total - other,
                other,
            }),
            (None, None) => None,
        }
    }

    /// The split in 万元.
    pub fn split_wan(&self) -> Option<Split> {
        let split = self.split()?;
        Some(Split {
            fiscal: self.unit.to_wan(split.fiscal)?,
            other: self.unit.to_wan(split.other)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(total: i64, fiscal: Option<i64>, other: Option<i64>) -> Budget {
        Budget {
            unit: MoneyUnit::Wan,
            total: total.into(),
            fiscal: fiscal.map(Decimal::from),
            other: other.map(Decimal::from),
            sources: Vec::new(),
            items: Vec::new(),
        }
    }

    #[test]
    fn derives_the_missing_part_of_the_split() {
        let split = budget(4000, Some(4000), None).split().unwrap();
        assert_eq!(split.other, Decimal::ZERO);
        let split = budget(100, None, Some(30)).split().unwrap();
        assert_eq!(split.fiscal, Decimal::from(70));
        assert_eq!(budget(100, None, None).split(), None);
    }

    #[test]
    fn converts_to_wan() {
        let mut b = budget(12_345, Some(12_345), None);
        b.unit = MoneyUnit::Yuan;
        assert_eq!(b.total_wan(), Some(Decimal::new(12_345, 4)));
        assert_eq!(b.split_wan().unwrap().other, Decimal::ZERO);
    }
}
