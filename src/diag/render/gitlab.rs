//! GitLab Code Quality report: one JSON array, an object per finding, which GitLab shows in a
//! merge request's widget and diff when a job uploads it as `artifacts: reports: codequality`.
//!
//! ```json
//! [{"description": "B001 budget-sum-mismatch: 合计不符", "check_name": "B001",
//!   "fingerprint": "3f0c…", "severity": "major",
//!   "location": {"path": "budgets/a.toml", "lines": {"begin": 3}}}]
//! ```
//!
//! * `location.path` is relative to the repository's root (the nearest folder above the
//!   current one holding `.git`, else the current folder), `/`-separated, as GitLab matches
//!   it against the files of the merge request.
//! * `severity`: an error is `major`, a warning `minor`, a note `info` (`critical` and
//!   `blocker` are left to security findings).
//! * `fingerprint` identifies the finding from one pipeline to the next, so GitLab can tell
//!   new findings from fixed ones: a hash of the file's key and of the baseline's fingerprint
//!   (code, the trimmed source line, the message; `crate::diag::baseline`), so edits
//!   elsewhere in the file do not change it. Identical findings in one file are numbered so
//!   each fingerprint is unique in the report, as GitLab requires.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::diag::baseline::{Anchor, fingerprint, fnv1a};
use crate::diag::file::SourceFile;
use crate::diag::render::Resolver;
use crate::diag::{Diagnostic, Severity};

/// Writes the findings as one GitLab Code Quality report (pretty-printed JSON array,
/// newline-terminated); paths are keyed relative to the anchor's root.
pub fn render_gitlab(
    out: &mut dyn Write,
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
    anchor: &Anchor,
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &issues(files, diagnostics, anchor))?;
    writeln!(out)
}

/// The issues of some findings, each pretty-printed, for [`super::stream`] (which writes one
/// file's at a time: occurrences are counted within a file, so this gives the same
/// fingerprints).
pub(crate) fn items(
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
    anchor: &Anchor,
) -> serde_json::Result<Vec<String>> {
    issues(files, diagnostics, anchor)
        .iter()
        .map(pretty)
        .collect()
}

/// `issue` as `serde_json::to_string_pretty` writes it (the tests hold the two together),
/// without going through serde's pretty printer for each of 400,000 findings; the strings are
/// escaped by serde_json itself.
fn pretty(issue: &Issue) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(issue.description.len() + issue.location.path.len() + 200);
    out.extend_from_slice(b"{\n  \"description\": ");
    serde_json::to_writer(&mut out, &issue.description)?;
    out.extend_from_slice(b",\n  \"check_name\": ");
    serde_json::to_writer(&mut out, issue.check_name)?;
    out.extend_from_slice(b",\n  \"fingerprint\": ");
    serde_json::to_writer(&mut out, &issue.fingerprint)?;
    out.extend_from_slice(b",\n  \"severity\": ");
    serde_json::to_writer(&mut out, issue.severity)?;
    out.extend_from_slice(b",\n  \"location\": {\n    \"path\": ");
    serde_json::to_writer(&mut out, &issue.location.path)?;
    out.extend_from_slice(b",\n    \"lines\": {\n      \"begin\": ");
    serde_json::to_writer(&mut out, &issue.location.lines.begin)?;
    out.extend_from_slice(b",\n      \"end\": ");
    serde_json::to_writer(&mut out, &issue.location.lines.end)?;
    out.extend_from_slice(b"\n    }\n  }\n}");
    // serde_json writes UTF-8; a failure here would be a bug, reported as an error.
    String::from_utf8(out).map_err(|e| serde::ser::Error::custom(e.to_string()))
}

