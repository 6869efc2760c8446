//! The message loop: the handshake, then requests answered in order and notifications applied
//! to the state. Changes are debounced by batching: every message already waiting is read
//! before any document is checked, so of several quick edits only the newest text of each
//! document is judged and published.

use std::collections::BTreeSet;
use std::path::PathBuf;

use lsp_server::{Connection, ErrorCode, Message, Notification, ProtocolError, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Exit, Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{
    ExecuteCommand, RegisterCapability, Request as _, ShowDocument, Shutdown,
};
use lsp_types::{
    DidChangeWatchedFilesRegistrationOptions, ExecuteCommandParams, FileSystemWatcher, GlobPattern,
    InitializeParams, MessageType, Position, PublishDiagnosticsParams, Registration,
    RegistrationParams, ServerCapabilities, ServerInfo, ShowDocumentParams, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::lsp::actions::CURSOR_AT;
use crate::lsp::diagnostics::RuleDocs;
use crate::lsp::state::{Document, State};
use crate::lsp::{Ended, Start, uri};

/// Runs the server on `connection` until the client says `exit` or goes away.
///
/// # Errors
/// The handshake failed or the client broke the protocol.
pub(crate) fn run(connection: &Connection, start: &Start) -> Result<Ended, ProtocolError> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let root = workspace_root(&params).unwrap_or_else(|| start.fallback_root.clone());
    let docs = rule_docs(&params, &root);
    let mut state = State::open(root, start.lang, docs);
    state.show_document = params
        .capabilities
        .window
        .as_ref()
        .and_then(|w| w.show_document.as_ref())
        .is_some_and(|s| s.support);
    let result = lsp_types::InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "perf".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    let result = serde_json::to_value(result).unwrap_or_default();
    connection.initialize_finish(id, result)?;
    watch_budget_files(connection, &params);
    tell_problems(connection, &state);
    let mut shut_down = false;
    while let Ok(first) = connection.receiver.recv() {
        let mut batch = vec![first];
        batch.extend(connection.receiver.try_iter());
        let mut dirty = BTreeSet::new();
        for message in batch {
            match message {
                Message::Request(request) if request.method == Shutdown::METHOD => {
                    shut_down = true;
                    send(connection, Response::new_ok(request.id, ()).into());
                }
                Message::Request(request)
                    if request.method == ExecuteCommand::METHOD && !shut_down =>
                {
                    execute(connection, &state, request);
                }
                Message::Request(request) => {
                    let response = if shut_down {
                        Response::new_err(
                            request.id,
                            ErrorCode::InvalidRequest as i32,
                            state.lang.text("lsp.shutting_down", &[]),
                        )
                    } else {
                        crate::lsp::requests::answer(&state, request)
                    };
                    send(connection, response.into());
                }
                Message::Notification(n) if n.method == Exit::METHOD => {
                    return Ok(if shut_down {
                        Ended::Clean
                    } else {
                        Ended::WithoutShutdown
                    });
                }
                Message::Notification(n) => {
                    notification(connection, &mut state, n, &mut dirty);
                }
                Message::Response(_) => {}
            }
        }
        publish(connection, &state, &dirty);
    }
    Ok(Ended::WithoutShutdown)
}

/// What the server offers.
fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        ..crate::lsp::requests::capabilities()
    }
}

