//! Raw TOML → model. Every structural problem becomes an `F` finding, never an `Err`, and
//! lowering carries on so that one run shows all of a file's problems.

use std::ops::Range;

use toml::de::DeTable;

use crate::model::budget::Budget;
use crate::model::department::{Department, Objective};
use crate::model::money::MoneyUnit;
use crate::model::plan::{PlanPoint, SpendingPlan};
use crate::model::project::{Indicator, Project};
use crate::rules::registry::{FILE_KIND, WRONG_TYPE};
use crate::source::fields::{At, Field, Sink, TOP_LEVEL, Table, decimal_value, describe};
use crate::source::spans::{DepartmentSpans, IndicatorSpans, ProjectSpans};

const PROJECT_TOP: &[Field] = &[
    Field {
        key: "project",
        label: "项目",
    },
    Field {
        key: "budget",
        label: "预算规模",
    },
    Field {
        key: "plan",
        label: "资金支出计划",
    },
    Field {
        key: "indicator",
        label: "绩效指标",
    },
];
const PROJECT: &[Field] = &[
    Field {
        key: "name",
        label: "项目名称",
    },
    Field {
        key: "title",
        label: "表头标题",
    },
    Field {
        key: "code",
        label: "项目编码",
    },
    Field {
        key: "department",
        label: "主管部门",
    },
    Field {
        key: "year",
        label: "预算年度",
    },
    Field {
        key: "purpose",
        label: "资金用途",
    },
    Field {
        key: "goals",
        label: "绩效目标",
    },
];
const BUDGET: &[Field] = &[
    Field {
        key: "unit",
        label: "金额单位",
    },
    Field {
        key: "total",
        label: "预算数",
    },
    Field {
        key: "fiscal",
        label: "财政资金",
    },
    Field {
        key: "other",
        label: "其他资金",
    },
];
const INDICATOR: &[Field] = &[
    Field {
        key: "level1",
        label: "一级指标",
    },
    Field {
        key: "level2",
        label: "二级指标",
    },
    Field {
        key: "name",
        label: "三级指标",
    },
    Field {
        key: "description",
        label: "绩效指标描述",
    },
    Field {
        key: "target",
        label: "指标值",
    },
    Field {
        key: "basis",
        label: "指标值确定依据",
    },
];
const DEPARTMENT_TOP: &[Field] = &[
    Field {
        key: "department",
        label: "部门",
    },
    Field {
        key: "objective",
        label: "分项绩效目标",
    },
];
const DEPARTMENT: &[Field] = &[
    Field {
        key: "name",
        label: "部门名称",
    },
    Field {
        key: "aliases",
        label: "简称",
    },
    Field {
        key: "year",
        label: "预算年度",
    },
    Field {
        key: "overall",
        label: "总体绩效目标",
    },
    Field {
        key: "measures",
        label: "工作保障措施",
    },
];
const OBJECTIVE: &[Field] = &[
    Field {
        key: "title",
        label: "分项名称",
    },
    Field {
        key: "goal",
        label: "绩效目标",
    },
    Field {
        key: "indicator",
        label: "绩效指标",
    },
];

/// What a file turned out to hold.
#[derive(Debug, Clone)]
pub enum Lowered {
    /// A project file.
    Project(Box<(Project, ProjectSpans)>),
    /// A department file.
    Department(Box<(Department, DepartmentSpans)>),
    /// Neither could be built; the findings say why.
    Unknown,
}

/// Lowers a parsed document, reporting structural problems into `sink`.
pub fn lower(root: &DeTable<'_>, text_len: usize, sink: &mut Sink) -> Lowered {
    let project = root.get("project");
    let department = root.get("department");
    match (project, department) {
        (Some(_), None) => lower_project(root, sink),
        (None, Some(_)) => lower_department(root, sink),
        (Some(_), Some(d)) => {
            sink.report(
                &FILE_KIND,
                d.span(),
                "同一个文件里既有 [project] 又有 [department]",
                Some("每个项目一个文件；部门整体目标放在该部门目录下的 department.toml".into()),
            );
            Lowered::Unknown
        }
        (None, None) => {
            let span = root
                .keys()
                .next()
                .map_or(0..text_len.min(1), toml::Spanned::span);
            sink.report(
                &FILE_KIND,
                span,
                "文件中没有 [project] 或 [department] 表，无法判断是项目文件还是部门文件",
                Some("项目文件以 [project] 开头，部门文件以 [department] 开头".into()),
            );
            Lowered::Unknown
        }
    }
}

