//! `perf lsp` in a real editor: Neovim headless with its built-in LSP client
//! (editors/nvim/diagnostics.lua) opens the seed file and writes out the diagnostics it got.
//! Ignored in a plain `cargo test` (it needs `nvim`); .ci/run installs Debian's `neovim` and
//! runs it with `--ignored`.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

#[test]
#[ignore = "needs nvim; .ci/run installs it and runs this test"]
fn neovim_shows_c001_at_line_54() {
    let found = Command::new("nvim").arg("--version").output();
    if found.is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "nvim is not installed, and CI must run this test"
        );
        eprintln!("skipped: nvim is not installed (apt-get install neovim)");
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("diagnostics.txt");
    let status = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n"])
        .args(["-c", "luafile editors/nvim/diagnostics.lua"])
        .current_dir(repo)
        .env("PERF_BIN", env!("CARGO_BIN_EXE_perf"))
        .env(
            "PERF_FILE",
            "budgets/高新区人社局/被征地农民社会保障费.toml",
        )
        .env("PERF_OUT", &out)
        .env_remove("PERF_LANG")
        .env("HOME", dir.path())
        .status()
        .unwrap();
    let written = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(status.success(), "nvim: {status}; wrote: {written}");
    // Line 54, byte column 10 (Neovim counts bytes): `target = "=7000万元"`.
    let c001 = written
        .lines()
        .find(|l| l.contains(" C001 "))
        .unwrap_or_else(|| panic!("no C001 in: {written}"));
    assert!(
        c001.starts_with("54:10: C001 成本指标“项目金额”为“=7000万元”"),
        "{c001}"
    );
    assert!(written.contains("70:10: I008 "), "{written}");
}
