//! One generated project: built clean from the vocabulary, then (for a few) given a defect,
//! then written as TOML.

use super::Rng;
use super::targets::{self, Generated, decimal};
use super::words::{self, RowText};

/// One `[[indicator]]` row.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub(crate) level1: String,
    pub(crate) level2: String,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) target: String,
    pub(crate) unit: Option<String>,
    pub(crate) baseline: Option<String>,
    pub(crate) basis: String,
    pub(crate) basis_note: Option<String>,
    /// A plain count's noun and value, for unit-cost reconciliation.
    pub(crate) count: Option<(&'static str, u64)>,
    /// `# perf: …` comment written after `target`.
    pub(crate) comment: Option<String>,
}

/// The amounts of `[budget]`, in hundredths of its unit.
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    /// `unit = "元"` when true, else 万元 (the default, not written).
    pub(crate) yuan: bool,
    pub(crate) total: i128,
    pub(crate) fiscal: Option<i128>,
    pub(crate) other: Option<i128>,
    pub(crate) items: Vec<(String, i128)>,
    /// `# perf: …` comment written after `total`.
    pub(crate) comment: Option<String>,
}

impl Budget {
    /// 预算数 in millionths of 万元 (exact for 万元 cents and 元 cents alike).
    pub(crate) fn total_micro_wan(&self) -> i128 {
        if self.yuan {
            self.total
        } else {
            self.total * 10_000
        }
    }
}

/// A project file's content.
#[derive(Debug, Clone)]
pub(crate) struct Project {
    pub(crate) file_name: String,
    pub(crate) name: String,
    pub(crate) title: Option<String>,
    pub(crate) code: String,
    pub(crate) department: String,
    pub(crate) implementer: Option<String>,
    pub(crate) year: i64,
    pub(crate) period: Option<String>,
    pub(crate) framework: Option<&'static str>,
    pub(crate) purpose: Option<String>,
    pub(crate) goals: Vec<String>,
    pub(crate) long_term_goals: Vec<String>,
    pub(crate) medium_term: Vec<(i64, i128)>,
    pub(crate) budget: Budget,
    /// Checkpoints as written: month key and value literal.
    pub(crate) plan: Option<Vec<(String, String)>>,
    pub(crate) plan_comment: Option<String>,
    pub(crate) rows: Vec<Row>,
    /// Weights are written on every row, adding up to this.
    pub(crate) weights: Option<u32>,
    /// A key the format does not define, written in `[project]`.
    pub(crate) extra_key: bool,
    /// Add a unit cost row (`≤X元/人`) reconciled with a count, when finishing.
    pub(crate) unit_cost: bool,
    pub(crate) crlf: bool,
    pub(crate) bom: bool,
}

fn fill(text: &str, object: &str) -> String {
    text.replace("{o}", object)
}

fn row(
    rng: &mut Rng,
    levels: (&str, &str),
    text: &RowText,
    object: &str,
    generated: Generated,
) -> Row {
    let (target, count) = generated;
    Row {
        level1: levels.0.into(),
        level2: levels.1.into(),
        name: fill(text.0, object),
        description: Some(fill(text.1, object)),
        target,
        unit: None,
        baseline: None,
        basis: rng.pick(words::BASES).to_string(),
        basis_note: None,
        count,
        comment: None,
    }
}

/// Distinct picks from a pool.
fn distinct<'a>(rng: &mut Rng, pool: &'a [RowText], n: usize) -> Vec<&'a RowText> {
    let mut order: Vec<usize> = (0..pool.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i as u64 + 1) as usize);
    }
    order
        .into_iter()
        .take(n)
        .filter_map(|i| pool.get(i))
        .collect()
}

/// Settings of a project decided before its rows are built.
pub(crate) struct Shape {
    pub(crate) f101: bool,
    /// Two total cost rows adding up to the budget.
    pub(crate) cost_split: bool,
    /// A per-period cost row (`≤X万元/年`).
    pub(crate) per_period: bool,
    /// A unit cost row (`≤X元/人`) with its matching count.
    pub(crate) unit_cost: bool,
}

