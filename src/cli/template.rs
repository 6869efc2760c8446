//! `perf template --dept 人社局 [--project NAME] [-o FILE]`: the Excel workbook a clerk fills
//! in — the department's projects in the official layout, one of them, or a blank form for a
//! new project — and the `perf import` command that brings it back (docs/export.md).

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use perf::export::{dataset, template, xlsx};
use perf::summary::select::resolve_department;
use perf::toml_writer::write_toml::file_stem;
use perf::write::{Inputs, Replace, write_output};

use crate::cli::config::ConfigArgs;
use crate::cli::judged::load_judged_with_config;
use crate::cli::new::Framework;
use crate::cli::output::{note, refuse_output, write_failure};
use crate::cli::{GlobalArgs, Outcome, paths_or_default};

/// Arguments of `perf template`.
#[derive(Debug, Args)]
pub(crate) struct TemplateArgs {
    /// Budget files or directories [default: budgets/].
    paths: Vec<PathBuf>,
    /// The department: full name, alias or a unique part of its name.
    #[arg(long, value_name = "NAME")]
    dept: String,
    /// Only this project; a name the department does not have gets a blank form.
    #[arg(long, value_name = "NAME")]
    project: Option<String>,
    /// 预算年度 of a blank form [default: the department file's year].
    #[arg(long)]
    year: Option<i64>,
    /// Which indicator rows a blank form gets.
    #[arg(long, value_enum, default_value_t = Framework::Lenient)]
    framework: Framework,
    /// The workbook to write [default: <部门>绩效目标表.xlsx, or <项目>.xlsx with --project].
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace an existing workbook perf did not write (one the clerk saved).
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    config: ConfigArgs,
}

/// Runs `perf template`.
pub(crate) fn run(args: &TemplateArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let lang = global.lang;
    let paths = paths_or_default(&args.paths);
    let (config, workspace, diagnostics) =
        match load_judged_with_config(&paths, &args.config, global) {
            Ok(loaded) => loaded,
            Err(outcome) => return Ok(outcome),
        };
    let department = match resolve_department(&workspace, &args.dept) {
        Ok(name) => name,
        Err(err) => {
            note(&format!("error: {}", err.message(lang)));
            return Ok(Outcome::Failure);
        }
    };
    let file_of_department = workspace
        .departments
        .iter()
        .find(|d| d.department.name == department);
    let mut data = template::only(
        dataset(&workspace, &diagnostics),
        &department,
        args.project.as_deref(),
    );
    let mut blank = false;
    if data.projects.is_empty() {
        let Some(name) = &args.project else {
            note(&format!(
                "error: {}",
                lang.text("cli.template_empty", perf::args!(department = department))
            ));
            return Ok(Outcome::Failure);
        };
        let Some(year) = args
            .year
            .or_else(|| file_of_department.and_then(|d| d.department.year))
        else {
            note(&format!(
                "error: {}",
                lang.text("cli.template_no_year", perf::args!(department = department))
            ));
            return Ok(Outcome::Failure);
        };
        let Some(sheet) = template::blank(name, &department, year, args.framework.preset()) else {
            anyhow::bail!("the skeleton of {name} did not read back");
        };
        data = template::with(data, sheet);
        blank = true;
    }
    let output = args.output.clone().unwrap_or_else(|| {
        let stem = args.project.as_deref().map_or_else(
            || format!("{}绩效目标表", file_stem(&department)),
            file_stem,
        );
        PathBuf::from(format!("{stem}.xlsx"))
    });
    let mut inputs = Inputs::of_paths(&paths);
    inputs.extend(config.path.as_deref());
    if let Some(outcome) = refuse_output(&inputs, Some(&output), lang) {
        return Ok(outcome);
    }
    let bytes = xlsx::write(&data).context("building the workbook")?;
    write_output(&output, &inputs, Replace::workbook(args.force), |out| {
        out.write_all(&bytes)
    })
    .map_err(|err| write_failure(err, lang))?;
    // The folder to import into: the department file's, else the one its projects are in
    // (a department without department.toml), else a new one named after it.
    let folder = file_of_department
        .and_then(|d| workspace.file(d.file))
        .and_then(|f| f.path.parent())
        .or_else(|| {
            data.projects
                .iter()
                .find(|p| !p.sheet.file.is_empty())
                .and_then(|p| Path::new(&p.sheet.file).parent())
        })
        .map_or_else(
            || {
                paths
                    .first()
                    .map_or_else(PathBuf::new, |root| root.join(&department))
            },
            Path::to_path_buf,
        );
    let key = if blank {
        "cli.template_blank"
    } else {
        "cli.template_written"
    };
    note(&lang.text(
        key,
        perf::args!(
            path = output.display(),
            n = data.projects.len(),
            folder = folder.display()
        ),
    ));
    Ok(Outcome::Success)
}
