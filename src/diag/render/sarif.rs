//! SARIF 2.1.0: one JSON log with a single run, for code-scanning services and editors.
//!
//! The run's `tool.driver.rules` lists every rule in the registry (so a service can show the
//! rules that did *not* fire too): `id` is the code, `name` the kebab-case name,
//! `shortDescription` the English summary, `fullDescription` the Chinese one, `help` the
//! explanation (markdown, also given as text) and `defaultConfiguration.level` the default
//! severity. Each result names its rule by `ruleId` and `ruleIndex`, carries the severity in
//! force as `level`, the message (and help, after a newline) as `message.text`, and one
//! physical location.
//!
//! Locations: `artifactLocation.uri` is the path as perf was given it, with `/` separators and
//! every byte outside `A-Za-z0-9-._~/` percent-encoded (Chinese file names become `%E9%A2…`),
//! so it is a valid URI reference; an absolute path becomes a `file://` URI. Regions are
//! 1-based with exclusive end columns counted in Unicode code points, which the run declares
//! with `columnKind: "unicodeCodePoints"`. A finding on a whole file (no span, or a file whose
//! text could not be decoded) points at its first line with `region.startLine` only.
//!
//! `tests/it/sarif_schema.rs` validates the output against the OASIS SARIF 2.1.0 schema.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;
use std::sync::LazyLock;

use serde::Serialize;

use crate::diag::file::SourceFile;
use crate::diag::registry::{REGISTRY, Rule};
use crate::diag::render::stream::Layout;
use crate::diag::render::{Resolver, json_string};
use crate::diag::{Diagnostic, Severity};
use crate::i18n::Lang;

/// The `$schema` a SARIF 2.1.0 log names.
const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Writes the findings as one SARIF 2.1.0 log (pretty-printed, newline-terminated).
pub fn render_sarif(
    out: &mut dyn Write,
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    let mut resolver = Resolver::new(files);
    let results: Vec<SarifResult> = diagnostics
        .iter()
        .map(|d| result(&mut resolver, d))
        .collect();
    serde_json::to_writer_pretty(&mut *out, &log(results))?;
    writeln!(out)
}

/// The log with `results` in its one run.
fn log<R: Serialize>(results: R) -> Log<R> {
    Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "perf",
                    version: env!("CARGO_PKG_VERSION"),
                    rules: REGISTRY.iter().copied().map(descriptor).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    }
}

/// The log with `marker` where its results go: [`super::stream`] writes the results there one
/// by one.
pub(crate) fn skeleton(marker: &str) -> serde_json::Result<String> {
    serde_json::to_string_pretty(&log(marker))
}

/// Some findings as SARIF `result`s, each as `serde_json::to_string_pretty` writes it (the
/// tests hold the two together), for [`super::stream`]: written directly rather than through
/// serde's pretty printer for each of 400,000 findings, with each file's URI made once, each
/// handed to `layout` as it is written.
pub(crate) fn write_results(
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
    layout: &mut Layout,
) -> serde_json::Result<()> {
    let mut resolver = Resolver::new(files);
    let mut uri: Option<(usize, String)> = None;
    for d in diagnostics {
        let uri = match &uri {
            Some((file, text)) if *file == d.file.0 => text,
            _ => {
                let text = files
                    .get(d.file.0)
                    .map_or_else(String::new, |f| path_to_uri(&f.path));
                &uri.insert((d.file.0, text)).1
            }
        };
        let result = result_at(&mut resolver, d, uri);
        layout.push(|out| pretty_into(&result, out))?;
    }
    Ok(())
}

/// [`write_results`]' results one by one, for the tests.
#[cfg(test)]
fn results_json(
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
) -> serde_json::Result<Vec<String>> {
    let mut layout = Layout::new(b"");
    write_results(files, diagnostics, &mut layout)?;
    Ok(layout.items_for_tests())
}

