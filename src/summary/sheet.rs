//! One project in the layout of the official 项目绩效目标表, with its findings: the view
//! `perf show`, the HTML report and the exports share. Pure data; no formatting here.
//!
//! This is the one view of a project: flat, its indicator rows in file order, each with its
//! 一级/二级 labels as written. [`ProjectSheet::groups`] groups them by 一级 then 二级 in the
//! order each label first appears (the merged cells of the official table) for the layouts
//! that need it; an export record is this sheet with its ids (`crate::export`). Amounts are in
//! 万元 and exact.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::diag::file::{SourceFile, line_col};
use crate::diag::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::model::project::{Indicator, Project};
use crate::model::target::{Target, TargetValue};
use crate::source::{LoadedProject, Workspace};
use crate::summary::spot::{Spot, spot};

/// A project's 绩效目标表.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectSheet {
    /// 项目名称.
    pub name: String,
    /// The document's heading, where it differs from the name.
    pub title: Option<String>,
    /// 项目编码.
    pub code: Option<String>,
    /// 主管部门, its full name when the file uses an alias.
    pub department: String,
    /// 预算年度.
    pub year: Option<i64>,
    /// The file it came from, as the user named the tree.
    pub file: String,
    /// The unit the file writes its amounts in (`万元`, `元`, `亿元`).
    pub unit: Option<String>,
    /// 预算数 in 万元.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub total: Option<Decimal>,
    /// 财政资金 in 万元; `None` when unknown.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub fiscal: Option<Decimal>,
    /// 其他资金 in 万元; `None` when unknown.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub other: Option<Decimal>,
    /// 资金用途.
    pub purpose: Option<String>,
    /// 绩效目标.
    pub goals: Vec<String>,
    /// 资金支出计划, checkpoints in month order.
    pub plan: Vec<PlanCell>,
    /// The indicator table in file order.
    pub indicators: Vec<IndicatorRecord>,
    /// This project's findings, in file order.
    pub findings: Vec<Finding>,
}

/// One checkpoint of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanCell {
    /// The month (`3` for 3月底).
    pub month: i64,
    /// Cumulative % planned by the end of the month, as written.
    #[serde(with = "rust_decimal::serde::str")]
    pub percent: Decimal,
    /// `percent` of 预算数, in 万元 (exact); `None` when the budget is unknown.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub amount: Option<Decimal>,
}

/// A sheet with its rows grouped besides ([`ProjectSheet::with_groups`]).
#[derive(Debug, Serialize)]
pub struct Grouped<'a> {
    /// The sheet, its fields at the top level.
    #[serde(flatten)]
    pub sheet: &'a ProjectSheet,
    /// Its rows by 一级 → 二级.
    pub groups: Vec<Level1Group<'a>>,
}

/// One indicator row with its labels as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorRecord {
    /// 一级指标 as written.
    pub level1_label: String,
    /// 二级指标 as written.
    pub level2_label: String,
    /// The rest of the row.
    #[serde(flatten)]
    pub row: IndicatorRow,
}

/// The rows under one 一级指标, borrowed from a sheet ([`ProjectSheet::groups`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Level1Group<'a> {
    /// 一级指标 as written.
    pub label: &'a str,
    /// The 二级 groups under it.
    pub groups: Vec<Level2Group<'a>>,
}

/// The rows under one 二级指标.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Level2Group<'a> {
    /// 二级指标 as written.
    pub label: &'a str,
    /// The 三级 rows, in file order.
    pub rows: Vec<&'a IndicatorRow>,
}

/// One 三级指标 row, with its target as written and as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorRow {
    /// Position in the file's indicator table (0-based), so exports can keep file order.
    pub position: usize,
    /// 一级指标, normalised (`效果指标` → `效益指标`); `None` when unknown.
    pub level1: Option<&'static str>,
    /// 二级指标, normalised; `None` when unknown.
    pub level2: Option<&'static str>,
    /// 三级指标.
    pub name: String,
    /// 指标描述.
    pub description: Option<String>,
    /// 指标值 exactly as written.
    pub target: String,
    /// How perf reads the target.
    pub kind: TargetKind,
    /// The comparator of a quantitative target (`≥`, `>`, `≤`, `<`, `=`).
    pub comparator: Option<&'static str>,
    /// The number of a quantitative target, exact.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub value: Option<Decimal>,
    /// The unit of a quantitative target (`%`, `个`, `万元`), possibly empty.
    pub unit: Option<String>,
    /// 指标值确定依据.
    pub basis: Option<String>,
}

