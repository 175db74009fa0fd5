//! Request bodies: the `Content-Type` is checked (415), the size bounded (413), and the JSON
//! parsed (400) before the domain validates the fields (422). Never a plain-text rejection.

use crate::problem::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde_json::Value;

/// The largest JSON body a route takes (API.md: 1 MiB).
pub const MAX_JSON_BODY: usize = 1024 * 1024;

/// A JSON body as a value, for the domain's readers.
pub struct JsonBody(pub Value);

/// A JSON body must say so (415 otherwise).
pub(crate) fn require_json(content_type: Option<&str>) -> Result<(), ApiError> {
    match content_type {
        Some(ct) if is_json(ct) => Ok(()),
        Some(ct) => Err(ApiError::UnsupportedMediaType(format!(
            "send application/json, not {ct}"
        ))),
        None => Err(ApiError::UnsupportedMediaType(
            "send the body with Content-Type: application/json".into(),
        )),
    }
}

/// JSON that does not parse is 400.
pub(crate) fn parse_json(bytes: &[u8]) -> Result<Value, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| ApiError::Malformed(format!("the body is not valid JSON: {e}")))
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

pub(crate) async fn read_bytes(req: Request, limit: usize) -> Result<Bytes, ApiError> {
    let body = axum::body::to_bytes(req.into_body(), limit).await;
    body.map_err(|_| ApiError::PayloadTooLarge(format!("the body is over {limit} bytes")))
}

pub(crate) fn content_type(req: &Request) -> Option<String> {
    req.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, ApiError> {
        require_json(content_type(&req).as_deref())?;
        let bytes = read_bytes(req, MAX_JSON_BODY).await?;
        parse_json(&bytes).map(JsonBody)
    }
}
