//! THE table of rule codes: one row per rule, the single source of truth for `perf rules`,
//! `docs/rules.md`, severities and machine-readable output.
//!
//! Codes are one family letter and three digits, assigned once and never reused. Rows are
//! sorted by code; the tests below keep them that way.

use crate::diag::Severity;
use crate::i18n::Lang;

/// A family of rules, one file under `src/rules/` each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// F: the file and its TOML (checked while loading, in `source::lower`).
    File,
    /// P: a project's goals and indicator coverage.
    Project,
    /// B: 预算规模.
    Budget,
    /// S: 资金支出计划.
    Plan,
    /// I: the indicator table and its targets.
    Indicator,
    /// C: cost indicators against the budget.
    Cost,
    /// X: rules across files.
    Cross,
    /// E: 执行与自评 — spending to date and indicator progress (`[execution]`, `actual`).
    Execution,
}

impl Family {
    /// The code letter.
    pub fn letter(self) -> char {
        match self {
            Self::File => 'F',
            Self::Project => 'P',
            Self::Budget => 'B',
            Self::Plan => 'S',
            Self::Indicator => 'I',
            Self::Cost => 'C',
            Self::Cross => 'X',
            Self::Execution => 'E',
        }
    }

    /// The family's name.
    pub fn label(self, lang: Lang) -> String {
        lang.text(&format!("family.{}", self.letter()), &[])
    }
}

/// One rule. Its summary and explanation are user-facing text, so they live in the message
/// catalogs (`[rule.C001]` in `src/i18n/zh.toml` and `en.toml`), not here.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable code (`B001`).
    pub code: &'static str,
    /// Stable kebab-case name (`budget-sum-mismatch`).
    pub name: &'static str,
    /// The family the code letter stands for.
    pub family: Family,
    /// Default severity.
    pub severity: Severity,
}

impl Rule {
    /// One line saying what the rule finds.
    pub fn summary(&self, lang: Lang) -> String {
        lang.text(&format!("rule.{}.summary", self.code), &[])
    }

    /// What it checks, why it matters, an example and how to fix it (markdown).
    pub fn explanation(&self, lang: Lang) -> String {
        lang.text(&format!("rule.{}.explanation", self.code), &[])
    }
}

macro_rules! rules {
    ($($ident:ident = $code:literal $name:literal $family:ident $severity:ident;)*) => {
        $(
            #[doc = concat!($code, " `", $name, "`")]
            pub static $ident: Rule = Rule {
                code: $code,
                name: $name,
                family: Family::$family,
                severity: Severity::$severity,
            };
        )*
        /// Every rule, sorted by code.
        pub static REGISTRY: &[&Rule] = &[$(&$ident),*];
    };
}