/// Applies one notification; the documents whose diagnostics must be published go in `dirty`.
fn notification(
    connection: &Connection,
    state: &mut State,
    n: Notification,
    dirty: &mut BTreeSet<String>,
) {
    match n.method.as_str() {
        DidOpenTextDocument::METHOD => {
            if let Some(p) = params::<lsp_types::DidOpenTextDocumentParams>(n) {
                let doc = p.text_document;
                let key = doc.uri.as_str().to_owned();
                state.documents.insert(
                    key.clone(),
                    Document {
                        uri: doc.uri,
                        text: doc.text,
                        version: doc.version,
                    },
                );
                dirty.insert(key);
            }
        }
        DidChangeTextDocument::METHOD => {
            if let Some(p) = params::<lsp_types::DidChangeTextDocumentParams>(n) {
                let key = p.text_document.uri.as_str().to_owned();
                // Full sync: the last change carries the whole text.
                if let (Some(doc), Some(change)) = (
                    state.documents.get_mut(&key),
                    p.content_changes.into_iter().last(),
                ) {
                    doc.text = change.text;
                    doc.version = p.text_document.version;
                    dirty.insert(key);
                }
            }
        }
        // A save in the editor, or budget files changed outside it (git pull, perf fmt).
        DidSaveTextDocument::METHOD | DidChangeWatchedFiles::METHOD => {
            state.reload();
            tell_problems(connection, state);
            dirty.extend(state.documents.keys().cloned());
        }
        DidCloseTextDocument::METHOD => {
            if let Some(p) = params::<lsp_types::DidCloseTextDocumentParams>(n) {
                let key = p.text_document.uri.as_str().to_owned();
                dirty.remove(&key);
                state.documents.remove(&key);
                let cleared = PublishDiagnosticsParams::new(p.text_document.uri, Vec::new(), None);
                notify::<PublishDiagnostics>(connection, cleared);
            }
        }
        _ => {}
    }
}

/// `workspace/executeCommand`: `perf.cursorAt URI POSITION` asks the client to show the
/// document with the cursor at the position (after the allow comment, for the reason).
fn execute(connection: &Connection, state: &State, request: lsp_server::Request) {
    let params: Option<ExecuteCommandParams> = serde_json::from_value(request.params).ok();
    let target = params.filter(|p| p.command == CURSOR_AT).and_then(|p| {
        let mut arguments = p.arguments.into_iter();
        let uri: Uri = arguments.next()?.as_str()?.parse().ok()?;
        let position: Position = serde_json::from_value(arguments.next()?).ok()?;
        Some((uri, position))
    });
    let Some((uri, position)) = target else {
        let message = state.lang.text("lsp.bad_command", &[]);
        let error = Response::new_err(request.id, ErrorCode::InvalidParams as i32, message);
        send(connection, error.into());
        return;
    };
    send(connection, Response::new_ok(request.id, ()).into());
    let show = ShowDocumentParams {
        uri,
        external: None,
        take_focus: Some(true),
        selection: Some(lsp_types::Range::new(position, position)),
    };
    let request = lsp_server::Request::new(
        "perf-cursor".to_owned().into(),
        ShowDocument::METHOD.to_owned(),
        show,
    );
    send(connection, request.into());
}

/// Asks a client that can watch files for us to say when TOML files change on disk, so the
/// tree is read again after a `git pull` as after a save in the editor.
fn watch_budget_files(connection: &Connection, params: &InitializeParams) {
    let dynamic = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    if !dynamic {
        return;
    }
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![FileSystemWatcher {
            glob_pattern: GlobPattern::String("**/*.toml".to_owned()),
            kind: None,
        }],
    };
    let registration = Registration {
        id: "perf-watch-toml".to_owned(),
        method: DidChangeWatchedFiles::METHOD.to_owned(),
        register_options: serde_json::to_value(options).ok(),
    };
    let request = lsp_server::Request::new(
        "perf-watch-toml".to_owned().into(),
        RegisterCapability::METHOD.to_owned(),
        RegistrationParams {
            registrations: vec![registration],
        },
    );
    send(connection, request.into());
}

/// Publishes the diagnostics of the documents in `dirty`, each for its newest text.
fn publish(connection: &Connection, state: &State, dirty: &BTreeSet<String>) {
    for key in dirty {
        if let Some(doc) = state.documents.get(key) {
            let diagnostics = state.diagnostics(doc);
            let params =
                PublishDiagnosticsParams::new(doc.uri.clone(), diagnostics, Some(doc.version));
            notify::<PublishDiagnostics>(connection, params);
        }
    }
}

