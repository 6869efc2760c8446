//! The keys each table of a budget file accepts, with the term on the official form. One
//! table per TOML table: lowering reads by them (unknown keys are findings), docs and the
//! JSON Schema are written from them.

use crate::source::fields::Field;
use crate::source::fields::Kind::{
    Amount, Bool, Choice, Integer, Level1, Level2, MonthAmounts, Months, Table, Tables, Text,
    TextList, Years,
};

const fn f(key: &'static str, label: &'static str) -> Field {
    Field::new(key, label)
}

/// Top level of a project file.
pub const PROJECT_TOP: &[Field] = &[
    f("project", "项目")
        .of(Table(PROJECT))
        .required()
        .doc("项目绩效目标表的表头：名称、主管部门、年度、资金用途、绩效目标"),
    f("budget", "预算规模")
        .of(Table(BUDGET))
        .required()
        .doc("预算数及资金来源，默认单位万元"),
    f("plan", "资金支出计划")
        .of(Months)
        .doc("截至各月底累计支出占预算数的百分比，键为月份，如 3 = 20；12 月须为 100"),
    f("indicator", "绩效指标")
        .of(Tables(INDICATOR))
        .required()
        .doc("绩效指标表：每行一个 [[indicator]]，按原表顺序"),
    f("execution", "预算执行情况").of(Table(EXECUTION)),
];

/// `[project]`.
pub const PROJECT: &[Field] = &[
    f("name", "项目名称")
        .of(Text)
        .required()
        .doc("与原表一致；同一部门、同一年度的项目名称不能重复（X001）"),
    f("title", "表头标题")
        .of(Text)
        .doc("原表标题与项目名称不同时照录"),
    f("code", "项目编码").of(Text).doc("原表写“————”时省略此键"),
    f("department", "主管部门")
        .of(Text)
        .required()
        .doc("部门全称，与部门文件的 name 或 aliases 一致（X002）"),
    f("implementer", "实施单位")
        .of(Text)
        .doc("与主管部门不同时填写"),
    f("year", "预算年度")
        .of(Integer)
        .required()
        .doc("如 2024（不加引号，不写“年”）"),
    f("period", "实施期")
        .of(Text)
        .doc("开始年-月/结束年-月，如 \"2024-01/2024-12\""),
    f("framework", "指标体系")
        .of(Choice(&["lenient", "88", "101"]))
        .doc("本文件适用的：lenient（默认）、88（财预〔2015〕88号）或 101（财预〔2021〕101号）"),
    f("purpose", "资金用途").of(Text),
    f("goals", "年度绩效目标")
        .of(TextList)
        .required()
        .doc("一条目标一项"),
    f("long_term_goals", "长期绩效目标").of(TextList),
    f("medium_term", "中期预算")
        .of(Years)
        .doc("年份 = 金额（单位同 [budget]），如 { 2025 = 4000, 2026 = 4200 }"),
];

/// `[budget]`.
pub const BUDGET: &[Field] = &[
    f("unit", "金额单位")
        .of(Choice(&["元", "万元", "亿元", "万", "亿"]))
        .doc("省略时为万元"),
    f("total", "预算数")
        .of(Amount)
        .required()
        .doc("精确小数，如 4000、1234.56；不加引号，不带单位和千分位"),
    f("fiscal", "财政资金")
        .of(Amount)
        .doc("预算数中由财政拨款安排的部分"),
    f("other", "其他资金")
        .of(Amount)
        .doc("原表空白时省略：按 预算数 − 财政资金 推算"),
    f("items", "预算明细").of(Tables(BUDGET_ITEM)),
    f("sources", "资金来源明细").of(Tables(BUDGET_ITEM)),
];

/// One `[[budget.items]]` or `[[budget.sources]]` row.
pub const BUDGET_ITEM: &[Field] = &[
    f("name", "明细名称").of(Text).required(),
    f("amount", "金额").of(Amount).required(),
];

