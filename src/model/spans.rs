//! Where things are in a file: the side table that lets rules point at the offending key or
//! value without putting spans into the domain types (a `Project` compares, sums and
//! serialises without them). `source` fills it while lowering; `located` carries it.

use std::ops::Range;

use crate::model::sparse::{Empty, Sparse};

/// Byte ranges of a project file's parts, in the same order as the model's collections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectSpans {
    /// The `[project]` table.
    pub project: Range<usize>,
    /// `project.name`.
    pub name: Option<Range<usize>>,
    /// `project.code`.
    pub code: Option<Range<usize>>,
    /// `project.purpose`.
    pub purpose: Option<Range<usize>>,
    /// `project.department`.
    pub department: Option<Range<usize>>,
    /// `project.year`.
    pub year: Option<Range<usize>>,
    /// `project.goals`.
    pub goals: Option<Range<usize>>,
    /// Each goal string, in order.
    pub goal_items: Vec<Range<usize>>,
    /// The `[budget]` table.
    pub budget: Option<Range<usize>>,
    /// `budget.total`.
    pub total: Option<Range<usize>>,
    /// `budget.fiscal`.
    pub fiscal: Option<Range<usize>>,
    /// `budget.other`.
    pub other: Option<Range<usize>>,
    /// `budget.sources`.
    pub sources: Option<Range<usize>>,
    /// `budget.items`.
    pub items: Option<Range<usize>>,
    /// The `[plan]` table.
    pub plan: Option<Range<usize>>,
    /// Each plan checkpoint (`month = percent`), in the model's (month) order.
    pub plan_points: Vec<Range<usize>>,
    /// Each `[[indicator]]` row, in the model's order.
    pub indicators: Vec<IndicatorSpans>,
    /// The `[execution]` table and its values, when present: boxed, as most files have none
    /// (184 bytes inline in every project held, the cross-file step's candidates among them).
    pub execution: Option<Box<ExecutionSpans>>,
}

/// Byte ranges of the `[execution]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExecutionSpans {
    /// The table.
    pub table: Range<usize>,
    /// `adjusted_budget`.
    pub adjusted_budget: Option<Range<usize>>,
    /// Each `spent` entry (`month = amount`), in the model's (month) order.
    pub spent: Vec<Range<usize>>,
    /// `forecast`.
    pub forecast: Option<Range<usize>>,
    /// `reason`.
    pub reason: Option<Range<usize>>,
    /// `self_rate`.
    pub self_rate: Option<Range<usize>>,
    /// `self_total`.
    pub self_total: Option<Range<usize>>,
    /// `self_rate_points`.
    pub self_rate_points: Option<Range<usize>>,
}

/// Byte ranges of an indicator row's monitoring and 自评 keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProgressSpans {
    /// `actual`.
    pub actual: Option<Range<usize>>,
    /// `likelihood`.
    pub likelihood: Option<Range<usize>>,
    /// `reason`.
    pub reason: Option<Range<usize>>,
    /// `grade`.
    pub grade: Option<Range<usize>>,
    /// `applicable`.
    pub applicable: Option<Range<usize>>,
    /// `self_score`.
    pub self_score: Option<Range<usize>>,
}

impl Empty for ProgressSpans {
    const EMPTY: &'static Self = &ProgressSpans {
        actual: None,
        likelihood: None,
        reason: None,
        grade: None,
        applicable: None,
        self_score: None,
    };
}

/// Byte ranges of one indicator row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndicatorSpans {
    /// Position among the file's `[[indicator]]` tables (0-based), for messages: rows that
    /// failed to load leave gaps in the model, not in this count.
    pub index: usize,
    /// The whole `[[indicator]]` table.
    pub row: Range<usize>,
    /// `level1`.
    pub level1: Range<usize>,
    /// `level2`.
    pub level2: Range<usize>,
    /// `name`, or the row when missing.
    pub name: Range<usize>,
    /// `target`.
    pub target: Range<usize>,
    /// `basis`, when present.
    pub basis: Option<Range<usize>>,
    /// `weight`, when present.
    pub weight: Option<Range<usize>>,
    /// The monitoring and 自评 keys, when present; stored only when one is (most rows
    /// have none: [`Sparse`]).
    pub progress: Sparse<ProgressSpans>,
}

/// Byte ranges of a department file's parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DepartmentSpans {
    /// The `[department]` table.
    pub department: Range<usize>,
    /// `department.name`.
    pub name: Option<Range<usize>>,
    /// `department.year`.
    pub year: Option<Range<usize>>,
    /// `department.budget`.
    pub budget: Option<Range<usize>>,
}
