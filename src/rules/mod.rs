//! Validation: pure functions from the model and its span table to findings.
//!
//! One file per rule family; `registry` is the table of every code. Check functions never
//! print and never fail: wrong data is a [`Diagnostic`], not an `Err`.

pub mod budget;
pub mod cost;
pub mod cross;
pub mod dates;
pub mod execution;
pub mod indicator;
pub mod plan;
pub mod project;
pub mod registry;
pub mod review;
pub mod target;
pub mod unit;
pub mod words;

use std::ops::Range;

use rust_decimal::Decimal;

use crate::diag::{Diagnostic, FileId};
use crate::i18n::Lang;
use crate::model::framework::Preset;
use crate::model::framework::aliases::Aliases;
use crate::model::project::Project;
use crate::rules::registry::Rule;
use crate::source::LoadedProject;
use crate::source::spans::ProjectSpans;

/// Thresholds and the framework the rules use; `perf.toml` sets them (docs/configuration.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// S005 warns when a checkpoint lags 序时进度 by more than this many percentage points.
    pub max_lag_points: Decimal,
    /// I008 warns when a 满意度 target's floor is below this percentage.
    pub satisfaction_min: Decimal,
    /// C001–C005 treat a cost amount within this many 万元 of the budget as equal to it.
    pub cost_tolerance: Decimal,
    /// The indicator framework files are held to (a file's `framework` key wins).
    pub framework: Preset,
    /// I018: what indicator weights must add up to (90 when 10 is reserved for 预算执行率).
    pub weight_total: Decimal,
    /// The language findings are written in.
    pub lang: Lang,
    /// Local 一级/二级 labels (`[framework.aliases]` in perf.toml).
    pub aliases: Aliases,
    /// S006: whether a file without `[plan]` is reported (`require_plan = false` turns it
    /// off for trees of forms that never carry one).
    pub require_plan: bool,
    /// C015: a unit cost × its quantity below this % of the budget is noted.
    pub unit_cost_share_min: Decimal,
    /// Monitoring, E rules and 自评 scoring (docs/monitoring.md).
    pub execution: ExecutionSettings,
    /// Rules set to `allow` for every file (perf.toml `[rules]` with no override turning them
    /// back on, or `--allow`): a family whose rules are all here is not run, and findings of
    /// these rules are dropped as they are made, never held (the session fills this in).
    pub off: Vec<&'static Rule>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            max_lag_points: Decimal::from(20),
            satisfaction_min: Decimal::from(80),
            cost_tolerance: Decimal::ZERO,
            framework: Preset::Lenient,
            weight_total: Decimal::ONE_HUNDRED,
            lang: Lang::Zh,
            aliases: Aliases::default(),
            require_plan: true,
            unit_cost_share_min: Decimal::from(30),
            execution: ExecutionSettings::default(),
            off: Vec::new(),
        }
    }
}

impl Settings {
    /// Whether `rule` is run and reported (not set to `allow` for every file).
    pub fn is_on(&self, rule: &Rule) -> bool {
        !self.off.iter().any(|r| std::ptr::eq(*r, rule))
    }

    /// Whether any of `rules` is on: a family of rules is run only then.
    pub fn any_on(&self, rules: &[&Rule]) -> bool {
        rules.iter().any(|r| self.is_on(r))
    }
}

/// Thresholds of monitoring (`perf monitor`), the E rules and 自评 (`perf score`); perf.toml
/// `[thresholds]` sets them (docs/configuration.md, docs/monitoring.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecutionSettings {
    /// `perf monitor`: a lag behind plan or 序时进度 of more than this many points is 关注.
    pub watch_lag_points: Decimal,
    /// `perf monitor`: a lag of more than this many points is 预警.
    pub alert_lag_points: Decimal,
    /// E004: the year-end 执行率 (%) below which a reason is required.
    pub execution_rate_min: Decimal,
    /// E005: the actual ÷ target ratio of a 正向 indicator above which the target looks too low.
    pub overachieve_ratio: Decimal,
    /// E007 and 自评: the lowest % of the weight a 部分达成 grade may give (50; some texts 60).
    pub grade_partial_min: Decimal,
    /// 自评 weight of 预算执行率.
    pub weight_budget_rate: Decimal,
    /// 自评 weight of 产出指标 (with 101号's 成本指标), spread over its rows.
    pub weight_output: Decimal,
    /// 自评 weight of 效益指标, spread over its rows.
    pub weight_effect: Decimal,
    /// 自评 weight of 满意度指标, spread over its rows.
    pub weight_satisfaction: Decimal,
    /// E015: a grade of 优 or 良 on a 执行率 (%) below this is noted.
    pub high_grade_rate_min: Decimal,
}