fn lower_project(root: &DeTable<'_>, sink: &mut Sink) -> Lowered {
    let top = Table::new(root, 0..0, TOP_LEVEL.into(), PROJECT_TOP, sink);
    let Some(head) = top.table("project", true, sink) else {
        return Lowered::Unknown;
    };
    let fields = Table::new(
        head.value,
        head.span.clone(),
        "[project]".into(),
        PROJECT,
        sink,
    );
    // Missing tables are reported at the [project] header: the file has no better place.
    let top = top.pointing_at(head.span.clone());

    let name = fields.str("name", true, sink);
    let department = fields.str("department", true, sink);
    let year = fields.int("year", true, sink);
    let goals = fields.str_list("goals", true, sink);
    let mut spans = ProjectSpans {
        project: head.span.clone(),
        name: name.as_ref().map(|n| n.span.clone()),
        department: department.as_ref().map(|d| d.span.clone()),
        year: year.as_ref().map(|y| y.span.clone()),
        goals: goals.as_ref().map(|g| g.span.clone()),
        ..ProjectSpans::default()
    };
    let budget = top
        .table("budget", true, sink)
        .and_then(|b| lower_budget(b, &mut spans, sink));
    let plan = top
        .table("plan", false, sink)
        .map(|p| lower_plan(p, &mut spans, sink));
    let rows = top.tables("indicator", true, sink);
    let indicators = rows
        .into_iter()
        .enumerate()
        .filter_map(|(i, row)| lower_indicator(i, row, sink))
        .map(|(indicator, span)| {
            spans.indicators.push(span);
            indicator
        })
        .collect();

    let project = Project {
        name: name.map(|n| n.value).unwrap_or_default(),
        title: fields.str("title", false, sink).map(|t| t.value),
        code: fields
            .str("code", false, sink)
            .map(|c| c.value)
            // The official form writes ———— in the 项目编码 cell of a project without a code.
            .filter(|c| {
                !c.trim().is_empty() && !c.trim().chars().all(|ch| matches!(ch, '—' | '-' | '/'))
            }),
        department: department.map(|d| d.value).unwrap_or_default(),
        year: year.map(|y| y.value),
        purpose: fields.str("purpose", false, sink).map(|p| p.value),
        goals: goals
            .map(|g| g.value.into_iter().map(|g| g.value).collect())
            .unwrap_or_default(),
        budget,
        plan,
        indicators,
    };
    Lowered::Project(Box::new((project, spans)))
}

fn lower_budget(
    table: At<&DeTable<'_>>,
    spans: &mut ProjectSpans,
    sink: &mut Sink,
) -> Option<Budget> {
    let fields = Table::new(
        table.value,
        table.span.clone(),
        "[budget]".into(),
        BUDGET,
        sink,
    );
    spans.budget = Some(table.span);
    let unit = match fields.str("unit", false, sink) {
        None => MoneyUnit::default(),
        Some(At { value, span }) => MoneyUnit::from_label(&value).unwrap_or_else(|| {
            sink.report(
                &WRONG_TYPE,
                span,
                format!("[budget] 的金额单位 `unit` 不认识：\"{value}\""),
                Some("可用的单位：元、万元、亿元（省略时为万元）".into()),
            );
            MoneyUnit::default()
        }),
    };
    let total = fields.decimal("total", true, sink);
    let fiscal = fields.decimal("fiscal", false, sink);
    let other = fields.decimal("other", false, sink);
    spans.total = total.as_ref().map(|t| t.span.clone());
    spans.fiscal = fiscal.as_ref().map(|f| f.span.clone());
    spans.other = other.as_ref().map(|o| o.span.clone());
    Some(Budget {
        unit,
        total: total?.value,
        fiscal: fiscal.map(|f| f.value),
        other: other.map(|o| o.value),
    })
}

