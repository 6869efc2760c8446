//! `perf completions SHELL` and `perf man`: scripts every supported shell accepts the shape
//! of, and docs/perf.1 kept in step with `perf man`.

use crate::common::{perf, stderr, stdout};

#[test]
fn completion_scripts_cover_every_subcommand() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef perf"),
        ("fish", "complete -c perf"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[perf]"),
    ] {
        let output = perf(&["completions", shell]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{shell}: {}",
            stderr(&output)
        );
        let script = stdout(&output);
        assert!(script.contains(marker), "{shell}: {marker:?} missing");
        for sub in [
            "validate",
            "summary",
            "monitor",
            "score",
            "completions",
            "man",
        ] {
            assert!(script.contains(sub), "{shell}: subcommand {sub} missing");
        }
        assert!(
            !script.contains("__read-xls"),
            "{shell}: the internal command stays hidden"
        );
    }
}

#[test]
fn an_unknown_shell_is_refused_with_the_choices() {
    let output = perf(&["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("bash"), "{}", stderr(&output));
}

#[test]
fn docs_perf_1_is_generated_by_perf_man() {
    let output = perf(&["man"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = stdout(&output);
    assert!(page.contains(".TH perf 1"), "{page}");
    let committed = std::fs::read_to_string("docs/perf.1").unwrap_or_default();
    assert!(
        committed == page,
        "docs/perf.1 is out of date: run `cargo run -q -- man > docs/perf.1`"
    );
}
