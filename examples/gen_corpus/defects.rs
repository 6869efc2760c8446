//! The defects a few generated files get, and the finding codes each must produce in its own
//! file. Cross-file defects (duplicate project or code, a misspelt department, another year, a
//! department budget that does not add up) are set up here but their findings are worked out
//! from the whole department in `main.rs`, the way perf's cross-file rules see the tree.

use super::Rng;
use super::project::{Project, Row};
use super::targets::decimal;

/// One kind of defect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Defect {
    CostMismatch,
    CostCapBelow,
    CostFloorNoUnit,
    CostNotCheckable,
    LevelHybrid,
    BudgetSum,
    SplitMissing,
    PlanDecreasing,
    PlanIncomplete,
    PlanBehind,
    PlanLagging,
    PlanMissing,
    BasisMissing,
    TargetUnreadable,
    TargetEmpty,
    PercentOver,
    RateFloor100,
    Satisfaction100,
    DuplicateIndicator,
    NoComparator,
    NoUnit,
    Level1Unknown,
    Level2Misplaced,
    WeightsSum,
    MissingQuantity,
    PurposeMissing,
    GoalUnmatched,
    Syntax,
    UnknownKey,
    NotUtf8,
    SuppressionNoReason,
    SuppressionUnused,
    Suppressed,
    DuplicateProject,
    DuplicateCode,
    DepartmentMissing,
    DepartmentYear,
}

use Defect::*;

/// Every kind, in the order they are handed out.
pub(crate) const ALL: &[Defect] = &[
    CostMismatch,
    BudgetSum,
    PlanBehind,
    TargetUnreadable,
    Syntax,
    DuplicateProject,
    CostCapBelow,
    SplitMissing,
    PlanDecreasing,
    TargetEmpty,
    UnknownKey,
    DuplicateCode,
    CostFloorNoUnit,
    PlanIncomplete,
    PercentOver,
    NotUtf8,
    DepartmentMissing,
    CostNotCheckable,
    PlanMissing,
    RateFloor100,
    SuppressionNoReason,
    DepartmentYear,
    LevelHybrid,
    Satisfaction100,
    DuplicateIndicator,
    SuppressionUnused,
    NoComparator,
    NoUnit,
    Level1Unknown,
    Level2Misplaced,
    WeightsSum,
    MissingQuantity,
    PurposeMissing,
    GoalUnmatched,
    Suppressed,
];

impl Defect {
    /// A stable name for the manifest.
    pub(crate) fn name(self) -> String {
        let debug = format!("{self:?}");
        let mut out = String::new();
        for (i, c) in debug.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    /// The codes perf must report in the project's own file (cross-file ones aside).
    pub(crate) fn codes(self) -> &'static [&'static str] {
        match self {
            CostMismatch => &["C001"],
            CostCapBelow => &["C002"],
            CostFloorNoUnit => &["C004", "C006"],
            CostNotCheckable => &["C010"],
            LevelHybrid => &["I004"],
            BudgetSum => &["B001"],
            SplitMissing => &["B003"],
            PlanDecreasing => &["S003"],
            PlanIncomplete => &["S004"],
            PlanBehind | PlanLagging => &["S005"],
            BasisMissing => &["I014"],
            PlanMissing => &["S006"],
            TargetUnreadable => &["I005"],
            TargetEmpty => &["I006"],
            PercentOver => &["I007"],
            RateFloor100 => &["I015"],
            Satisfaction100 => &["I008"],
            DuplicateIndicator => &["I009"],
            NoComparator => &["I012"],
            NoUnit => &["I013"],
            Level1Unknown => &["I001"],
            Level2Misplaced => &["I003"],
            WeightsSum => &["I018"],
            MissingQuantity => &["P002"],
            PurposeMissing => &["P005"],
            GoalUnmatched => &["P006"],
            Syntax => &["F001"],
            UnknownKey => &["F002"],
            NotUtf8 => &["F006"],
            SuppressionNoReason => &["F007"],
            SuppressionUnused => &["F008"],
            Suppressed | DuplicateProject | DuplicateCode | DepartmentMissing | DepartmentYear => {
                &[]
            }
        }
    }

    /// Whether perf lowers the file (it counts in cross-file rules and summaries).
    pub(crate) fn lowers(self) -> bool {
        !matches!(self, Syntax | NotUtf8)
    }

