//! Any bytes as a budget file: decode, parse, lower, run every per-project rule and render
//! the findings. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    perf::fuzzing::validate_bytes(data);
});
