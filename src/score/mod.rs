//! 绩效自评 (`perf score`): each project's score out of 100 by 财预〔2020〕10号 (DOMAIN.md
//! §7), as a plain `Serialize` view. Pure: the workspace and settings in, the view out.
//!
//! Weights follow one convention shared with rule I018 (`weights`): the written indicator
//! weights add up to 100 (预算执行率 then carries none) or to 90 (10 for 预算执行率); blank
//! template rows take no part; rows without a weight share what the written ones leave; with
//! no weight written, the configured defaults (预算执行率 10, 产出 50, 效益 30, 满意度 10) are
//! spread evenly over the rows of each 一级. Rows marked `applicable = false` are dropped and
//! the remaining weights rescaled to 100, rounded to cents by largest remainder so the weights
//! shown add up to exactly 100.00. Each row scores `weight × min(completion, 100%)` with the
//! completion rounded to 0.01% and the score to 0.01 (四舍五入); the total is the sum of the
//! row scores shown, and the grade (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差) is read from that total —
//! or is `未到评价期` / `未评价` when the data cannot carry one (`project`). The unit's own
//! 得分 (`self_score`, `self_total`) ride along for comparison, never for the score. Every row
//! keeps its formula inputs, so `--explain` can show how the number came about
//! (docs/monitoring.md).

pub mod deadline;
pub mod formulas;
mod project;
mod rows;
pub mod weights;
pub mod words;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::config::settings::ExecutionSettings;
use crate::i18n::Lang;
use crate::model::money::sum;
use crate::source::Workspace;
use crate::summary::Filter;
use crate::summary::pivot::largest_remainder;

pub use crate::score::project::{NOT_YET, UNGRADED};
pub use crate::score::rows::{Group, RowStatus, ScoreRow};

/// One project's 自评.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectScore {
    /// 主管部门 (full name).
    pub department: String,
    /// 预算年度.
    pub year: Option<i64>,
    /// 项目名称.
    pub name: String,
    /// The file.
    pub file: String,
    /// `indicator` when the rows' own `weight`s were used, `default` otherwise.
    pub weights_from: &'static str,
    /// The month of the latest 执行数 the 预算执行率 uses, when any.
    pub data_month: Option<u32>,
    /// 预算执行率 first, then the indicators in file order.
    pub rows: Vec<ScoreRow>,
    /// Weight and score by 一级 (预算执行率, 产出, 效益, 满意度), from the rows shown.
    pub groups: Vec<GroupTotal>,
    /// 总分: the sum of the row scores shown.
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
    /// 优 / 良 / 中 / 差, or 未到评价期 / 未评价 when the data cannot carry a grade.
    pub grade: &'static str,
    /// Why there is no grade, when there is none.
    pub why_ungraded: Option<String>,
    /// The unit's own total 得分 (`[execution] self_total`), shown beside perf's.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub self_total: Option<Decimal>,
    /// The 执行率 the unit's form prints (`[execution] self_rate`), in percent.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub self_rate: Option<Decimal>,
    /// Remarks in Chinese (weights that fell back to the defaults, rows left out).
    pub notes: Vec<String>,
}

/// The weight and score of one 一级.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupTotal {
    /// The group.
    pub group: &'static str,
    /// Sum of the weights shown.
    #[serde(with = "rust_decimal::serde::str")]
    pub weight: Decimal,
    /// Sum of the scores shown.
    #[serde(with = "rust_decimal::serde::str")]
    pub score: Decimal,
}

/// A project left out of 自评, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unscored {
    /// 主管部门.
    pub department: String,
    /// 项目名称.
    pub name: String,
    /// The file.
    pub file: String,
}

/// The 自评 of the projects selected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreReport {
    /// Projects with 自评 data, in path order.
    pub projects: Vec<ProjectScore>,
    /// Projects with no `[execution]` and no indicator data: nothing to score.
    pub unscored: Vec<Unscored>,
}

