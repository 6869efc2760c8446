//! `perf monitor` as grids: departments, projects, or indicators at the as-of date. The
//! numbers come rounded from `track`; this file only lays them out.

use rust_decimal::Decimal;

use crate::model::money::format2;
use crate::report::grid::Grid;
use crate::track::status::Figures;
use crate::track::{DepartmentMonitor, MonitorReport, ProjectMonitor, sum};

const UNKNOWN: &str = "—";

fn percent(value: Option<Decimal>, combined: bool) -> String {
    match value {
        None => UNKNOWN.to_owned(),
        Some(v) if combined => format!("{}%", format2(v)),
        Some(v) => format2(v),
    }
}

/// A gap in points with its sign (`+2.50`, `-12.30`).
fn gap(value: Option<Decimal>) -> String {
    match value {
        None => UNKNOWN.to_owned(),
        Some(v) if v.is_sign_positive() && !v.is_zero() => format!("+{}", format2(v)),
        Some(v) => format2(v),
    }
}

const FIGURE_HEADINGS: [&str; 8] = [
    "调整后预算",
    "累计执行",
    "执行率",
    "计划进度",
    "序时进度",
    "较计划",
    "较序时",
    "状态",
];

fn figure_cells(f: &Figures, combined: bool) -> Vec<String> {
    vec![
        format2(f.budget),
        format2(f.spent),
        percent(f.rate, combined),
        percent(f.planned, combined),
        percent(Some(f.elapsed), combined),
        gap(f.gap_plan),
        gap(f.gap_elapsed),
        f.status_zh.to_owned(),
    ]
}

fn headings(label: &[&str], extra: &[&str]) -> (Vec<String>, Vec<bool>) {
    let header: Vec<String> = label
        .iter()
        .chain(FIGURE_HEADINGS.iter())
        .chain(extra)
        .map(|s| (*s).to_owned())
        .collect();
    let status_at = label.len() + FIGURE_HEADINGS.len() - 1;
    let right = (0..header.len())
        .map(|i| i >= label.len() && i != status_at)
        .collect();
    (header, right)
}

fn month_note(report: &MonitorReport) -> Vec<String> {
    let mut notes = vec![format!(
        "注：截至 {}。执行率 = 累计执行数 ÷ 调整后预算数；计划进度取资金支出计划在该月底的累计比例；序时进度 = 已过月份 ÷ 12；较计划、较序时为执行率减去它们的百分点（负数为落后）。落后超过关注线为“关注”，超过预警线为“预警”，取两者中落后较多的一项。",
        report.as_of
    )];
    if !report.left_out.is_empty() {
        notes.push(format!(
            "注：{} 个项目没有执行数据，未列入（见 JSON 输出的 left_out）。",
            report.left_out.len()
        ));
    }
    notes
}

/// One row per department and year.
pub fn department_grid(report: &MonitorReport, combined: bool) -> Grid {
    let (header, mut right) = headings(&["部门", "年度", "截至", "项目数"], &[]);
    if let Some(count) = right.get_mut(3) {
        *count = true;
    }
    let rows = report
        .departments
        .iter()
        .map(|d| {
            let mut row = vec![
                d.name.clone(),
                d.year.to_string(),
                format!("{}月底", d.month),
                d.projects.len().to_string(),
            ];
            row.extend(figure_cells(&d.totals, combined));
            row
        })
        .collect();
    let projects: usize = report.departments.iter().map(|d| d.projects.len()).sum();
    let mut total = vec![
        "合计".to_owned(),
        String::new(),
        String::new(),
        projects.to_string(),
    ];
    total.extend(total_cells(report, combined));
    Grid {
        title: "部门预算执行监控（金额单位：万元）".into(),
        header,
        right,
        rows,
        total,
        notes: month_note(report),
    }
}

/// The whole view's totals: the department figures summed when they share an as-of month,
/// otherwise money only.
fn total_cells(report: &MonitorReport, combined: bool) -> Vec<String> {
    match &report.totals {
        Some(f) => figure_cells(f, combined),
        None => {
            let mut cells = vec![
                format2(sum(report.departments.iter().map(|d| d.totals.budget))),
                format2(sum(report.departments.iter().map(|d| d.totals.spent))),
            ];
            cells.extend(std::iter::repeat_n(
                UNKNOWN.to_owned(),
                FIGURE_HEADINGS.len() - 2,
            ));
            cells
        }
    }
}