/// The kind of a 指标值.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// 定量: comparator, number, unit.
    Quantitative,
    /// 时限: a deadline or period.
    Time,
    /// 定性: words.
    Qualitative,
    /// Blank or a placeholder.
    Empty,
    /// Looks quantitative but does not parse.
    Unreadable,
}

impl TargetKind {
    /// How a target reads.
    pub fn of(target: &Target) -> Self {
        match target.value {
            // Ranges are quantitative; yes/no and graded terms are qualitative (定性).
            TargetValue::Quantity(_) | TargetValue::Range(_) => Self::Quantitative,
            TargetValue::Time => Self::Time,
            TargetValue::Qualitative | TargetValue::YesNo(_) | TargetValue::Graded => {
                Self::Qualitative
            }
            TargetValue::Empty => Self::Empty,
            TargetValue::Unreadable(_) => Self::Unreadable,
        }
    }

    /// The word tables show, in `lang`.
    pub fn label(self, lang: Lang) -> String {
        lang.text(&format!("kind.{}", self.as_str()), &[])
    }

    /// The word machine formats use (`quantitative`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Quantitative => "quantitative",
            Self::Time => "time",
            Self::Qualitative => "qualitative",
            Self::Empty => "empty",
            Self::Unreadable => "unreadable",
        }
    }
}

/// A finding, resolved to a line and column for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Rule code (`C001`).
    pub code: &'static str,
    /// Rule name (`cost-total-mismatch`).
    pub name: &'static str,
    /// Severity in force.
    pub severity: Severity,
    /// The file.
    pub file: String,
    /// 1-based line (1 when the finding covers the whole file).
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
    /// The part of the form it is about (for the Excel cell); not part of the JSON views.
    #[serde(skip)]
    pub spot: Spot,
}

impl Finding {
    /// Resolves a diagnostic against the workspace's files.
    pub fn of(files: &[SourceFile], d: &Diagnostic) -> Self {
        let file = files.get(d.file.0);
        let at = match (file.and_then(|f| f.text.as_deref()), &d.span) {
            (Some(text), Some(span)) => line_col(text, span.start),
            _ => crate::diag::file::LineCol { line: 1, column: 1 },
        };
        Self {
            code: d.rule.code,
            name: d.rule.name,
            severity: d.severity,
            file: file
                .map(|f| f.path.display().to_string())
                .unwrap_or_default(),
            line: at.line,
            column: at.column,
            message: d.message.clone(),
            help: d.help.clone(),
            spot: Spot::Table,
        }
    }
}

/// The sheet of every project in the workspace, in path order, each with its findings.
/// `diagnostics` must point into `workspace.files` (the texts are needed for line numbers).
pub fn sheets(workspace: &Workspace, diagnostics: &[Diagnostic]) -> Vec<ProjectSheet> {
    workspace
        .projects
        .iter()
        .map(|p| sheet(workspace, p, diagnostics))
        .collect()
}

/// The sheet of one loaded project.
pub fn sheet(
    workspace: &Workspace,
    loaded: &LoadedProject,
    diagnostics: &[Diagnostic],
) -> ProjectSheet {
    let p = &loaded.project;
    let findings = diagnostics
        .iter()
        .filter(|d| d.file == loaded.file)
        .map(|d| Finding {
            spot: spot(&loaded.spans, d.span.as_ref().map(|s| s.start)),
            ..Finding::of(&workspace.files, d)
        })
        .collect();
    let file = workspace
        .file(loaded.file)
        .map(|f| f.path.display().to_string())
        .unwrap_or_default();
    build(
        p,
        workspace.canonical_department(&p.department),
        file,
        findings,
    )
}

/// The sheet of a project that is in no file yet (a blank form), without findings.
pub fn of_project(p: &Project, department: &str) -> ProjectSheet {
    build(p, department, String::new(), Vec::new())
}

