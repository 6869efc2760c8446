//! Reading `perf.toml` as strictly as a budget file: unknown keys (with a suggestion), wrong
//! types and unknown rule codes are findings with a location, and any of them makes the run
//! fail with exit 2 before any budget file is judged.

use std::path::Path;

use crate::source::doc::{self, Value};
use globset::{Glob, GlobSetBuilder};
use rust_decimal::Decimal;

use crate::args;
use crate::config::range::checked;
use crate::config::{Config, Level, Levels, Override};
use crate::diag::registry::{REGISTRY, TOML_SYNTAX, UNKNOWN_KEY, WRONG_TYPE, lookup};
use crate::diag::{Diagnostic, FileId};
use crate::i18n::Lang;
use crate::model::framework::Preset;
use crate::source::fields::{Field, Kind, Sink, Table, nearest};
use crate::source::syntax;

/// Top level of `perf.toml` (the JSON Schema `perf schema config` is written from these).
pub const TOP: &[Field] = &[
    Field::new("framework", "指标体系")
        .of(Kind::ChoiceOrTable(&["lenient", "88", "101"], FRAMEWORK))
        .doc("lenient（默认，接受各种写法）、88（财预〔2015〕88号）或 101（财预〔2021〕101号）；或写成表 [framework]，含 preset 与 [framework.aliases]"),
    Field::new("require_plan", "是否要求资金支出计划")
        .of(Kind::Bool)
        .doc("S006：false 时不要求 [plan]（监控表、自评表等不带支出计划的表样；默认 true）"),
    Field::new("rules", "规则级别")
        .of(Kind::Levels)
        .doc("按规则代码或名称设置级别：allow、warn、error，如 S005 = \"allow\""),
    Field::new("thresholds", "阈值").of(Kind::Table(THRESHOLDS)),
    Field::new("overrides", "按路径覆盖")
        .of(Kind::Tables(OVERRIDE))
        .doc("对匹配 paths 的文件另设规则级别；后写的优先"),
    Field::new("limits", "读取限制").of(Kind::Table(LIMITS)),
];
/// `[framework]`, the table form of `framework`.
pub const FRAMEWORK: &[Field] = &[
    Field::new("preset", "指标体系")
        .of(Kind::Choice(&["lenient", "88", "101"]))
        .doc("lenient（默认）、88 或 101"),
    Field::new("aliases", "地方指标名称")
        .of(Kind::Aliases)
        .doc("本地表样的一级/二级指标名称 = perf 认识的名称，如 \"项目完成指标\" = \"产出指标\""),
];
/// `[limits]`.
pub const LIMITS: &[Field] = &[Field::new("max_file_mb", "单个文件大小上限（MB）")
    .of(Kind::Amount)
    .doc("F009：超过这个大小的文件不读取（默认 16）")];
/// `[thresholds]`.
pub const THRESHOLDS: &[Field] = &[
    Field::new("max_lag_points", "支出计划落后序时进度的容许百分点")
        .of(Kind::Amount)
        .doc("S005：某月底累计支出比序时进度低超过这么多个百分点时警告（默认 20）"),
    Field::new("satisfaction_min", "满意度指标值下限")
        .of(Kind::Amount)
        .doc("I008：满意度指标值的最低下限，单位 %（默认 80）"),
    Field::new("cost_tolerance", "成本指标与预算数的容许差额（万元）")
        .of(Kind::Amount)
        .doc("C001–C005：差额在此以内视为相等（默认 0）"),
    Field::new("unit_cost_share_min", "单位成本×数量占预算数的最低比例（%）")
        .of(Kind::Amount)
        .doc("C015：单位成本乘以数量只占预算数这个百分比以下时提示（默认 30）"),
    Field::new("weight_total", "指标权重合计")
        .of(Kind::Amount)
        .doc("写了权重（weight）的项目，各指标权重之和应等于此数（默认 100）"),
    Field::new("watch_lag_points", "执行监控“关注”的落后百分点")
        .of(Kind::Amount)
        .doc("perf monitor：执行率落后计划或序时进度超过这么多个百分点为“关注”（默认 10）"),
    Field::new("alert_lag_points", "执行监控“预警”的落后百分点")
        .of(Kind::Amount)
        .doc("perf monitor：落后超过这么多个百分点为“预警”（默认 20）"),
    Field::new("execution_rate_min", "年底预算执行率下限")
        .of(Kind::Amount)
        .doc("E004：年底执行率低于此百分比时须写偏差原因（默认 90）"),
    Field::new("overachieve_ratio", "超额完成倍数上限")
        .of(Kind::Amount)
        .doc("E005：正向指标实际值与指标值之比超过此倍数时警告（默认 1.2）"),
    Field::new("grade_partial_min", "“部分达成”得分比例下限")
        .of(Kind::Amount)
        .doc("E007 与 perf score：部分达成的得分比例区间为 [此值, 80)%（默认 50，有的地方用 60）"),
    Field::new("high_grade_rate_min", "优良等级的执行率下限")
        .of(Kind::Amount)
        .doc("E015：自评为优或良、执行率却低于此百分比时提示（默认 60）"),
    Field::new("weight_budget_rate", "自评权重：预算执行率")
        .of(Kind::Amount)
        .doc("perf score：预算执行率的分值（默认 10）"),
    Field::new("weight_output", "自评默认权重：产出指标")
        .of(Kind::Amount)
        .doc("perf score：指标没有写 weight 时，产出指标（含 101号 成本指标）共占的分值，平均分给各行（默认 50）"),
    Field::new("weight_effect", "自评默认权重：效益指标")
        .of(Kind::Amount)
        .doc("perf score：效益指标共占的分值（默认 30）"),
    Field::new("weight_satisfaction", "自评默认权重：满意度指标")
        .of(Kind::Amount)
        .doc("perf score：满意度指标共占的分值（默认 10）"),
];
/// One `[[overrides]]` entry.
pub const OVERRIDE: &[Field] = &[
    Field::new("paths", "路径（glob）")
        .of(Kind::TextList)
        .required()
        .doc("相对于 perf.toml 所在目录，如 [\"budgets/旧项目/**\"]"),
    Field::new("rules", "规则级别").of(Kind::Levels),
];