/// One row per project.
pub fn project_grid(report: &MonitorReport, combined: bool) -> Grid {
    let several = report.departments.len() > 1;
    let label: &[&str] = if several {
        &["部门", "项目", "截至"]
    } else {
        &["项目", "截至"]
    };
    let (header, right) = headings(label, &["全年预计", "预计执行率"]);
    let mut rows = Vec::new();
    for d in &report.departments {
        for p in &d.projects {
            let mut row = if several {
                vec![d.name.clone()]
            } else {
                Vec::new()
            };
            row.push(p.name.clone());
            row.push(data_month(p, d));
            row.extend(figure_cells(&p.figures, combined));
            row.push(p.forecast.map_or_else(|| UNKNOWN.to_owned(), format2));
            row.push(percent(p.forecast_rate, combined));
            rows.push(row);
        }
    }
    let count: usize = report.departments.iter().map(|d| d.projects.len()).sum();
    let mut total = if several {
        vec!["合计".to_owned(), format!("{count} 个项目"), String::new()]
    } else {
        vec![format!("合计（{count} 个项目）"), String::new()]
    };
    total.extend(total_cells(report, combined));
    total.extend([String::new(), String::new()]);
    let title = match report.departments.as_slice() {
        [only] => format!(
            "{} {}年 项目预算执行监控（金额单位：万元）",
            only.name, only.year
        ),
        _ => "项目预算执行监控（金额单位：万元）".to_owned(),
    };
    let mut notes = month_note(report);
    notes.push(
        "注：“截至”为所用执行数的月份；该月之后没有新的执行数时，按最近一次累计数计。".into(),
    );
    Grid {
        title,
        header,
        right,
        rows,
        total,
        notes,
    }
}

fn data_month(p: &ProjectMonitor, d: &DepartmentMonitor) -> String {
    match p.data_month {
        Some(m) => format!("{m}月底"),
        None if d.month == 0 => "未开始".to_owned(),
        None => "无执行数".to_owned(),
    }
}

/// One row per indicator of every project shown.
pub fn indicator_grid(report: &MonitorReport, combined: bool) -> Grid {
    let header: Vec<String> = [
        "项目",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "实际完成值",
        "完成比例",
        "完成可能性",
        "原因类别",
        "偏差原因",
        "改进措施",
    ]
    .map(String::from)
    .to_vec();
    let right = (0..header.len()).map(|i| i == 6).collect();
    let mut rows = Vec::new();
    let mut counts = [0usize; 3];
    for p in report.departments.iter().flat_map(|d| &d.projects) {
        for i in &p.indicators {
            match i.likelihood {
                Some("确定能") => counts[0] += 1,
                Some("有可能") => counts[1] += 1,
                Some("不可能") => counts[2] += 1,
                _ => {}
            }
            let completion = if i.applicable {
                percent(i.completion, combined)
            } else {
                "不适用".to_owned()
            };
            rows.push(vec![
                p.name.clone(),
                i.level1.clone(),
                i.level2.clone(),
                i.name.clone(),
                i.target.clone(),
                match (&i.actual, &i.grade) {
                    (Some(a), _) => a.clone(),
                    (None, Some(g)) => format!("自评：{g}"),
                    (None, None) => UNKNOWN.to_owned(),
                },
                completion,
                i.likelihood.unwrap_or(UNKNOWN).to_owned(),
                i.reason_category.unwrap_or_default().to_owned(),
                i.reason.clone().unwrap_or_default(),
                i.measure.clone().unwrap_or_default(),
            ]);
        }
    }
    let mut total = vec![format!("合计（{} 个指标）", rows.len())];
    total.extend(std::iter::repeat_n(String::new(), 6));
    total.push(format!(
        "确定能 {} / 有可能 {} / 不可能 {}",
        counts[0], counts[1], counts[2]
    ));
    total.extend(std::iter::repeat_n(String::new(), 3));
    Grid {
        title: format!("绩效目标实现情况（截至 {}）", report.as_of),
        header,
        right,
        rows,
        total,
        notes: vec![
            "注：完成比例按自评公式计算、不封顶：正向 B/A，反向 A/B，等于、是/否为达到 100% 或 0，定性指标取自评等级的比例。实际完成值为文件中记录的最新值。".into(),
        ],
    }
}
