//! The pure domain model: projects, departments, money, plans, targets and frameworks.
//!
//! No I/O, no TOML, no spans, no command line here: `source` builds these types from files,
//! `rules` and `summary` read them.

pub mod budget;
pub mod department;
pub mod execution;
pub mod framework;
pub mod money;
pub mod plan;
pub mod project;
pub mod sparse;
pub mod target;
