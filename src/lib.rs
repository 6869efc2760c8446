//! `perf`: validate and summarise Chinese budget performance files (预算绩效) kept as TOML.
//!
//! Data flows one way: `source` discovers, reads and lowers files into the `model` with a span
//! table; `rules` check the model and produce `diag`nostics; `summary` totals the model into a
//! view; `diff` compares two loaded trees (two git revisions, read by `source::git`) into a
//! view; `diag::render` and `report` turn findings and views into bytes for a writer, and
//! `write` is the one way those bytes reach a file. The library never prints and never
//! exits: that is the binary's `cli` module.

// Indexing that could panic on unexpected input is written with `get` (the brief: bad input
// never panics); tests may index (clippy.toml).
#![warn(clippy::indexing_slicing)]

pub mod check;
pub mod config;
pub mod diag;
pub mod diff;
pub mod export;
pub mod fuzzing;
pub mod i18n;
pub mod import;
pub mod import_plan;
pub mod lsp;
pub mod model;
pub mod report;
pub mod rules;
pub mod score;
pub mod serve;
pub mod session;
pub mod source;
pub mod summary;
pub mod text;
pub mod toml_writer;
pub mod track;
pub mod write;
