//! `perf report`: one self-contained HTML file. Escaping and size are checked on the text; the
//! browser tests render it in headless Chromium (Debian's `chromium`, which `.ci/run`
//! installs) and are `#[ignore]`d in a plain `cargo test`: run them with
//! `cargo test --test cli_report -- --ignored`.

// Set-up helpers outside #[test] functions unwrap too: a failed set-up is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{perf, perf_in, stderr};

fn report_of(dir: &Path, tree: &str) -> String {
    let output = perf_in(dir, &["report", tree, "-o", "report.html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    std::fs::read_to_string(dir.join("report.html")).unwrap()
}

/// A tree with one department whose projects are named `names`, copied from a clean example.
fn tree(names: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let dept = dir.path().join("tree/部门");
    std::fs::create_dir_all(&dept).unwrap();
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/示例区教育局/教师培训经费.toml"),
    )
    .unwrap();
    for (i, name) in names.iter().enumerate() {
        let name = name.replace('\\', "\\\\").replace('"', "\\\"");
        std::fs::write(
            dept.join(format!("{i:03}.toml")),
            seed.replacen("name = \"教师培训经费\"", &format!("name = \"{name}\""), 1),
        )
        .unwrap();
    }
    dir
}

#[test]
fn the_report_holds_every_project_and_the_totals() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let html = report_of(dir.path(), root.join("budgets").to_str().unwrap());
    for name in [
        "9村村民参加企业职工养老保险财政补贴",
        "人才发展资金",
        "党员档案集中管理经费",
        "城乡居民养老保险区级财政补助",
        "机关事业养老保险财政补助",
        "被征地农民社会保障费",
        "驻村工作队工作经费及驻村干部人身意外保险经费",
    ] {
        assert!(html.contains(name), "{name} missing");
    }
    assert!(html.contains("9035.00"));
    assert!(html.contains("序时进度"));
    assert!(html.contains("<svg"));
    assert!(html.contains("@media print"));
    // Self-contained: no script, no external resource.
    for forbidden in ["<script", "http://", "https://", "<link", "@import", "url("] {
        assert!(!html.contains(forbidden), "{forbidden} found");
    }
}

#[test]
fn names_from_files_render_as_text() {
    let dir = tree(&["<script>alert(1)</script>", "A & B \"引号\" <b>粗</b>"]);
    let html = report_of(dir.path(), "tree");
    assert!(!html.contains("<script>alert(1)"), "script tag not escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<b>粗</b>"));
    assert!(html.contains("A &amp; B &quot;引号&quot; &lt;b&gt;粗&lt;/b&gt;"));
}