/// Builds a clean project of `department`; `index` makes its name and code unique. A `plain`
/// project (one about to get a defect) has no optional shapes, so the defect's findings are
/// exactly the ones it is meant to cause.
pub(crate) fn build(
    rng: &mut Rng,
    department: &str,
    dept_code: &str,
    index: usize,
    year: i64,
    plain: bool,
) -> Project {
    let theme = words::THEMES[index % words::THEMES.len()];
    let qualifier = words::QUALIFIERS[(index / words::THEMES.len()) % words::QUALIFIERS.len()];
    let round = index / (words::THEMES.len() * words::QUALIFIERS.len());
    let name = if round == 0 {
        format!("{}{qualifier}", theme.0)
    } else {
        format!("{}{qualifier}第{}批", theme.0, round + 1)
    };
    let yuan = rng.below(10) == 0;
    let total = if yuan {
        i128::from(rng.range(5, 900)) * 100_000 * 100 + i128::from(rng.below(100)) * 100
    } else if rng.below(3) == 0 {
        i128::from(rng.range(1_000, 500_000))
    } else {
        i128::from(rng.range(10, 5_000)) * 100
    };
    let budget = budget(rng, total, yuan);
    let shape = Shape {
        f101: rng.below(10) == 0 && !plain,
        cost_split: rng.below(8) == 0 && !plain,
        per_period: rng.below(8) == 0 && !plain,
        unit_cost: rng.below(6) == 0 && !plain,
    };
    let object = theme.2;
    let mut project = Project {
        file_name: format!("{name}.toml"),
        name: name.clone(),
        title: (rng.below(5) == 0).then(|| format!("{year}年{name}项目绩效目标表")),
        code: format!("{dept_code}-{year}-{:04}", index + 1),
        department: department.into(),
        implementer: (rng.below(3) == 0).then(|| format!("{department}所属事业单位")),
        year,
        period: (rng.below(6) == 0).then(|| format!("{year}-01/{year}-12")),
        framework: None,
        purpose: Some(format!("用于{}{}", theme.1, rng.pick(words::PURPOSE_TAILS))),
        goals: Vec::new(),
        long_term_goals: Vec::new(),
        medium_term: Vec::new(),
        budget,
        plan: Some(plan(rng)),
        plan_comment: None,
        rows: Vec::new(),
        weights: (rng.below(5) == 0 && !plain).then_some(100),
        extra_key: false,
        unit_cost: false,
        crlf: rng.below(50) == 0 && !plain,
        bom: rng.below(50) == 0 && !plain,
    };
    if rng.below(4) == 0 {
        project.long_term_goals = vec![format!("建立{}长效机制，持续{}。", theme.0, theme.1)];
        project.medium_term = vec![(year + 1, total), (year + 2, total + total / 20)];
    }
    project.rows = rows(rng, &shape, object, year, &project.budget);
    if shape.f101 && rng.below(2) == 0 {
        project.framework = Some("101");
        for r in &mut project.rows {
            if !["计划标准", "行业标准", "历史标准", "其他标准"].contains(&r.basis.as_str())
            {
                r.basis = "计划标准".into();
            }
            if r.basis == "其他标准" {
                r.basis_note = Some("参照本地区同类项目标准".into());
            }
        }
    }
    project.unit_cost = shape.unit_cost;
    project
}

fn budget(rng: &mut Rng, total: i128, yuan: bool) -> Budget {
    let other = match rng.below(4) {
        0 => Some(0),
        1 => Some(total / 10 - total / 10 % 100),
        _ => None,
    };
    let fiscal = Some(total - other.unwrap_or(0));
    let items = if rng.below(4) == 0 {
        let a = total / 2 - total / 2 % 100;
        let b = total / 3 - total / 3 % 100;
        vec![
            ("人员劳务费".to_owned(), a),
            ("设备材料费".to_owned(), b),
            ("其他运行费用".to_owned(), total - a - b),
        ]
    } else {
        Vec::new()
    };
    Budget {
        yuan,
        total,
        fiscal,
        other,
        items,
        comment: None,
    }
}

fn plan(rng: &mut Rng) -> Vec<(String, String)> {
    let m3 = rng.range(10, 30);
    let m6 = rng.range(40, 60);
    let late = rng.range(70, 92);
    let points: Vec<(u32, u64)> = match rng.below(4) {
        0 => vec![(3, m3), (6, m6), (9, late), (12, 100)],
        1 => (1..=12)
            .map(|m| (m, if m == 12 { 100 } else { u64::from(m) * 8 }))
            .collect(),
        _ => vec![(3, m3), (6, m6), (10, late), (12, 100)],
    };
    points
        .into_iter()
        .map(|(m, v)| {
            let key = match rng.below(12) {
                0 => format!("\"{m}\""),
                1 if m < 10 => format!("0{m}"),
                _ => m.to_string(),
            };
            let value = match rng.below(8) {
                0 => format!("\"{v}%\""),
                1 if v < 100 => format!("{v}.5"),
                _ => v.to_string(),
            };
            (key, value)
        })
        .collect()
}

