//! Any bytes as a document to import (.txt, .docx or .xlsx, picked by the first byte): the
//! importers may refuse it, but nothing may panic, and every file import would write must
//! read back in perf.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(bug) = perf::fuzzing::import_bytes(data) {
        panic!("{bug}");
    }
});
