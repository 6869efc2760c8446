//! Requests: each method the server answers, dispatched to its module, and the capabilities
//! that announce them. A request for a document that is not open gets an empty answer, one
//! with parameters the server cannot read an `InvalidParams` error.

use lsp_server::{ErrorCode, Request, Response};
use lsp_types::ServerCapabilities;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::lsp::state::State;

/// The capabilities of the requests below.
pub(crate) fn capabilities() -> ServerCapabilities {
    ServerCapabilities::default()
}

/// Answers `request` from `state`.
pub(crate) fn answer(state: &State, request: Request) -> Response {
    Response::new_err(
        request.id,
        ErrorCode::MethodNotFound as i32,
        state
            .lang
            .text("lsp.unknown_method", crate::args!(method = request.method)),
    )
}

/// Reads the parameters of `request` and answers with `handle`'s result.
#[allow(dead_code)]
fn reply<P: DeserializeOwned, R: Serialize>(
    state: &State,
    request: Request,
    handle: impl FnOnce(&State, P) -> R,
) -> Response {
    match serde_json::from_value::<P>(request.params) {
        Ok(params) => Response::new_ok(request.id, handle(state, params)),
        Err(error) => Response::new_err(
            request.id,
            ErrorCode::InvalidParams as i32,
            state
                .lang
                .text("lsp.bad_params", crate::args!(error = error)),
        ),
    }
}