fn rows(rng: &mut Rng, shape: &Shape, object: &str, year: i64, budget: &Budget) -> Vec<Row> {
    let extra = rng.range(0, 6) as usize;
    let output = if rng.below(8) == 0 {
        "产出"
    } else {
        "产出指标"
    };
    let effect = if rng.below(6) == 0 {
        "效果指标"
    } else {
        "效益指标"
    };
    let mut out = Vec::new();
    let quantities = 1 + extra.min(2);
    for text in distinct(rng, words::QUANTITY, quantities) {
        let level2 = if rng.below(6) == 0 {
            "数量"
        } else {
            "数量指标"
        };
        let g = targets::quantity(rng, &fill(text.0, object));
        out.push(row(rng, (output, level2), text, object, g));
    }
    for text in distinct(rng, words::QUALITY, 1 + usize::from(extra >= 3)) {
        let t = targets::quality(rng, text.0);
        let mut r = row(rng, (output, "质量指标"), text, object, (t, None));
        if r.target.starts_with("≥") && r.target.ends_with('%') && rng.below(5) == 0 {
            r.target = r.target.trim_end_matches('%').into();
            r.unit = Some("%".into());
        }
        if rng.below(6) == 0 {
            r.baseline = Some(format!("{}%", rng.range(80, 99)));
        }
        out.push(r);
    }
    if extra >= 4 {
        let text = rng.pick(words::QUALITY_LOW);
        let t = targets::quality_low(rng, text.0);
        out.push(row(rng, (output, "质量指标"), text, object, (t, None)));
    }
    let text = rng.pick(words::TIMELINESS);
    let t = targets::timeliness(rng, year);
    out.push(row(rng, (output, "时效指标"), text, object, (t, None)));
    out.extend(cost_rows(rng, shape, object, budget));
    let kinds: &[(&str, &str, &[RowText])] = &[
        ("social", "社会效益指标", words::SOCIAL),
        ("economic", "经济效益指标", words::ECONOMIC),
        ("ecological", "生态效益指标", words::ECOLOGICAL),
        ("sustainable", "可持续影响指标", words::SUSTAINABLE),
    ];
    let effects = 1 + extra.saturating_sub(3).min(2);
    for (i, (kind, level2, pool)) in kinds.iter().take(effects).enumerate() {
        let level2 = if i == 0 && rng.below(5) == 0 {
            "社会效益"
        } else {
            level2
        };
        let text = rng.pick(pool);
        let g = targets::effect(rng, kind, &fill(text.0, object));
        out.push(row(rng, (effect, level2), text, object, g));
    }
    let satisfaction = if rng.below(4) == 0 { 2 } else { 1 };
    for text in distinct(rng, words::SATISFACTION, satisfaction) {
        let (l1, l2) = match rng.below(6) {
            0 => ("满意度指标", "社会公众或服务对象满意度指标"),
            1 => ("满意度", "满意度指标"),
            2 if !shape.f101 => (effect, "服务对象满意度指标"),
            _ => ("满意度指标", "服务对象满意度指标"),
        };
        let t = targets::satisfaction(rng);
        out.push(row(rng, (l1, l2), text, object, (t, None)));
    }
    out
}

fn cost_rows(rng: &mut Rng, shape: &Shape, object: &str, budget: &Budget) -> Vec<Row> {
    let levels = if shape.f101 {
        ("成本指标", "经济成本指标")
    } else {
        ("产出指标", "成本指标")
    };
    let mut out = Vec::new();
    if shape.cost_split {
        let a = budget.total * 6 / 10 - budget.total * 6 / 10 % 100;
        let b = budget.total - a;
        for (name, cents) in [("人员经费支出", a), ("设备购置支出", b)] {
            let t = targets::cost_total(rng, cents, budget.yuan);
            let text = (name, "按预算标准控制支出，不超过批复金额。");
            out.push(row(rng, levels, &text, object, (t, None)));
        }
    } else {
        let text = rng.pick(words::COST);
        let t = targets::cost_total(rng, budget.total, budget.yuan);
        out.push(row(rng, levels, text, object, (t, None)));
    }
    if shape.per_period {
        // Twelve months at most: an amount per month of a twelfth of the budget fits.
        let (t, name) = if budget.yuan {
            let per = budget.total / 12 / 100;
            (format!("≤{per}元/月"), "月均运行成本")
        } else if rng.below(2) == 0 {
            (
                format!("≤{}万元/年", decimal(budget.total, 2)),
                "年度运行成本",
            )
        } else {
            let per = budget.total / 12;
            (format!("≤{}万/月", decimal(per, 2)), "月均运行成本")
        };
        let text = (name, "按期测算的运行成本，不超过预算。");
        out.push(row(rng, levels, &text, object, (t, None)));
    }
    if shape.f101 && rng.below(2) == 0 {
        let text = rng.pick(words::SOCIAL_COST);
        let t = rng.pick(&["较小", "无明显影响"]).to_string();
        out.push(row(
            rng,
            ("成本指标", "社会成本指标"),
            text,
            object,
            (t, None),
        ));
    }
    out
}