fn build(p: &Project, department: &str, file: String, findings: Vec<Finding>) -> ProjectSheet {
    let total = p.budget.as_ref().and_then(|b| b.total_wan());
    let split = p.budget.as_ref().and_then(|b| b.split_wan());
    let plan = p
        .plan
        .as_ref()
        .map(|plan| {
            plan.points
                .iter()
                .map(|pt| PlanCell {
                    month: pt.month,
                    percent: pt.percent,
                    amount: total
                        .and_then(|t| t.checked_mul(pt.percent)?.checked_div(Decimal::ONE_HUNDRED)),
                })
                .collect()
        })
        .unwrap_or_default();
    ProjectSheet {
        name: p.name.clone(),
        title: p.title.clone(),
        code: p.code.clone(),
        department: department.to_owned(),
        year: p.year,
        file,
        unit: p.budget.as_ref().map(|b| b.unit.label().to_owned()),
        total,
        fiscal: split.map(|s| s.fiscal),
        other: split.map(|s| s.other),
        purpose: p.purpose.clone(),
        goals: p.goals.clone(),
        plan,
        indicators: p
            .indicators
            .iter()
            .enumerate()
            .map(|(position, i)| IndicatorRecord {
                level1_label: i.level1_label.to_string(),
                level2_label: i.level2_label.to_string(),
                row: indicator_row(position, i),
            })
            .collect(),
        findings,
    }
}

fn indicator_row(position: usize, i: &Indicator) -> IndicatorRow {
    let quantity = i.target.quantity();
    IndicatorRow {
        position,
        level1: i.level1.map(|l| l.label()),
        level2: i.level2.map(|l| l.label()),
        name: i.name.clone(),
        description: i.description.clone(),
        target: i.target.raw.clone(),
        kind: TargetKind::of(&i.target),
        comparator: quantity.map(|q| q.comparator.symbol()),
        value: quantity.map(|q| q.value),
        unit: quantity.map(|q| q.unit.to_string()),
        basis: i.basis.as_deref().map(str::to_owned),
    }
}

impl ProjectSheet {
    /// Every indicator row, in file order, with its 一级 and 二级 labels as written.
    pub fn rows(&self) -> impl Iterator<Item = (&str, &str, &IndicatorRow)> {
        self.indicators
            .iter()
            .map(|r| (r.level1_label.as_str(), r.level2_label.as_str(), &r.row))
    }

    /// How many indicator rows the table has.
    pub fn indicator_count(&self) -> usize {
        self.indicators.len()
    }

    /// The sheet as `perf show --format json` prints it: every field, and the rows grouped
    /// as well as flat.
    pub fn with_groups(&self) -> Grouped<'_> {
        Grouped {
            sheet: self,
            groups: self.groups(),
        }
    }

    /// The rows grouped by 一级 then 二级 label, each group where its label first appears and
    /// its rows in file order: the merged cells of the official table.
    pub fn groups(&self) -> Vec<Level1Group<'_>> {
        let mut groups: Vec<Level1Group<'_>> = Vec::new();
        for (l1, l2, row) in self.rows() {
            let at = match groups.iter().position(|g| g.label == l1) {
                Some(at) => at,
                None => {
                    groups.push(Level1Group {
                        label: l1,
                        groups: Vec::new(),
                    });
                    groups.len() - 1
                }
            };
            let Some(level1) = groups.get_mut(at) else {
                continue;
            };
            match level1.groups.iter_mut().find(|g| g.label == l2) {
                Some(g) => g.rows.push(row),
                None => level1.groups.push(Level2Group {
                    label: l2,
                    rows: vec![row],
                }),
            }
        }
        groups
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_first_appearance_keeping_labels_as_written() {
        let rows = [
            Indicator::new("产出指标", "数量指标", "a", "≥5个"),
            Indicator::new("效果指标", "社会效益指标", "b", "是"),
            Indicator::new("产出指标", "数量指标", "c", "2024年12月底前"),
            Indicator::new("产出指标", "质量指标", "d", "=100%"),
        ];
        let sheet = build(
            &Project {
                indicators: rows.to_vec(),
                ..Project::default()
            },
            "",
            String::new(),
            Vec::new(),
        );
        let groups = sheet.groups();
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].groups.len(), 2);
        assert_eq!(groups[0].groups[0].rows.len(), 2);
        assert_eq!(groups[1].label, "效果指标");
        let b = &groups[1].groups[0].rows[0];
        assert_eq!(
            (b.level1, b.kind, b.position),
            (Some("效益指标"), TargetKind::Qualitative, 1)
        );
        let c = &groups[0].groups[0].rows[1];
        assert_eq!(c.kind, TargetKind::Time);
        let d = &groups[0].groups[1].rows[0];
        assert_eq!(
            (d.comparator, d.value, d.unit.as_deref()),
            (Some("="), Some(Decimal::from(100)), Some("%"))
        );
    }
}
