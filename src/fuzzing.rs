//! Entry points shared by the fuzz targets (fuzz/) and by the test that replays their corpus
//! (tests/it/fuzz_corpus.rs), so the corpus runs on every `cargo test` without nightly tools;
//! and the human format's two writers side by side, for the test that holds them to the same
//! bytes (tests/it/human_equivalence.rs).

use crate::diag::file::SourceFile;
use crate::diag::render::{human, render_human};
use crate::diag::{Diagnostic, FileId};
use crate::model::target::{Target, TargetValue};
use crate::rules::{Settings, check_project};
use crate::source::decode::decode;
use crate::source::fields::Sink;
use crate::source::lower::Lowered;
use crate::source::{LoadedProject, parse_and_lower};

/// Decodes, parses, lowers and checks one file's bytes, then renders the findings against
/// its text. Returns how many findings there were.
pub fn validate_bytes(data: &[u8]) -> usize {
    let Some((files, diagnostics)) = findings_of_bytes(data) else {
        return 1;
    };
    let mut rendered = Vec::new();
    // Rendering into memory cannot fail; a failure would be a bug worth a crash report.
    let _ = render_human(&mut rendered, &files, &diagnostics, false);
    diagnostics.len()
}

/// One file's bytes checked as `fuzz.toml`: its file table and findings (`None` when the
/// bytes do not decode).
pub fn findings_of_bytes(data: &[u8]) -> Option<(Vec<SourceFile>, Vec<Diagnostic>)> {
    let text = decode(data.to_vec()).ok()?;
    let mut sink = Sink::new(FileId(0));
    let mut diagnostics = match parse_and_lower(&text, &mut sink) {
        Lowered::Project(boxed) => {
            let (project, spans) = *boxed;
            let loaded = LoadedProject {
                file: FileId(0),
                project,
                spans,
            };
            check_project(&loaded, &Settings::default())
        }
        Lowered::Department(_) | Lowered::Unknown => Vec::new(),
    };
    diagnostics.append(&mut sink.items);
    let files = vec![SourceFile {
        path: "fuzz.toml".into(),
        text: Some(text.into()),
        suppressions: Vec::new(),
    }];
    Some((files, diagnostics))
}

/// How the human format's direct writer fared on a set of findings ([`human_agrees`]).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct HumanAgreement {
    /// Findings it wrote itself, byte for byte as annotate-snippets does.
    pub direct: usize,
    /// Findings it handed to annotate-snippets (long lines, tabs, rewritten characters).
    pub annotated: usize,
}

/// Renders every finding of `diagnostics` (pointing into `files`, texts loaded) in the human
/// format both ways — the direct writer and annotate-snippets, plain and in colour — and
/// returns how many the direct writer took, or the first finding on which the two differ,
/// with both renderings (tests/it/human_equivalence.rs).
pub fn human_agrees(
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
) -> Result<HumanAgreement, String> {
    let agreement = human::compare(files, diagnostics)?;
    Ok(HumanAgreement {
        direct: agreement.direct,
        annotated: agreement.annotated,
    })
}

/// Reads a target, and for a quantity checks that its canonical form reads back the same.
/// Returns false when the round trip changes the reading (a bug).
pub fn target_roundtrip(text: &str) -> bool {
    let target = Target::parse(text);
    let TargetValue::Quantity(q) = &target.value else {
        return true;
    };
    let again = Target::parse(q.to_string());
    match &again.value {
        TargetValue::Quantity(q2) => {
            q2.comparator == q.comparator
                && q2.value.normalize() == q.value.normalize()
                && q2.unit == q.unit
        }
        _ => false,
    }
}

/// Imports any bytes as a `.txt`, `.docx` or `.xlsx` document (the first byte picks which):
/// the importers may refuse a file, but must not panic, and every file import would write
/// must read back (see [`import_as`]).
pub fn import_bytes(data: &[u8]) -> Result<usize, String> {
    let Some((&kind, bytes)) = data.split_first() else {
        return Ok(0);
    };
    let ext = match kind % 3 {
        0 => "txt",
        1 => "docx",
        _ => "xlsx",
    };
    import_as(ext, bytes)
}