/// The unit cost (it needs the rows), goals from the rows, then weights.
pub(crate) fn finish(rng: &mut Rng, project: &mut Project) {
    if project.unit_cost {
        add_unit_cost(rng, project);
    }
    let names: Vec<String> = project.rows.iter().map(|r| r.name.clone()).collect();
    let n = names.len();
    let pick = |i: usize| names.get(i % n.max(1)).cloned().unwrap_or_default();
    project.goals = vec![
        format!(
            "{}，确保{}达到年度目标。",
            project
                .purpose
                .as_deref()
                .unwrap_or("完成年度任务")
                .trim_start_matches("用于")
                .split('，')
                .next()
                .unwrap_or_default(),
            pick(0)
        ),
        format!("{}和{}稳步提升，群众获得感增强。", pick(n / 2), pick(n - 1)),
    ];
    if rng.below(3) == 0 {
        project.goals.push(format!("做好{}相关工作。", pick(1)));
    }
}

fn add_unit_cost(rng: &mut Rng, project: &mut Project) {
    let per_month = rng.below(3) == 0;
    let noun = if rng.below(4) == 0 { "亩" } else { "人" };
    let found = project
        .rows
        .iter()
        .filter(|r| !r.level2.contains("成本"))
        .find_map(|r| r.count.filter(|(n, _)| *n == noun).map(|(_, v)| v));
    let count = match found {
        Some(v) => v,
        None => {
            let v = rng.range(50, 800);
            let (name, desc) = if noun == "人" {
                ("受益群众人数", "项目直接受益的群众人数。")
            } else {
                ("受益耕地面积", "项目覆盖的耕地面积。")
            };
            let level1 = project.rows.last().map_or("效益指标", |_| "效益指标");
            project.rows.insert(
                project.rows.len().saturating_sub(1),
                Row {
                    level1: level1.into(),
                    level2: "社会效益指标".into(),
                    name: name.into(),
                    description: Some(desc.into()),
                    target: format!("≥{v}{noun}"),
                    unit: None,
                    baseline: None,
                    basis: "计划标准".into(),
                    basis_note: None,
                    count: Some((noun, v)),
                    comment: None,
                },
            );
            v
        }
    };
    // The whole budget in 元, spread over the count (and the months).
    let yuan_cents = if project.budget.yuan {
        project.budget.total
    } else {
        project.budget.total * 10_000
    };
    let months = if per_month { 12 } else { 1 };
    let per = yuan_cents / 100 / i128::from(count) / months;
    if per < 1 {
        return;
    }
    let target = match (per_month, noun) {
        (true, _) => format!("≤{per}元/{noun}·月"),
        (false, "亩") => format!("={per}元/亩"),
        (false, _) => format!("≤{per}元/{noun}"),
    };
    let levels = project
        .rows
        .iter()
        .find(|r| r.level2.contains("成本指标") && r.level2 != "社会成本指标")
        .map(|r| (r.level1.clone(), r.level2.clone()))
        .unwrap_or_else(|| ("产出指标".into(), "成本指标".into()));
    let at = project
        .rows
        .iter()
        .position(|r| r.level2 == levels.1)
        .map_or(project.rows.len(), |i| i + 1);
    project.rows.insert(
        at,
        Row {
            level1: levels.0,
            level2: levels.1,
            name: format!("单位{noun}均成本"),
            description: Some(format!("按{noun}测算的补助或服务成本。")),
            target,
            unit: None,
            baseline: None,
            basis: "计划标准".into(),
            basis_note: None,
            count: None,
            comment: None,
        },
    );
}
