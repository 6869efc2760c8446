//! Validation: pure functions from the model and its span table to findings.
//!
//! One file per rule family; `registry` is the table of every code. Check functions never
//! print and never fail: wrong data is a [`Diagnostic`], not an `Err`.

pub mod budget;
pub mod cost;
pub mod cross;
pub mod dates;
pub mod department;
pub mod execution;
pub mod indicator;
pub mod plan;
pub mod project;
pub mod review;
pub mod target;
#[cfg(test)]
mod testing;
pub mod unit;
pub mod words;

/// The settings live in `config` (below the rules, which read them); kept here for callers
/// outside the crate.
pub use crate::config::settings::{ExecutionSettings, Settings};
/// The table of rule codes lives in `diag` (below `source`, which reports F codes); this
/// path is kept for callers outside the crate.
pub use crate::diag::registry;

use std::ops::Range;

use crate::diag::registry::Rule;
use crate::diag::{Diagnostic, FileId};
use crate::model::framework::Preset;
use crate::model::located::{LoadedDepartment, LoadedProject};
use crate::model::project::Project;
use crate::model::spans::ProjectSpans;

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
    /// Borrowed unless blank: a copy of the name per message was an allocation per finding.
    pub fn row_name<'r>(
        &self,
        row: &'r crate::model::project::Indicator,
        spans: &crate::model::spans::IndicatorSpans,
    ) -> std::borrow::Cow<'r, str> {
        let name = crate::model::target::trim::trim(&row.name);
        if name.is_empty() {
            std::borrow::Cow::Owned(self.t("term.unnamed_row", crate::args!(n = spans.index + 1)))
        } else {
            std::borrow::Cow::Borrowed(name)
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
];

/// Runs the rules of a department file on its own (X006, its unfilled paragraphs and
/// objectives) — in the per-file step, so that a streamed check need not hold department
/// files whole until the cross-file step.
pub fn check_department(loaded: &LoadedDepartment, settings: &Settings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if settings.is_on(&registry::DEPARTMENT_UNFILLED) {
        department::unfilled(loaded, settings.lang, &mut out);
    }
    out
}

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
    use crate::i18n::Lang;

    /// The registry's statics as `IDENT = "CODE"`, read from its source.
    fn idents() -> Vec<(&'static str, &'static str)> {
        include_str!("../diag/registry.rs")
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
