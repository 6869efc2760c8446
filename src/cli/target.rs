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
    let line = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| lang.text(key, args);
    writeln!(out, "{}", r.raw)?;
    let kind = lang.text(&format!("target_kind.{}", r.kind), &[]);
    writeln!(
        out,
        "{}",
        line("reading.kind", perf::args!(kind = kind, name = r.kind))
    )?;
    if let (Some(cmp), Some(meaning)) = (r.comparator, r.comparator_meaning(lang)) {
        let written = if r.comparator_written == Some(false) {
            lang.text("reading.not_written", &[])
        } else {
            String::new()
        };
        writeln!(
            out,
            "{}",
            line(
                "reading.comparator",
                perf::args!(comparator = cmp, meaning = meaning, written = written)
            )
        )?;
    }
    if let Some(value) = &r.value {
        writeln!(out, "{}", line("reading.value", perf::args!(value = value)))?;
    }
    if let (Some(low), Some(high)) = (&r.low, &r.high) {
        writeln!(
            out,
            "{}",
            line("reading.range", perf::args!(low = low, high = high))
        )?;
    }
    let unit_kind = r
        .unit_kind
        .map(|k| lang.text(&format!("unit_kind.{k}"), &[]));
    match (&r.unit, unit_kind) {
        (Some(unit), Some(kind)) => writeln!(
            out,
            "{}",
            line("reading.unit", perf::args!(unit = unit, kind = kind))
        )?,
        (None, Some(kind)) => {
            writeln!(out, "{}", line("reading.no_unit", perf::args!(kind = kind)))?
        }
        _ => {}
    }
    if let Some(base) = &r.base_value {
        writeln!(out, "{}", line("reading.base", perf::args!(base = base)))?;
    }
    if let Some(yes) = r.yes {
        writeln!(
            out,
            "{}",
            line(
                "reading.yes_no",
                perf::args!(value = if yes { "是" } else { "否" })
            )
        )?;
    }
    if let Some(key) = r.problem_key {
        let problem = lang.text(key, &[]);
        writeln!(
            out,
            "{}",
            line("reading.problem", perf::args!(problem = problem))
        )?;
    }
    Ok(())
}
