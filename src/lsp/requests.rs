//! Requests: each method the server answers, dispatched to its module, and the capabilities
//! that announce them. A request for a document that is not open gets an empty answer, one
//! with parameters the server cannot read an `InvalidParams` error.

use lsp_server::{ErrorCode, Request, Response};
use lsp_types::request::{
    CodeActionRequest, Completion, Formatting, GotoDefinition, HoverRequest, Request as _,
};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, ExecuteCommandOptions,
    HoverProviderCapability, OneOf, ServerCapabilities,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::lsp::state::State;
use crate::lsp::{actions, complete, definition, hover};

/// The capabilities of the requests below.
pub(crate) fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".to_owned(), "(".to_owned(), ",".to_owned()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        definition_provider: Some(OneOf::Left(true)),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![actions::CURSOR_AT.to_owned()],
            ..ExecuteCommandOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

/// Answers `request` from `state`.
pub(crate) fn answer(state: &State, request: Request) -> Response {
    match request.method.as_str() {
        HoverRequest::METHOD => reply(state, request, hover::hover),
        Completion::METHOD => reply(state, request, complete::complete),
        CodeActionRequest::METHOD => reply(state, request, actions::actions),
        GotoDefinition::METHOD => reply(state, request, definition::definition),
        Formatting::METHOD => {
            let id = request.id.clone();
            match serde_json::from_value(request.params) {
                Ok(params) => match actions::format(state, params) {
                    Ok(edits) => Response::new_ok(id, edits),
                    Err(message) => Response::new_err(id, ErrorCode::RequestFailed as i32, message),
                },
                Err(error) => bad_params(state, id, &error),
            }
        }
        _ => Response::new_err(
            request.id,
            ErrorCode::MethodNotFound as i32,
            state
                .lang
                .text("lsp.unknown_method", crate::args!(method = request.method)),
        ),
    }
}

/// Reads the parameters of `request` and answers with `handle`'s result.
fn reply<P: DeserializeOwned, R: Serialize>(
    state: &State,
    request: Request,
    handle: impl FnOnce(&State, P) -> R,
) -> Response {
    match serde_json::from_value::<P>(request.params) {
        Ok(params) => Response::new_ok(request.id, handle(state, params)),
        Err(error) => bad_params(state, request.id, &error),
    }
}

fn bad_params(state: &State, id: lsp_server::RequestId, error: &serde_json::Error) -> Response {
    Response::new_err(
        id,
        ErrorCode::InvalidParams as i32,
        state
            .lang
            .text("lsp.bad_params", crate::args!(error = error)),
    )
}