fn lower_plan(table: At<&DeTable<'_>>, spans: &mut ProjectSpans, sink: &mut Sink) -> SpendingPlan {
    spans.plan = Some(table.span);
    let mut points: Vec<(PlanPoint, Range<usize>)> = Vec::new();
    for (key, value) in table.value {
        let Ok(month) = key.get_ref().trim().parse::<i64>() else {
            sink.report(
                &WRONG_TYPE,
                key.span(),
                format!("[plan] 的键应为月份数字，这里是 `{}`", key.get_ref()),
                Some("写成 `3 = 20` 表示截至 3 月底累计支出 20%".into()),
            );
            continue;
        };
        let Some(percent) = decimal_value(value.get_ref(), true) else {
            sink.report(
                &WRONG_TYPE,
                value.span(),
                format!(
                    "[plan] 中 {month} 月的累计支出比例应为数字，这里是{}",
                    describe(value.get_ref())
                ),
                Some(format!(
                    "写成 `{month} = 50` 表示截至 {month} 月底累计支出 50%"
                )),
            );
            continue;
        };
        points.push((
            PlanPoint { month, percent },
            key.span().start..value.span().end,
        ));
    }
    points.sort_by_key(|(p, _)| p.month);
    spans.plan_points = points.iter().map(|(_, s)| s.clone()).collect();
    SpendingPlan::new(points.into_iter().map(|(p, _)| p).collect())
}

fn lower_indicator(
    index: usize,
    row: At<&DeTable<'_>>,
    sink: &mut Sink,
) -> Option<(Indicator, IndicatorSpans)> {
    let name = format!("第 {} 个 [[indicator]]", index + 1);
    let fields = Table::new(row.value, row.span.clone(), name, INDICATOR, sink);
    let level1 = fields.str("level1", true, sink);
    let level2 = fields.str("level2", true, sink);
    let indicator_name = fields.str("name", true, sink);
    let target = fields.str("target", true, sink);
    let description = fields.str("description", false, sink).map(|d| d.value);
    let basis = fields.str("basis", false, sink).map(|b| b.value);
    let (level1, level2, target) = (level1?, level2?, target?);
    let name_span = indicator_name
        .as_ref()
        .map_or(row.span.clone(), |n| n.span.clone());
    let mut indicator = Indicator::new(
        &level1.value,
        &level2.value,
        indicator_name
            .map(|n| n.value)
            .as_deref()
            .unwrap_or_default(),
        &target.value,
    );
    indicator.description = description;
    indicator.basis = basis;
    let spans = IndicatorSpans {
        index,
        row: row.span,
        level1: level1.span,
        level2: level2.span,
        name: name_span,
        target: target.span,
    };
    Some((indicator, spans))
}

fn lower_department(root: &DeTable<'_>, sink: &mut Sink) -> Lowered {
    let top = Table::new(root, 0..0, TOP_LEVEL.into(), DEPARTMENT_TOP, sink);
    let Some(head) = top.table("department", true, sink) else {
        return Lowered::Unknown;
    };
    let fields = Table::new(
        head.value,
        head.span.clone(),
        "[department]".into(),
        DEPARTMENT,
        sink,
    );
    let name = fields.str("name", true, sink);
    let year = fields.int("year", true, sink);
    let list = |key: &str, sink: &mut Sink| -> Vec<String> {
        fields
            .str_list(key, false, sink)
            .map(|l| l.value.into_iter().map(|s| s.value).collect())
            .unwrap_or_default()
    };
    let aliases = list("aliases", sink);
    let overall = list("overall", sink);
    let measures = list("measures", sink);
    let objectives = top
        .tables("objective", false, sink)
        .into_iter()
        .enumerate()
        .filter_map(|(i, row)| {
            let name = format!("第 {} 个 [[objective]]", i + 1);
            let fields = Table::new(row.value, row.span, name, OBJECTIVE, sink);
            Some(Objective {
                title: fields.str("title", true, sink)?.value,
                goal: fields.str("goal", false, sink).map(|g| g.value),
                indicator: fields.str("indicator", false, sink).map(|i| i.value),
            })
        })
        .collect();
    let spans = DepartmentSpans {
        department: head.span,
        name: name.as_ref().map(|n| n.span.clone()),
        year: year.as_ref().map(|y| y.span.clone()),
    };
    let department = Department {
        name: name.map(|n| n.value).unwrap_or_default(),
        aliases,
        year: year.map(|y| y.value),
        overall,
        measures,
        objectives,
    };
    Lowered::Department(Box::new((department, spans)))
}
