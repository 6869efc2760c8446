//! The thresholds and framework the rules, monitoring and scoring run under: what perf.toml
//! sets (docs/configuration.md). Plain data, below every module that reads it.

use rust_decimal::Decimal;

use crate::diag::registry::Rule;
use crate::i18n::Lang;
use crate::model::framework::Preset;
use crate::model::framework::aliases::Aliases;

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