#[test]
fn a_hundred_projects_stay_under_one_megabyte() {
    let names: Vec<String> = (0..100)
        .map(|i| format!("教师专业能力提升培训项目第{i}期"))
        .collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let dir = tree(&refs);
    let html = report_of(dir.path(), "tree");
    assert!(html.len() < 1_000_000, "{} bytes", html.len());
    assert_eq!(html.matches(r#"<section class="project""#).count(), 100);
}

/// The report of `tree` (relative to the crate) at a fixed date, in `lang`.
fn report_at(tree: &str, lang: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tree = root.join(tree);
    let output = perf_in(
        dir.path(),
        &[
            "--lang",
            lang,
            "report",
            tree.to_str().unwrap(),
            "--as-of",
            "2024-06-30",
            "-o",
            "report.html",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    std::fs::read_to_string(dir.path().join("report.html")).unwrap()
}

#[test]
fn a_department_with_execution_data_gets_monitoring_and_scores() {
    let html = report_at("examples", "zh");
    let dept = "示例区人力资源和社会保障局";
    assert!(html.contains(&format!(
        "<h2>{dept} 2024年 绩效运行监控（截至 2024年6月底）</h2>"
    )));
    assert!(html.contains(&format!("<h2>{dept} 2024年 绩效自评</h2>")));
    // One monitoring and one score section: the education bureau has no execution data.
    assert_eq!(html.matches(r#"id="d0-monitor""#).count(), 1);
    assert_eq!(html.matches(r#"class="tracking""#).count(), 2);
    assert!(!html.contains("示例区教育局 2024年 绩效运行监控"));
    // The actual curve on the plan chart, with the month its data is as of in its legend.
    assert!(html.contains(r#"<polyline class="actual""#));
    assert!(html.contains("实际累计执行（截至 2024年6月底）"));
    assert!(html.contains("6月底 42.31%"));
    // Every status, as chips in the table (the example exercises all three at June).
    for status in ["正常", "关注", "预警"] {
        assert!(
            html.contains(&format!(r#">{status}</span></td>"#)),
            "{status}"
        );
    }
    assert!(html.contains("绩效自评得分"));
    assert!(html.contains("<th>等级</th>"));
    for forbidden in ["<script", "http://", "https://"] {
        assert!(!html.contains(forbidden), "{forbidden} found");
    }
}

#[test]
fn the_monitoring_headings_follow_lang() {
    let html = report_at("examples", "en");
    assert!(html.contains("2024: performance monitoring (as of end of 6/2024)</h2>"));
    assert!(html.contains("2024: self-evaluation</h2>"));
    assert!(html.contains("actual, cumulative (as of end of 6/2024)"));
    assert!(!html.contains("绩效运行监控"));
}

#[test]
fn no_execution_data_no_monitoring() {
    let html = report_at("budgets", "zh");
    assert!(!html.contains(r#"class="tracking""#));
    assert!(!html.contains("绩效运行监控"));
    assert!(!html.contains("绩效自评"));
    assert!(!html.contains(r#"class="actual""#));
}

#[test]
fn a_bad_as_of_date_is_refused() {
    let output = perf(&["report", "--as-of", "2024-13-01", "-o", "-"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

#[test]
fn writes_to_stdout_with_a_dash() {
    let output = perf(&["report", "-o", "-"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.starts_with(b"<!DOCTYPE html>"));
}

// ---- in a real browser ----

fn chromium() -> PathBuf {
    ["chromium", "chromium-browser"]
        .into_iter()
        .find_map(|name| {
            let out = Command::new("sh")
                .args(["-c", &format!("command -v {name}")])
                .output()
                .ok()?;
            out.status
                .success()
                .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
        })
        .expect("these tests need Debian's chromium: apt-get install chromium (.ci/run does)")
}

/// Runs headless Chromium on `page` with `args`, with its own profile folder.
fn headless(page: &Path, args: &[&str]) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
#[ignore = "needs chromium: cargo test --test cli_report -- --ignored (.ci/run does)"]
fn the_browser_dom_holds_every_project_and_no_injected_script() {
    let dir = tree(&["<script>alert(1)</script>", "教师培训经费"]);
    report_of(dir.path(), "tree");
    let dom = headless(&dir.path().join("report.html"), &["--dump-dom"]);
    let dom = String::from_utf8(dom.stdout).unwrap();
    assert!(
        dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{dom}"
    );
    assert!(!dom.contains("<script"), "a script element reached the DOM");
    assert!(dom.contains("教师培训经费"));
    assert!(dom.contains("<svg"));

    let out = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let html = report_of(out.path(), root.join("budgets").to_str().unwrap());
    let dom = headless(&out.path().join("report.html"), &["--dump-dom"]);
    let dom = String::from_utf8(dom.stdout).unwrap();
    for name in html
        .split("<h3>")
        .skip(1)
        .filter_map(|s| s.split("</h3>").next())
    {
        assert!(dom.contains(name), "{name} missing from the DOM");
    }
    assert!(dom.contains("9035.00"));
}

#[test]
#[ignore = "needs chromium: cargo test --test cli_report -- --ignored (.ci/run does)"]
fn the_screenshot_is_not_blank() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    report_of(dir.path(), root.join("budgets").to_str().unwrap());
    std::fs::write(
        dir.path().join("blank.html"),
        "<!DOCTYPE html><html><body></body></html>",
    )
    .unwrap();
    let shot = |page: &str, png: &str| {
        let png = dir.path().join(png);
        headless(
            &dir.path().join(page),
            &[
                "--window-size=1200,1600",
                &format!("--screenshot={}", png.display()),
            ],
        );
        std::fs::read(png).unwrap()
    };
    let report = shot("report.html", "report.png");
    let blank = shot("blank.html", "blank.png");
    assert!(report.starts_with(b"\x89PNG"), "not a PNG");
    // A white page compresses to almost nothing; text, tables and charts do not.
    assert!(
        report.len() > 10 * blank.len(),
        "report {} bytes, blank {} bytes",
        report.len(),
        blank.len()
    );
}
