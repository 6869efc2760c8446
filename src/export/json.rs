//! The JSON export: the whole [`Dataset`] as one document, amounts as exact decimal strings
//! (docs/export.md lists every field).

use std::io::{self, Write};

use crate::export::Dataset;

/// Writes the dataset as pretty-printed JSON.
pub fn write(out: &mut dyn Write, data: &Dataset) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, data)?;
    writeln!(out)
}
