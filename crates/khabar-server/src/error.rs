//! The server's errors: [`Error`] for starting it, [`ApiError`] for one
//! request (always answered as `{"error": "..."}`).

use std::net::SocketAddr;

use axum::Json;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A non-loopback address without a write token.
    #[error(
        "refusing to listen on {0} without a write token: anyone who can reach it could write \
         (give --token-file or KHABAR_TOKEN, or listen on 127.0.0.1)"
    )]
    NoToken(SocketAddr),
    /// A token that is empty or only white space.
    #[error("the write token is empty")]
    EmptyToken,
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The writer thread could not be started.
    #[error("cannot start the writer thread: {0}")]
    Writer(std::io::Error),
    /// Serving failed.
    #[error("serving: {0}")]
    Io(std::io::Error),
}

/// A `Result` with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// The JSON body of every error answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What went wrong, for a person.
    pub error: String,
}

/// An error answer to one request.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    /// A real fault: logged in full, answered without details.
    pub fn internal(what: &str, err: impl std::fmt::Display) -> ApiError {
        eprintln!("khabar serve: internal error: {what}: {err}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("internal error ({what}); see the server log"),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            Json(ErrorBody {
                error: self.message,
            }),
        )
            .into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

/// Errors of the timeout and concurrency layers.
pub async fn layer_error(err: tower::BoxError) -> ApiError {
    if err.is::<tower::timeout::error::Elapsed>() {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the request took too long; try again later",
        )
    } else {
        ApiError::internal("middleware", err)
    }
}

/// A handler that panicked: a 500, logged, never the panic itself.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into());
    ApiError::internal("a handler panicked", what).into_response()
}

/// No such route: JSON under `/v1`, a page elsewhere.
pub async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/v1/") || uri.path() == "/health" {
        ApiError::not_found(format!("no route {}", uri.path())).into_response()
    } else {
        crate::pages::not_found_page(&format!("No page at {}", uri.path()))
    }
}

/// A route that exists, with another method.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed on this route",
    )
}
