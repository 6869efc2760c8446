//! 部门整体绩效目标: the department file.

/// A department, as lowered from its `department.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    /// 部门名称, as projects name it in `project.department`.
    pub name: String,
    /// Short names users type (`人社局`).
    pub aliases: Vec<String>,
    /// 预算年度; `None` when the file lacks it.
    pub year: Option<i64>,
    /// 部门预算总额 in 万元, when stated: must equal the sum of the department's projects.
    pub budget: Option<rust_decimal::Decimal>,
    /// 总体绩效目标, one paragraph each.
    pub overall: Vec<String>,
    /// 工作保障措施, one item each.
    pub measures: Vec<String>,
    /// 分项绩效目标.
    pub objectives: Vec<Objective>,
    /// 项目顺序: the projects' names in the order the published 部门预算绩效文本 prints their
    /// tables (`perf import` records it; the text and Word exports follow it).
    pub projects: Vec<String>,
}

/// One 分项绩效目标 of a department.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Objective {
    /// The heading (`促进区内就业、创业工作的发展`).
    pub title: String,
    /// 绩效目标.
    pub goal: Option<String>,
    /// 绩效指标, as prose.
    pub indicator: Option<String>,
}

impl Department {
    /// A department called `name`, with nothing else written yet.
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            aliases: Vec::new(),
            year: None,
            budget: None,
            overall: Vec::new(),
            measures: Vec::new(),
            objectives: Vec::new(),
            projects: Vec::new(),
        }
    }

    /// True when `name` is this department's name or one of its aliases.
    pub fn is_named(&self, name: &str) -> bool {
        self.name == name || self.aliases.iter().any(|a| a == name)
    }
}