rules! {
    TOML_SYNTAX = "F001" "toml-syntax" File Error;
    UNKNOWN_KEY = "F002" "unknown-key" File Error;
    MISSING_KEY = "F003" "missing-key" File Error;
    WRONG_TYPE = "F004" "invalid-value" File Error;
    FILE_KIND = "F005" "file-kind" File Error;
    NOT_UTF8 = "F006" "not-utf8" File Error;
    SUPPRESSION_INVALID = "F007" "suppression-invalid" File Error;
    SUPPRESSION_UNUSED = "F008" "suppression-unused" File Warning;
    FILE_TOO_LARGE = "F009" "file-too-large" File Error;
    GOALS_EMPTY = "P001" "goals-empty" Project Error;
    OUTPUT_COVERAGE = "P002" "output-coverage" Project Warning;
    EFFECT_MISSING = "P003" "effect-missing" Project Warning;
    SATISFACTION_MISSING = "P004" "satisfaction-missing" Project Warning;
    PURPOSE_MISSING = "P005" "purpose-missing" Project Warning;
    GOAL_UNMATCHED = "P006" "goal-unmatched" Project Note;
    ACTUALS_MISSING_CLOSED_YEAR = "P007" "actuals-missing-closed-year" Project Warning;
    BUDGET_SUM = "B001" "budget-sum-mismatch" Budget Error;
    NEGATIVE_AMOUNT = "B002" "negative-amount" Budget Error;
    BUDGET_SPLIT_MISSING = "B003" "budget-split-missing" Budget Warning;
    BUDGET_ITEMS_SUM = "B004" "budget-items-mismatch" Budget Error;
    BUDGET_SOURCES_SUM = "B005" "budget-sources-mismatch" Budget Error;
    BUDGET_TOTAL_ZERO = "B006" "budget-total-zero" Budget Error;
    PLAN_MONTH = "S001" "plan-month-range" Plan Error;
    PLAN_PERCENT = "S002" "plan-percent-range" Plan Error;
    PLAN_DECREASING = "S003" "plan-decreasing" Plan Error;
    PLAN_INCOMPLETE = "S004" "plan-incomplete" Plan Error;
    PLAN_BEHIND = "S005" "plan-behind-schedule" Plan Warning;
    PLAN_MISSING = "S006" "plan-missing" Plan Warning;
    LEVEL1_UNKNOWN = "I001" "level1-unknown" Indicator Error;
    LEVEL2_UNKNOWN = "I002" "level2-unknown" Indicator Error;
    LEVEL2_MISPLACED = "I003" "level2-misplaced" Indicator Error;
    LEVEL_HYBRID = "I004" "level-hybrid" Indicator Warning;
    TARGET_UNREADABLE = "I005" "target-unreadable" Indicator Error;
    TARGET_EMPTY = "I006" "target-empty" Indicator Error;
    PERCENT_OVER_100 = "I007" "percent-over-100" Indicator Error;
    SATISFACTION_TARGET = "I008" "satisfaction-target" Indicator Warning;
    DUPLICATE_INDICATOR = "I009" "duplicate-indicator" Indicator Warning;
    BASIS_NOT_STANDARD = "I010" "basis-not-standard" Indicator Warning;
    BASIS_OTHER_UNEXPLAINED = "I011" "basis-other-unexplained" Indicator Warning;
    TARGET_NO_COMPARATOR = "I012" "target-no-comparator" Indicator Warning;
    TARGET_NO_UNIT = "I013" "target-no-unit" Indicator Warning;
    BASIS_MISSING = "I014" "basis-missing" Indicator Warning;
    RATE_FLOOR_100 = "I015" "rate-floor-100" Indicator Warning;
    SATISFACTION_UNDER_SOCIAL = "I016" "satisfaction-under-social" Indicator Warning;
    WEIGHTS_INCOMPLETE = "I017" "weights-incomplete" Indicator Error;
    WEIGHTS_SUM = "I018" "weights-sum" Indicator Error;
    LEVEL_OTHER_FRAMEWORK = "I019" "level-other-framework" Indicator Error;
    INDICATOR_NAME_EMPTY = "I020" "indicator-name-empty" Indicator Error;
    TARGET_VAGUE = "I021" "target-vague" Indicator Warning;
    DEADLINE_AFTER_PERIOD = "I022" "deadline-after-period" Indicator Warning;
    COST_MISMATCH = "C001" "cost-total-mismatch" Cost Error;
    COST_CAP_BELOW = "C002" "cost-cap-below-budget" Cost Error;
    COST_CAP_ABOVE = "C003" "cost-cap-above-budget" Cost Warning;
    COST_FLOOR = "C004" "cost-floor" Cost Warning;
    COST_FLOOR_ABOVE = "C005" "cost-floor-above-budget" Cost Error;
    COST_NO_UNIT = "C006" "cost-without-unit" Cost Warning;
    COST_PER_PERIOD = "C007" "cost-per-period-over-budget" Cost Error;
    UNIT_COST_OVER = "C008" "unit-cost-over-budget" Cost Error;
    UNIT_COST_UNMATCHED = "C009" "unit-cost-unmatched" Cost Note;
    COST_NOT_CHECKABLE = "C010" "cost-not-checkable" Cost Warning;
    COST_ROWS_OVER = "C011" "cost-rows-over-budget" Cost Error;
    UNIT_COST_NO_CURRENCY = "C012" "unit-cost-no-currency" Cost Warning;
    UNIT_COST_SMALL_SHARE = "C013" "unit-cost-small-share" Cost Note;
    ECONOMIC_BENEFIT_OVER_BUDGET = "C014" "economic-benefit-over-budget" Cost Note;
    EFFECT_IN_COST_ROW = "C015" "effect-in-cost-row" Cost Note;
    DUPLICATE_PROJECT = "X001" "duplicate-project" Cross Error;
    DEPARTMENT_MISSING = "X002" "department-file-missing" Cross Warning;
    DEPARTMENT_YEAR = "X003" "department-year-mismatch" Cross Warning;
    DEPARTMENT_BUDGET = "X004" "department-budget-mismatch" Cross Error;
    DUPLICATE_CODE = "X005" "duplicate-code" Cross Error;
    DEPARTMENT_UNFILLED = "X006" "department-unfilled" Cross Error;
    SPENT_INVALID = "E001" "spent-invalid" Execution Error;
    LIKELIHOOD_UNEXPLAINED = "E002" "likelihood-unexplained" Execution Error;
    ACTUAL_UNIT_MISMATCH = "E003" "actual-unit-mismatch" Execution Error;
    EXECUTION_RATE_LOW = "E004" "execution-rate-low" Execution Warning;
    TARGET_TOO_LOW = "E005" "target-too-low" Execution Warning;
    DEVIATION_UNEXPLAINED = "E006" "deviation-unexplained" Execution Warning;
    GRADE_OUTSIDE_BAND = "E007" "grade-outside-band" Execution Error;
    SELF_RATE_MISMATCH = "E008" "self-rate-mismatch" Execution Warning;
    SELF_SCORE_DIFFERS = "E009" "self-score-differs" Execution Warning;
    SELF_TOTAL_DIFFERS = "E010" "self-total-differs" Execution Warning;
    ACTUAL_RESTATES_TARGET = "E011" "actual-restates-target" Execution Error;
    QUALITATIVE_GUESS = "E012" "qualitative-guess" Execution Warning;
    ACTUAL_IN_WORDS = "E013" "actual-in-words" Execution Note;
    ACTUAL_IN_TARGET_UNIT = "E014" "actual-in-target-unit" Execution Note;
    HIGH_GRADE_LOW_RATE = "E015" "high-grade-low-rate" Execution Note;
    FORM_POINTS_TOTAL = "E016" "form-points-total" Execution Warning;
}

