//! Reading `perf.toml` as strictly as a budget file: unknown keys (with a suggestion), wrong
//! types and unknown rule codes are findings with a location, and any of them makes the run
//! fail with exit 2 before any budget file is judged.

use std::path::Path;

use globset::{Glob, GlobSetBuilder};
use rust_decimal::Decimal;
use toml::de::{DeTable, DeValue};

use crate::config::{Config, Level, Levels, Override};
use crate::diag::{Diagnostic, FileId};
use crate::model::framework::Preset;
use crate::rules::registry::{REGISTRY, TOML_SYNTAX, UNKNOWN_KEY, WRONG_TYPE, lookup};
use crate::source::fields::{Field, Sink, TOP_LEVEL, Table, nearest};

const TOP: &[Field] = &[
    Field {
        key: "framework",
        label: "指标体系",
    },
    Field {
        key: "rules",
        label: "规则级别",
    },
    Field {
        key: "thresholds",
        label: "阈值",
    },
    Field {
        key: "overrides",
        label: "按路径覆盖",
    },
];
const THRESHOLDS: &[Field] = &[
    Field {
        key: "max_lag_points",
        label: "支出计划落后序时进度的容许百分点",
    },
    Field {
        key: "satisfaction_min",
        label: "满意度指标值下限",
    },
    Field {
        key: "cost_tolerance",
        label: "成本指标与预算数的容许差额（万元）",
    },
    Field {
        key: "weight_total",
        label: "指标权重合计",
    },
];
const OVERRIDE: &[Field] = &[
    Field {
        key: "paths",
        label: "路径（glob）",
    },
    Field {
        key: "rules",
        label: "规则级别",
    },
];

/// Reads a configuration file's text. The findings point into the file, which the caller
/// shows as file 0.
pub fn parse(text: &str, path: &Path) -> Result<Config, Vec<Diagnostic>> {
    let mut sink = Sink::new(FileId(0));
    let (root, errors) = DeTable::parse_recoverable(text);
    for error in &errors {
        sink.report(
            &TOML_SYNTAX,
            error.span().unwrap_or(0..0),
            format!("TOML 语法错误：{}", error.message().trim()),
            None,
        );
    }
    if !errors.is_empty() {
        return Err(sink.items);
    }
    let mut config = Config {
        path: Some(path.to_path_buf()),
        ..Config::default()
    };
    let top = Table::new(root.get_ref(), 0..0, TOP_LEVEL.into(), TOP, &mut sink);
    if let Some(word) = top.str("framework", false, &mut sink) {
        match Preset::from_word(&word.value) {
            Some(preset) => config.settings.framework = preset,
            None => sink.report(
                &WRONG_TYPE,
                word.span,
                format!("未知的指标体系 `framework = \"{}\"`", word.value),
                Some("可用：lenient（默认，接受各种写法）、88、101".into()),
            ),
        }
    }
    if let Some(rules) = top.table("rules", false, &mut sink) {
        config.levels = read_levels(rules.value, &mut sink);
    }
    if let Some(t) = top.table("thresholds", false, &mut sink) {
        let t = Table::new(
            t.value,
            t.span,
            "[thresholds]".into(),
            THRESHOLDS,
            &mut sink,
        );
        let settings = &mut config.settings;
        let set = |key: &str, slot: &mut Decimal, sink: &mut Sink| {
            if let Some(v) = t.decimal(key, false, sink) {
                *slot = v.value;
            }
        };
        set("max_lag_points", &mut settings.max_lag_points, &mut sink);
        set(
            "satisfaction_min",
            &mut settings.satisfaction_min,
            &mut sink,
        );
        set("cost_tolerance", &mut settings.cost_tolerance, &mut sink);
        set("weight_total", &mut settings.weight_total, &mut sink);
    }
    for (i, o) in top
        .tables("overrides", false, &mut sink)
        .into_iter()
        .enumerate()
    {
        let name = format!("第 {} 个 [[overrides]]", i + 1);
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
                Err(err) => sink.report(
                    &WRONG_TYPE,
                    pattern.span.clone(),
                    format!("路径模式 \"{}\" 无效：{err}", pattern.value),
                    None,
                ),
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
            Err(err) => sink.report(&WRONG_TYPE, 0..0, format!("路径模式无效：{err}"), None),
        }
    }
    if sink.items.is_empty() {
        Ok(config)
    } else {
        sink.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Err(sink.items)
    }
}

/// Reads a `{ CODE-or-name = "allow|warn|error" }` table.
fn read_levels(table: &DeTable<'_>, sink: &mut Sink) -> Levels {
    let mut levels = Vec::new();
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        let Some(rule) = lookup(name) else {
            let known: Vec<&str> = REGISTRY.iter().flat_map(|r| [r.code, r.name]).collect();
            let help = nearest(name, &known).map_or_else(
                || "`perf rules` 列出全部规则代码和名称".to_owned(),
                |near| format!("是否应为 `{near}`？`perf rules` 列出全部规则"),
            );
            sink.report(
                &UNKNOWN_KEY,
                key.span(),
                format!("没有规则 `{name}`"),
                Some(help),
            );
            continue;
        };
        match value.get_ref() {
            DeValue::String(word) if Level::from_word(word).is_some() => {
                levels.extend(Level::from_word(word).map(|l| (rule, l)));
            }
            _ => sink.report(
                &WRONG_TYPE,
                value.span(),
                format!("规则 `{name}` 的级别应为 \"allow\"、\"warn\" 或 \"error\""),
                None,
            ),
        }
    }
    levels
}

/// Parses a `--deny/--warn/--allow` value (a code or a name).
pub fn parse_rule_arg(value: &str) -> Result<&'static crate::rules::registry::Rule, String> {
    lookup(value).ok_or_else(|| format!("没有规则 `{value}`；`perf rules` 列出全部规则代码"))
}

/// The effective configuration as TOML, for `perf config`.
pub fn to_toml(config: &Config) -> String {
    let s = &config.settings;
    let mut text = String::new();
    text.push_str(&format!(
        "# 生效的配置（来源：{}）\nframework = \"{}\"\n\n[thresholds]\nmax_lag_points = {}\nsatisfaction_min = {}\ncost_tolerance = {}\nweight_total = {}\n",
        config.path.as_ref().map_or_else(|| "默认值".to_owned(), |p| p.display().to_string()),
        s.framework.word(),
        s.max_lag_points,
        s.satisfaction_min,
        s.cost_tolerance,
        s.weight_total,
    ));
    let levels = |levels: &Levels| {
        levels
            .iter()
            .map(|(r, l)| format!("{} = \"{}\"  # {}\n", r.code, l.word(), r.name))
            .collect::<String>()
    };
    text.push_str("\n[rules]\n");
    let mut merged = config.levels.clone();
    merged.extend(config.command_line.iter().copied());
    text.push_str(&levels(&merged));
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
        let config = parse(text, Path::new("perf.toml")).unwrap();
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
