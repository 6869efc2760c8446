//! The exported workbook printed as a person would print it: LibreOffice (headless) turns
//! it into a PDF, and poppler's tools read the pages back. These tests need `soffice`,
//! `pdfinfo` and `pdftotext` (Debian: libreoffice-calc-nogui, poppler-utils), so a plain
//! `cargo test` skips them (#[ignore]) and `.ci/run` installs the tools and runs them.

// Set-up helpers outside #[test] functions unwrap too: a failed set-up is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

use crate::common::{perf, stderr};

/// Exports `tree` to an xlsx in `dir` and prints it to PDF; returns the PDF's path.
fn print(tree: &str, dir: &Path) -> std::path::PathBuf {
    let xlsx = dir.join("预算.xlsx");
    let out = perf(&[
        "export",
        tree,
        "--format",
        "xlsx",
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let status = Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(&xlsx)
        // Its own profile, so a LibreOffice the user has open is not disturbed.
        .env("HOME", dir)
        .status()
        .expect("soffice (libreoffice-calc-nogui) is needed for this test");
    assert!(status.success());
    dir.join("预算.pdf")
}

fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(name)
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils) is needed for this test: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn info(pdf: &Path) -> String {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
#[ignore = "needs LibreOffice and poppler-utils; .ci/run runs it"]
fn every_sheet_prints_on_a4_landscape_one_page_wide() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = print("budgets/", dir.path());
    let info = info(&pdf);
    assert!(
        info.contains("841.89 x 595.") && info.contains("(A4)"),
        "{info}"
    );
    // 汇总, seven project sheets and 检查结果: each fits on one page.
    assert!(
        info.lines()
            .any(|l| l.split_whitespace().eq(["Pages:", "9"])),
        "{info}"
    );
    let text = tool("pdftotext", &["-layout"], &pdf);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let project = pages
        .iter()
        .find(|p| p.contains("项目名称") && p.contains("被征地农民社会保障费"))
        .unwrap();
    // The page header and footer a clerk fills in and sends.
    assert!(
        project.contains("填报单位（盖章）：高新区人社局"),
        "{project}"
    );
    assert!(project.contains("填报日期"), "{project}");
    assert!(project.contains("项目绩效目标表（2024年度）"), "{project}");
    assert!(project.contains("=7000万元"), "{project}");
    // No perf finding or TOML position is printed inside the official form.
    assert!(
        !project.contains("C001") && !project.contains(".toml:"),
        "{project}"
    );
    let last = pages.iter().rev().find(|p| !p.trim().is_empty()).unwrap();
    assert!(
        last.contains("检查结果") || last.contains("修改建议"),
        "{last}"
    );
    assert!(last.contains("C001"), "{last}");
    assert!(text.contains("第 1 页，共 9 页"), "{text}");
}
