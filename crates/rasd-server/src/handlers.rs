//! The JSON endpoints.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rasd_store::{ExportFormat, Review};
use serde::Serialize;

use crate::params::{Params, FILTERS};
use crate::{ApiError, AppState};

/// A JSON answer that no cache keeps: the data change with every ingest and review.
fn fresh<T: Serialize>(value: T) -> Response {
    let mut response = Json(value).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The JSON answer for `key`: from the cache when the database has not changed since it was
/// computed, else computed by `query` on a reader (and serialized there, off the async
/// threads) and kept.
async fn cached<T, F>(app: &AppState, key: String, query: F) -> Result<Response, ApiError>
where
    T: Serialize,
    F: FnOnce(&rasd_store::Store) -> Result<T, ApiError> + Send + 'static,
{
    let version = if app.cache.enabled() {
        app.stores.data_version()?
    } else {
        None
    };
    if let Some(version) = version {
        if let Some(body) = app.cache.get(version, &key) {
            return Ok(json_bytes(body));
        }
    }
    let body = app
        .stores
        .read(app.config.queue_timeout, move |store| {
            let value = query(store)?;
            serde_json::to_vec(&value).map_err(|e| ApiError::internal(&e))
        })
        .await?;
    let body = Bytes::from(body);
    if let Some(version) = version {
        app.cache.put(version, key, body.clone());
    }
    Ok(json_bytes(body))
}

fn json_bytes(body: Bytes) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Filters plus the given extra parameter names.
fn with_filters(extra: &[&'static str]) -> Vec<&'static str> {
    FILTERS.iter().chain(extra).copied().collect()
}

/// `GET /api/health`.
pub(crate) async fn health(State(app): State<AppState>) -> Result<Response, ApiError> {
    let wait = app.config.queue_timeout;
    let health = app
        .stores
        .read(wait, |store| store.health().map_err(ApiError::from))
        .await?;
    Ok(fresh(health))
}

/// `GET /api/events`: a page of events.
pub(crate) async fn list_events(
    State(app): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), &with_filters(&["limit", "cursor"]))?;
    let filter = params.filter()?;
    let limit = params.limit()?;
    let cursor = params.get("cursor").map(str::to_owned);
    let key = format!("events?{}", params.canonical());
    cached(&app, key, move |store| {
        store
            .list_events(&filter, limit, cursor.as_deref())
            .map_err(ApiError::from)
    })
    .await
}

/// `GET /api/events/{id}`: the event with its reports, claims, evidence and reviews.
pub(crate) async fn get_event(
    State(app): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(query.as_deref(), &[])?;
    let key = format!("event/{id}");
    cached(&app, key, move |store| {
        store
            .get_event(&id)?
            .ok_or_else(|| ApiError::not_found(format!("no event {id:?}")))
    })
    .await
}

/// `GET /api/documents/{id}`.
pub(crate) async fn document(
    State(app): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(query.as_deref(), &[])?;
    let view = app
        .stores
        .read(app.config.queue_timeout, move |store| {
            store
                .document(&id)?
                .ok_or_else(|| ApiError::not_found(format!("no document {id:?}")))
        })
        .await?;
    Ok(fresh(view))
}

/// `GET /api/stats`: counts and killed by day, type and country, for the same filters.
pub(crate) async fn stats(
    State(app): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), FILTERS)?;
    let filter = params.filter()?;
    let key = format!("stats?{}", params.canonical());
    cached(&app, key, move |store| {
        store.stats(&filter).map_err(ApiError::from)
    })
    .await
}

/// `GET /api/export?format=csv|geojson|jsonl` with the filters, as a download.
///
/// The export is built in memory before it is sent: simple, and bounded by the database's
/// size (the whole SaudiNewsNet corpus exports to a few megabytes).
pub(crate) async fn export(
    State(app): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), &with_filters(&["format"]))?;
    let filter = params.filter()?;
    let format = params.format()?;
    let body = app
        .stores
        .read(app.config.queue_timeout, move |store| {
            let mut out = Vec::new();
            store.export(&filter, format, &mut out)?;
            Ok(out)
        })
        .await?;
    let extension = match format {
        ExportFormat::Csv => "csv",
        ExportFormat::Geojson => "geojson",
        ExportFormat::Jsonl => "jsonl",
    };
    let disposition = format!("attachment; filename=\"rasd-events.{extension}\"");
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// Compares two byte strings in time that depends on the expected token's length only, so
/// the answer's timing does not tell how much of a guessed token was right.
fn same_token(given: &[u8], expected: &[u8]) -> bool {
    let mut difference = given.len() ^ expected.len();
    for (i, byte) in expected.iter().enumerate() {
        difference |= usize::from(given.get(i).copied().unwrap_or(0) ^ byte);
    }
    difference == 0
}

/// Checks the bearer token: 403 when the server has none (read-only), 401 when the request's
/// is missing or wrong.
fn authorize(app: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = app.config.token.as_deref() else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "read-only server: it was started without a review token",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        });
    match given {
        Some(token) if same_token(token.as_bytes(), expected.as_bytes()) => Ok(()),
        _ => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "missing or wrong bearer token (Authorization: Bearer <token>)",
        )),
    }
}

/// `POST /api/events/{id}/review`: records a review and answers with the event as it now
/// reads (for a split, the event that keeps the other reports).
pub(crate) async fn review(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    if let Err(e) = authorize(&app, &headers) {
        let unauthorized = e.status == StatusCode::UNAUTHORIZED;
        let mut answer = e.into_response();
        if unauthorized {
            answer
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        return Ok(answer);
    }
    let review: Review = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("the body is not a review: {e}")))?;
    const ACTIONS: &[&str] = &["confirm", "reject", "correct", "split", "merge"];
    if !ACTIONS.contains(&review.action.as_str()) {
        return Err(ApiError::bad_request(format!(
            "action must be confirm, reject, correct, split or merge, not {:?}",
            review.action
        )));
    }
    let summary = app
        .stores
        .write(app.config.queue_timeout, move |store| {
            store.review(&id, &review).map_err(ApiError::from)
        })
        .await?;
    Ok(fresh(summary))
}

/// Any other path.
pub(crate) async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!("no such path: {}", uri.path()))
}

#[cfg(test)]
mod tests {
    use super::same_token;

    #[test]
    fn tokens_compare_whole() {
        assert!(same_token(b"secret", b"secret"));
        assert!(!same_token(b"secre", b"secret"));
        assert!(!same_token(b"secrets", b"secret"));
        assert!(!same_token(b"", b"secret"));
        assert!(!same_token(b"Secret", b"secret"));
    }
}
