//! `perf lsp`: the Language Server Protocol front end. A thin layer over
//! [`crate::session::Session`]: it opens a session on the editor's workspace, loads the tree,
//! and turns the session's judgement of each open document's unsaved text into diagnostics —
//! the same codes, severities, messages and help as `perf validate` — and the editor's
//! questions (hover, completion, code actions, formatting, go to definition) into answers
//! from perf's own tables. It never re-implements a rule.
//!
//! The transport is lsp-server's [`Connection`] (rust-analyzer's): the command line makes
//! it over stdio, tests over memory; this module never touches stdin or stdout itself.

mod actions;
mod complete;
mod context;
mod definition;
mod diagnostics;
mod fields;
mod hover;
pub mod position;
mod requests;
mod server;
mod state;
pub mod uri;

use std::path::PathBuf;

pub use lsp_server::{Connection, ProtocolError};

use crate::i18n::Lang;

/// What the command line says before the handshake.
#[derive(Debug, Clone)]
pub struct Start {
    /// The language of every message.
    pub lang: Lang,
    /// The workspace when the client names none (the server's working folder).
    pub fallback_root: PathBuf,
}

/// How the session ended: after `shutdown` then `exit` (exit status 0), or otherwise (1, as
/// the protocol asks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// `shutdown`, then `exit`.
    Clean,
    /// `exit` without `shutdown`, or the client went away.
    WithoutShutdown,
}

/// Serves `connection` until the client exits.
///
/// # Errors
/// The handshake failed.
pub fn run(connection: &Connection, start: &Start) -> Result<Ended, ProtocolError> {
    server::run(connection, start)
}
