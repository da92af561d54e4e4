//! Errors: the crate's own, and the JSON error every failed request answers with.

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Errors of this crate (opening the stores).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database cannot be opened.
    #[error(transparent)]
    Store(#[from] rasd_store::Error),
}

/// A failed request: its status and a message for the client, served as
/// `{"error": {"status": 400, "message": "..."}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// What went wrong, for the client.
    pub message: String,
}

impl ApiError {
    /// An error with `status` and `message`.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }

    /// 400 Bad Request.
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// 404 Not Found.
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    /// 500: the details go to the server's log, not to the client.
    pub(crate) fn internal(detail: &dyn std::fmt::Display) -> Self {
        eprintln!("rasd serve: internal error: {detail}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error (see the server's log)",
        )
    }
}

impl From<rasd_store::Error> for ApiError {
    fn from(e: rasd_store::Error) -> Self {
        match e {
            rasd_store::Error::BadRequest(m) => ApiError::bad_request(m),
            rasd_store::Error::NotFound(m) => ApiError::not_found(m),
            other => ApiError::internal(&other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"status": self.status.as_u16(), "message": self.message}});
        let mut response = (self.status, axum::Json(body)).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

/// Around every request: refuses overlong query strings (414), turns the plain-text or empty
/// error answers of axum itself (unknown method 405, body over the limit 413, unreadable
/// body 400) into the JSON error shape, and adds `nosniff`.
pub(crate) async fn guard(request: Request, next: Next) -> Response {
    let too_long = request
        .uri()
        .query()
        .is_some_and(|q| q.len() > crate::MAX_QUERY);
    let mut response = if too_long {
        ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!("query string longer than {} bytes", crate::MAX_QUERY),
        )
        .into_response()
    } else {
        next.run(request).await
    };
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let message = match status {
            StatusCode::METHOD_NOT_ALLOWED => "method not allowed for this path".to_owned(),
            StatusCode::PAYLOAD_TOO_LARGE => "request body too large".to_owned(),
            s => s.canonical_reason().unwrap_or("error").to_lowercase(),
        };
        let allow = response.headers().get(header::ALLOW).cloned();
        response = ApiError::new(status, message).into_response();
        if let Some(allow) = allow {
            response.headers_mut().insert(header::ALLOW, allow);
        }
    }
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}