/// The grade of a total: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below.
pub fn grade_of(total: Decimal) -> &'static str {
    if total >= Decimal::from(90) {
        "优"
    } else if total >= Decimal::from(80) {
        "良"
    } else if total >= Decimal::from(60) {
        "中"
    } else {
        "差"
    }
}

/// Rounds a completion ratio to 0.01% (four decimals of the ratio), 四舍五入.
pub fn round_ratio(ratio: Decimal) -> Decimal {
    ratio.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
}

/// Scores every selected project of `workspace` (explanations in Chinese).
pub fn score(workspace: &Workspace, filter: &Filter, settings: &ExecutionSettings) -> ScoreReport {
    score_in(workspace, filter, settings, Lang::Zh)
}

/// [`score`], with the explanations and notes written in `lang`.
pub fn score_in(
    workspace: &Workspace,
    filter: &Filter,
    settings: &ExecutionSettings,
    lang: Lang,
) -> ScoreReport {
    let mut report = ScoreReport {
        projects: Vec::new(),
        unscored: Vec::new(),
    };
    for loaded in &workspace.projects {
        let p = &loaded.project;
        let department = workspace.canonical_department(&p.department).to_owned();
        if !filter.admits(&department, p.year) {
            continue;
        }
        let file = workspace
            .file(loaded.file)
            .map(|f| f.path.display().to_string())
            .unwrap_or_default();
        let recorded =
            p.execution.is_some() || p.indicators.iter().any(|i| i.progress.is_recorded());
        if !recorded {
            report.unscored.push(Unscored {
                department,
                name: p.name.clone(),
                file,
            });
            continue;
        }
        let mut project = project::score_project_in(p, settings, lang);
        project.department = department;
        project.file = file;
        report.projects.push(project);
    }
    report
}

/// One project's 自评, exactly as `perf score` shows it (department and file left empty):
/// the E rules compare the unit's own 得分 with this.
pub fn score_one(
    p: &crate::model::project::Project,
    settings: &ExecutionSettings,
    lang: Lang,
) -> ProjectScore {
    project::score_project_in(p, settings, lang)
}

/// Gives each applicable row its share of 100 (cents, largest remainder) and its score.
fn apply_weights(rows: &mut [ScoreRow]) {
    let applicable: Vec<usize> = (0..rows.len())
        .filter(|&i| rows.get(i).is_some_and(ScoreRow::counts))
        .collect();
    let raw: Vec<Decimal> = applicable
        .iter()
        .filter_map(|&i| rows.get(i).map(|r| r.raw_weight))
        .collect();
    // Weights too large to add up cannot be shared out: the rows keep no weight (I018 says
    // why), rather than the arithmetic overflowing.
    let fits = raw
        .iter()
        .try_fold(Decimal::ZERO, |total, w| total.checked_add(*w))
        .is_some();
    let shares = if fits {
        largest_remainder(&raw, Decimal::ONE_HUNDRED, 2)
    } else {
        vec![None; raw.len()]
    };
    for (&i, share) in applicable.iter().zip(shares) {
        if let Some(row) = rows.get_mut(i) {
            row.weight = share;
            row.score = share.map(|w| {
                let completion = row
                    .ratio
                    .map_or(Decimal::ZERO, |r| round_ratio(r).min(Decimal::ONE));
                let mut score = crate::model::money::round2(w.saturating_mul(completion));
                score.rescale(2);
                score
            });
        }
    }
}

/// Totals by group, in the groups' order, over the rows shown.
fn group_totals(rows: &[ScoreRow]) -> Vec<GroupTotal> {
    Group::ALL
        .iter()
        .filter(|g| rows.iter().any(|r| r.group == g.label()))
        .map(|g| {
            let of = |r: &&ScoreRow| r.group == g.label();
            let mut weight = sum(rows.iter().filter(of).filter_map(|r| r.weight));
            let mut score = sum(rows.iter().filter(of).filter_map(|r| r.score));
            weight.rescale(2);
            score.rescale(2);
            GroupTotal {
                group: g.label(),
                weight,
                score,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
