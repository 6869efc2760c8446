//! `perf import FILE --dept-dir budgets/部门/`: one TOML file per 项目绩效目标表 found in a
//! Word, Excel or text document, plus `department.toml` when the document has the department
//! part (docs/import.md). What cannot be mapped is listed with its place and marked in the
//! file's opening comment; `--strict` writes no file that has such problems. Existing files are
//! never replaced without `--force`.
//!
//! The files are planned by `perf::import_plan` — the same plan the 导入 page of `perf serve`
//! makes: nothing is written until every file is ready (all texts made, each read back the
//! way `perf validate` loads a file, the names checked, existing files merged into); then
//! the files of one import are written all together or not at all. This module prints.
//! The document is read with a size cap, and .xls workbooks in a child process
//! (`import_xls`), so no input can crash perf or exhaust its memory.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use perf::i18n::Lang;
use perf::import::{import_with, limits, too_large};
use perf::import_plan::{PlanError, Request, defaults, plan};

use crate::cli::Outcome;
use crate::cli::output::{note, with_stdout};

/// Arguments of `perf import`.
#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The document: .xlsx, .xls, .ods, .docx, or .txt (text copied out of Word, UTF-8).
    file: PathBuf,
    /// The department's folder to write into (created if needed); its name is the 主管部门
    /// of tables that do not state one.
    #[arg(long, value_name = "DIR")]
    dept_dir: PathBuf,
    /// 预算年度 for tables whose document does not state it.
    #[arg(long)]
    year: Option<i64>,
    /// Write no file that has content perf could not map (exit 1 if there is any).
    #[arg(long)]
    strict: bool,
    /// Replace files that already exist instead of merging into them (what is lost is listed
    /// first).
    #[arg(long)]
    force: bool,
    /// Print what would be written (a diff for each existing file, the text of each new one)
    /// and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// For each field written, say where in the document it came from.
    #[arg(long)]
    explain: bool,
}

/// Reads at most [`limits::MAX_INPUT_BYTES`] + 1 bytes of `path`: a larger file (or an endless
/// one, like a link to /dev/zero) is refused without being read into memory.
pub(crate) fn read_capped(path: &Path) -> anyhow::Result<Vec<u8>> {
    let file = std::fs::File::open(path).with_context(|| format!("无法读取 {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(limits::MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("无法读取 {}", path.display()))?;
    Ok(bytes)
}

/// Runs `perf import`.
pub(crate) fn run(args: &ImportArgs) -> anyhow::Result<Outcome> {
    let bytes = read_capped(&args.file)?;
    if bytes.len() as u64 > limits::MAX_INPUT_BYTES {
        note(&format!("error: {}：{}", args.file.display(), too_large()));
        return Ok(Outcome::Failure);
    }
    let defaults = defaults(&args.dept_dir, args.year);
    let xls = |_: &[u8]| crate::cli::import_xls::read_in_child(&args.file);
    let imported = match import_with(&args.file, bytes, &defaults, &xls) {
        Ok(imported) => imported,
        Err(err) => {
            note(&format!("error: {}：{err}", args.file.display()));
            return Ok(Outcome::Failure);
        }
    };
    for line in &imported.notes {
        note(&format!("note: {line}"));
    }
    let source = args.file.file_name().map_or_else(
        || args.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let shown = |p: &Path| p.display().to_string();
    let request = Request {
        source: &source,
        dept_dir: &args.dept_dir,
        force: args.force,
        shown: &shown,
        hint: "用 --force 替换，或换一个 --dept-dir",
    };
    let plan = match plan(&imported, &request) {
        Ok(plan) => plan,
        Err(PlanError::Nothing(why)) => {
            note(&format!(
                "error: {} 中没有找到项目绩效目标表：{why}",
                args.file.display()
            ));
            return Ok(Outcome::Failure);
        }
        Err(PlanError::Refused(whys)) => {
            for why in &whys {
                note(&format!("error: {why}"));
            }
            note("没有写入任何文件");
            return Ok(Outcome::Failure);
        }
    };
    for line in &plan.notes {
        note(&format!("note: {line}"));
    }
    for o in plan.files.iter().filter_map(|p| p.onto.as_ref()) {
        for line in &o.lines {
            note(line);
        }
    }
    let problems = plan.problems();
    if args.dry_run {
        let text: String = plan.files.iter().map(|p| p.preview()).collect();
        with_stdout(|out| out.write_all(text.as_bytes()))?;
        note(&format!(
            "--dry-run：没有写入任何文件（{} 个文件会被写入；{problems} 处内容未能识别）",
            plan.writes()
        ));
        return Ok(if problems > 0 {
            Outcome::Findings
        } else {
            Outcome::Success
        });
    }
    // Every file of one import is written, or none (perf::write::Batch).
    let keep = |p: &perf::import_plan::Planned| !args.strict || p.problems.is_empty();
    if let Err(err) = plan.commit(keep) {
        note(&format!("error: {}", err.message(Lang::Zh)));
        note("没有写入任何文件");
        return Ok(Outcome::Failure);
    }
    let (mut written, mut skipped, mut unchanged) = (0, 0, 0);
    for p in &plan.files {
        for problem in &p.problems {
            note(&format!("warning: {}: {problem}", p.shown));
        }
        if !keep(p) {
            note(&format!(
                "未写入 {}（--strict：有 {} 处内容未能识别）",
                p.shown,
                p.problems.len()
            ));
            skipped += 1;
            continue;
        }
        if p.unchanged() {
            unchanged += 1;
            continue;
        }
        let mark = if p.problems.is_empty() {
            ""
        } else {
            "，文件开头注明了未能识别的内容"
        };
        note(&format!("写入 {}：{}{mark}", p.shown, p.what));
        if args.explain {
            for e in &p.explain {
                note(e);
            }
        }
        written += 1;
    }
    note(&format!(
        "从 {source} 导入：写入 {written} 个文件{}{}；{problems} 处内容未能识别",
        if unchanged > 0 {
            format!("，{unchanged} 个与表中内容一致未改动")
        } else {
            String::new()
        },
        if skipped > 0 {
            format!("，{skipped} 个因 --strict 未写入")
        } else {
            String::new()
        }
    ));
    Ok(if problems > 0 {
        Outcome::Findings
    } else {
        Outcome::Success
    })
}
