//! Entry points shared by the fuzz targets (fuzz/) and by the test that replays their corpus
//! (tests/fuzz_corpus.rs), so the corpus runs on every `cargo test` without nightly tools.

use crate::diag::FileId;
use crate::diag::render::render_human;
use crate::model::target::{Target, TargetValue};
use crate::rules::{Settings, check_project};
use crate::source::decode::decode;
use crate::source::fields::Sink;
use crate::source::file::SourceFile;
use crate::source::lower::Lowered;
use crate::source::{LoadedProject, parse_and_lower};

/// Decodes, parses, lowers and checks one file's bytes, then renders the findings against
/// its text. Returns how many findings there were.
pub fn validate_bytes(data: &[u8]) -> usize {
    let Ok(text) = decode(data.to_vec()) else {
        return 1;
    };
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
    let files = [SourceFile {
        path: "fuzz.toml".into(),
        text: Some(text.into()),
        suppressions: Vec::new(),
    }];
    let mut rendered = Vec::new();
    // Rendering into memory cannot fail; a failure would be a bug worth a crash report.
    let _ = render_human(&mut rendered, &files, &diagnostics, false);
    diagnostics.len()
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
/// the importers may refuse a file, but must not panic.
pub fn import_bytes(data: &[u8]) -> usize {
    let Some((&kind, bytes)) = data.split_first() else {
        return 0;
    };
    let path = match kind % 3 {
        0 => "fuzz.txt",
        1 => "fuzz.docx",
        _ => "fuzz.xlsx",
    };
    let defaults = crate::exchange::import::Defaults::default();
    crate::exchange::import::import(std::path::Path::new(path), bytes.to_vec(), &defaults)
        .map_or(0, |imported| imported.projects.len())
}

/// Parses `text` with perf's one-pass builder and with `toml::de::DeTable`: when the builder
/// does not give up, both must give the same tree (keys, values, spans). Returns false when
/// they differ (a bug: a file would mean something else to perf than to the `toml` crate).
pub fn doc_agrees(text: &str) -> bool {
    use crate::source::doc::{from_toml, parse_fast};
    let slow = toml::de::DeTable::parse(text)
        .ok()
        .map(|root| from_toml(root.into_inner()));
    // Every key of every table, converted or built, is found by looking it up.
    if slow.as_ref().is_some_and(|t| !finds_every_key(t)) {
        return false;
    }
    let Some(fast) = parse_fast(text) else {
        return true;
    };
    finds_every_key(&fast) && slow.is_some_and(|slow| slow == fast)
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
