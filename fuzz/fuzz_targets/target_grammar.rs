//! Any text as a 指标值: reading it, writing the reading back and reading that again must
//! not panic, and a quantity must read back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        assert!(perf::fuzzing::target_roundtrip(text), "{text:?} reads differently after a round trip");
    }
});
