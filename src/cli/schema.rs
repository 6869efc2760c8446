//! `perf schema project|department|config [-o FILE]`: the JSON Schema of a file kind, for
//! editors (docs/editors.md). The copies in `schema/` are this output; a test keeps them equal.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use perf::config::json_schema::{SchemaKind, schema_text};
use perf::i18n::Lang;
use perf::write::{Inputs, Replace};

use crate::cli::Outcome;
use crate::cli::output::with_output;

/// Arguments of `perf schema`.
#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// Which file the schema describes.
    #[arg(value_enum)]
    kind: Kind,
    /// Write the schema to FILE instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace an existing output file that perf did not write (a workbook, a Word document,
    /// a PDF, a binary file); an empty file, an older perf output and a text file are replaced
    /// without it.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Kind {
    /// A project file (项目绩效目标表).
    Project,
    /// A department file (department.toml).
    Department,
    /// perf.toml.
    Config,
}

/// Runs `perf schema`.
pub(crate) fn run(args: &SchemaArgs, lang: Lang) -> anyhow::Result<Outcome> {
    let kind = match args.kind {
        Kind::Project => SchemaKind::Project,
        Kind::Department => SchemaKind::Department,
        Kind::Config => SchemaKind::Config,
    };
    let text = schema_text(kind);
    with_output(
        args.output.as_deref(),
        &Inputs::none(),
        Replace::text(args.force),
        lang,
        |out| out.write_all(text.as_bytes()),
    )?;
    Ok(Outcome::Success)
}
