//! The TOML writer: every budget file perf writes is made here. `write_toml` writes the model
//! with toml_edit, `canonical` is the layout `perf fmt` applies (comments and value texts
//! kept), `skeleton` the commented file `perf new` starts from, and `merge` sets the values an
//! import carries into a file that exists, keeping everything else byte for byte. Bytes reach
//! the disk only through `crate::write`.

pub mod canonical;
pub mod merge;
pub mod skeleton;
pub mod write_toml;
