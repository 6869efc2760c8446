//! 项目绩效目标表: one project's budget, plan, goals and indicators.

use crate::model::budget::Budget;
use crate::model::framework::{Level1, Level2};
use crate::model::plan::SpendingPlan;
use crate::model::target::Target;

/// One project, as lowered from its file. Fields the file lacks are `None`/empty; the
/// structure rules have already reported them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// 项目名称.
    pub name: String,
    /// The document's heading, where it differs from 项目名称.
    pub title: Option<String>,
    /// 项目编码, when the project has one.
    pub code: Option<String>,
    /// 主管部门: the department the project belongs to.
    pub department: String,
    /// 预算年度; `None` when the file lacks it.
    pub year: Option<i64>,
    /// 资金用途.
    pub purpose: Option<String>,
    /// 绩效目标 (annual goals), in order.
    pub goals: Vec<String>,
    /// 预算规模; `None` when the file has no usable `[budget]`.
    pub budget: Option<Budget>,
    /// 资金支出计划; `None` when the file has no `[plan]`.
    pub plan: Option<SpendingPlan>,
    /// The indicator table, in file order.
    pub indicators: Vec<Indicator>,
}

/// One row of the indicator table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    /// 一级指标 as written.
    pub level1_label: String,
    /// 二级指标 as written.
    pub level2_label: String,
    /// 一级指标, normalised; `None` when the label is unknown.
    pub level1: Option<Level1>,
    /// 二级指标, normalised; `None` when the label is unknown.
    pub level2: Option<Level2>,
    /// 三级指标.
    pub name: String,
    /// 绩效指标描述.
    pub description: Option<String>,
    /// 指标值.
    pub target: Target,
    /// 指标值确定依据.
    pub basis: Option<String>,
}

impl Indicator {
    /// Builds a row, normalising the level labels and parsing the target.
    pub fn new(level1: &str, level2: &str, name: &str, target: &str) -> Self {
        Self {
            level1_label: level1.to_owned(),
            level2_label: level2.to_owned(),
            level1: Level1::from_label(level1),
            level2: Level2::from_label(level2),
            name: name.to_owned(),
            description: None,
            target: Target::parse(target),
            basis: None,
        }
    }

    /// True for a 满意度 indicator, wherever it is filed.
    pub fn is_satisfaction(&self) -> bool {
        self.level2 == Some(Level2::Satisfaction)
            || (self.level1 == Some(Level1::Satisfaction) && self.level2.is_none())
    }

    /// True for an indicator whose target is a cost to reconcile with the budget.
    pub fn is_money_cost(&self) -> bool {
        self.level2.is_some_and(Level2::is_money_cost)
    }
}