impl Default for ExecutionSettings {
    fn default() -> Self {
        Self {
            watch_lag_points: Decimal::TEN,
            alert_lag_points: Decimal::from(20),
            execution_rate_min: Decimal::from(90),
            overachieve_ratio: Decimal::new(12, 1),
            grade_partial_min: Decimal::from(50),
            weight_budget_rate: Decimal::TEN,
            weight_output: Decimal::from(50),
            weight_effect: Decimal::from(30),
            weight_satisfaction: Decimal::TEN,
            high_grade_rate_min: Decimal::from(60),
        }
    }
}

/// What a project rule sees: the project, where its parts are, and the settings.
pub struct ProjectCtx<'a> {
    /// The project.
    pub project: &'a Project,
    /// Where its parts are in its file.
    pub spans: &'a ProjectSpans,
    /// Thresholds.
    pub settings: &'a Settings,
    file: FileId,
}

impl ProjectCtx<'_> {
    /// The catalog text of `key` in the run's language (see `crate::i18n`).
    pub fn t(&self, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        self.settings.lang.text(key, args)
    }

    /// A row's name as messages quote it: the name, or `第 n 个指标（未命名）` when it is blank,
    /// so no message reads `指标“”`.
    pub fn row_name(
        &self,
        row: &crate::model::project::Indicator,
        spans: &crate::source::spans::IndicatorSpans,
    ) -> String {
        let name = row.name.trim();
        if name.is_empty() {
            self.t("term.unnamed_row", crate::args!(n = spans.index + 1))
        } else {
            name.to_owned()
        }
    }

    /// The framework this project is held to: its own `framework` key, else the tree's.
    pub fn framework(&self) -> Preset {
        self.project.framework.unwrap_or(self.settings.framework)
    }

    /// A finding in this project's file at `span`, or at the `[project]` header when the part
    /// it concerns is not in the file.
    pub fn finding(
        &self,
        rule: &'static Rule,
        span: Option<&Range<usize>>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let span = span.unwrap_or(&self.spans.project).clone();
        Diagnostic::new(rule, self.file, Some(span), message)
    }
}

