//! Any bytes as an .xls workbook to import: the reader may refuse it, but nothing may panic
//! or run away, and every file import would write must read back in perf.
//!
//! calamine's BIFF reader panics on damaged files; perf catches those panics
//! (`import::read_xls`) and `perf import` reads .xls in a child process besides. libFuzzer's
//! panic hook would abort on a panic even where it is caught, so this target installs a quiet
//! hook: a panic caught by perf is then a refusal, as in `perf import`, while a panic that
//! escapes perf still reaches libFuzzer's own `catch_unwind` and is reported as a crash.
//! Allocation failures inside calamine are out-of-memory reports; run with `-fork=1
//! -ignore_ooms=1` (docs/import.md).
#![no_main]

use libfuzzer_sys::fuzz_target;

static QUIET_PANICS: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    QUIET_PANICS.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    if let Err(bug) = perf::fuzzing::import_as("xls", data) {
        panic!("{bug}");
    }
});
