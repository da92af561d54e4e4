//! The review page: `web/` compiled into the binary, `index.html` at `/` and every file at
//! `/assets/<path>`. Nothing is read from disk or fetched at run time.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use include_dir::{include_dir, Dir};

use crate::ApiError;

static WEB: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../web");

/// The page's own policy: everything from this server; Leaflet positions its elements with
/// inline styles, and the page's icon is a `data:` URL.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data: blob:; \
     style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "geojson" => "application/geo+json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "md" | "txt" => "text/plain; charset=utf-8",
        _ if !path.contains('.') || path.ends_with("LICENSE") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// An entity tag per embedded file (FNV-1a 64 of its bytes), computed once.
fn etag(path: &str) -> &'static str {
    static TAGS: OnceLock<HashMap<String, String>> = OnceLock::new();
    let tags = TAGS.get_or_init(|| {
        let mut tags = HashMap::new();
        let mut stack = vec![&WEB];
        while let Some(dir) = stack.pop() {
            for file in dir.files() {
                let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
                for byte in file.contents() {
                    hash ^= u64::from(*byte);
                    hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
                }
                tags.insert(
                    file.path().to_string_lossy().into_owned(),
                    format!("\"{hash:016x}\""),
                );
            }
            stack.extend(dir.dirs());
        }
        tags
    });
    tags.get(path).map_or("\"\"", String::as_str)
}

fn serve_file(path: &str, cache: &'static str, request: &HeaderMap) -> Result<Response, ApiError> {
    let file = WEB
        .get_file(path)
        .ok_or_else(|| ApiError::not_found(format!("no such asset: {path}")))?;
    let tag = etag(path);
    let mut response = if request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag))
    {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(header::CONTENT_TYPE, content_type(path))],
            file.contents(),
        )
            .into_response()
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(tag) = HeaderValue::from_str(tag) {
        headers.insert(header::ETAG, tag);
    }
    Ok(response)
}

/// `GET /`: the page. Revalidated on every load, so a new binary's page shows at once.
pub(crate) async fn index(request: HeaderMap) -> Result<Response, ApiError> {
    let mut response = serve_file("index.html", "no-cache", &request)?;
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    Ok(response)
}

/// `GET /assets/<path>`: a file of `web/`. Cached for five minutes, then revalidated by its
/// entity tag (the page names its files without a content hash).
pub(crate) async fn asset(
    Path(path): Path<String>,
    request: HeaderMap,
) -> Result<Response, ApiError> {
    // include_dir looks names up literally: `..` or a leading `/` simply finds nothing, but
    // refuse them outright so no lookup ever sees them.
    if path
        .split('/')
        .any(|p| p.is_empty() || p == "." || p == "..")
    {
        return Err(ApiError::not_found(format!("no such asset: {path}")));
    }
    serve_file(&path, "public, max-age=300, must-revalidate", &request)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_and_its_files_are_embedded() {
        for path in [
            "index.html",
            "app.js",
            "app.css",
            "vendor/leaflet/leaflet.js",
            "vendor/leaflet/leaflet.css",
            "data/countries-50m.geojson",
        ] {
            assert!(WEB.get_file(path).is_some(), "{path} is not embedded");
        }
        assert_eq!(content_type("app.js"), "text/javascript; charset=utf-8");
        assert_eq!(
            content_type("vendor/leaflet/LICENSE"),
            "text/plain; charset=utf-8"
        );
    }
}
