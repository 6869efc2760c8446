//! `perf target VALUE...`: shows how perf reads a 指标值 (comparator, number, unit, kind), so
//! users can see what the rules see.

use std::io::Write;

use anyhow::Context;
use clap::{Args, ValueEnum};
use perf::i18n::Lang;
use perf::model::target::Target;
use perf::model::target::reading::Reading;

use crate::cli::Outcome;
use crate::cli::output::with_stdout_as;

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
pub(crate) fn run(args: &TargetArgs, lang: Lang) -> anyhow::Result<Outcome> {
    let readings: Vec<Reading> = args
        .values
        .iter()
        .map(|v| Reading::of(&Target::parse(v)))
        .collect();
    with_stdout_as(args.format == TargetFormat::Text, |out| match args.format {
        TargetFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &readings)?;
            writeln!(out)
        }
        TargetFormat::Text => {
            for (i, r) in readings.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                write_reading(out, r, lang)?;
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

fn write_reading(out: &mut dyn Write, r: &Reading, lang: Lang) -> std::io::Result<()> {
    writeln!(out, "{}", r.raw)?;
    for line in r.lines(lang) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}
