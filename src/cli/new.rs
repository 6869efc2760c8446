//! `perf new project|department`: a commented skeleton in the department's folder
//! (toml_writer::skeleton), or a project copied from another with its money cleared (`--from`).
//! It never replaces an existing file.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use perf::i18n::Lang;
use perf::model::framework::Preset;
use perf::source::load;
use perf::toml_writer::skeleton;
use perf::toml_writer::write_toml::{file_stem, project_toml};

use crate::cli::Outcome;
use perf::write::Batch;

use crate::cli::output::note;

/// Arguments of `perf new`.
#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, Subcommand)]
enum What {
    /// A project file (项目绩效目标表) in its department's folder.
    Project(ProjectArgs),
    /// A department folder with its department.toml (部门整体绩效目标).
    Department(DepartmentArgs),
}

/// Arguments of `perf new project`.
#[derive(Debug, Args)]
struct ProjectArgs {
    /// 主管部门: full name or short name of a department under --root.
    #[arg(long)]
    dept: String,
    /// 项目名称 (also the file name).
    #[arg(long)]
    name: String,
    /// 预算年度 [default: the department file's year].
    #[arg(long)]
    year: Option<i64>,
    /// Copy this project file's structure and texts, with its money cleared.
    #[arg(long, value_name = "FILE")]
    from: Option<PathBuf>,
    /// Which indicator rows the skeleton gets.
    #[arg(long, value_enum, default_value_t = Framework::Lenient)]
    framework: Framework,
    /// The budget tree.
    #[arg(long, default_value = "budgets")]
    root: PathBuf,
}

/// Arguments of `perf new department`.
#[derive(Debug, Args)]
struct DepartmentArgs {
    /// 部门名称 (full name; also the folder name).
    #[arg(long)]
    name: String,
    /// A short name (repeatable).
    #[arg(long = "alias")]
    aliases: Vec<String>,
    /// 预算年度.
    #[arg(long)]
    year: i64,
    /// The budget tree.
    #[arg(long, default_value = "budgets")]
    root: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Framework {
    /// 88号 rows (成本 under 产出), which every preset accepts.
    Lenient,
    /// 财预〔2015〕88号.
    #[value(name = "88")]
    F88,
    /// 财预〔2021〕101号 (成本指标 as a 一级).
    #[value(name = "101")]
    F101,
}

impl Framework {
    /// The framework preset whose rows the skeleton gets.
    pub(crate) fn preset(self) -> Preset {
        match self {
            Self::Lenient => Preset::Lenient,
            Self::F88 => Preset::F88,
            Self::F101 => Preset::F101,
        }
    }
}

/// Runs `perf new`; its notes (not the file it writes) are in `lang`.
pub(crate) fn run(args: &NewArgs, lang: Lang) -> anyhow::Result<Outcome> {
    match &args.what {
        What::Project(p) => new_project(p, lang),
        What::Department(d) => {
            let dir = d.root.join(file_stem(&d.name));
            let text = skeleton::department(&d.name, &d.aliases, d.year);
            create(&dir.join("department.toml"), &text, lang)
        }
    }
}

fn new_project(args: &ProjectArgs, lang: Lang) -> anyhow::Result<Outcome> {
    // The department's folder and full name: from its department.toml when there is one.
    let workspace = if args.root.exists() {
        load(std::slice::from_ref(&args.root))
    } else {
        perf::source::Workspace::default()
    };
    let found = workspace
        .departments
        .iter()
        .find(|d| d.department.is_named(&args.dept));
    let (dir, department, dept_year) = match found {
        Some(d) => {
            let dir = workspace
                .file(d.file)
                .and_then(|f| f.path.parent())
                .map_or_else(|| args.root.join(&d.department.name), Path::to_path_buf);
            (dir, d.department.name.clone(), d.department.year)
        }
        None => (
            args.root.join(file_stem(&args.dept)),
            args.dept.clone(),
            None,
        ),
    };
    let Some(year) = args.year.or(dept_year) else {
        note(&format!(
            "error: {}",
            lang.text(
                "cli.new_no_year",
                perf::args!(root = args.root.display(), department = args.dept)
            )
        ));
        return Ok(Outcome::Failure);
    };
    let text = match &args.from {
        None => skeleton::project(&args.name, &department, year, args.framework.preset()),
        Some(from) => {
            let loaded = load(std::slice::from_ref(from));
            let Some(template) = loaded.projects.first() else {
                note(&format!(
                    "error: {}",
                    lang.text("cli.new_bad_template", perf::args!(path = from.display()))
                ));
                return Ok(Outcome::Failure);
            };
            let project = skeleton::project_from(&template.project, &args.name, &department, year);
            let header = vec![
                format!("{department} {year}年 项目绩效目标表（perf new 从 {} 复制）", from.display()),
                "金额已清空：填写预算数、资金支出计划和成本指标的指标值，核对其他内容后运行 perf validate。".to_owned(),
            ];
            project_toml(&project, &header)
        }
    };
    create(
        &dir.join(format!("{}.toml", file_stem(&args.name))),
        &text,
        lang,
    )
}

/// Writes a new file; an existing one is never replaced.
fn create(path: &Path, text: &str, lang: Lang) -> anyhow::Result<Outcome> {
    if path.exists() {
        note(&format!(
            "error: {}",
            lang.text("cli.new_exists", perf::args!(path = path.display()))
        ));
        return Ok(Outcome::Failure);
    }
    if let Some(dir) = path.parent()
        && let Err(err) = perf::write::create_dir_all(dir)
    {
        note(&format!("error: {}", err.message(lang)));
        return Ok(Outcome::Failure);
    }
    let mut batch = Batch::new();
    batch.create(path, text.as_bytes().to_vec(), false);
    if let Err(err) = batch.commit() {
        note(&format!("error: {}", err.message(lang)));
        return Ok(Outcome::Failure);
    }
    note(&lang.text("cli.new_created", perf::args!(path = path.display())));
    Ok(Outcome::Success)
}
