//! The rows of one project's 自评: 预算执行率 first, then each indicator with its formula,
//! inputs, weight and score, and the text `--explain` shows.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::args;
use crate::config::settings::ExecutionSettings;
use crate::i18n::Lang;
use crate::model::framework::Level1;
use crate::model::money::{format2, plain};
use crate::model::project::{Indicator, Project};
use crate::score::formulas::{Assessed, Method, Missing, assess};
use crate::score::round_ratio;
use crate::score::words::Verdict;

/// A 一级 of the 自评 weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// 预算执行率.
    BudgetRate,
    /// 产出指标 (with the 101号 成本指标 一级).
    Output,
    /// 效益指标.
    Effect,
    /// 满意度指标, wherever it is filed.
    Satisfaction,
}

impl Group {
    /// Every group, in the order of the 自评 table.
    pub const ALL: [Self; 4] = [
        Self::BudgetRate,
        Self::Output,
        Self::Effect,
        Self::Satisfaction,
    ];

    /// The group's name.
    pub fn label(self) -> &'static str {
        match self {
            Self::BudgetRate => "预算执行率",
            Self::Output => "产出指标",
            Self::Effect => "效益指标",
            Self::Satisfaction => "满意度指标",
        }
    }

    /// The group's name as tables show it, in `lang`.
    pub fn text(self, lang: Lang) -> String {
        let key = match self {
            Self::BudgetRate => "score.group_budget_rate",
            Self::Output => "score.group_output",
            Self::Effect => "score.group_effect",
            Self::Satisfaction => "score.group_satisfaction",
        };
        lang.text(key, &[])
    }

    /// The group of an indicator row; `None` when its 一级 is unknown (I001).
    pub fn of(indicator: &Indicator) -> Option<Self> {
        if indicator.is_satisfaction() {
            return Some(Self::Satisfaction);
        }
        match indicator.level1? {
            Level1::Output | Level1::Cost => Some(Self::Output),
            Level1::Effect => Some(Self::Effect),
            Level1::Satisfaction => Some(Self::Satisfaction),
        }
    }

    /// The configured default weight of the whole group.
    pub fn default_weight(self, settings: &ExecutionSettings) -> Decimal {
        match self {
            Self::BudgetRate => settings.weight_budget_rate,
            Self::Output => settings.weight_output,
            Self::Effect => settings.weight_effect,
            Self::Satisfaction => settings.weight_satisfaction,
        }
    }
}

/// Whether and how a row counts in the 自评.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowStatus {
    /// Computed from the data.
    Scored,
    /// `applicable = false`: dropped, the other weights rescaled.
    NotApplicable,
    /// No usable data: keeps its weight and scores 0.
    Missing,
    /// An unknown 一级 (I001): left out of the weights.
    Unclassified,
    /// A blank template row (no name, no 指标值): left out of the weights.
    Blank,
}

/// One scored row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreRow {
    /// The group's name (`预算执行率`, `产出指标` …).
    pub group: &'static str,
    /// 二级指标 as written (empty for 预算执行率).
    pub level2: String,
    /// 三级指标 (or `预算执行率`).
    pub name: String,
    /// 指标值 as written (`100%` for 预算执行率).
    pub target: String,
    /// 实际完成值 as written (the 执行数 for 预算执行率).
    pub actual: Option<String>,
    /// `grade` as written.
    pub grade: Option<String>,
    /// Whether and how the row counts.
    pub status: RowStatus,
    /// `budget-rate`, `positive`, `negative`, `exact`, `range`, `yes-no`, `graded`, or empty.
    pub method: &'static str,
    /// The formula in Chinese.
    pub method_zh: &'static str,
    /// A: the target in its unit's base (万元 for money); 调整后预算数 for 预算执行率.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub a: Option<Decimal>,
    /// The high end of a range target.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub a_high: Option<Decimal>,
    /// B: the actual in the same base; 执行数 for 预算执行率.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub b: Option<Decimal>,
    /// Completion, exact and uncapped (1 = met).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub ratio: Option<Decimal>,
    /// The weight before rescaling (the row's `weight`, or its share of the group default).
    #[serde(with = "rust_decimal::serde::str")]
    pub raw_weight: Decimal,
    /// The weight used, rescaled to a total of 100 and rounded to cents; `None` when dropped.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weight: Option<Decimal>,
    /// The score, `weight × min(completion, 100%)` rounded to cents; `None` when dropped.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub score: Option<Decimal>,
    /// The unit's own 得分 for the row (`self_score`), when written.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub self_score: Option<Decimal>,
    /// How the score came about, in Chinese (`--explain`).
    pub explain: String,
    /// The formula's inputs in words, before the weight is applied.
    #[serde(skip)]
    pub(super) inputs: String,
    /// The actual restates the target (E011): the project is not graded.
    #[serde(skip)]
    pub(super) restated: bool,
}

