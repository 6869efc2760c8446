//! JSON Schemas of the three TOML files perf reads — project, department and `perf.toml` —
//! generated from the key tables the loader reads by (`source::schema`, `config::file`), so
//! that an editor's completion, hover text and red underlines agree with `perf validate`.
//!
//! Draft-07, because taplo (Even Better TOML) and most editors support it. The schemas check
//! structure only — keys, types, the closed vocabularies (一级/二级指标, units, frameworks) —
//! never the rules (`perf validate` does those). Nothing here fetches anything: the files are
//! written to `schema/` and referenced by relative path.

use serde_json::{Map, Value, json};

use crate::model::framework::{Level1, Level2};
use crate::source::fields::{Field, Kind};

/// Which file a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    /// A project file (项目绩效目标表).
    Project,
    /// A department file (部门整体绩效目标).
    Department,
    /// `perf.toml`.
    Config,
}

impl SchemaKind {
    /// All three, in the order of the files in `schema/`.
    pub const ALL: [Self; 3] = [Self::Project, Self::Department, Self::Config];

    /// The file name under `schema/` (`project.schema.json`).
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Project => "project.schema.json",
            Self::Department => "department.schema.json",
            Self::Config => "config.schema.json",
        }
    }
}

/// An exact decimal written as a string: what `decimal_value` accepts.
const DECIMAL_STRING: &str = r"^\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$";
/// A percentage written as a string (`"20%"`).
const PERCENT_STRING: &str = r"^\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)\s*[%％]?\s*$";
/// A month key: 1–12, leading zeros allowed (`03`).
const MONTH_KEY: &str = r"^\s*0*([1-9]|1[0-2])\s*$";
/// A year key.
const YEAR_KEY: &str = r"^\s*[0-9]{4}\s*$";
/// A rule code (`S005`) or name (`plan-behind-schedule`).
const RULE_KEY: &str = r"^([A-Z][0-9]{3}|[a-z0-9]+(-[a-z0-9]+)*)$";

/// The schema of `kind`, as a JSON value.
pub fn schema(kind: SchemaKind) -> Value {
    let (fields, title, description) = match kind {
        SchemaKind::Project => (
            crate::source::schema::PROJECT_TOP,
            "perf 项目文件（项目绩效目标表）",
            "一个项目一个文件：[project]、[budget]、[plan]、[[indicator]]。见 docs/file-format.md。",
        ),
        SchemaKind::Department => (
            crate::source::schema::DEPARTMENT_TOP,
            "perf 部门文件（部门整体绩效目标）",
            "每个部门目录下的 department.toml：[department] 和 [[objective]]。见 docs/file-format.md。",
        ),
        SchemaKind::Config => (
            crate::config::file::TOP,
            "perf 配置文件 perf.toml",
            "指标体系、规则级别、阈值和按路径覆盖。见 docs/configuration.md。",
        ),
    };
    let mut root = Map::new();
    root.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    root.insert("title".into(), json!(title));
    root.insert("description".into(), json!(description));
    if let Value::Object(body) = object(fields) {
        root.extend(body);
    }
    Value::Object(root)
}

/// The schema of `kind` as the text of its file: pretty JSON ending in a newline.
pub fn schema_text(kind: SchemaKind) -> String {
    let mut text = serde_json::to_string_pretty(&schema(kind)).unwrap_or_default();
    text.push('\n');
    text
}

/// An object with exactly these keys.
fn object(fields: &[Field]) -> Value {
    let mut properties = Map::new();
    for field in fields {
        properties.insert(field.key.into(), property(field));
    }
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.key)
        .collect();
    let mut object = Map::new();
    object.insert("type".into(), json!("object"));
    object.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        object.insert("required".into(), json!(required));
    }
    // Unknown keys are F002 errors: a misspelt key would otherwise be silently ignored.
    object.insert("additionalProperties".into(), json!(false));
    Value::Object(object)
}

/// One key: its value's schema with the Chinese label as title and the label plus the
/// explanation as description (what editors show on hover).
fn property(field: &Field) -> Value {
    let mut value = match value_schema(field.kind) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    value.insert("title".into(), json!(field.label));
    let description = if field.doc.is_empty() {
        field.label.to_owned()
    } else {
        format!("{}：{}", field.label, field.doc)
    };
    value.insert("description".into(), json!(description));
    Value::Object(value)
}

