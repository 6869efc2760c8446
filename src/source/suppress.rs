//! Inline suppression comments: `# perf: allow(CODE, …) 原因` on the line of a finding, or on
//! a table header for the whole table. A reason is required; an allow that suppresses nothing
//! is itself reported, so suppressions cannot outlive the problem they excused.

use crate::args;
use crate::diag::file::SourceFile;
pub use crate::diag::file::Suppression;
use crate::diag::registry::{SUPPRESSION_INVALID, SUPPRESSION_UNUSED, lookup};
use crate::diag::{Diagnostic, FileId};
use crate::i18n::Lang;

const MARKER: &str = "perf:";

/// Finds the suppression comments of a file. Malformed ones (no reason, unknown code) are
/// reported into `problems` (in Chinese) and not returned, so they suppress nothing.
pub fn scan(text: &str, file: FileId, problems: &mut Vec<Diagnostic>) -> Vec<Suppression> {
    scan_in(text, file, Lang::Zh, problems)
}

/// [`scan`], with the problems written in `lang`.
pub fn scan_in(
    text: &str,
    file: FileId,
    lang: Lang,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Suppression> {
    // A suppression is a comment: a text without `#` (most files) has none, which one
    // `memchr` pass for that rare byte tells (searching for the marker alone stopped at every
    // `p` of `project`, `plan`, …: ~2% of a run's instructions).
    if memchr::memchr(b'#', text.as_bytes()).is_none() || !text.contains(MARKER) {
        return Vec::new();
    }
    let lines: Vec<(usize, &str)> = line_starts(text);
    let mut found = Vec::new();
    for (index, &(start, line)) in lines.iter().enumerate() {
        let Some(hash) = comment_start(line) else {
            continue;
        };
        let comment = &line[hash + 1..];
        let Some(body) = comment.trim_start().strip_prefix(MARKER) else {
            continue;
        };
        let span = start + hash..start + line.trim_end().len();
        let report = |message: String, problems: &mut Vec<Diagnostic>| {
            problems.push(
                Diagnostic::new(&SUPPRESSION_INVALID, file, Some(span.clone()), message)
                    .with_help(lang.text("F007.help", &[])),
            );
        };
        let Some((codes, reason)) = body
            .trim_start()
            .strip_prefix("allow(")
            .and_then(|r| r.split_once(')'))
        else {
            report(
                lang.text("F007.unreadable", args!(comment = comment.trim())),
                problems,
            );
            continue;
        };
        let mut rules = Vec::new();
        for code in codes.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            match lookup(code) {
                Some(rule) => rules.push(rule),
                None => report(lang.text("F007.unknown_code", args!(code = code)), problems),
            }
        }
        if reason.trim().is_empty() {
            report(lang.text("F007.no_reason", &[]), problems);
            continue;
        }
        if rules.is_empty() {
            continue;
        }
        let before = line.get(..hash).unwrap_or_default().trim();
        let scope = if before.starts_with('[') {
            // A table header: up to the next header.
            let end = lines
                .get(index + 1..)
                .unwrap_or_default()
                .iter()
                .find(|(_, l)| l.trim_start().starts_with('['))
                .map_or(text.len(), |&(s, _)| s);
            start..end
        } else {
            start..start + line.len()
        };
        found.push(Suppression { rules, span, scope });
    }
    found
}

/// Drops the findings a suppression covers and reports (in Chinese) the suppressions that
/// covered nothing.
pub fn apply(diagnostics: Vec<Diagnostic>, files: &[SourceFile]) -> Vec<Diagnostic> {
    apply_in(diagnostics, files, Lang::Zh)
}

/// [`apply`], with the unused suppressions reported in `lang`.
pub fn apply_in(diagnostics: Vec<Diagnostic>, files: &[SourceFile], lang: Lang) -> Vec<Diagnostic> {
    // Only files with suppressions get flags: a national-scale tree has few of them.
    let mut used: std::collections::HashMap<usize, Vec<bool>> = files
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.suppressions.is_empty())
        .map(|(i, f)| (i, vec![false; f.suppressions.len()]))
        .collect();
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| {
            let (Some(file), Some(span)) = (files.get(d.file.0), &d.span) else {
                return true;
            };
            let hit = file.suppressions.iter().position(|s| {
                s.rules.iter().any(|r| std::ptr::eq(*r, d.rule)) && s.scope.contains(&span.start)
            });
            match hit {
                Some(i) => {
                    if let Some(flag) = used.get_mut(&d.file.0).and_then(|u| u.get_mut(i)) {
                        *flag = true;
                    }
                    false
                }
                None => true,
            }
        })
        .collect();
    for (i, file) in files.iter().enumerate() {
        let Some(flags) = used.get(&i) else {
            continue;
        };
        for (s, used) in file.suppressions.iter().zip(flags) {
            if !used {
                let codes: Vec<&str> = s.rules.iter().map(|r| r.code).collect();
                kept.push(
                    Diagnostic::new(
                        &SUPPRESSION_UNUSED,
                        FileId(i),
                        Some(s.span.clone()),
                        lang.text("F008.message", args!(codes = codes.join(", "))),
                    )
                    .with_help(lang.text("F008.help", &[])),
                );
            }
        }
    }
    kept.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    kept
}

fn line_starts(text: &str) -> Vec<(usize, &str)> {
    let mut start = 0;
    text.split_inclusive('\n')
        .map(|line| {
            let here = start;
            start += line.len();
            (here, line.trim_end_matches(['\n', '\r']))
        })
        .collect()
}

/// Byte offset of the `#` that starts a comment, skipping `#` inside strings.
fn comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => return Some(i),
            None => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_line_and_table_scopes() {
        let text = "[budget] # perf: allow(B001) 原表如此\ntotal = 1\n[plan]\n3 = 0 # perf: allow(S005, plan-missing) 年底集中支付\n";
        let mut problems = Vec::new();
        let found = scan(text, FileId(0), &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(found.len(), 2);
        assert_eq!(
            &text[found[0].scope.clone()],
            "[budget] # perf: allow(B001) 原表如此\ntotal = 1\n"
        );
        assert_eq!(found[1].rules.len(), 2);
    }

    #[test]
    fn a_bare_allow_is_reported_and_ignored() {
        let mut problems = Vec::new();
        let found = scan(
            "total = 1 # perf: allow(B001)\nname = \"# perf: allow(B001)\"\n",
            FileId(0),
            &mut problems,
        );
        assert!(found.is_empty());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].rule.code, SUPPRESSION_INVALID.code);
    }
}