/// Reads a configuration file's text, writing findings in `lang`. The findings point into
/// the file, which the caller shows as file 0.
pub fn parse(text: &str, path: &Path, lang: Lang) -> Result<Config, Vec<Diagnostic>> {
    let mut sink = Sink::in_lang(FileId(0), lang);
    let (root, errors) = match doc::parse(text) {
        Ok(root) => (root, Vec::new()),
        Err(errors) => (doc::Table::default(), errors),
    };
    for error in &errors {
        let span = error.span().unwrap_or(0..0);
        let (message, help) = syntax::explain(text, &span, error.message().trim(), &sink);
        sink.report(&TOML_SYNTAX, span, message, Some(help));
    }
    if !errors.is_empty() {
        return Err(sink.items);
    }
    let mut config = Config {
        path: Some(path.to_path_buf()),
        ..Config::default()
    };
    let top = Table::top(&root, TOP, &mut sink);
    read_framework(&top, &mut config.settings, &mut sink);
    if let Some(entry) = top.entry("require_plan", false, &mut sink) {
        match &entry.value {
            Value::Boolean(b) => config.settings.require_plan = *b,
            _ => sink.report_text(&WRONG_TYPE, entry.span(), "config.require_plan", args!()),
        }
    }
    if let Some(t) = top.table("limits", false, &mut sink) {
        let t = Table::new(t.value, t.span, "[limits]", LIMITS, &mut sink);
        let mb = t.decimal("max_file_mb", false, &mut sink);
        if let Some(mb) = mb.and_then(|mb| checked("[limits]", "max_file_mb", mb, &mut sink)) {
            // Whole bytes (the range keeps it within u64).
            let bytes = (mb * Decimal::from(1_048_576)).trunc();
            config.read.max_file_bytes = u64::try_from(bytes).unwrap_or(u64::MAX);
        }
    }
    if let Some(rules) = top.table("rules", false, &mut sink) {
        config.levels = read_levels(rules.value, &mut sink);
    }
    if let Some(t) = top.table("thresholds", false, &mut sink) {
        let t = Table::new(t.value, t.span, "[thresholds]", THRESHOLDS, &mut sink);
        let settings = &mut config.settings;
        // Sets `slot` from `key` when it is a number in range; gives where it was written.
        let set = |key: &str, slot: &mut Decimal, sink: &mut Sink| {
            let value = t.decimal(key, false, sink)?;
            let span = value.span.clone();
            if let Some(v) = checked("[thresholds]", key, value, sink) {
                *slot = v;
            }
            Some(span)
        };
        set("max_lag_points", &mut settings.max_lag_points, &mut sink);
        set(
            "satisfaction_min",
            &mut settings.satisfaction_min,
            &mut sink,
        );
        set("cost_tolerance", &mut settings.cost_tolerance, &mut sink);
        set("weight_total", &mut settings.weight_total, &mut sink);
        set(
            "unit_cost_share_min",
            &mut settings.unit_cost_share_min,
            &mut sink,
        );
        let e = &mut settings.execution;
        let mut lag_span = None;
        for (key, slot) in [
            ("watch_lag_points", &mut e.watch_lag_points),
            ("alert_lag_points", &mut e.alert_lag_points),
            ("execution_rate_min", &mut e.execution_rate_min),
            ("overachieve_ratio", &mut e.overachieve_ratio),
            ("grade_partial_min", &mut e.grade_partial_min),
            ("weight_budget_rate", &mut e.weight_budget_rate),
            ("weight_output", &mut e.weight_output),
            ("weight_effect", &mut e.weight_effect),
            ("weight_satisfaction", &mut e.weight_satisfaction),
            ("high_grade_rate_min", &mut e.high_grade_rate_min),
        ] {
            let span = set(key, slot, &mut sink);
            if key.ends_with("_lag_points") {
                lag_span = lag_span.or(span);
            }
        }
        // 预警 must lag more than 关注, or no project could be 关注 (defaults count too).
        if e.alert_lag_points < e.watch_lag_points {
            sink.report_text(
                &WRONG_TYPE,
                lag_span.unwrap_or(0..0),
                "config.alert_below_watch",
                args!(alert = e.alert_lag_points, watch = e.watch_lag_points),
            );
        }
    }
    for (i, o) in top
        .tables("overrides", false, &mut sink)
        .into_iter()
        .enumerate()
    {
        let name = sink.nth("overrides", i + 1);
        let t = Table::new(o.value, o.span, name, OVERRIDE, &mut sink);
        let patterns = t
            .str_list("paths", true, &mut sink)
            .map(|p| p.value)
            .unwrap_or_default();
        let mut builder = GlobSetBuilder::new();
        for pattern in &patterns {
            match Glob::new(&pattern.value) {
                Ok(glob) => {
                    builder.add(glob);
                }
                Err(err) => {
                    let message =
                        sink.t("config.glob", args!(pattern = pattern.value, error = err));
                    sink.report(&WRONG_TYPE, pattern.span.clone(), message, None);
                }
            }
        }
        let levels = t
            .table("rules", true, &mut sink)
            .map(|r| read_levels(r.value, &mut sink))
            .unwrap_or_default();
        match builder.build() {
            Ok(matcher) => config.overrides.push(Override {
                patterns: patterns.into_iter().map(|p| p.value).collect(),
                matcher,
                levels,
            }),
            Err(err) => {
                let message = sink.t("config.globs", args!(error = err));
                sink.report(&WRONG_TYPE, 0..0, message, None);
            }
        }
    }
    if sink.items.is_empty() {
        Ok(config)
    } else {
        sink.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Err(sink.items)
    }
}

