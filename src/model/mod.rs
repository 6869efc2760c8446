//! The pure domain model: projects, departments, money, plans, targets and frameworks.
//!
//! No I/O, no TOML, no command line here: `source` builds these types from files, `rules` and
//! `summary` read them. Where things are in a file is kept beside the domain types, not in
//! them: `spans` is the side table, `located` pairs a project or department with its file and
//! spans.

pub mod budget;
pub mod department;
pub mod execution;
pub mod framework;
pub mod located;
pub mod money;
pub mod names;
pub mod plan;
pub mod project;
pub mod spans;
pub mod sparse;
pub mod target;
