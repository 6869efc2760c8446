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
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use crate::diag::baseline::{Anchor, fingerprint, fnv1a, hex16, line_fingerprint};
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

/// The issues of some findings, laid out as elements of the report's array for
/// [`super::stream`]: each after `,\n`, each line after `pad` (which one file's findings are
/// written at a time: occurrences are counted within a file, so this gives the same
/// fingerprints). Returns how many were written.
///
/// Each issue is written straight into `out` as [`pretty`] lays it out, with no `Issue` of
/// strings in between (its description, fingerprint and path copied for every one of 400,000
/// findings were most of what this format cost); the source line a fingerprint hashes is the
/// one [`Resolver`] finds anyway.
pub(crate) fn write_items(
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
    anchor: &Anchor,
    pad: &[u8],
    out: &mut Vec<u8>,
) -> serde_json::Result<usize> {
    // Each file's key, and a number for each distinct key (two files given under one path
    // count their findings' occurrences together, as `format!("{path}\0{base}")` did).
    let mut keys: HashMap<usize, (String, usize)> = HashMap::new();
    let mut slots: HashMap<String, usize> = HashMap::new();
    let mut seen: HashMap<(usize, u64), usize> = HashMap::new();
    let mut resolver = Resolver::new(files);
    let mut occurrence = String::new();
    for d in diagnostics {
        let (path, slot) = keys.entry(d.file.0).or_insert_with(|| {
            let path = files
                .get(d.file.0)
                .map(|f| anchor.key(&f.path))
                .unwrap_or_default();
            let next = slots.len();
            let slot = *slots.entry(path.clone()).or_insert(next);
            (path, slot)
        });
        let at = resolver.resolve(d);
        let line = at.line.map_or("", |(line, _)| line.trim());
        let hash = line_fingerprint(d, line);
        let base = hex16(hash);
        let base = std::str::from_utf8(&base).unwrap_or_default();
        let n = seen.entry((*slot, hash)).or_default();
        occurrence.clear();
        let _ = write!(occurrence, "{n}");
        *n += 1;
        let fingerprint = hex16(fnv1a(&[path, base, &occurrence]));
        let issue = IssueOf {
            d,
            fingerprint: std::str::from_utf8(&fingerprint).unwrap_or_default(),
            path,
            begin: at.start.line,
            end: at.end.line,
        };
        out.extend_from_slice(b",\n");
        write_issue(out, pad, &issue)?;
    }
    Ok(diagnostics.len())
}

/// What one issue of the report says, borrowed from its finding.
struct IssueOf<'a> {
    d: &'a Diagnostic,
    fingerprint: &'a str,
    path: &'a str,
    begin: usize,
    end: usize,
}

/// An issue as `serde_json::to_string_pretty` writes it (the tests hold the two together),
/// each line after `pad`; the strings are escaped by serde_json itself (the description
/// through `format_args!`, escaped piece by piece as it is formatted: JSON escapes character
/// by character, so the pieces escaped are the whole escaped).
fn write_issue(out: &mut Vec<u8>, pad: &[u8], issue: &IssueOf<'_>) -> serde_json::Result<()> {
    let d = issue.d;
    let line = |out: &mut Vec<u8>, text: &[u8]| {
        out.push(b'\n');
        out.extend_from_slice(pad);
        out.extend_from_slice(text);
    };
    out.extend_from_slice(pad);
    out.push(b'{');
    line(out, b"  \"description\": ");
    // The description is `{code} {name}: {message}` and `\n{help}`: its pieces copied
    // when none needs escaping, else formatted through serde_json.
    let help = d.help.as_deref();
    let plain = [
        d.rule.code,
        d.rule.name,
        &d.message,
        help.unwrap_or_default(),
    ]
    .iter()
    .all(|piece| !super::json_escapes(piece));
    if plain {
        out.push(b'"');
        for piece in [d.rule.code, " ", d.rule.name, ": ", &d.message] {
            out.extend_from_slice(piece.as_bytes());
        }
        if let Some(help) = help {
            out.extend_from_slice(b"\\n");
            out.extend_from_slice(help.as_bytes());
        }
        out.push(b'"');
    } else {
        match help {
            Some(help) => serde_json::to_writer(
                &mut *out,
                &format_args!("{} {}: {}\n{}", d.rule.code, d.rule.name, d.message, help),
            )?,
            None => serde_json::to_writer(
                &mut *out,
                &format_args!("{} {}: {}", d.rule.code, d.rule.name, d.message),
            )?,
        }
    }
    out.push(b',');
    line(out, b"  \"check_name\": ");
    serde_json::to_writer(&mut *out, d.rule.code)?;
    out.push(b',');
    line(out, b"  \"fingerprint\": ");
    serde_json::to_writer(&mut *out, issue.fingerprint)?;
    out.push(b',');
    line(out, b"  \"severity\": ");
    serde_json::to_writer(&mut *out, severity(d.severity))?;
    out.push(b',');
    line(out, b"  \"location\": {");
    line(out, b"    \"path\": ");
    super::json_string(out, issue.path)?;
    out.push(b',');
    line(out, b"    \"lines\": {");
    line(out, b"      \"begin\": ");
    serde_json::to_writer(&mut *out, &issue.begin)?;
    out.push(b',');
    line(out, b"      \"end\": ");
    serde_json::to_writer(&mut *out, &issue.end)?;
    line(out, b"    }");
    line(out, b"  }");
    line(out, b"}");
    Ok(())
}

/// GitLab's word for a severity.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Note => "info",
    }
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
            severity: severity(d.severity),
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
            Diagnostic::new(&BUDGET_SUM, FileId(0), Some(33..39), "月份“13”")
                .with_help("改为 1–12 月"),
            Diagnostic::new(&BUDGET_SUM, FileId(1), Some(0..5), "x"),
            Diagnostic::new(&BUDGET_SUM, FileId(1), Some(0..5), "x"),
        ];
        let dir = tempfile::tempdir().unwrap();
        let anchor = Anchor::at(dir.path());
        let issues = issues(&files, &diagnostics, &anchor);
        assert_eq!(issues.len(), diagnostics.len());
        for pad in ["", "  ", "    "] {
            let mut expected = String::new();
            for issue in &issues {
                expected.push_str(",\n");
                let pretty = serde_json::to_string_pretty(issue).unwrap();
                let lines: Vec<String> = pretty.lines().map(|l| format!("{pad}{l}")).collect();
                expected.push_str(&lines.join("\n"));
            }
            let mut out = Vec::new();
            let n = write_items(&files, &diagnostics, &anchor, pad.as_bytes(), &mut out).unwrap();
            assert_eq!(n, diagnostics.len());
            assert_eq!(String::from_utf8(out).unwrap(), expected);
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
