//! Any bytes as an .ods workbook to import: the reader may refuse it, but nothing may panic
//! or run away, and every file import would write must read back in perf.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(bug) = perf::fuzzing::import_as("ods", data) {
        panic!("{bug}");
    }
});