impl ScoreRow {
    /// True when the row takes part in the weights (it is neither dropped nor unclassified).
    pub fn counts(&self) -> bool {
        matches!(self.status, RowStatus::Scored | RowStatus::Missing)
    }
}

pub(super) fn percent(ratio: Decimal) -> String {
    format!(
        "{}%",
        format2(round_ratio(ratio).saturating_mul(Decimal::ONE_HUNDRED))
    )
}

pub(super) fn blank_row(group: Group, raw_weight: Decimal) -> ScoreRow {
    ScoreRow {
        group: group.label(),
        level2: String::new(),
        name: String::new(),
        target: String::new(),
        actual: None,
        grade: None,
        status: RowStatus::Missing,
        method: "",
        method_zh: "",
        a: None,
        a_high: None,
        b: None,
        ratio: None,
        raw_weight,
        weight: None,
        score: None,
        self_score: None,
        explain: String::new(),
        inputs: String::new(),
        restated: false,
    }
}

/// 预算执行率 = latest 执行数 ÷ 调整后预算数, both in 万元.
pub(super) fn budget_row(p: &Project, raw_weight: Decimal, lang: Lang) -> ScoreRow {
    let mut row = blank_row(Group::BudgetRate, raw_weight);
    row.name = Group::BudgetRate.text(lang);
    row.target = "100%".into();
    let budget = p.budget.as_ref();
    let amounts = budget.zip(p.execution.as_ref()).and_then(|(b, e)| {
        let a = b.unit.to_wan(e.budget_or(b.total))?;
        let spent = e.latest()?;
        Some((a, b.unit.to_wan(spent.amount)?, spent.month))
    });
    match amounts {
        Some((a, b, month)) => {
            row.status = RowStatus::Scored;
            row.method = "budget-rate";
            row.method_zh = "执行数 ÷ 调整后预算数";
            row.a = Some(a);
            row.b = Some(b);
            row.actual =
                Some(lang.text("score.spent_by", args!(amount = format2(b), month = month)));
            let ratio = crate::score::formulas::ratio(Method::Positive, a, b);
            row.ratio = Some(ratio);
            row.inputs = lang.text(
                "score.rate_inputs",
                args!(
                    spent = format2(b),
                    budget = format2(a),
                    rate = percent(ratio)
                ),
            );
        }
        None => {
            row.inputs = lang.text("score.no_execution", &[]);
        }
    }
    row
}