/// A family's check function.
type FamilyCheck = fn(&ProjectCtx<'_>, &mut Vec<Diagnostic>);

/// Every per-project family: its check and every rule it can report (`families_list_their_
/// rules` below reads the family's source files to keep these lists whole). A family is run
/// only when one of its rules is on.
const FAMILIES: &[(FamilyCheck, &[&Rule])] = {
    use registry::*;
    const BUDGET: &[&Rule] = &[
        &BUDGET_SUM,
        &NEGATIVE_AMOUNT,
        &BUDGET_SPLIT_MISSING,
        &BUDGET_ITEMS_SUM,
        &BUDGET_SOURCES_SUM,
        &BUDGET_TOTAL_ZERO,
    ];
    &[
        (
            project::check,
            &[
                &GOALS_EMPTY,
                &OUTPUT_COVERAGE,
                &EFFECT_MISSING,
                &SATISFACTION_MISSING,
                &PURPOSE_MISSING,
                &GOAL_UNMATCHED,
            ],
        ),
        (budget::check, BUDGET),
        (budget::check_breakdowns, BUDGET),
        (
            plan::check,
            &[
                &PLAN_MONTH,
                &PLAN_PERCENT,
                &PLAN_DECREASING,
                &PLAN_INCOMPLETE,
                &PLAN_BEHIND,
                &PLAN_MISSING,
            ],
        ),
        (
            indicator::check,
            &[
                &LEVEL1_UNKNOWN,
                &LEVEL2_UNKNOWN,
                &LEVEL2_MISPLACED,
                &LEVEL_HYBRID,
                &DUPLICATE_INDICATOR,
                &BASIS_NOT_STANDARD,
                &BASIS_OTHER_UNEXPLAINED,
                &BASIS_MISSING,
                &SATISFACTION_UNDER_SOCIAL,
                &WEIGHTS_INCOMPLETE,
                &WEIGHTS_SUM,
                &LEVEL_OTHER_FRAMEWORK,
                &INDICATOR_NAME_EMPTY,
            ],
        ),
        (
            target::check,
            &[
                &TARGET_UNREADABLE,
                &TARGET_EMPTY,
                &PERCENT_OVER_100,
                &SATISFACTION_TARGET,
                &TARGET_NO_COMPARATOR,
                &TARGET_NO_UNIT,
                &RATE_FLOOR_100,
            ],
        ),
        (
            cost::check,
            &[
                &COST_MISMATCH,
                &COST_CAP_BELOW,
                &COST_CAP_ABOVE,
                &COST_FLOOR,
                &COST_FLOOR_ABOVE,
                &COST_NO_UNIT,
                &COST_PER_PERIOD,
                &UNIT_COST_OVER,
                &UNIT_COST_UNMATCHED,
                &COST_NOT_CHECKABLE,
                &COST_ROWS_OVER,
                &UNIT_COST_NO_CURRENCY,
                &UNIT_COST_SMALL_SHARE,
            ],
        ),
        (
            execution::check,
            &[
                &SPENT_INVALID,
                &LIKELIHOOD_UNEXPLAINED,
                &ACTUAL_UNIT_MISMATCH,
                &EXECUTION_RATE_LOW,
                &TARGET_TOO_LOW,
                &DEVIATION_UNEXPLAINED,
                &GRADE_OUTSIDE_BAND,
                &SELF_RATE_MISMATCH,
                &SELF_SCORE_DIFFERS,
                &SELF_TOTAL_DIFFERS,
                &ACTUAL_RESTATES_TARGET,
                &QUALITATIVE_GUESS,
                &ACTUAL_IN_WORDS,
                &ACTUAL_IN_TARGET_UNIT,
                &HIGH_GRADE_LOW_RATE,
                &FORM_POINTS_TOTAL,
            ],
        ),
        (
            review::check,
            &[
                &ACTUALS_MISSING_CLOSED_YEAR,
                &TARGET_VAGUE,
                &DEADLINE_AFTER_PERIOD,
                &ECONOMIC_BENEFIT_OVER_BUDGET,
                &EFFECT_IN_COST_ROW,
            ],
        ),
    ]
};

/// The cross-file rules [`cross::check`] reports.
pub const CROSS_PROJECTS: &[&Rule] = &[
    &registry::DUPLICATE_PROJECT,
    &registry::DEPARTMENT_MISSING,
    &registry::DEPARTMENT_YEAR,
    &registry::DEPARTMENT_UNFILLED,
];

/// Runs every per-project rule family on one project; a family whose rules are all set to
/// `allow` is not run, and findings of allowed rules are dropped at once.
pub fn check_project(loaded: &LoadedProject, settings: &Settings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    run_families(loaded, settings, &mut out);
    out
}

/// [`check_project`]'s work; returns how many families ran (the tests count it).
fn run_families(loaded: &LoadedProject, settings: &Settings, out: &mut Vec<Diagnostic>) -> usize {
    // Local labels declared in perf.toml are read before any rule looks at the rows.
    let aliased = settings.aliases.applied(&loaded.project);
    let ctx = ProjectCtx {
        project: aliased.as_ref().unwrap_or(&loaded.project),
        spans: &loaded.spans,
        settings,
        file: loaded.file,
    };
    let mut ran = 0;
    for (check, rules) in FAMILIES {
        if settings.any_on(rules) {
            check(&ctx, out);
            ran += 1;
        }
    }
    if !settings.off.is_empty() {
        out.retain(|d| settings.is_on(d.rule));
    }
    ran
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The registry's statics as `IDENT = "CODE"`, read from its source.
    fn idents() -> Vec<(&'static str, &'static str)> {
        include_str!("registry.rs")
            .lines()
            .filter_map(|line| {
                let (ident, rest) = line.trim().split_once(" = \"")?;
                let code = rest.get(..4)?;
                let ok = ident
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
                ok.then_some((ident, code))
            })
            .collect()
    }

    fn mentions(source: &str, ident: &str) -> bool {
        source.match_indices(ident).any(|(i, _)| {
            let before = source[..i].chars().next_back();
            let after = source[i + ident.len()..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            !word(before) && !word(after)
        })
    }

    /// A rule a family's files name but its list lacks would be skipped when the others are
    /// allowed: every rule named in a family's source is in its list.
    #[test]
    fn families_list_their_rules() {
        let sources: [(usize, &str); 9] = [
            (0, include_str!("project.rs")),
            (1, include_str!("budget.rs")),
            (2, include_str!("budget.rs")),
            (3, include_str!("plan.rs")),
            (4, include_str!("indicator.rs")),
            (5, include_str!("target.rs")),
            (6, include_str!("cost.rs")),
            (
                7,
                concat!(
                    include_str!("execution.rs"),
                    include_str!("execution/self_eval.rs")
                ),
            ),
            (8, include_str!("review.rs")),
        ];
        assert_eq!(sources.len(), FAMILIES.len());
        let idents = idents();
        assert!(idents.len() > 80, "{}", idents.len());
        for (i, source) in sources {
            let listed: Vec<&str> = FAMILIES[i].1.iter().map(|r| r.code).collect();
            for (ident, code) in &idents {
                if mentions(source, ident) {
                    assert!(
                        listed.contains(code),
                        "family {i} reports {code} ({ident}): add it to its list in FAMILIES"
                    );
                }
            }
        }
        let cross = include_str!("cross.rs");
        for (ident, code) in &idents {
            let listed =
                CROSS_PROJECTS.iter().any(|r| r.code == *code) || ["X004", "X005"].contains(code);
            assert!(
                !mentions(cross, ident) || listed,
                "{code} missing from CROSS_PROJECTS"
            );
        }
    }

    fn with_plan(months: usize) -> LoadedProject {
        let mut text = String::from(
            "[project]\nname = \"测试\"\ndepartment = \"部门\"\nyear = 2024\n[plan]\n",
        );
        for m in 0..months {
            text.push_str(&format!("{} = 50\n", m + 13));
        }
        let mut sink = crate::source::fields::Sink::in_lang(FileId(0), Lang::Zh);
        match crate::source::parse_and_lower(&text, &mut sink) {
            crate::source::lower::Lowered::Project(boxed) => {
                let (project, spans) = *boxed;
                LoadedProject {
                    file: FileId(0),
                    project,
                    spans,
                }
            }
            _ => panic!("a project"),
        }
    }

    #[test]
    fn a_family_whose_rules_are_all_allowed_is_not_run() {
        let loaded = with_plan(1000);
        let mut out = Vec::new();
        let all = run_families(&loaded, &Settings::default(), &mut out);
        assert_eq!(all, FAMILIES.len());
        assert!(out.iter().filter(|d| d.rule.code == "S001").count() == 1000);
        let settings = Settings {
            off: FAMILIES[3].1.to_vec(),
            ..Settings::default()
        };
        let mut out = Vec::new();
        assert_eq!(run_families(&loaded, &settings, &mut out), all - 1);
        assert!(out.iter().all(|d| !d.rule.code.starts_with('S')), "{out:?}");
        // One rule of a family allowed: the family runs, that rule's findings are not kept.
        let settings = Settings {
            off: vec![&registry::PLAN_MONTH],
            ..Settings::default()
        };
        let mut out = Vec::new();
        assert_eq!(run_families(&loaded, &settings, &mut out), all);
        assert!(out.iter().all(|d| d.rule.code != "S001"));
        assert!(out.iter().any(|d| d.rule.code == "S004"), "{out:?}");
    }
}
