//! Baselines for adopting perf on a large legacy tree: record today's findings, then report
//! only new ones. A finding is identified by its code, its file and a fingerprint of the
//! source line it points at (not the line number), so edits elsewhere in the file do not
//! make old findings look new.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::source::file::SourceFile;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// The rule code.
    pub code: String,
    /// The file, as perf printed it.
    pub file: String,
    /// FNV-1a of the code, the trimmed source line and the message, in hex.
    pub fingerprint: String,
}

/// A baseline file (`--write-baseline`, `--baseline`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version, 1.
    pub version: u32,
    /// The findings, sorted.
    pub findings: Vec<Entry>,
}

impl Baseline {
    /// Records `diagnostics`.
    pub fn of(files: &[SourceFile], diagnostics: &[Diagnostic]) -> Self {
        let mut findings: Vec<Entry> = diagnostics.iter().map(|d| entry(files, d)).collect();
        findings.sort();
        Self {
            version: 1,
            findings,
        }
    }

    /// The findings not in the baseline. Each recorded entry excuses one finding, so a second
    /// identical problem on another line still shows.
    pub fn filter(&self, files: &[SourceFile], diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut budget: HashMap<&Entry, usize> = HashMap::new();
        for e in &self.findings {
            *budget.entry(e).or_default() += 1;
        }
        diagnostics
            .into_iter()
            .filter(|d| {
                let e = entry(files, d);
                match budget.get_mut(&e) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                }
            })
            .collect()
    }
}

fn entry(files: &[SourceFile], d: &Diagnostic) -> Entry {
    let file = files.get(d.file.0);
    let line = match (file.and_then(|f| f.text.as_deref()), &d.span) {
        (Some(text), Some(span)) => {
            let start = text[..span.start.min(text.len())]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            text[start..end].trim()
        }
        _ => "",
    };
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in [d.rule.code, line, &d.message].join("\u{0}").bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    Entry {
        code: d.rule.code.to_owned(),
        file: file
            .map(|f| f.path.display().to_string())
            .unwrap_or_default(),
        fingerprint: format!("{hash:016x}"),
    }
}