pub(super) fn indicator_row(
    indicator: &Indicator,
    group: Option<Group>,
    raw_weight: Decimal,
    partial_min: Decimal,
    lang: Lang,
) -> ScoreRow {
    let mut row = blank_row(group.unwrap_or(Group::Output), raw_weight);
    row.group = group.map_or("（一级指标不认识）", Group::label);
    row.level2 = indicator.level2_label.to_string();
    row.name = indicator.name.clone();
    row.target = indicator.target.raw.clone();
    row.actual = indicator.progress.actual.as_ref().map(|a| a.raw.clone());
    row.self_score = indicator.progress.self_score;
    row.grade = indicator.progress.grade.map(|g| match g.percent {
        Some(p) => format!("{} {}%", g.grade.label(), plain(p)),
        None => g.grade.label().to_owned(),
    });
    if group.is_none() {
        row.status = RowStatus::Unclassified;
        row.inputs = lang.text("score.unclassified", &[]);
        return row;
    }
    match assess(indicator, partial_min) {
        Assessed::NotApplicable => {
            row.status = RowStatus::NotApplicable;
            row.inputs = lang.text("score.not_applicable", &[]);
        }
        Assessed::Missing(why) => {
            let why = match why {
                Missing::NoActual => "score.no_actual",
                Missing::NoGrade => "score.no_grade",
                Missing::Incomparable => "score.incomparable",
                Missing::Guess => "score.guess",
                Missing::Restated => {
                    row.restated = true;
                    "score.restated"
                }
            };
            row.inputs = lang.text("score.missing", args!(why = lang.text(why, &[])));
        }
        Assessed::Done(c) => {
            row.status = RowStatus::Scored;
            row.method = c.method.name();
            row.method_zh = c.method.label();
            row.a = c.target;
            row.a_high = c.target_high;
            row.b = c.actual;
            row.ratio = Some(c.ratio);
            let n = |v: Option<Decimal>| v.map_or_else(String::new, plain);
            row.inputs = match c.method {
                Method::Positive => format!(
                    "B/A = {} ÷ {} = {}",
                    n(c.actual),
                    n(c.target),
                    percent(c.ratio)
                ),
                Method::Negative => format!(
                    "A/B = {} ÷ {} = {}",
                    n(c.target),
                    n(c.actual),
                    percent(c.ratio)
                ),
                Method::Exact => lang.text(
                    "score.exact",
                    args!(
                        actual = n(c.actual),
                        target = n(c.target),
                        result = lang.text(
                            if c.is_met() {
                                "score.met"
                            } else {
                                "score.not_met"
                            },
                            &[]
                        )
                    ),
                ),
                Method::Within => lang.text(
                    "score.within",
                    args!(
                        actual = n(c.actual),
                        low = n(c.target),
                        high = n(c.target_high),
                        ratio = percent(c.ratio)
                    ),
                ),
                Method::YesNo => verdict_line(
                    lang,
                    "score.yes_no",
                    &row,
                    &c,
                    ("score.agree", "score.disagree"),
                ),
                Method::Graded => match c.grade {
                    Some((mark, p)) => lang.text(
                        "score.graded",
                        args!(
                            grade = mark.grade.label(),
                            percent = plain(p),
                            default = if mark.percent.is_some() {
                                String::new()
                            } else {
                                lang.text("score.grade_default", &[])
                            }
                        ),
                    ),
                    None => String::new(),
                },
                Method::Deadline => verdict_line(
                    lang,
                    "score.deadline",
                    &row,
                    &c,
                    ("score.on_time", "score.late"),
                ),
                Method::Words => lang.text(
                    "score.words",
                    args!(
                        actual = row.actual.as_deref().unwrap_or_default(),
                        verdict = lang.text(
                            match c.reading.words {
                                Some(Verdict::Met) => "score.words_met",
                                Some(Verdict::Partial) => "score.words_partial",
                                Some(Verdict::Missed) | None => "score.words_missed",
                            },
                            &[]
                        ),
                        ratio = percent(c.ratio)
                    ),
                ),
            };
            if let Some((direction, assumed)) = c.reading.bare_target {
                row.inputs.push_str(&lang.text(
                    if assumed {
                        "score.bare_target_assumed"
                    } else {
                        "score.bare_target"
                    },
                    args!(
                        direction = match direction {
                            crate::model::project::Direction::Positive => "正向",
                            crate::model::project::Direction::Negative => "反向",
                        }
                    ),
                ));
            }
            if let Some(direction) = c.reading.equal_by_direction {
                row.inputs.push_str(&lang.text(
                    "score.equal_by_direction",
                    args!(
                        direction = match direction {
                            crate::model::project::Direction::Positive => "正向",
                            crate::model::project::Direction::Negative => "反向",
                        }
                    ),
                ));
            }
            if c.reading.actual_in_target_unit {
                row.inputs
                    .push_str(&lang.text("score.bare_actual", args!(target = row.target)));
            }
        }
    }
    row
}

/// The whole explanation of a row, once its weight and score are known.
pub(super) fn explain(row: &ScoreRow, lang: Lang) -> String {
    match (row.weight, row.score) {
        (Some(w), Some(s)) => {
            let completion = row
                .ratio
                .map_or(Decimal::ZERO, |r| round_ratio(r).min(Decimal::ONE));
            lang.text(
                "score.explain",
                args!(
                    inputs = row.inputs,
                    weight = format2(w),
                    completion = percent(completion),
                    score = format2(s)
                ),
            )
        }
        _ => row.inputs.clone(),
    }
}

/// `实际“…”，目标“…”：一致` and the like: a row met or not, in the words of `keys` (met, not).
fn verdict_line(
    lang: Lang,
    key: &str,
    row: &ScoreRow,
    c: &crate::score::formulas::Completion,
    (met, not): (&str, &str),
) -> String {
    lang.text(
        key,
        args!(
            actual = row.actual.as_deref().unwrap_or_default(),
            target = row.target,
            result = lang.text(if c.is_met() { met } else { not }, &[])
        ),
    )
}
