//! The keys each table of a budget file accepts, with the term on the official form. One
//! table per TOML table: lowering reads by them (unknown keys are findings), docs and the
//! JSON Schema are written from them.

use crate::source::fields::Field;

const fn f(key: &'static str, label: &'static str) -> Field {
    Field { key, label }
}

/// Top level of a project file.
pub const PROJECT_TOP: &[Field] = &[
    f("project", "项目"),
    f("budget", "预算规模"),
    f("plan", "资金支出计划"),
    f("indicator", "绩效指标"),
];

/// `[project]`.
pub const PROJECT: &[Field] = &[
    f("name", "项目名称"),
    f("title", "表头标题"),
    f("code", "项目编码"),
    f("department", "主管部门"),
    f("implementer", "实施单位"),
    f("year", "预算年度"),
    f("period", "实施期"),
    f("framework", "指标体系"),
    f("purpose", "资金用途"),
    f("goals", "年度绩效目标"),
    f("long_term_goals", "长期绩效目标"),
    f("medium_term", "中期预算"),
];

/// `[budget]`.
pub const BUDGET: &[Field] = &[
    f("unit", "金额单位"),
    f("total", "预算数"),
    f("fiscal", "财政资金"),
    f("other", "其他资金"),
    f("sources", "资金来源明细"),
    f("items", "预算明细"),
];

/// One `[[budget.items]]` or `[[budget.sources]]` row.
pub const BUDGET_ITEM: &[Field] = &[f("name", "明细名称"), f("amount", "金额")];

/// One `[[indicator]]` row.
pub const INDICATOR: &[Field] = &[
    f("level1", "一级指标"),
    f("level2", "二级指标"),
    f("name", "三级指标"),
    f("description", "绩效指标描述"),
    f("target", "指标值"),
    f("unit", "度量单位"),
    f("direction", "指标方向"),
    f("baseline", "上年实际值"),
    f("weight", "权重"),
    f("basis", "指标值确定依据"),
    f("basis_note", "依据说明"),
];

/// Top level of a department file.
pub const DEPARTMENT_TOP: &[Field] = &[f("department", "部门"), f("objective", "分项绩效目标")];

/// `[department]`.
pub const DEPARTMENT: &[Field] = &[
    f("name", "部门名称"),
    f("aliases", "简称"),
    f("year", "预算年度"),
    f("budget", "部门预算总额（万元）"),
    f("overall", "总体绩效目标"),
    f("measures", "工作保障措施"),
];

/// One `[[objective]]` row.
pub const OBJECTIVE: &[Field] = &[
    f("title", "分项名称"),
    f("goal", "绩效目标"),
    f("indicator", "绩效指标"),
];
