//! From what an import read to the files it writes: one plan for `perf import` and for the
//! 导入 page of `perf serve`, so both name, merge, check and write files the same way.
//!
//! [`plan`] makes the text of every file (a project file per table, `department.toml` for
//! the department part), gives each its path (the file that already holds the project, or a
//! new name that no other table of the import takes), reads every text back the way
//! `perf validate` loads a file, and settles each existing file ([`onto`]: merged, or
//! replaced when forced). It reads the folder but writes nothing; [`Plan::commit`] then
//! writes the files all together or not at all (`crate::write::Batch`). The front ends show
//! the plan (the CLI prints it, the page lists it) — nothing here prints.
//!
//! It sits above `import` and `toml_writer` (it uses both), beside `session` (docs/design.md,
//! "Layers").

pub mod onto;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::import::{Defaults, Imported, Problem};
use crate::model::money::plain;
use crate::toml_writer::write_toml::{department_toml, file_name, project_toml, reads_back};
use crate::write::{Batch, WriteError};

use crate::import_plan::onto::{Existing, Onto, settle};

/// What the caller says about the import.
pub struct Request<'a> {
    /// The document's name, for the files' opening comment (`从 X 导入`).
    pub source: &'a str,
    /// The department's folder the files go into (it may not exist yet).
    pub dept_dir: &'a Path,
    /// Replace existing files instead of merging into them.
    pub force: bool,
    /// How a file is named in messages (the CLI: as given; the page: its address in the tree).
    pub shown: &'a dyn Fn(&Path) -> String,
    /// What the user can do about a file that cannot be merged into (the CLI names
    /// `--force` and `--dept-dir`).
    pub hint: &'a str,
}

/// The defaults a document's tables fall back on: the folder's name as 主管部门, and `year`.
pub fn defaults(dept_dir: &Path, year: Option<i64>) -> Defaults {
    Defaults {
        department: dept_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.is_empty() && n != "." && n != ".."),
        year,
    }
}

/// One file the import writes.
#[derive(Debug, Clone)]
pub struct Planned {
    /// Where it is written.
    pub path: PathBuf,
    /// The path as messages show it.
    pub shown: String,
    /// The import's own text for it (what a new file holds).
    pub text: String,
    /// What could not be mapped into it.
    pub problems: Vec<Problem>,
    /// What it is: `项目名（12 行指标，预算数 100万元）`.
    pub what: String,
    /// The project's name (`None` for the department file).
    pub name: Option<String>,
    /// The 主管部门 it is written for.
    pub department: String,
    /// 预算年度, when known.
    pub year: Option<i64>,
    /// 预算数 as written with its unit (`100万元`), when known.
    pub total: Option<String>,
    /// Indicator rows (objectives, for the department file).
    pub rows: usize,
    /// `字段 ← 来源` lines (`perf import --explain`).
    pub explain: Vec<String>,
    /// The file that exists at `path`, and what becomes of it.
    pub onto: Option<Onto>,
}

impl Planned {
    /// The text that ends up on disk: merged (or replaced) into the existing file, or new.
    pub fn final_text(&self) -> &str {
        self.onto.as_ref().map_or(&self.text, |o| &o.text)
    }

    /// True when the file exists and the import would not change a byte of it.
    pub fn unchanged(&self) -> bool {
        self.onto.as_ref().is_some_and(|o| o.text == o.old)
    }

    /// The `--dry-run` text: a diff against the existing file, or the whole new file.
    pub fn preview(&self) -> String {
        onto::preview(&self.shown, self.onto.as_ref(), &self.text)
    }
}

/// Every file of one import, ready to write.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The department's folder.
    pub dept_dir: PathBuf,
    /// The files, the department file first, then the tables in document order.
    pub files: Vec<Planned>,
    /// Notes about the plan (tables naming another department than the folder's).
    pub notes: Vec<String>,
}

/// Why an import plans no file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// The document holds no 项目绩效目标表: what perf looked for.
    Nothing(String),
    /// Files that cannot be written (each message names its file); nothing is written.
    Refused(Vec<String>),
}