/// `result` as `serde_json::to_string_pretty` lays it out; strings are escaped by serde_json.
/// Appended to `out`.
fn pretty_into(result: &SarifResult<'_>, out: &mut Vec<u8>) -> serde_json::Result<()> {
    let location = &result.locations[0].physical_location;
    out.extend_from_slice(b"{\n  \"ruleId\": ");
    serde_json::to_writer(&mut *out, result.rule_id)?;
    if let Some(index) = result.rule_index {
        out.extend_from_slice(b",\n  \"ruleIndex\": ");
        serde_json::to_writer(&mut *out, &index)?;
    }
    out.extend_from_slice(b",\n  \"level\": ");
    serde_json::to_writer(&mut *out, result.level)?;
    out.extend_from_slice(b",\n  \"message\": {\n    \"text\": ");
    json_string(out, &result.message.text)?;
    out.extend_from_slice(b"\n  },\n  \"locations\": [\n    {\n      \"physicalLocation\": {\n        \"artifactLocation\": {\n          \"uri\": ");
    json_string(out, &location.artifact_location.uri)?;
    out.extend_from_slice(b"\n        },\n        \"region\": {\n          \"startLine\": ");
    let region = &location.region;
    serde_json::to_writer(&mut *out, &region.start_line)?;
    let rest = [
        ("startColumn", region.start_column),
        ("endLine", region.end_line),
        ("endColumn", region.end_column),
    ];
    for (key, value) in rest {
        if let Some(value) = value {
            out.extend_from_slice(b",\n          \"");
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(b"\": ");
            serde_json::to_writer(&mut *out, &value)?;
        }
    }
    out.extend_from_slice(b"\n        }\n      }\n    }\n  ]\n}");
    Ok(())
}

// The SARIF objects perf writes, with only the properties it fills in, in the order the
// specification lists them.

#[derive(Serialize)]
struct Log<R> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<R>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<R> {
    tool: Tool,
    column_kind: &'static str,
    results: R,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
struct Driver {
    name: &'static str,
    version: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation<'a> {
    uri: Cow<'a, str>,
}

/// 1-based; `endColumn` is exclusive. Only `startLine` for a whole-file finding.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

/// SARIF's word for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A registry row as a `reportingDescriptor`.
fn descriptor(rule: &'static Rule) -> ReportingDescriptor {
    ReportingDescriptor {
        id: rule.code,
        name: rule.name,
        // Code-scanning tools show the short description in lists: English there, the
        // Chinese summary and explanation beside it (the findings themselves follow --lang).
        short_description: Text {
            text: rule.summary(Lang::En),
        },
        full_description: Text {
            text: rule.summary(Lang::Zh),
        },
        help: Help {
            text: rule.explanation(Lang::Zh),
            markdown: rule.explanation(Lang::Zh),
        },
        default_configuration: Configuration {
            level: level(rule.severity),
        },
    }
}

/// One finding as a `result`.
fn result(resolver: &mut Resolver<'_>, d: &Diagnostic) -> SarifResult<'static> {
    let uri = resolver
        .files()
        .get(d.file.0)
        .map_or_else(String::new, |f| path_to_uri(&f.path));
    let mut result = result_at(resolver, d, "");
    result.locations[0].physical_location.artifact_location.uri = Cow::Owned(uri);
    result
}

/// One finding as a `result` whose file's URI is `uri`.
fn result_at<'a>(resolver: &mut Resolver<'_>, d: &Diagnostic, uri: &'a str) -> SarifResult<'a> {
    let at = resolver.resolve(d);
    let text = match &d.help {
        Some(help) => format!("{}\n{}", d.message, help),
        None => d.message.clone(),
    };
    let region = match (at.text, &at.span) {
        (Some(_), Some(_)) => Region {
            start_line: at.start.line,
            start_column: Some(at.start.column),
            end_line: Some(at.end.line),
            end_column: Some(at.end.column),
        },
        _ => Region {
            start_line: 1,
            start_column: None,
            end_line: None,
            end_column: None,
        },
    };
    SarifResult {
        rule_id: d.rule.code,
        rule_index: rule_index(d.rule.code),
        level: level(d.severity),
        message: Text { text },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: Cow::Borrowed(uri),
                },
                region,
            },
        }],
    }
}