/// Says once per load why perf.toml is not in force, and which parts of the tree could not
/// be read (their files are missing from the cross-file rules).
fn tell_problems(connection: &Connection, state: &State) {
    if let Some(problem) = &state.config_problem {
        let message = state
            .lang
            .text("lsp.config_problem", crate::args!(problem = problem));
        notify::<ShowMessage>(
            connection,
            ShowMessageParams {
                typ: MessageType::ERROR,
                message,
            },
        );
    }
    if !state.workspace.errors.is_empty() {
        let problems: Vec<String> = state
            .workspace
            .errors
            .iter()
            .map(|e| e.message(state.lang))
            .collect();
        let message = state.lang.text(
            "lsp.load_problems",
            crate::args!(count = problems.len(), problems = problems.join("\n")),
        );
        notify::<ShowMessage>(
            connection,
            ShowMessageParams {
                typ: MessageType::WARNING,
                message,
            },
        );
    }
}

/// The workspace folder: the first workspace folder, else the root URI.
fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    if let Some(folder) = params.workspace_folders.as_ref().and_then(|f| f.first()) {
        return uri::to_path(&folder.uri);
    }
    #[allow(deprecated)]
    params.root_uri.as_ref().and_then(uri::to_path)
}

/// Where rule codes link: `initializationOptions.rulesUrl` (with `{code}` or `{anchor}`), else
/// docs/rules.md in the workspace or a folder above it, else nowhere.
fn rule_docs(params: &InitializeParams, root: &std::path::Path) -> RuleDocs {
    let given = params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("rulesUrl"))
        .and_then(|v| v.as_str());
    if let Some(template) = given {
        return RuleDocs::at(template.to_owned());
    }
    root.ancestors()
        .map(|dir| dir.join("docs").join("rules.md"))
        .find(|p| p.is_file())
        .and_then(|p| uri::from_path(&p))
        .map(|u| RuleDocs::at(format!("{}#{{anchor}}", u.as_str())))
        .unwrap_or_default()
}

fn params<P: DeserializeOwned>(n: Notification) -> Option<P> {
    serde_json::from_value(n.params).ok()
}

fn notify<N: lsp_types::notification::Notification>(connection: &Connection, params: N::Params)
where
    N::Params: Serialize,
{
    send(
        connection,
        Notification::new(N::METHOD.to_owned(), params).into(),
    );
}

/// Sends a message; a client that went away ends the loop at the next receive.
fn send(connection: &Connection, message: Message) {
    let _ = connection.sender.send(message);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use serde_json::json;

    fn request(id: i32, method: &str, params: serde_json::Value) -> Message {
        lsp_server::Request::new(id.into(), method.to_owned(), params).into()
    }

    fn notification(method: &str, params: serde_json::Value) -> Message {
        Notification::new(method.to_owned(), params).into()
    }

    #[test]
    fn of_changes_waiting_together_only_the_newest_is_judged() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let path = root.join("budgets/高新区人社局/被征地农民社会保障费.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let uri = uri::from_path(&path).unwrap();
        let (server, client) = Connection::memory();
        let root_uri = uri::from_path(&root).unwrap();
        let mut queued = vec![
            request(
                1,
                "initialize",
                json!({ "capabilities": {}, "rootUri": root_uri }),
            ),
            notification("initialized", json!({})),
            notification(
                "textDocument/didOpen",
                json!({ "textDocument": { "uri": uri, "languageId": "toml", "version": 1, "text": text } }),
            ),
        ];
        for version in 2..=30 {
            let changed = text.replace("=7000万元", &format!("={version}万元"));
            queued.push(notification(
                "textDocument/didChange",
                json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": changed }] }),
            ));
        }
        let Connection { sender, receiver } = client;
        for message in queued {
            sender.send(message).unwrap();
        }
        // The client goes away after its last change: the server judges what it has, then ends.
        drop(sender);
        let start = Start {
            lang: Lang::Zh,
            fallback_root: root,
        };
        assert_eq!(run(&server, &start).unwrap(), Ended::WithoutShutdown);
        let published: Vec<Notification> = receiver
            .try_iter()
            .filter_map(|m| match m {
                Message::Notification(n) if n.method == PublishDiagnostics::METHOD => Some(n),
                _ => None,
            })
            .collect();
        // The initialize response is read before the rest; everything after it waited
        // together, so the document is judged once, at its last version.
        assert_eq!(published.len(), 1, "{published:?}");
        assert_eq!(published[0].params["version"], 30);
    }
}