/// Imports `bytes` as a document with extension `ext` (.xls read in this process, under the
/// panic guard). Whatever comes back, each file `perf import` would write from it must load
/// in perf as written ([`write_toml::reads_back`]); the error is the first that does not,
/// with its text (a bug). Returns how many projects were read.
///
/// [`write_toml::reads_back`]: crate::toml_writer::write_toml::reads_back
pub fn import_as(ext: &str, bytes: &[u8]) -> Result<usize, String> {
    use crate::toml_writer::write_toml::{department_toml, project_toml, reads_back};
    let defaults = crate::import::Defaults::default();
    let path = std::path::PathBuf::from(format!("fuzz\u{1}\u{7f}.{ext}"));
    let Ok(imported) = crate::import::import(&path, bytes.to_vec(), &defaults) else {
        return Ok(0);
    };
    let header = |problems: &[crate::import::Problem]| {
        let mut lines = vec![format!("由 perf import 从 {} 导入", path.display())];
        lines.extend(problems.iter().map(|p| format!("- {p}")));
        lines
    };
    if let Some(d) = &imported.department {
        let text = department_toml(&d.department, &header(&d.problems));
        reads_back(&text, true).map_err(|why| format!("department: {why}\n{text}"))?;
    }
    for p in &imported.projects {
        let text = project_toml(&p.project, &header(&p.problems));
        reads_back(&text, false).map_err(|why| format!("project: {why}\n{text}"))?;
    }
    Ok(imported.projects.len())
}

/// `perf fmt`'s canonical layout on any text: when it formats, the result parses to the same
/// values as the input, and formatting it again changes nothing. Returns false on a bug.
pub fn fmt_roundtrip(text: &str) -> bool {
    let Ok(formatted) = crate::toml_writer::canonical::format(text) else {
        return true;
    };
    if crate::toml_writer::canonical::format(&formatted)
        .ok()
        .as_deref()
        != Some(formatted.as_str())
    {
        return false;
    }
    let values = |t: &str| toml::from_str::<toml::Table>(t).map(|v| format!("{v:?}"));
    match (values(text), values(&formatted)) {
        (Ok(before), Ok(after)) => before == after,
        // What parsed must still parse.
        (Ok(_), Err(_)) => false,
        _ => true,
    }
}

/// Parses `text` with perf's two fast readers — the hand-written scanner
/// (`source::scan`) and the one-pass builder over `toml_parser`'s events — and with
/// `toml::de::DeTable`: each fast reader that does not give up must give the same tree
/// (keys, values, spans). Returns false when they differ (a bug: a file would mean something
/// else to perf than to the `toml` crate).
pub fn doc_agrees(text: &str) -> bool {
    use crate::source::doc::{from_toml, parse_fast};
    use crate::source::scan::scan;
    let slow = toml::de::DeTable::parse(text)
        .ok()
        .map(|root| from_toml(root.into_inner()));
    // Every key of every table, converted or built, is found by looking it up.
    if slow.as_ref().is_some_and(|t| !finds_every_key(t)) {
        return false;
    }
    [scan(text), parse_fast(text)]
        .into_iter()
        .flatten()
        .all(|fast| finds_every_key(&fast) && slow.as_ref() == Some(&fast))
}

fn finds_every_key(table: &crate::source::doc::Table<'_>) -> bool {
    use crate::source::doc::Value;
    fn value_ok(value: &Value<'_>) -> bool {
        match value {
            Value::Table(t) => finds_every_key(t),
            Value::Array(items) => items.iter().all(|i| value_ok(&i.value)),
            _ => true,
        }
    }
    table
        .iter()
        .all(|(key, item)| table.get(&key.name) == Some(item) && value_ok(&item.value))
}
