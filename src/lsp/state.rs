//! What the server knows between messages: the session over the workspace (perf.toml read,
//! the tree loaded once and again on every save), and the text of each open document as the
//! editor has it, saved or not.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lsp_types::Uri;

use crate::i18n::Lang;
use crate::lsp::diagnostics::{RuleDocs, to_lsp};
use crate::lsp::position::LineIndex;
use crate::lsp::uri;
use crate::session::{Edited, Options, Session};
use crate::source::Workspace;
use crate::source::discover::CONFIG_FILE_NAME;

/// The folder perf reads under a workspace when it has one (the command line's default).
const BUDGETS: &str = "budgets";

/// One document the editor has open.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    /// Its URI, as the editor spelled it (diagnostics are published under the same).
    pub(crate) uri: Uri,
    /// The editor's text.
    pub(crate) text: String,
    /// The editor's version of that text.
    pub(crate) version: i32,
}

/// The server's state.
pub(crate) struct State {
    /// The language of every message.
    pub(crate) lang: Lang,
    /// The folders loaded: `budgets/` of the workspace when it has one, else the workspace.
    pub(crate) roots: Vec<PathBuf>,
    /// The session over `roots`.
    pub(crate) session: Session,
    /// The tree as last loaded (on start and on every save).
    pub(crate) workspace: Workspace,
    /// Where the rules are documented.
    pub(crate) docs: RuleDocs,
    /// Why perf.toml could not be used, while that is so.
    pub(crate) config_problem: Option<String>,
    /// Whether the client can be asked to show a document at a selection (`window/showDocument`).
    pub(crate) show_document: bool,
    /// Open documents by URI text.
    pub(crate) documents: BTreeMap<String, Document>,
}

impl State {
    /// Opens a session on the workspace folder `root` and loads its tree.
    pub(crate) fn open(root: PathBuf, lang: Lang, docs: RuleDocs) -> Self {
        let budgets = root.join(BUDGETS);
        let roots = vec![if budgets.is_dir() {
            budgets
        } else {
            root.clone()
        }];
        let (session, config_problem) = open_session(&roots, lang);
        let workspace = session.load().workspace;
        Self {
            lang,
            roots,
            session,
            workspace,
            docs,
            config_problem,
            show_document: false,
            documents: BTreeMap::new(),
        }
    }

    /// Reads perf.toml and the tree again (after a save: cross-file rules and levels change).
    pub(crate) fn reload(&mut self) {
        let (session, config_problem) = open_session(&self.roots, self.lang);
        self.workspace = session.load().workspace;
        self.session = session;
        self.config_problem = config_problem;
    }

    /// The document at `uri`, when open.
    pub(crate) fn document(&self, uri: &Uri) -> Option<&Document> {
        self.documents.get(uri.as_str())
    }

    /// Judges `document`'s text against the loaded tree; `None` for a document perf does not
    /// check: one `perf validate` of the roots would not read (outside them, not a `.toml`
    /// file, perf.toml — so a Cargo.toml elsewhere in the repository is left alone), or not a
    /// `file:` URI.
    pub(crate) fn check(&self, document: &Document) -> Option<Edited> {
        let path = uri::to_path(&document.uri)?;
        let inside = self.roots.iter().any(|root| path.starts_with(root));
        if !inside || !is_budget_file(&path) {
            return None;
        }
        Some(
            self.session
                .check_text(&self.workspace, &path, &document.text),
        )
    }

    /// The diagnostics of `document`, as the protocol has them.
    pub(crate) fn diagnostics(&self, document: &Document) -> Vec<lsp_types::Diagnostic> {
        let index = LineIndex::new(&document.text);
        if let Some(path) = uri::to_path(&document.uri)
            && path.file_name().is_some_and(|n| n == CONFIG_FILE_NAME)
        {
            // perf.toml as typed: the problems `perf config` would refuse it for.
            let problems = crate::config::file::parse(&document.text, &path, self.lang)
                .err()
                .unwrap_or_default();
            return problems
                .iter()
                .map(|d| to_lsp(d, &index, &document.uri, &self.docs, self.lang))
                .collect();
        }
        let Some(edited) = self.check(document) else {
            return Vec::new();
        };
        edited
            .diagnostics
            .iter()
            .filter(|d| d.file == edited.id)
            .map(|d| to_lsp(d, &index, &document.uri, &self.docs, self.lang))
            .collect()
    }
}

/// A session under the perf.toml that governs `roots`; under the defaults, with the reason,
/// when that file cannot be used (the editor is told; findings go on rather than stop).
fn open_session(roots: &[PathBuf], lang: Lang) -> (Session, Option<String>) {
    let config_file = roots.first().and_then(|root| {
        root.ancestors()
            .map(|dir| dir.join(CONFIG_FILE_NAME))
            .find(|p| p.is_file())
    });
    let options = Options {
        config_file,
        lang,
        ..Options::default()
    };
    match Session::open(roots, &options) {
        Ok(session) => (session, None),
        Err(error) => {
            let mut config = crate::config::Config::default();
            config.settings.lang = lang;
            config.read.lang = lang;
            (
                Session::with_config(roots, config),
                Some(error.message(lang)),
            )
        }
    }
}

/// A file the rules judge: TOML, and not perf's configuration.
fn is_budget_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "toml")
        && path.file_name().is_none_or(|n| n != CONFIG_FILE_NAME)
}
