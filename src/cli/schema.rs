//! `perf schema project|department|config [-o FILE]`: the JSON Schema of a file kind, for
//! editors (docs/editors.md). The copies in `schema/` are this output; a test keeps them equal.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use perf::i18n::Lang;
use perf::source::json_schema::{SchemaKind, schema_text};
use perf::write::Inputs;

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
    with_output(args.output.as_deref(), &Inputs::none(), lang, |out| {
        out.write_all(text.as_bytes())
    })?;
    Ok(Outcome::Success)
}
