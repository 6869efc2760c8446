//! Any text through `perf fmt`'s canonical layout: what formats must parse to the same values,
//! and formatting twice must change nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        assert!(perf::fuzzing::fmt_roundtrip(text), "{text:?} formats badly");
    }
});
