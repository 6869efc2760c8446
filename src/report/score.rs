//! `perf score` as grids: one row per project (scores by 一级, total, grade), and with
//! `--explain` one row per scored line with its formula, inputs, weight and score.

use rust_decimal::Decimal;

use crate::model::money::format2;
use crate::report::grid::Grid;
use crate::score::{Group, ProjectScore, ScoreReport};
use crate::track::sum;

const UNKNOWN: &str = "—";

fn group_score(p: &ProjectScore, group: Group) -> Option<Decimal> {
    p.groups
        .iter()
        .find(|g| g.group == group.label())
        .map(|g| g.score)
}

/// One row per project; the last row averages the projects shown.
pub fn score_grid(report: &ScoreReport) -> Grid {
    let departments: std::collections::BTreeSet<&str> = report
        .projects
        .iter()
        .map(|p| p.department.as_str())
        .collect();
    let several = departments.len() > 1;
    let mut header: Vec<String> = if several {
        vec!["部门".into(), "项目".into()]
    } else {
        vec!["项目".into()]
    };
    let labels = header.len();
    header.extend(Group::ALL.iter().map(|g| g.label().to_owned()));
    header.extend(["总分", "等级", "权重来源"].map(String::from));
    let right = (0..header.len())
        .map(|i| i >= labels && i < labels + Group::ALL.len() + 1)
        .collect();
    let mut rows = Vec::new();
    for p in &report.projects {
        let mut row = if several {
            vec![p.department.clone()]
        } else {
            Vec::new()
        };
        row.push(p.name.clone());
        row.extend(
            Group::ALL
                .iter()
                .map(|&g| group_score(p, g).map_or_else(|| UNKNOWN.to_owned(), format2)),
        );
        row.push(format2(p.total));
        row.push(p.grade.to_owned());
        row.push(
            if p.weights_from == "indicator" {
                "指标权重"
            } else {
                "默认权重"
            }
            .to_owned(),
        );
        rows.push(row);
    }
    let n = report.projects.len();
    let mut total = if several {
        vec!["平均".to_owned(), format!("{n} 个项目")]
    } else {
        vec![format!("平均（{n} 个项目）")]
    };
    let average = |values: Vec<Decimal>| -> String {
        let count = values.len();
        sum(values)
            .checked_div(Decimal::from(count))
            .map_or_else(|| UNKNOWN.to_owned(), format2)
    };
    for g in Group::ALL {
        total.push(average(
            report
                .projects
                .iter()
                .filter_map(|p| group_score(p, g))
                .collect(),
        ));
    }
    total.push(average(report.projects.iter().map(|p| p.total).collect()));
    total.extend([String::new(), String::new()]);
    let mut notes = vec![
        "注：总分 = 各行得分之和（各行四舍五入到 0.01）；等级 优 ≥ 90，良 80–89.99，中 60–79.99，差 < 60。`--explain` 显示每行的公式和数据。".to_owned(),
    ];
    if !report.unscored.is_empty() {
        notes.push(format!(
            "注：{} 个项目没有执行或自评数据，未评分：{}。",
            report.unscored.len(),
            report
                .unscored
                .iter()
                .map(|u| u.name.as_str())
                .collect::<Vec<_>>()
                .join("、")
        ));
    }
    let title = match departments.iter().collect::<Vec<_>>().as_slice() {
        [only] => format!("{only} 绩效自评得分"),
        _ => "绩效自评得分".to_owned(),
    };
    Grid {
        title,
        header,
        right,
        rows,
        total,
        notes,
    }
}

/// Every line of the projects given, with its formula: one grid for one project (a table
/// per project in the terminal), or all of them with a 项目 column (CSV).
pub fn explain_grid(projects: &[&ProjectScore]) -> Grid {
    let several = projects.len() > 1;
    let mut header: Vec<String> = if several {
        vec!["项目".into()]
    } else {
        Vec::new()
    };
    let labels = header.len();
    header.extend(
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值",
            "实际完成值",
            "计分方法",
            "权重",
            "得分",
            "计算过程",
        ]
        .map(String::from),
    );
    let right = (0..header.len())
        .map(|i| i == labels + 6 || i == labels + 7)
        .collect();
    let mut rows = Vec::new();
    for p in projects {
        for r in &p.rows {
            let mut row = if several {
                vec![p.name.clone()]
            } else {
                Vec::new()
            };
            let actual = match (&r.actual, &r.grade) {
                (Some(a), _) => a.clone(),
                (None, Some(g)) => format!("自评：{g}"),
                (None, None) => UNKNOWN.to_owned(),
            };
            row.extend([
                r.group.to_owned(),
                r.level2.clone(),
                r.name.clone(),
                r.target.clone(),
                actual,
                if r.method_zh.is_empty() {
                    UNKNOWN.to_owned()
                } else {
                    r.method_zh.to_owned()
                },
                r.weight.map_or_else(|| UNKNOWN.to_owned(), format2),
                r.score.map_or_else(|| UNKNOWN.to_owned(), format2),
                r.explain.clone(),
            ]);
            rows.push(row);
        }
    }
    let weight = sum(projects
        .iter()
        .flat_map(|p| p.rows.iter().filter_map(|r| r.weight)));
    let score = sum(projects.iter().map(|p| p.total));
    let mut total = if several {
        vec![format!("合计（{} 个项目）", projects.len())]
    } else {
        Vec::new()
    };
    let grade = match projects {
        [only] => format!("总分 {}，等级 {}", format2(only.total), only.grade),
        _ => String::new(),
    };
    total.extend([
        "合计".to_owned(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        format2(weight),
        format2(score),
        grade,
    ]);
    let title = match projects {
        [only] => format!("{} 绩效自评计算明细（{}）", only.name, only.department),
        _ => "绩效自评计算明细".to_owned(),
    };
    let mut notes: Vec<String> = projects
        .iter()
        .flat_map(|p| {
            p.notes.iter().map(move |n| {
                if several {
                    format!("注：{}：{n}", p.name)
                } else {
                    format!("注：{n}")
                }
            })
        })
        .collect();
    notes.push(
        "注：权重为按比例折算到 100 后的分值（最大余额法取到 0.01）；得分 = 权重 × 完成率，完成率取到 0.01%、最高 100%，得分四舍五入到 0.01。".into(),
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
