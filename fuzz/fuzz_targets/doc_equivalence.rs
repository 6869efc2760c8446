//! Any text: each of perf's fast TOML readers — the hand-written scanner (src/source/scan.rs)
//! and the one-pass builder (src/source/doc.rs) — either gives up or builds the same tree,
//! spans included, as `toml::de::DeTable` (`perf::fuzzing::doc_agrees` runs all three).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        assert!(perf::fuzzing::doc_agrees(text), "{text:?} parses differently");
    }
});
