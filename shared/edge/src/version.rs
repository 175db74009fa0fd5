//! Versioned resources on the wire: JSON answers with an `ETag`, and the `If-Match` guard.

use crate::ApiError;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

pub fn json_with_version(status: StatusCode, body: &impl Serialize, version: u64) -> Response {
    let mut r = (status, Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("\"{version}\"")) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

/// The `If-Match` version, if sent: a number, optionally quoted (as an ETag).
pub fn if_match(headers: &HeaderMap) -> Result<Option<u64>, ApiError> {
    let Some(v) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let s = v
        .to_str()
        .map_err(|_| ApiError::Malformed("If-Match must be a version number".into()))?;
    let s = s.trim().trim_start_matches("W/").trim_matches('"');
    s.parse::<u64>()
        .map(Some)
        .map_err(|_| ApiError::Malformed("If-Match must be a version number".into()))
}

/// A stale `If-Match` is 409 `version-conflict`.
pub fn check_version(expected: Option<u64>, current: Option<u64>) -> Result<(), ApiError> {
    match expected {
        Some(e) if Some(e) != current => Err(ApiError::version_conflict()),
        _ => Ok(()),
    }
}