/// Reads `framework = "101"`, or the table form `[framework]` with `preset` and
/// `[framework.aliases]` (local 一级/二级 labels, each naming a label perf knows).
fn read_framework(
    top: &Table<'_, '_>,
    settings: &mut crate::config::settings::Settings,
    sink: &mut Sink,
) {
    let Some(entry) = top.entry("framework", false, sink) else {
        return;
    };
    let mut preset_word =
        |word: &str, span: std::ops::Range<usize>, sink: &mut Sink| match Preset::from_word(word) {
            Some(preset) => settings.framework = preset,
            None => sink.report_text(&WRONG_TYPE, span, "config.framework", args!(value = word)),
        };
    match &entry.value {
        Value::String(word) => preset_word(word, entry.span(), sink),
        Value::Table(table) => {
            let t = Table::new(table, entry.span(), "[framework]", FRAMEWORK, sink);
            if let Some(word) = t.str("preset", false, sink) {
                preset_word(&word.value, word.span, sink);
            }
            if let Some(aliases) = t.table("aliases", false, sink) {
                for (key, value) in aliases.value.iter() {
                    let local = key.name.as_ref();
                    let known = match &value.value {
                        Value::String(known) => known.as_ref(),
                        _ => "",
                    };
                    if !settings.aliases.add(local, known) {
                        sink.report_text(
                            &WRONG_TYPE,
                            value.span(),
                            "config.alias",
                            args!(local = local, known = known),
                        );
                    }
                }
            }
        }
        _ => sink.report_text(
            &WRONG_TYPE,
            entry.span(),
            "config.framework",
            args!(value = ""),
        ),
    }
}

/// Reads a `{ CODE-or-name = "allow|warn|error" }` table.
fn read_levels(table: &doc::Table<'_>, sink: &mut Sink) -> Levels {
    let mut levels = Vec::new();
    for (key, value) in table.iter() {
        let name = key.name.as_ref();
        let Some(rule) = lookup(name) else {
            let known: Vec<&str> = REGISTRY.iter().flat_map(|r| [r.code, r.name]).collect();
            let help = nearest(name, &known).map_or_else(
                || sink.t("config.unknown_rule_help", &[]),
                |near| sink.t("config.unknown_rule_near", args!(near = near)),
            );
            let message = sink.t("config.unknown_rule", args!(name = name));
            sink.report(&UNKNOWN_KEY, key.span(), message, Some(help));
            continue;
        };
        match &value.value {
            Value::String(word) if Level::from_word(word).is_some() => {
                levels.extend(Level::from_word(word).map(|l| (rule, l)));
            }
            _ => {
                let message = sink.t("config.level", args!(name = name));
                sink.report(&WRONG_TYPE, value.span(), message, None);
            }
        }
    }
    levels
}

