//! `perf new`: commented skeletons of a project and a department file, written from the key
//! tables of `source::schema` (each key with its Chinese term and explanation) and from the
//! indicator framework (one row for each 二级指标 the preset expects), and a project copied
//! from another with its money cleared.
//!
//! Placeholders are blank on purpose: `perf validate` then points at every one still to fill
//! (an empty 指标值 is I006, an empty goal P001), so nothing half-done passes unnoticed.

use std::fmt::Write;

use rust_decimal::Decimal;

use crate::model::framework::{Level1, Preset};
use crate::model::plan::{PlanPoint, SpendingPlan};
use crate::model::project::Project;
use crate::source::fields::Field;
use crate::source::schema::{BUDGET, DEPARTMENT, INDICATOR, OBJECTIVE, PROJECT};
use crate::toml_writer::canonical;

/// The checkpoints every plan states (3、6、10、12 月底, as the official table has them).
pub const CHECKPOINTS: [i64; 4] = [3, 6, 10, 12];

/// The 二级指标 a new project gets one row of, under each 一级, for `preset`.
pub fn expected_rows(preset: Preset) -> Vec<(&'static str, &'static str)> {
    let plan: &[(Level1, &[&str])] = match preset {
        Preset::F101 => &[
            (Level1::Output, &["数量指标", "质量指标", "时效指标"]),
            (Level1::Cost, &["经济成本指标"]),
            (Level1::Effect, &["社会效益指标"]),
            (Level1::Satisfaction, &["服务对象满意度指标"]),
        ],
        Preset::F88 | Preset::Lenient => &[
            (
                Level1::Output,
                &["数量指标", "质量指标", "时效指标", "成本指标"],
            ),
            (Level1::Effect, &["社会效益指标"]),
            (Level1::Satisfaction, &["服务对象满意度指标"]),
        ],
    };
    plan.iter()
        .flat_map(|(l1, l2s)| {
            let allowed = l1.allowed_level2(preset);
            l2s.iter()
                .filter(move |l2| allowed.contains(l2))
                .map(move |l2| (l1.label(), *l2))
        })
        .collect()
}

/// A new project file: every section, the rows `preset` expects, the 3/6/10/12 checkpoints.
pub fn project(name: &str, department: &str, year: i64, preset: Preset) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {department} {year}年 项目绩效目标表（perf new 生成）\n\
         # 把每个 \"\" 和 0 换成原表的内容，不需要的可选项删去；改完运行 perf validate。\n\
         [project]"
    );
    section(
        &mut out,
        PROJECT,
        &[
            ("name", quote(name)),
            ("department", quote(department)),
            ("year", year.to_string()),
            ("purpose", "\"\"".into()),
            ("goals", "[\n  \"\",\n  \"\",\n]".into()),
        ],
    );
    out.push_str("\n# 预算规模（万元）\n[budget]\n");
    section(
        &mut out,
        BUDGET,
        &[("total", "0".into()), ("fiscal", "0".into())],
    );
    out.push_str("\n# 资金支出计划（%）：截至各月底累计支出占预算数的比例\n[plan]\n");
    for month in CHECKPOINTS {
        let percent = if month == 12 { 100 } else { 0 };
        let _ = writeln!(out, "{month} = {percent}");
    }
    for (i, (level1, level2)) in expected_rows(preset).into_iter().enumerate() {
        let _ = writeln!(out, "\n# {level1} · {level2}\n[[indicator]]");
        let keys = [
            ("level1", quote(level1)),
            ("level2", quote(level2)),
            ("name", "\"\"".into()),
            ("description", "\"\"".into()),
            ("target", "\"\"".into()),
            ("basis", "\"\"".into()),
        ];
        // The first row explains every key; the others stay short.
        if i == 0 {
            section(&mut out, INDICATOR, &keys);
        } else {
            for (key, value) in keys {
                let _ = writeln!(out, "{key} = {value}");
            }
        }
    }
    canonical::format(&out).unwrap_or(out)
}

