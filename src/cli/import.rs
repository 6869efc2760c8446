//! `perf import FILE --dept-dir budgets/部门/`: one TOML file per 项目绩效目标表 found in a
//! Word, Excel or text document, plus `department.toml` when the document has the department
//! part (docs/import.md). What cannot be mapped is listed with its place and marked in the
//! file's opening comment; `--strict` writes no file that has such problems. Existing files are
//! never replaced without `--force`.
//!
//! Nothing is written until every file is ready: all texts are made, each is read back the
//! way `perf validate` loads a file, and the names are checked; then the files of one import
//! are written all together or not at all (`perf::write::Batch`).
//! The document is read with a size cap, and .xls workbooks in a child process
//! (`import_xls`), so no input can crash perf or exhaust its memory.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use perf::import::{Defaults, Problem, import_with, limits, too_large};
use perf::model::money::plain;
use perf::toml_writer::write_toml::{department_toml, file_name, project_toml, reads_back};

use crate::cli::Outcome;
use perf::i18n::Lang;
use perf::write::Batch;

use crate::cli::import_onto::{Existing, preview, settle};
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

/// A file to write.
struct Planned {
    path: PathBuf,
    text: String,
    problems: Vec<Problem>,
    what: String,
    /// The project's name (`None` for the department file).
    name: Option<String>,
    /// `字段 ← 来源` lines for --explain.
    explain: Vec<String>,
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
    let defaults = Defaults {
        department: args
            .dept_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.is_empty() && n != "." && n != ".."),
        year: args.year,
    };
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
    let mut planned = Vec::new();
    if let Some(d) = &imported.department {
        let header = header(
            &format!(
                "{} {}部门整体绩效目标",
                d.department.name,
                year(d.department.year)
            ),
            &source,
            &d.problems,
        );
        planned.push(Planned {
            path: args.dept_dir.join("department.toml"),
            text: department_toml(&d.department, &header),
            problems: d.problems.clone(),
            what: format!(
                "部门整体绩效目标（{} 个分项目标）",
                d.department.objectives.len()
            ),
            name: None,
            explain: Vec::new(),
        });
    }
    let mut names = HashSet::new();
    // A table whose project already has a file goes into that file, whatever its file name.
    let mut existing = Existing::scan(&args.dept_dir);
    let mut others: Vec<String> = Vec::new();
    for p in &imported.projects {
        let project = &p.project;
        // A folder holds one department's files: say so when tables name other ones.
        if defaults.department.as_deref() != Some(project.department.as_str())
            && imported.department.is_none()
            && !project.department.is_empty()
            && !others.contains(&project.department)
        {
            others.push(project.department.clone());
        }
        let header = header(
            &format!(
                "{} {} 项目绩效目标表（原表{}起）",
                project.department,
                year(project.year),
                p.place
            ),
            &source,
            &p.problems,
        );
        let total = project.budget.as_ref().map_or_else(
            || "预算数未知".to_owned(),
            |b| format!("预算数 {}{}", plain(b.total), b.unit),
        );
        let path = existing
            .take(&project.name)
            .unwrap_or_else(|| args.dept_dir.join(file_name(&project.name, &mut names)));
        planned.push(Planned {
            path,
            text: project_toml(project, &header),
            problems: p.problems.clone(),
            what: format!(
                "{}（{} 行指标，{total}）",
                project.name,
                project.indicators.len()
            ),
            name: Some(project.name.clone()),
            explain: p
                .provenance
                .iter()
                .map(|(field, place)| format!("  {field} ← {source} {place}"))
                .collect(),
        });
    }
    if !others.is_empty() {
        note(&format!(
            "note: 表中的主管部门（{}）与目录名不同，文件都写入 {}",
            others.join("、"),
            args.dept_dir.display()
        ));
    }
    if planned.is_empty() {
        note(&format!(
            "error: {} 中没有找到项目绩效目标表：{}",
            args.file.display(),
            imported.why_none()
        ));
        return Ok(Outcome::Failure);
    }
    // Every file must load in perf before any is written.
    let mut unreadable = false;
    for p in &planned {
        let department = p.path.file_name().is_some_and(|n| n == "department.toml");
        if let Err(why) = reads_back(&p.text, department) {
            note(&format!(
                "error: {}：导入生成的文件 perf 自己读不回（{why}），这是 perf 的缺陷，请报告",
                p.path.display()
            ));
            unreadable = true;
        }
    }
    if unreadable {
        note("没有写入任何文件");
        return Ok(Outcome::Failure);
    }
    // Files that exist are merged into (or, with --force, replaced after listing what goes).
    let mut onto = Vec::new();
    let mut refused = false;
    for p in &planned {
        if !p.path.exists() {
            onto.push(None);
            continue;
        }
        let department = p.name.is_none();
        let name = p.name.as_deref().unwrap_or_default();
        match settle(&p.path, &p.text, name, department, args.force) {
            Ok(o) => onto.push(Some(o)),
            Err(why) => {
                note(&format!("error: {why}"));
                refused = true;
                onto.push(None);
            }
        }
    }
    if refused {
        note("没有写入任何文件");
        return Ok(Outcome::Failure);
    }
    for (p, o) in planned.iter().zip(&onto) {
        let Some(o) = o else { continue };
        if let Err(why) = reads_back(&o.text, p.name.is_none()) {
            note(&format!(
                "error: 合并后的文件 perf 自己读不回（{why}），这是 perf 的缺陷，请报告"
            ));
            note("没有写入任何文件");
            return Ok(Outcome::Failure);
        }
    }
    for o in onto.iter().flatten() {
        for line in &o.lines {
            note(line);
        }
    }
    if args.dry_run {
        let mut text = String::new();
        for (p, o) in planned.iter().zip(&onto) {
            text.push_str(&preview(&p.path, o.as_ref(), &p.text));
        }
        with_stdout(|out| out.write_all(text.as_bytes()))?;
        let problems: usize = planned.iter().map(|p| p.problems.len()).sum();
        note(&format!(
            "--dry-run：没有写入任何文件（{} 个文件会被写入；{problems} 处内容未能识别）",
            // A file whose merge changes nothing would not be written.
            onto.iter()
                .filter(|o| o.as_ref().is_none_or(|o| o.text != o.old))
                .count()
        ));
        return Ok(if problems > 0 {
            Outcome::Findings
        } else {
            Outcome::Success
        });
    }
    if let Err(err) = perf::write::create_dir_all(&args.dept_dir) {
        note(&format!("error: {}", err.message(Lang::Zh)));
        return Ok(Outcome::Failure);
    }
    let (mut written, mut skipped, mut problems) = (0, 0, 0);
    // Every file of one import is written, or none (perf::write::Batch).
    let mut batch = Batch::new();
    let mut written_notes = Vec::new();
    let mut unchanged = 0;
    for (p, o) in planned.iter().zip(&onto) {
        problems += p.problems.len();
        for problem in &p.problems {
            note(&format!("warning: {}: {problem}", p.path.display()));
        }
        if args.strict && !p.problems.is_empty() {
            note(&format!(
                "未写入 {}（--strict：有 {} 处内容未能识别）",
                p.path.display(),
                p.problems.len()
            ));
            skipped += 1;
            continue;
        }
        match o {
            Some(o) if o.text == o.old => {
                unchanged += 1;
                continue;
            }
            Some(o) => batch.replace(&p.path, o.text.as_bytes().to_vec(), o.snapshot),
            None => batch.create(&p.path, p.text.as_bytes().to_vec(), false),
        }
        let mark = if p.problems.is_empty() {
            ""
        } else {
            "，文件开头注明了未能识别的内容"
        };
        written_notes.push((
            format!("写入 {}：{}{mark}", p.path.display(), p.what),
            &p.explain,
        ));
        written += 1;
    }
    if let Err(err) = batch.commit() {
        note(&format!("error: {}", err.message(Lang::Zh)));
        note("没有写入任何文件");
        return Ok(Outcome::Failure);
    }
    for (line, explain) in &written_notes {
        note(line);
        if args.explain {
            for e in explain.iter() {
                note(e);
            }
        }
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

fn year(year: Option<i64>) -> String {
    year.map_or_else(|| "（年度未知）".to_owned(), |y| format!("{y}年"))
}

/// The opening comment: what the file is, where it came from, and what could not be mapped.
fn header(what: &str, source: &str, problems: &[Problem]) -> Vec<String> {
    let mut lines = vec![format!("{what}，由 perf import 从 {source} 导入")];
    if !problems.is_empty() {
        lines.push("perf import：以下内容未能识别，请对照原表补全后删除这几行注释：".into());
        lines.extend(problems.iter().map(|p| format!("- {p}")));
    }
    lines
}