/// Plans the files `imported` (read from `request.source`) becomes in `request.dept_dir`.
///
/// # Errors
/// [`PlanError::Nothing`] when the document holds no table, [`PlanError::Refused`] when a
/// file cannot be written (an existing file of another project, a text perf cannot read back).
pub fn plan(imported: &Imported, request: &Request<'_>) -> Result<Plan, PlanError> {
    let dir = request.dept_dir;
    let shown = request.shown;
    let mut files = Vec::new();
    if let Some(d) = &imported.department {
        let department = &d.department;
        let header = header(
            &format!(
                "{} {}部门整体绩效目标",
                department.name,
                year(department.year)
            ),
            request.source,
            &d.problems,
        );
        let path = dir.join("department.toml");
        files.push(Planned {
            shown: shown(&path),
            path,
            text: department_toml(department, &header),
            problems: d.problems.clone(),
            what: format!(
                "部门整体绩效目标（{} 个分项目标）",
                department.objectives.len()
            ),
            name: None,
            department: department.name.clone(),
            year: department.year,
            total: department.budget.map(|b| format!("{}万元", plain(b))),
            rows: department.objectives.len(),
            explain: Vec::new(),
            onto: None,
        });
    }
    let folder_department = defaults(dir, None).department;
    let mut names = HashSet::new();
    // A table whose project already has a file goes into that file, whatever its file name.
    let mut existing = Existing::scan(dir);
    let mut others: Vec<String> = Vec::new();
    for p in &imported.projects {
        let project = &p.project;
        // A folder holds one department's files: say so when tables name other ones.
        if folder_department.as_deref() != Some(project.department.as_str())
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
            request.source,
            &p.problems,
        );
        let total = project
            .budget
            .as_ref()
            .map(|b| format!("{}{}", plain(b.total), b.unit));
        let path = existing
            .take(&project.name)
            .unwrap_or_else(|| dir.join(file_name(&project.name, &mut names)));
        files.push(Planned {
            shown: shown(&path),
            path,
            text: project_toml(project, &header),
            problems: p.problems.clone(),
            what: format!(
                "{}（{} 行指标，{}）",
                project.name,
                project.indicators.len(),
                total
                    .as_ref()
                    .map_or_else(|| "预算数未知".to_owned(), |t| format!("预算数 {t}"))
            ),
            name: Some(project.name.clone()),
            department: project.department.clone(),
            year: project.year,
            total,
            rows: project.indicators.len(),
            explain: p
                .provenance
                .iter()
                .map(|(field, place)| format!("  {field} ← {} {place}", request.source))
                .collect(),
            onto: None,
        });
    }
    let mut notes = Vec::new();
    if !others.is_empty() {
        notes.push(format!(
            "表中的主管部门（{}）与目录名不同，文件都写入 {}",
            others.join("、"),
            shown(dir)
        ));
    }
    if files.is_empty() {
        return Err(PlanError::Nothing(imported.why_none()));
    }
    // Every file must load in perf before any is written.
    let unreadable: Vec<String> = files
        .iter()
        .filter_map(|p| {
            let why = reads_back(&p.text, p.name.is_none()).err()?;
            Some(format!(
                "{}：导入生成的文件 perf 自己读不回（{why}），这是 perf 的缺陷，请报告",
                p.shown
            ))
        })
        .collect();
    if !unreadable.is_empty() {
        return Err(PlanError::Refused(unreadable));
    }
    // Files that exist are merged into (or, when forced, replaced after listing what goes).
    let mut refused = Vec::new();
    for p in &mut files {
        if !p.path.exists() {
            continue;
        }
        let name = p.name.clone().unwrap_or_default();
        let department = p.name.is_none();
        match settle(
            &p.path,
            &p.shown,
            &p.text,
            &name,
            department,
            request.force,
            request.hint,
        ) {
            Ok(o) => p.onto = Some(o),
            Err(why) => refused.push(why),
        }
    }
    if !refused.is_empty() {
        return Err(PlanError::Refused(refused));
    }
    for p in &files {
        if let Some(o) = &p.onto
            && let Err(why) = reads_back(&o.text, p.name.is_none())
        {
            return Err(PlanError::Refused(vec![format!(
                "{}：合并后的文件 perf 自己读不回（{why}），这是 perf 的缺陷，请报告",
                p.shown
            )]));
        }
    }
    Ok(Plan {
        dept_dir: dir.to_path_buf(),
        files,
        notes,
    })
}

impl Plan {
    /// Writes the files `keep` accepts (an unchanged file is not written), all together or
    /// none, the folder made first: a file changed since it was planned, or one that
    /// appeared where a new file goes, is refused ([`WriteError::Changed`],
    /// [`WriteError::Exists`]). Returns how many files were written.
    ///
    /// # Errors
    /// The folder or a file could not be written; then nothing was.
    pub fn commit(&self, keep: impl Fn(&Planned) -> bool) -> Result<usize, WriteError> {
        crate::write::create_dir_all(&self.dept_dir)?;
        let mut batch = Batch::new();
        for p in self.files.iter().filter(|p| keep(p) && !p.unchanged()) {
            match &p.onto {
                Some(o) => batch.replace(&p.path, o.text.as_bytes().to_vec(), o.snapshot),
                None => batch.create(&p.path, p.text.as_bytes().to_vec(), false),
            }
        }
        batch.commit()
    }

    /// How many files the import changes or creates.
    pub fn writes(&self) -> usize {
        self.files.iter().filter(|p| !p.unchanged()).count()
    }

    /// How many things could not be mapped, over every file.
    pub fn problems(&self) -> usize {
        self.files.iter().map(|p| p.problems.len()).sum()
    }
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