/// Finds a rule by code (`B001`, case-insensitive) or name (`budget-sum-mismatch`).
pub fn lookup(code_or_name: &str) -> Option<&'static Rule> {
    REGISTRY
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_match_their_family() {
        for pair in REGISTRY.windows(2) {
            let family_order = |r: &Rule| "FPBSICXE".find(r.family.letter());
            let key = |r: &Rule| (family_order(r), r.code);
            assert!(
                key(pair[0]) < key(pair[1]),
                "{} / {}",
                pair[0].code,
                pair[1].code
            );
        }
        for rule in REGISTRY {
            assert!(rule.code.starts_with(rule.family.letter()), "{}", rule.code);
            assert_eq!(rule.code.len(), 4);
            assert!(rule.code[1..].chars().all(|c| c.is_ascii_digit()));
        }
    }

    #[test]
    fn names_are_unique_kebab_case() {
        let mut names: Vec<_> = REGISTRY.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), REGISTRY.len());
        for name in names {
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
            );
        }
    }

    #[test]
    fn every_rule_and_family_has_its_text_in_both_catalogs() {
        for rule in REGISTRY {
            for lang in [Lang::Zh, Lang::En] {
                let summary = rule.summary(lang);
                let explanation = rule.explanation(lang);
                assert!(!summary.starts_with("rule."), "{} {lang:?}", rule.code);
                assert!(!explanation.starts_with("rule."), "{} {lang:?}", rule.code);
                assert!(!rule.family.label(lang).starts_with("family."));
            }
        }
    }

    #[test]
    fn lookup_accepts_code_and_name() {
        assert_eq!(lookup("b001").map(|r| r.code), Some("B001"));
        assert_eq!(lookup("budget-sum-mismatch").map(|r| r.code), Some("B001"));
        assert!(lookup("Z999").is_none());
    }
}
