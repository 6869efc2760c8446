//! Every output format of `perf validate`, snapshotted on a small tree with Chinese text,
//! full-width characters and a tab before a value.

use crate::common::{perf, stdout};

const TREE: &str = "tests/fixtures/formats";

fn run(format: &str) -> String {
    let output = perf(&["validate", "--format", format, TREE]);
    assert_eq!(output.status.code(), Some(1), "{format}");
    stdout(&output)
}

#[test]
fn human() {
    insta::assert_snapshot!("format_human", run("human"));
}

#[test]
fn concise() {
    insta::assert_snapshot!("format_concise", run("concise"));
}

#[test]
fn json() {
    let text = run("json");
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (doc["version"].as_u64(), doc["files"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(
        (
            doc["errors"].as_u64(),
            doc["warnings"].as_u64(),
            doc["notes"].as_u64()
        ),
        (Some(2), Some(5), Some(1))
    );
    insta::assert_snapshot!("format_json", text);
}

#[test]
fn jsonl() {
    let text = run("jsonl");
    for line in text.lines() {
        let d: serde_json::Value = serde_json::from_str(line).unwrap();
        for key in [
            "code",
            "name",
            "severity",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "message",
            "help",
        ] {
            assert!(d.get(key).is_some(), "{key} missing in {line}");
        }
    }
    insta::assert_snapshot!("format_jsonl", text);
}

#[test]
fn github() {
    insta::assert_snapshot!("format_github", run("github"));
}

/// GitLab Code Quality: every field GitLab requires, unique fingerprints, paths relative to
/// the repository's root.
#[test]
fn gitlab() {
    let text = run("gitlab");
    let issues: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(issues.len(), 8);
    let mut fingerprints = std::collections::HashSet::new();
    for issue in &issues {
        assert!(issue["description"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(issue["check_name"].as_str().is_some());
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().unwrap()),
            "{issue}"
        );
        let path = issue["location"]["path"].as_str().unwrap();
        assert!(path.starts_with("tests/fixtures/formats/"), "{path}");
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_owned()));
    }
    insta::assert_snapshot!("format_gitlab", text);
}

#[test]
fn sarif() {
    let text = run("sarif");
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    insta::assert_snapshot!("format_sarif", text);
}

#[test]
fn junit() {
    insta::assert_snapshot!("format_junit", run("junit"));
}

#[test]
fn columns_count_characters_after_full_width_text_and_a_tab() {
    let text = run("jsonl");
    let c005 = text.lines().find(|l| l.contains("\"C005\"")).unwrap();
    let d: serde_json::Value = serde_json::from_str(c005).unwrap();
    // `target =\t"≧１２０万元"`: the value starts at character 10 (the tab is one character)
    // and ends after 8 characters.
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(30), Some(10))
    );
    assert_eq!(d["end_column"].as_u64(), Some(18));
    // The human renderer expands the tab and puts one caret per display cell under the value.
    let human = run("human");
    let block: Vec<&str> = human
        .split("error[C005]")
        .nth(1)
        .unwrap()
        .lines()
        .take(5)
        .collect();
    let source = block.iter().find(|l| l.contains("target =")).unwrap();
    let carets = block.iter().find(|l| l.contains('^')).unwrap();
    let value_at = unicode_width(&source[..source.find('"').unwrap()]);
    assert_eq!(
        unicode_width(&carets[..carets.find('^').unwrap()]),
        value_at,
        "{source}\n{carets}"
    );
    assert_eq!(
        carets.matches('^').count(),
        13,
        "≧ is one cell, each full-width digit two"
    );
}

fn unicode_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[test]
fn output_file_is_written_instead_of_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("perf.sarif");
    let output = perf(&[
        "validate",
        "--format",
        "sarif",
        "--output",
        file.to_str().unwrap(),
        TREE,
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("\"2.1.0\""));
    // A new output file gets ordinary permissions (those of any new file here), not the
    // owner-only permissions of the temporary file it was written through.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ordinary = dir.path().join("ordinary");
        std::fs::write(&ordinary, "x").unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&file), mode(&ordinary));
    }
}

/// Line formats read each file's text just before writing its findings, a few hundred files
/// at a time: on a tree whose findings span several such chunks, every line still points at
/// the right place (the JSON document, which reads every text at once, agrees).
#[test]
fn findings_across_many_files_point_at_the_same_places_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = std::fs::read_to_string("tests/rules/B001.toml").unwrap();
    for i in 0..700 {
        // Each file differs in name and in how many lines come before the error.
        let text = fixture
            .replace("（B001）", &format!("（B001-{i}）"))
            .replace("JY2024-B001", &format!("JY2024-B001-{i}"))
            .replacen("[budget]", &format!("{}[budget]", "\n".repeat(i % 7)), 1);
        std::fs::write(dir.path().join(format!("p{i:04}.toml")), text).unwrap();
    }
    let tree = dir.path().to_str().unwrap();
    let concise = stdout(&perf(&["validate", "--format", "concise", tree]));
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&perf(&["validate", "--format", "json", tree]))).unwrap();
    let from_json: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {}[{}] {}",
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    let lines: Vec<&str> = concise.lines().collect();
    assert!(from_json.len() >= 700, "{}", from_json.len());
    assert_eq!(lines, from_json);
    // The error line moves with the blank lines inserted above it.
    assert!(
        lines
            .iter()
            .any(|l| l.contains("p0006.toml:") && l.contains("[B001]"))
    );
    let human = stdout(&perf(&["validate", "--format", "human", tree]));
    assert_eq!(human.matches("error[B001]").count(), 700);
    assert_eq!(
        human.matches("total = 520").count(),
        700,
        "every snippet shows its line"
    );
}