    /// Changes made before the goals and the unit cost are derived from the rows.
    pub(crate) fn before_finish(self, p: &mut Project, rng: &mut Rng) {
        let money = |p: &Project, cents: i128| {
            let unit = if p.budget.yuan { "元" } else { "万元" };
            format!("{}{unit}", decimal(cents, 2))
        };
        let total = p.budget.total;
        match self {
            CostMismatch | Suppressed => {
                let t = format!("={}", money(p, total + 100));
                if let Some(r) = cost_row(p) {
                    r.target = t;
                    if self == Suppressed {
                        r.comment = Some("# perf: allow(C001) 原表如此，已与财政局确认".into());
                    }
                }
            }
            CostCapBelow => set_cost(p, format!("≤{}", money(p, total - total / 10))),
            CostFloorNoUnit => set_cost(p, format!("≧{}", decimal(total, 2))),
            CostNotCheckable => set_cost(p, "控制在预算内".into()),
            LevelHybrid => {
                if let Some(r) = cost_row(p) {
                    r.level1 = "产出指标".into();
                    r.level2 = "经济成本指标".into();
                }
            }
            BudgetSum => {
                let other = p.budget.other.unwrap_or(0);
                p.budget.other = Some(other);
                p.budget.fiscal = Some(total - other + 100);
            }
            SplitMissing => {
                p.budget.fiscal = None;
                p.budget.other = None;
            }
            PlanDecreasing => p.plan = Some(plan(&[(3, 30), (6, 60), (9, 58), (12, 100)])),
            PlanIncomplete => p.plan = Some(plan(&[(3, 25), (6, 50), (10, 80), (12, 90)])),
            PlanBehind => p.plan = Some(plan(&[(3, 0), (6, 50), (10, 80), (12, 100)])),
            // Three checkpoints behind 序时进度, as published tables that pay out in December.
            PlanLagging => p.plan = Some(plan(&[(3, 0), (6, 10), (10, 30), (12, 100)])),
            PlanMissing => p.plan = None,
            TargetUnreadable => {
                let bad = ["≧个", "≥5个3", "≥", "不低于上年", "高于上年", "90%-80%"];
                let target: &&str = rng.pick(&bad);
                set_quality(p, target);
            }
            TargetEmpty => {
                let target: &&str = rng.pick(&["", "——", "/", "无", "  "]);
                set_quality(p, target);
            }
            PercentOver => set_quality(p, "≥120%"),
            RateFloor100 => set_quality(p, "≥100%"),
            Satisfaction100 => {
                if let Some(r) = p.rows.iter_mut().find(|r| r.name.contains("满意度")) {
                    r.target = "=100%".into();
                }
            }
            DuplicateIndicator => {
                if let Some(i) = p.rows.iter().position(|r| r.level2 == "质量指标") {
                    let copy = p.rows[i].clone();
                    p.rows.insert(i + 1, copy);
                }
            }
            NoComparator => {
                let n = rng.range(3, 60);
                let bare = if rng.below(2) == 0 { "个" } else { "万元" };
                set_quantity(p, format!("{n}{bare}"));
            }
            NoUnit => set_quantity(p, rng.range(20, 900).to_string()),
            Level1Unknown => {
                p.rows
                    .push(extra_row("投入指标", "数量指标", "投入资金到位率", "≥95%"))
            }
            Level2Misplaced => {
                let row = extra_row("满意度指标", "数量指标", "满意度调查样本数量", "≥100份");
                p.rows.push(row);
            }
            // 100 and 90 (10 kept for 预算执行率) are both the convention; 95 is neither.
            WeightsSum => p.weights = Some(95),
            MissingQuantity => p.rows.retain(|r| !r.level2.starts_with("数量")),
            PurposeMissing => p.purpose = None,
            UnknownKey => p.extra_key = true,
            SuppressionNoReason => p.budget.comment = Some("# perf: allow(B001)".into()),
            SuppressionUnused => p.plan_comment = Some("# perf: allow(S005) 年底集中拨付".into()),
            DepartmentMissing => {
                let mut chars: Vec<char> = p.department.chars().collect();
                chars.pop();
                p.department = chars.into_iter().collect();
            }
            DepartmentYear => p.year -= 1,
            GoalUnmatched | BasisMissing | Syntax | NotUtf8 | DuplicateProject | DuplicateCode => {}
        }
    }