/// A rule's place in the registry (the run's `rules`), looked up in a table made once.
fn rule_index(code: &str) -> Option<usize> {
    static INDEX: LazyLock<HashMap<&'static str, usize>> = LazyLock::new(|| {
        let mut index = HashMap::new();
        for (i, rule) in REGISTRY.iter().enumerate() {
            // The first row with a code, as a search through the registry finds.
            index.entry(rule.code).or_insert(i);
        }
        index
    });
    INDEX.get(code).copied()
}

/// A path as a URI reference: relative paths stay relative, absolute ones become `file://`
/// URIs; separators become `/` and everything outside the unreserved set is percent-encoded.
fn path_to_uri(path: &Path) -> String {
    let text = path.display().to_string();
    let text = if std::path::MAIN_SEPARATOR == '\\' {
        text.replace('\\', "/")
    } else {
        text
    };
    if path.is_absolute() {
        // `C:/x` (Windows) needs a `/` before it; `/x` (Unix) has one. In a URI with a scheme
        // a `:` may stand in the path, so the drive's colon is kept.
        let slash = if text.starts_with('/') { "" } else { "/" };
        format!("file://{slash}{}", percent_encode(&text, true))
    } else {
        percent_encode(&text, false)
    }
}

/// Percent-encodes every byte outside `A-Za-z0-9-._~/` (and `:` unless `keep_colon`).
fn percent_encode(s: &str, keep_colon: bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut encoded = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || (keep_colon && b == b':');
        if keep {
            encoded.push(char::from(b));
        } else {
            encoded.push('%');
            for nibble in [b >> 4, b & 0xF] {
                encoded.extend(HEX.get(usize::from(nibble)).map(|&h| char::from(h)));
            }
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use serde_json::{Value, json};

    use super::*;
    use crate::diag::FileId;
    use crate::diag::registry::{BUDGET_SUM, NOT_UTF8};

    fn render(files: &[SourceFile], diagnostics: &[Diagnostic]) -> Value {
        let mut out = Vec::new();
        render_sarif(&mut out, files, diagnostics).unwrap();
        assert!(out.ends_with(b"}\n"));
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn properties_come_in_specification_order() {
        let mut out = Vec::new();
        render_sarif(&mut out, &[], &[]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with(
            "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": ["
        ));
        let at = |s: &str| text.find(s).unwrap();
        assert!(at("\"tool\"") < at("\"columnKind\"") && at("\"columnKind\"") < at("\"results\""));
    }

    #[test]
    fn log_has_one_run_with_every_rule() {
        let log = render(&[], &[]);
        assert_eq!(log["$schema"], SCHEMA_URI);
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        assert_eq!(log["runs"].as_array().unwrap().len(), 1);
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        assert_eq!(run["results"], json!([]));
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "perf");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        assert!(driver.get("informationUri").is_none());
        let rules = driver["rules"].as_array().unwrap();
        assert_eq!(rules.len(), REGISTRY.len());
        let b001 = REGISTRY.iter().position(|r| r.code == "B001").unwrap();
        assert_eq!(
            rules[b001],
            json!({
                "id": "B001",
                "name": "budget-sum-mismatch",
                "shortDescription": { "text": BUDGET_SUM.summary(Lang::En) },
                "fullDescription": { "text": BUDGET_SUM.summary(Lang::Zh) },
                "help": {
                    "text": BUDGET_SUM.explanation(Lang::Zh),
                    "markdown": BUDGET_SUM.explanation(Lang::Zh),
                },
                "defaultConfiguration": { "level": "error" },
            })
        );
        for (rule, descriptor) in REGISTRY.iter().zip(rules) {
            assert_eq!(descriptor["id"], rule.code);
            assert_eq!(
                descriptor["defaultConfiguration"]["level"],
                level(rule.severity)
            );
        }
    }

    #[test]
    fn results_carry_rule_level_message_and_region() {
        let text = "[budget]\ntarget = \"≧5个\"\n";
        let start = text.find('5').unwrap();
        let files = [SourceFile {
            path: PathBuf::from("budgets/高新区 人社局/a.toml"),
            text: Some(text.into()),
            suppressions: Vec::new(),
        }];
        let mut d = Diagnostic::new(&BUDGET_SUM, FileId(0), Some(start..start + 4), "合计不符")
            .with_help("改正");
        d.severity = Severity::Warning;
        let log = render(&files, &[d]);
        let result = &log["runs"][0]["results"][0];
        let index = REGISTRY.iter().position(|r| r.code == "B001").unwrap();
        assert_eq!(
            *result,
            json!({
                "ruleId": "B001",
                "ruleIndex": index,
                "level": "warning",
                "message": { "text": "合计不符\n改正" },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {
                            "uri": "budgets/%E9%AB%98%E6%96%B0%E5%8C%BA%20%E4%BA%BA%E7%A4%BE%E5%B1%80/a.toml"
                        },
                        "region": { "startLine": 2, "startColumn": 12, "endLine": 2, "endColumn": 14 },
                    }
                }],
            })
        );
    }

    #[test]
    fn whole_file_findings_point_at_the_first_line() {
        let files = [SourceFile {
            path: PathBuf::from("gbk.toml"),
            text: None,
            suppressions: Vec::new(),
        }];
        let d = Diagnostic::new(&NOT_UTF8, FileId(0), None, "不是 UTF-8");
        let log = render(&files, &[d]);
        let location = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
        assert_eq!(location["region"], json!({ "startLine": 1 }));
        assert_eq!(location["artifactLocation"]["uri"], "gbk.toml");
    }

    /// The direct writer gives serde's pretty printer's bytes: with and without help, span,
    /// text and registry row, and with strings that need escaping.
    #[test]
    fn results_are_written_as_serde_pretty_prints_them() {
        static UNLISTED: Rule = Rule {
            code: "Z999",
            ..NOT_UTF8
        };
        let text = "[budget]\ntarget = \"≧5个\"\n\"引号\\反斜杠\u{2028}\"\n";
        let files = [
            SourceFile {
                path: PathBuf::from("budgets/高新区 人社局/a\"b.toml"),
                text: Some(text.into()),
                suppressions: Vec::new(),
            },
            SourceFile {
                path: PathBuf::from("/abs/gbk.toml"),
                text: None,
                suppressions: Vec::new(),
            },
        ];
        let start = text.find('5').unwrap();
        let diagnostics = [
            Diagnostic::new(
                &BUDGET_SUM,
                FileId(0),
                Some(start..start + 4),
                "合计\"不符\"\t",
            )
            .with_help("改正\u{1}\n第二行"),
            Diagnostic::new(
                &BUDGET_SUM,
                FileId(0),
                Some(text.len() - 3..text.len()),
                "尾",
            ),
            Diagnostic::new(&BUDGET_SUM, FileId(0), None, "整个文件"),
            Diagnostic::new(&NOT_UTF8, FileId(1), None, "不是 UTF-8"),
            Diagnostic::new(&UNLISTED, FileId(1), Some(0..1), "不在登记表"),
        ];
        let direct = results_json(&files, &diagnostics).unwrap();
        let mut resolver = Resolver::new(&files);
        let through_serde: Vec<String> = diagnostics
            .iter()
            .map(|d| serde_json::to_string_pretty(&result(&mut resolver, d)).unwrap())
            .collect();
        assert_eq!(direct, through_serde);
        assert!(!direct[4].contains("ruleIndex"), "{}", direct[4]);
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            path_to_uri(Path::new("a/b-c_d.e~f.toml")),
            "a/b-c_d.e~f.toml"
        );
        assert_eq!(
            path_to_uri(Path::new("x y%#?:[].toml")),
            "x%20y%25%23%3F%3A%5B%5D.toml"
        );
        assert_eq!(path_to_uri(Path::new("个")), "%E4%B8%AA");
        if cfg!(unix) {
            assert_eq!(
                path_to_uri(Path::new("/tmp/a b.toml")),
                "file:///tmp/a%20b.toml"
            );
            assert_eq!(path_to_uri(Path::new("a\\b")), "a%5Cb");
        }
    }
}
