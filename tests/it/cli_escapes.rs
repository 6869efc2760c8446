//! File-derived text cannot drive the terminal (issue 14 part 3): a project name holding ESC
//! sequences (`ESC ]0;…` retitles the window, `ESC [2J` clears the screen), BEL and a bidi
//! override is shown escaped (`\u{1b}`) by every human format, and kept as data by JSON.

#![allow(clippy::unwrap_used)]

use crate::common::{perf_in, stderr, stdout};

const NAME: &str = r#"name = "恶意\u001b]0;pwned\u0007项目\u001b[2J\u202e尾""#;
const SHOWN: &str = r"恶意\u{1b}]0;pwned\u{7}项目\u{1b}[2J\u{202e}尾";

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.toml"),
        format!(
            "[project]\n{NAME}\ndepartment = \"人社局\"\nyear = 2024\npurpose = \"x\"\n\
             goals = [\"y\"]\n\n[budget]\ntotal = 10\nfiscal = 12\n\n\
             [[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\n\
             name = \"坏\\u001b[31m指标\"\ntarget = \"≥1个\"\n"
        ),
    )
    .unwrap();
    dir
}

fn assert_clean(what: &str, text: &str) {
    assert!(
        !text.contains('\u{1b}'),
        "{what}: a raw ESC reached the output:\n{text}"
    );
    assert!(
        !text.contains('\u{7}'),
        "{what}: a raw BEL reached the output"
    );
    assert!(
        !text.contains('\u{202e}'),
        "{what}: a raw bidi override reached the output"
    );
}

#[test]
fn validate_formats_show_controls_escaped() {
    let dir = tree();
    for format in ["concise", "human", "github"] {
        let out = perf_in(dir.path(), &["validate", "a.toml", "--format", format]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let text = stdout(&out);
        assert_clean(format, &text);
        assert!(
            text.contains(r"坏\u{1b}[31m指标") || format == "concise",
            "{format}: {text}"
        );
    }
    // A raw control character (a TOML syntax error) is escaped in the snippet too.
    std::fs::write(
        dir.path().join("raw.toml"),
        "[project]\nname = \"x\u{1b}]0;pwned\u{7}\"\n",
    )
    .unwrap();
    let out = perf_in(dir.path(), &["validate", "raw.toml"]);
    let text = stdout(&out);
    assert_clean("raw snippet", &text);
    assert!(text.contains(r#"name = "x\u{1b}]0;pwned\u{7}""#), "{text}");
    // Colour adds perf's own ESC sequences, never the file's.
    let out = perf_in(dir.path(), &["--color", "always", "validate", "a.toml"]);
    let text = stdout(&out);
    assert!(text.contains('\u{1b}'), "colour is on");
    assert!(!text.contains("坏\u{1b}[31m"));
    assert!(text.contains(r"坏\u{1b}[31m指标"), "{text}");
}

#[test]
fn summary_and_show_show_controls_escaped() {
    let dir = tree();
    for args in [
        &["summary", "a.toml", "--by", "project"][..],
        &[
            "summary", "a.toml", "--by", "project", "--format", "markdown",
        ],
        &["show", "a.toml"],
        &["show", "a.toml", "--format", "markdown"],
    ] {
        let out = perf_in(dir.path(), args);
        let text = stdout(&out);
        assert_clean(&args.join(" "), &text);
        assert_clean(&args.join(" "), &stderr(&out));
        assert!(text.contains(SHOWN), "{args:?}: {text}");
    }
    // JSON is data: the characters are kept, escaped the JSON way.
    let out = perf_in(
        dir.path(),
        &["summary", "a.toml", "--by", "project", "--format", "json"],
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc.to_string().contains("\\u001b]0;pwned"), "{doc}");
}
