//! `perf target VALUE...`: shows how perf reads a 指标值 (comparator, number, unit, kind), so
//! users can see what the rules see.

use std::io::Write;

use anyhow::Context;
use clap::{Args, ValueEnum};
use perf::model::target::Target;
use perf::model::target::reading::Reading;

use crate::cli::Outcome;
use crate::cli::output::with_stdout;

/// Arguments of `perf target`.
#[derive(Debug, Args)]
pub(crate) struct TargetArgs {
    /// Target values as written in a budget file, e.g. "≥1,346.5万平方米".
    #[arg(required = true)]
    values: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TargetFormat::Text)]
    format: TargetFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TargetFormat {
    /// One block per value, in Chinese.
    Text,
    /// A JSON array of readings.
    Json,
}

/// Runs `perf target`; exits 1 when a value cannot be read.
pub(crate) fn run(args: &TargetArgs) -> anyhow::Result<Outcome> {
    let readings: Vec<Reading> = args
        .values
        .iter()
        .map(|v| Reading::of(&Target::parse(v)))
        .collect();
    with_stdout(|out| match args.format {
        TargetFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &readings)?;
            writeln!(out)
        }
        TargetFormat::Text => {
            for (i, r) in readings.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                write_reading(out, r)?;
            }
            Ok(())
        }
    })
    .context("writing the readings")?;
    let unreadable = readings.iter().any(|r| r.problem.is_some());
    Ok(if unreadable {
        Outcome::Findings
    } else {
        Outcome::Success
    })
}

fn write_reading(out: &mut dyn Write, r: &Reading) -> std::io::Result<()> {
    writeln!(out, "{}", r.raw)?;
    writeln!(out, "  类型：{}（{}）", r.kind_zh, r.kind)?;
    if let (Some(cmp), Some(meaning)) = (r.comparator, r.comparator_meaning()) {
        let written = if r.comparator_written == Some(false) {
            "，未写比较符，按等于理解"
        } else {
            ""
        };
        writeln!(out, "  比较符：{cmp}（{meaning}{written}）")?;
    }
    if let Some(value) = &r.value {
        writeln!(out, "  数值：{value}")?;
    }
    if let (Some(low), Some(high)) = (&r.low, &r.high) {
        writeln!(out, "  区间：{low} 至 {high}")?;
    }
    match (&r.unit, r.unit_kind) {
        (Some(unit), Some(kind)) => writeln!(out, "  单位：{unit}（{kind}）")?,
        (None, Some(kind)) => writeln!(out, "  单位：（{kind}）")?,
        _ => {}
    }
    if let Some(base) = &r.base_value {
        writeln!(out, "  折合：{base}（去掉单位中的 万/亿）")?;
    }
    if let Some(yes) = r.yes {
        writeln!(out, "  取值：{}", if yes { "是" } else { "否" })?;
    }
    if let Some(problem) = r.problem {
        writeln!(out, "  问题：{problem}（perf validate 报 I005）")?;
    }
    Ok(())
}
