//! Any bytes as a budget file: decode, parse, lower, run every per-project rule and render
//! the findings. Nothing may panic, and the human format's direct writer must give
//! annotate-snippets' bytes wherever it does not hand a finding over
//! (`perf::fuzzing::human_agrees`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    perf::fuzzing::validate_bytes(data);
    if let Some((files, diagnostics)) = perf::fuzzing::findings_of_bytes(data)
        && let Err(differs) = perf::fuzzing::human_agrees(&files, &diagnostics)
    {
        panic!("{differs}");
    }
});