/// Parses a `--deny/--warn/--allow` value (a code or a name); the error is written in `lang`.
pub fn parse_rule_arg(
    value: &str,
    lang: Lang,
) -> Result<&'static crate::diag::registry::Rule, String> {
    lookup(value).ok_or_else(|| lang.text("config.rule_arg", args!(value = value)))
}

/// The effective configuration as TOML, for `perf config`.
pub fn to_toml(config: &Config) -> String {
    let s = &config.settings;
    let lang = s.lang;
    let source = config.path.as_ref().map_or_else(
        || lang.text("config.defaults", &[]),
        |p| p.display().to_string(),
    );
    let mut text = String::new();
    text.push_str(&format!(
        "# {}\nframework = \"{}\"\nrequire_plan = {}\n\n[thresholds]\nmax_lag_points = {}\nsatisfaction_min = {}\ncost_tolerance = {}\nunit_cost_share_min = {}\nweight_total = {}\n",
        lang.text("config.effective", args!(source = source)),
        s.framework.word(),
        s.require_plan,
        s.max_lag_points,
        s.satisfaction_min,
        s.cost_tolerance,
        s.unit_cost_share_min,
        s.weight_total,
    ));
    let e = &s.execution;
    text.push_str(&format!(
        "watch_lag_points = {}\nalert_lag_points = {}\nexecution_rate_min = {}\noverachieve_ratio = {}\ngrade_partial_min = {}\nweight_budget_rate = {}\nweight_output = {}\nweight_effect = {}\nweight_satisfaction = {}\nhigh_grade_rate_min = {}\n",
        e.watch_lag_points,
        e.alert_lag_points,
        e.execution_rate_min,
        e.overachieve_ratio,
        e.grade_partial_min,
        e.weight_budget_rate,
        e.weight_output,
        e.weight_effect,
        e.weight_satisfaction,
        e.high_grade_rate_min,
    ));
    let levels = |levels: &Levels| {
        levels
            .iter()
            .map(|(r, l)| format!("{} = \"{}\"  # {}\n", r.code, l.word(), r.name))
            .collect::<String>()
    };
    // With aliases, `framework` is written as a table (a TOML key cannot be both).
    if !s.aliases.is_empty() {
        text = text.replacen(&format!("framework = \"{}\"\n", s.framework.word()), "", 1);
    }
    text.push_str("\n[rules]\n");
    let mut merged = config.levels.clone();
    merged.extend(config.command_line.iter().copied());
    text.push_str(&levels(&merged));
    if !s.aliases.is_empty() {
        text.push_str(&format!(
            "\n[framework]\npreset = \"{}\"\n\n[framework.aliases]\n",
            s.framework.word()
        ));
        for (local, known) in s.aliases.pairs() {
            text.push_str(&format!("{local:?} = \"{known}\"\n"));
        }
    }
    for o in &config.overrides {
        let paths: Vec<String> = o.patterns.iter().map(|p| format!("\"{p}\"")).collect();
        text.push_str(&format!(
            "\n[[overrides]]\npaths = [{}]\n[overrides.rules]\n{}",
            paths.join(", "),
            levels(&o.levels)
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_levels_thresholds_and_overrides() {
        let text = "framework = \"101\"\n[rules]\nS005 = \"allow\"\ncost-floor = \"error\"\n\
                    [thresholds]\nmax_lag_points = 30\n[[overrides]]\npaths = [\"budgets/旧/**\"]\nrules = { P002 = \"allow\" }\n";
        let config = parse(text, Path::new("perf.toml"), Lang::Zh).unwrap();
        assert_eq!(config.settings.framework, Preset::F101);
        assert_eq!(config.settings.max_lag_points, Decimal::from(30));
        assert_eq!(config.levels.len(), 2);
        assert_eq!(config.overrides.len(), 1);
        assert!(config.overrides[0].matcher.is_match("budgets/旧/a.toml"));
    }

    #[test]
    fn reports_unknown_keys_and_rules() {
        let errors = parse(
            "[rule]\nS005 = \"allow\"\n[rules]\nS05 = \"allow\"\nB001 = \"loud\"\n",
            Path::new("perf.toml"),
            Lang::Zh,
        )
        .unwrap_err();
        let codes: Vec<&str> = errors.iter().map(|d| d.rule.code).collect();
        assert_eq!(codes, ["F002", "F002", "F004"]);
        assert!(
            errors[0]
                .help
                .as_deref()
                .unwrap_or_default()
                .contains("rules")
        );
    }
}