/// One `[[indicator]]` row.
pub const INDICATOR: &[Field] = &[
    f("level1", "一级指标")
        .of(Level1)
        .required()
        .doc("产出指标、效益指标（效果指标）、满意度指标，101号另有成本指标"),
    f("level2", "二级指标")
        .of(Level2)
        .required()
        .doc("须属于所在的一级指标，如 产出指标 下的 数量指标"),
    f("name", "三级指标").of(Text).required(),
    f("description", "绩效指标描述").of(Text),
    f("target", "指标值").of(Text).required().doc(
        "照原文书写，必须加引号：\"≥5个\"、\"=100%\"、\"≤2800万元\"、\"2024年12月底前\"、\"是\"",
    ),
    f("unit", "度量单位")
        .of(Text)
        .doc("指标值与单位分开书写时的单位，如 \"%\""),
    f("direction", "指标方向").of(Choice(&["正向", "反向", "正向指标", "反向指标"])),
    f("baseline", "上年实际值").of(Text),
    f("weight", "权重")
        .of(Amount)
        .doc("分值；写了权重的项目各行合计应为 100"),
    f("basis", "指标值确定依据")
        .of(Text)
        .doc("计划标准、行业标准、历史标准或其他标准"),
    f("basis_note", "依据说明")
        .of(Text)
        .doc("101号：依据为其他标准时须说明"),
    f("actual", "实际完成值")
        .of(Text)
        .doc("截至目前（年度结束后为全年）的实际完成值，按指标值的写法和单位，如 \"1180人\"、\"96%\"、\"是\""),
    f("grade", "自评等级")
        .of(Text)
        .doc("定性指标的自评：达成、部分达成、未达成，可跟得分比例，如 \"部分达成 70%\""),
    f("self_score", "得分（单位自评）")
        .of(Amount)
        .doc("单位自评表本行的得分，照表抄录；perf 用来核对自己的得分（E009），不参与计分"),
    f("applicable", "是否适用").of(Bool).doc("true 或 false；false 表示本年度不适用，自评时剔除并折算其余权重"),
    f("likelihood", "完成目标可能性")
        .of(Choice(LIKELIHOODS))
        .doc("有可能、不可能时须写 reason 和 measure（E002）"),
    f("reason", "偏差原因").of(Text).doc("原因分析"),
    f("reason_category", "原因类别").of(Choice(REASON_CATEGORIES)),
    f("measure", "改进措施").of(Text),
];

/// The words `likelihood` accepts.
const LIKELIHOODS: &[&str] = &["确定能", "有可能", "不可能"];
/// The words `reason_category` accepts.
const REASON_CATEGORIES: &[&str] = &["经费保障", "制度保障", "人员保障", "硬件条件保障", "其他"];

/// `[execution]`: 预算执行 during and after the year (docs/monitoring.md).
pub const EXECUTION: &[Field] = &[
    f("adjusted_budget", "调整后预算数")
        .of(Amount)
        .doc("单位同 [budget]；省略时为预算数"),
    f("spent", "累计执行数")
        .of(MonthAmounts)
        .doc("截至各月底的累计执行数，单位同 [budget]，如 { 3 = 650, 6 = 1900 }"),
    f("forecast", "全年预计执行数")
        .of(Amount)
        .doc("单位同 [budget]"),
    f("self_rate", "执行率（自评表所列）")
        .of(Amount)
        .doc("单位自评表印的执行率，百分数，如 80.45；perf 与 执行数 ÷ 调整后预算数 核对（E008）"),
    f("self_total", "总分（单位自评）")
        .of(Amount)
        .doc("单位自评表的总得分；perf score 并列显示，相差超过 5 分时提示（E010）"),
    f("self_rate_points", "执行率分值（自评表所列）")
        .of(Amount)
        .doc("单位自评表给预算执行率的分值，通常为 10；与各指标的 weight 合计应为 100（E016）"),
    f("reason", "偏差原因")
        .of(Text)
        .doc("执行率偏低的原因；年底执行率低于 90% 时须写（E004）"),
    f("reason_category", "原因类别").of(Choice(REASON_CATEGORIES)),
    f("measure", "改进措施").of(Text),
];

/// Top level of a department file.
pub const DEPARTMENT_TOP: &[Field] = &[
    f("department", "部门").of(Table(DEPARTMENT)).required(),
    f("objective", "分项绩效目标").of(Tables(OBJECTIVE)),
];

/// `[department]`.
pub const DEPARTMENT: &[Field] = &[
    f("name", "部门名称")
        .of(Text)
        .required()
        .doc("全称；项目文件的 department 写这个名称"),
    f("aliases", "简称")
        .of(TextList)
        .doc("perf summary --dept 可用简称"),
    f("year", "预算年度").of(Integer).required(),
    f("budget", "部门预算总额（万元）")
        .of(Amount)
        .doc("须等于本部门各项目预算数之和"),
    f("overall", "总体绩效目标").of(TextList).doc("一段一项"),
    f("measures", "工作保障措施").of(TextList).doc("一条一项"),
    f("projects", "项目顺序")
        .of(TextList)
        .doc("部门预算绩效文本中各项目绩效目标表的顺序（项目名称）；perf import 记下，perf export --format text|docx 按它排列"),
];

/// One `[[objective]]` row.
pub const OBJECTIVE: &[Field] = &[
    f("title", "分项名称").of(Text).required(),
    f("goal", "绩效目标").of(Text),
    f("indicator", "绩效指标")
        .of(Text)
        .doc("原文的一段文字，不按指标值语法读取"),
];