fn value_schema(kind: Kind) -> Value {
    match kind {
        Kind::Any => json!({}),
        Kind::Text => json!({ "type": "string" }),
        Kind::Integer => json!({ "type": "integer" }),
        Kind::Bool => json!({ "type": "boolean" }),
        Kind::Amount => amount(),
        Kind::Percent => percent(),
        Kind::TextList => json!({ "type": "array", "items": { "type": "string" } }),
        Kind::Choice(words) => json!({ "type": "string", "enum": words }),
        Kind::Level1 => json!({ "type": "string", "enum": Level1::accepted_labels() }),
        Kind::Level2 => json!({ "type": "string", "enum": Level2::accepted_labels() }),
        Kind::Table(fields) => object(fields),
        Kind::Tables(fields) => json!({ "type": "array", "items": object(fields) }),
        Kind::Months => keyed(MONTH_KEY, percent()),
        Kind::MonthAmounts => keyed(MONTH_KEY, amount()),
        Kind::Years => keyed(YEAR_KEY, amount()),
        Kind::ChoiceOrTable(words, fields) => json!({ "anyOf": [
            { "type": "string", "enum": words },
            object(fields),
        ] }),
        Kind::Aliases => {
            let mut labels: Vec<String> = Level1::accepted_labels()
                .into_iter()
                .map(str::to_owned)
                .collect();
            for label in Level2::accepted_labels() {
                if !labels.contains(&label) {
                    labels.push(label);
                }
            }
            json!({
                "type": "object",
                "additionalProperties": { "type": "string", "enum": labels },
            })
        }
        Kind::Levels => json!({
            "type": "object",
            "propertyNames": { "pattern": RULE_KEY },
            "additionalProperties": { "type": "string", "enum": ["allow", "warn", "error"] },
        }),
    }
}

fn amount() -> Value {
    json!({ "anyOf": [
        { "type": "number" },
        { "type": "string", "pattern": DECIMAL_STRING },
    ] })
}

fn percent() -> Value {
    json!({ "anyOf": [
        { "type": "number" },
        { "type": "string", "pattern": PERCENT_STRING },
    ] })
}

fn keyed(pattern: &str, value: Value) -> Value {
    let mut patterns = Map::new();
    patterns.insert(pattern.into(), value);
    json!({
        "type": "object",
        "patternProperties": patterns,
        "additionalProperties": false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_enums_come_from_the_framework_table() {
        let s = schema(SchemaKind::Project);
        let level2 = &s["properties"]["indicator"]["items"]["properties"]["level2"]["enum"];
        let labels: Vec<&str> = level2
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(labels.contains(&"数量指标") && labels.contains(&"数量"));
        assert!(labels.contains(&"社会公众或服务对象满意度指标"));
        let level1 = &s["properties"]["indicator"]["items"]["properties"]["level1"]["enum"];
        assert!(level1.as_array().unwrap().contains(&json!("效果指标")));
    }

    #[test]
    fn required_keys_and_descriptions_are_present() {
        let s = schema(SchemaKind::Project);
        assert_eq!(s["required"], json!(["project", "budget", "indicator"]));
        let total = &s["properties"]["budget"]["properties"]["total"];
        assert_eq!(total["title"], "预算数");
        assert!(
            total["description"]
                .as_str()
                .unwrap()
                .starts_with("预算数：")
        );
    }

    /// Every key an editor can hover has a title and a description, inside the
    /// `[[indicator]]` rows and the `[execution]` table too (what taplo shows on hover).
    #[test]
    fn every_key_at_every_depth_has_a_description() {
        fn walk(node: &serde_json::Value, path: &str, missing: &mut Vec<String>) {
            if let Some(props) = node.get("properties").and_then(|p| p.as_object()) {
                for (key, child) in props {
                    let here = format!("{path}.{key}");
                    let described = child
                        .get("description")
                        .and_then(|d| d.as_str())
                        .is_some_and(|d| !d.is_empty());
                    if !described || child.get("title").is_none() {
                        missing.push(here.clone());
                    }
                    walk(child, &here, missing);
                }
            }
            for inner in ["items", "additionalProperties"] {
                if let Some(child) = node.get(inner).filter(|c| c.is_object()) {
                    walk(child, &format!("{path}[]"), missing);
                }
            }
        }
        for kind in [
            SchemaKind::Project,
            SchemaKind::Department,
            SchemaKind::Config,
        ] {
            let mut missing = Vec::new();
            walk(&schema(kind), "", &mut missing);
            assert!(
                missing.is_empty(),
                "{kind:?}: keys without a description: {missing:?}"
            );
        }
        let s = schema(SchemaKind::Project);
        let target = &s["properties"]["indicator"]["items"]["properties"]["target"];
        assert!(
            target["description"].as_str().unwrap().contains("指标值"),
            "{target}"
        );
    }
}