    /// Changes made once the project is complete.
    pub(crate) fn after_finish(self, p: &mut Project, rng: &mut Rng) {
        match self {
            GoalUnmatched => p.goals.push("探索量子通信与航天遥感融合应用。".into()),
            // One to four rows (never all of them) without 指标值确定依据: one I014 each.
            BasisMissing => {
                let rows = p.rows.len();
                let n = (rng.range(1, 4) as usize).min(rows.saturating_sub(1));
                for r in p.rows.iter_mut().take(n) {
                    r.basis = String::new();
                    r.basis_note = None;
                }
            }
            _ => {}
        }
    }

    /// The bytes written for the file.
    pub(crate) fn corrupt(self, bytes: Vec<u8>) -> Vec<u8> {
        match self {
            // The name's closing quote is lost.
            Syntax => {
                let mut text = String::from_utf8_lossy(&bytes).into_owned();
                let end = text
                    .find("name = \"")
                    .and_then(|at| text[at..].find('\n').map(|n| at + n));
                if let Some(end) = end {
                    text.remove(end - 1);
                }
                text.into_bytes()
            }
            // A comment saved from a GBK editor: "人社局" in GBK.
            NotUtf8 => {
                let mut out = b"# \xC8\xCB\xC9\xE7\xBE\xD6\n".to_vec();
                out.extend(bytes);
                out
            }
            _ => bytes,
        }
    }
}

fn plan(points: &[(u32, u32)]) -> Vec<(String, String)> {
    points
        .iter()
        .map(|(m, v)| (m.to_string(), v.to_string()))
        .collect()
}

/// The row stating the total cost (not per period or per item).
fn cost_row(p: &mut Project) -> Option<&mut Row> {
    p.rows
        .iter_mut()
        .find(|r| (r.level2 == "成本指标" || r.level2 == "经济成本指标") && !r.target.contains('/'))
}

fn set_cost(p: &mut Project, target: String) {
    if let Some(r) = cost_row(p) {
        r.target = target;
    }
}

fn set_quality(p: &mut Project, target: &str) {
    if let Some(r) = p.rows.iter_mut().find(|r| r.level2 == "质量指标") {
        r.target = target.into();
        r.unit = None;
    }
}

fn set_quantity(p: &mut Project, target: String) {
    if let Some(r) = p.rows.iter_mut().find(|r| r.level2.starts_with("数量")) {
        r.target = target;
        r.count = None;
    }
}

fn extra_row(level1: &str, level2: &str, name: &str, target: &str) -> Row {
    Row {
        level1: level1.into(),
        level2: level2.into(),
        name: name.into(),
        description: None,
        target: target.into(),
        unit: None,
        baseline: None,
        basis: "计划标准".into(),
        basis_note: None,
        count: None,
        comment: None,
    }
}

/// The defects of one file in the realistic mix (`--findings realistic`): every file gets
/// several, drawn independently at about the rates of published tables (tests/real-forms: 4–8
/// findings a table; missing 指标值确定依据, plan lag, no unit or comparator, `=100%`
/// satisfaction, missing purpose, notes). Kinds that touch the same row are exclusive, so each
/// kind's codes are exactly what the file reports. Never empty.
pub(crate) fn realistic(rng: &mut Rng) -> Vec<Defect> {
    let mut out = Vec::new();
    let mut chance = |percent: u64| rng.below(100) < percent;
    if chance(60) {
        out.push(BasisMissing);
    }
    match rng.below(100) {
        0..35 => out.push(PlanLagging),
        35..45 => out.push(PlanBehind),
        45..57 => out.push(PlanMissing),
        _ => {}
    }
    let mut chance = |percent: u64| rng.below(100) < percent;
    if chance(20) {
        out.push(PurposeMissing);
    }
    match rng.below(100) {
        0..20 => out.push(NoUnit),
        20..30 => out.push(NoComparator),
        30..38 => out.push(MissingQuantity),
        _ => {}
    }
    let mut chance = |percent: u64| rng.below(100) < percent;
    if chance(25) {
        out.push(Satisfaction100);
    }
    if chance(5) {
        out.push(DuplicateIndicator);
    }
    if chance(10) {
        out.push(RateFloor100);
    }
    match rng.below(100) {
        0..12 => out.push(CostNotCheckable),
        12..16 => out.push(CostMismatch),
        _ => {}
    }
    let mut chance = |percent: u64| rng.below(100) < percent;
    if chance(10) {
        out.push(SplitMissing);
    }
    if chance(20) {
        out.push(GoalUnmatched);
    }
    if chance(1) {
        out.push(DuplicateProject);
    }
    if out.is_empty() {
        out.push(BasisMissing);
    }
    out
}
