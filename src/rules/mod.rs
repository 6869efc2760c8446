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

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::diag::{Diagnostic, FileId};
use crate::i18n::Lang;
use crate::model::framework::Preset;
use crate::model::framework::aliases::Aliases;
use crate::model::project::Project;
use crate::rules::registry::Rule;
use crate::source::spans::ProjectSpans;
use crate::source::{LoadedProject, Workspace};

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
        }
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

/// Runs every per-project rule family on one project.
pub fn check_project(loaded: &LoadedProject, settings: &Settings) -> Vec<Diagnostic> {
    // Local labels declared in perf.toml are read before any rule looks at the rows.
    let aliased = settings.aliases.applied(&loaded.project);
    let ctx = ProjectCtx {
        project: aliased.as_ref().unwrap_or(&loaded.project),
        spans: &loaded.spans,
        settings,
        file: loaded.file,
    };
    let mut out = Vec::new();
    project::check(&ctx, &mut out);
    budget::check(&ctx, &mut out);
    budget::check_breakdowns(&ctx, &mut out);
    plan::check(&ctx, &mut out);
    indicator::check(&ctx, &mut out);
    target::check(&ctx, &mut out);
    cost::check(&ctx, &mut out);
    execution::check(&ctx, &mut out);
    review::check(&ctx, &mut out);
    out
}

/// Every finding for a workspace: loading's structural findings, each project's rules (in
/// parallel) and the cross-file rules, sorted by file and position.
pub fn check_workspace(workspace: &Workspace, settings: &Settings) -> Vec<Diagnostic> {
    let per_project: Vec<Vec<Diagnostic>> = workspace
        .projects
        .par_iter()
        .map(|p| check_project(p, settings))
        .collect();
    let mut all = workspace.diagnostics.clone();
    all.extend(per_project.into_iter().flatten());
    cross::check(workspace, settings.lang, &mut all);
    cross::check_department_budgets(workspace, settings.lang, &mut all);
    cross::check_codes(workspace, settings.lang, &mut all);
    all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    all
}