fn issues(files: &[SourceFile], diagnostics: &[Diagnostic], anchor: &Anchor) -> Vec<Issue> {
    let mut keys: HashMap<usize, String> = HashMap::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut issues = Vec::with_capacity(diagnostics.len());
    let mut resolver = Resolver::new(files);
    for d in diagnostics {
        let path = keys
            .entry(d.file.0)
            .or_insert_with(|| {
                files
                    .get(d.file.0)
                    .map(|f| anchor.key(&f.path))
                    .unwrap_or_default()
            })
            .clone();
        let base = fingerprint(files, d);
        let n = seen.entry(format!("{path}\u{0}{base}")).or_default();
        let occurrence = n.to_string();
        *n += 1;
        let at = resolver.resolve(d);
        let description = match &d.help {
            Some(help) => format!("{} {}: {}\n{}", d.rule.code, d.rule.name, d.message, help),
            None => format!("{} {}: {}", d.rule.code, d.rule.name, d.message),
        };
        issues.push(Issue {
            description,
            check_name: d.rule.code,
            fingerprint: format!("{:016x}", fnv1a(&[&path, &base, &occurrence])),
            severity: match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Note => "info",
            },
            location: Location {
                path,
                lines: Lines {
                    begin: at.start.line,
                    end: at.end.line,
                },
            },
        });
    }
    issues
}

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::diag::FileId;
    use crate::diag::registry::{BUDGET_SPLIT_MISSING, BUDGET_SUM};

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from(path),
            text: Some(text.into()),
            suppressions: Vec::new(),
        }
    }

    fn render(files: &[SourceFile], diagnostics: &[Diagnostic]) -> serde_json::Value {
        let dir = tempfile::tempdir().unwrap();
        let mut out = Vec::new();
        render_gitlab(&mut out, files, diagnostics, &Anchor::at(dir.path())).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn one_issue_per_finding_with_unique_fingerprints() {
        let text = "[budget]\ntotal = 1\n[budget]\ntotal = 1\n";
        let files = [file("预算/a.toml", text)];
        let same =
            |at: usize| Diagnostic::new(&BUDGET_SUM, FileId(0), Some(at..at + 5), "合计不符");
        let diagnostics = [
            same(9),
            same(29),
            Diagnostic::new(&BUDGET_SPLIT_MISSING, FileId(0), Some(0..8), "未填写")
                .with_help("加上 fiscal"),
        ];
        let json = render(&files, &diagnostics);
        let issues = json.as_array().unwrap();
        assert_eq!(issues.len(), 3);
        assert_eq!(issues[0]["check_name"], "B001");
        assert_eq!(issues[0]["severity"], "major");
        assert_eq!(
            issues[0]["description"],
            "B001 budget-sum-mismatch: 合计不符"
        );
        assert_eq!(issues[0]["location"]["path"], "预算/a.toml");
        assert_eq!(issues[0]["location"]["lines"]["begin"], 2);
        assert_eq!(issues[1]["location"]["lines"]["begin"], 4);
        assert_eq!(issues[2]["severity"], "minor");
        assert_eq!(
            issues[2]["description"],
            "B003 budget-split-missing: 未填写\n加上 fiscal"
        );
        assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
        assert_ne!(issues[0]["fingerprint"], issues[2]["fingerprint"]);
    }

    #[test]
    fn fingerprints_survive_edits_elsewhere_in_the_file() {
        let d = |at: usize| Diagnostic::new(&BUDGET_SUM, FileId(0), Some(at..at + 5), "合计不符");
        let before = render(&[file("a.toml", "[budget]\ntotal = 1\n")], &[d(9)]);
        let after = render(
            &[file("a.toml", "# 新注释\n[budget]\ntotal = 1\n")],
            &[d(24)],
        );
        assert_eq!(before[0]["fingerprint"], after[0]["fingerprint"]);
        assert_ne!(before[0]["location"], after[0]["location"]);
    }

    #[test]
    fn issues_are_written_as_serde_pretty_prints_them() {
        let text = "[budget]\ntotal = \"\u{1b}]0;x\\\"\"\r\n[plan]\n13 = 5\n";
        let files = [
            file("预算/a \"b\".toml", text),
            file("c\\d\n.toml", "x = 1"),
        ];
        let diagnostics = [
            Diagnostic::new(
                &BUDGET_SUM,
                FileId(0),
                Some(9..30),
                "合计\t不符 \u{7f}\u{2028}",
            ),
            Diagnostic::new(&BUDGET_SPLIT_MISSING, FileId(0), None, "")
                .with_help("加上 \"fiscal\"\n第二行"),
            Diagnostic::new(&BUDGET_SUM, FileId(0), Some(33..39), "月份 13"),
            Diagnostic::new(&BUDGET_SUM, FileId(1), Some(0..5), "x"),
            Diagnostic::new(&BUDGET_SUM, FileId(1), Some(0..5), "x"),
        ];
        let dir = tempfile::tempdir().unwrap();
        let issues = issues(&files, &diagnostics, &Anchor::at(dir.path()));
        assert_eq!(issues.len(), diagnostics.len());
        for issue in &issues {
            assert_eq!(
                pretty(issue).unwrap(),
                serde_json::to_string_pretty(issue).unwrap()
            );
        }
    }

    #[test]
    fn no_findings_is_an_empty_array() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = Vec::new();
        render_gitlab(&mut out, &[], &[], &Anchor::at(dir.path())).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "[]\n");
    }
}