/// A new department file.
pub fn department(name: &str, aliases: &[String], year: i64) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {name} {year}年 部门整体绩效目标（perf new 生成）\n\
         # 把每个 \"\" 换成原文，不需要的可选项删去；改完运行 perf validate。\n\
         [department]"
    );
    let aliases: Vec<String> = aliases.iter().map(|a| quote(a)).collect();
    section(
        &mut out,
        DEPARTMENT,
        &[
            ("name", quote(name)),
            ("aliases", format!("[{}]", aliases.join(", "))),
            ("year", year.to_string()),
            ("overall", "[\n  \"\",\n]".into()),
            ("measures", "[\n  \"\",\n]".into()),
        ],
    );
    out.push_str("\n# 分项绩效目标：每项一个 [[objective]]\n[[objective]]\n");
    section(
        &mut out,
        OBJECTIVE,
        &[
            ("title", "\"\"".into()),
            ("goal", "\"\"".into()),
            ("indicator", "\"\"".into()),
        ],
    );
    canonical::format(&out).unwrap_or(out)
}

/// The keys of one table in schema order: those given with their value and a comment naming
/// them, the other optional keys as a comment saying what they are for.
fn section(out: &mut String, fields: &[Field], values: &[(&str, String)]) {
    for field in fields {
        let explain = if field.doc.is_empty() {
            field.label.to_owned()
        } else {
            format!("{}：{}", field.label, field.doc)
        };
        match values.iter().find(|(k, _)| *k == field.key) {
            Some((key, value)) => {
                let _ = writeln!(out, "# {explain}\n{key} = {value}");
            }
            None if !field.required && is_scalar_or_list(field) => {
                let _ = writeln!(out, "# （可选）{} — {explain}", field.key);
            }
            None => {}
        }
    }
}

fn is_scalar_or_list(field: &Field) -> bool {
    use crate::source::fields::Kind;
    !matches!(field.kind, Kind::Any | Kind::Table(_) | Kind::Tables(_))
}

/// A TOML basic string.
fn quote(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_owned()
}

/// `template` as the start of a new project: its structure and texts kept, its money cleared
/// (budget amounts 0, plan 0 until 12 月底 = 100, money cost targets blank, no 中期预算), its
/// identity replaced (name, department, year; no code or title).
pub fn project_from(template: &Project, name: &str, department: &str, year: i64) -> Project {
    let mut p = template.clone();
    p.name = name.to_owned();
    p.department = department.to_owned();
    p.year = Some(year);
    p.code = None;
    p.title = None;
    p.medium_term.clear();
    if let Some(budget) = p.budget.as_mut() {
        budget.total = Decimal::ZERO;
        budget.fiscal = budget.fiscal.map(|_| Decimal::ZERO);
        budget.other = budget.other.map(|_| Decimal::ZERO);
        for line in budget.items.iter_mut().chain(budget.sources.iter_mut()) {
            line.amount = Decimal::ZERO;
        }
    }
    let months: Vec<i64> = p
        .plan
        .as_ref()
        .map(|plan| plan.points.iter().map(|pt| pt.month).collect())
        .filter(|m: &Vec<i64>| !m.is_empty())
        .unwrap_or_else(|| CHECKPOINTS.to_vec());
    p.plan = Some(SpendingPlan::new(
        months
            .into_iter()
            .map(|month| PlanPoint {
                month,
                percent: if month == 12 {
                    Decimal::ONE_HUNDRED
                } else {
                    Decimal::ZERO
                },
            })
            .collect(),
    ));
    for row in &mut p.indicators {
        if row.is_money_cost() {
            let mut fresh = crate::model::project::Indicator::new(
                &*row.level1_label,
                &*row.level2_label,
                &row.name,
                "",
            );
            fresh.description = row.description.take();
            fresh.basis = row.basis.take();
            fresh.basis_note = row.basis_note.take();
            fresh.weight = row.weight;
            fresh.direction = row.direction;
            *row = fresh;
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rows_follow_the_framework() {
        let rows = expected_rows(Preset::F88);
        assert_eq!(rows.len(), 6);
        assert!(rows.contains(&("产出指标", "成本指标")));
        let rows = expected_rows(Preset::F101);
        assert!(rows.contains(&("成本指标", "经济成本指标")));
        assert!(!rows.contains(&("产出指标", "成本指标")));
    }

    #[test]
    fn the_skeleton_is_already_canonical() {
        let text = project("某项目", "某局", 2025, Preset::Lenient);
        assert_eq!(canonical::format(&text).unwrap(), text);
        assert!(text.contains("[[indicator]]\n# 一级指标"), "{text}");
        assert!(text.contains("12 = 100"));
    }
}
