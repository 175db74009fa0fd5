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

pub(crate) fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

async fn read_bytes(req: Request, limit: usize) -> Result<Bytes, ApiError> {
    let body = axum::body::to_bytes(req.into_body(), limit).await;
    body.map_err(|_| ApiError::PayloadTooLarge(format!("the body is over {limit} bytes")))
}

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, ApiError> {
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        match content_type {
            Some(ct) if is_json(&ct) => {}
            Some(ct) => {
                return Err(ApiError::UnsupportedMediaType(format!(
                    "send application/json, not {ct}"
                )))
            }
            None => {
                return Err(ApiError::UnsupportedMediaType(
                    "send the body with Content-Type: application/json".into(),
                ))
            }
        }
        let bytes = read_bytes(req, MAX_JSON_BODY).await?;
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| ApiError::Malformed(format!("the body is not valid JSON: {e}")))
    }
}

/// A route that takes no body accepts an empty one; anything else is refused.
pub struct NoBody;

impl<S: Send + Sync> FromRequest<S> for NoBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, ApiError> {
        let bytes = read_bytes(req, MAX_JSON_BODY).await?;
        let blank = bytes.iter().all(u8::is_ascii_whitespace);
        if blank || bytes.as_ref() == b"{}" {
            Ok(NoBody)
        } else {
            Err(ApiError::Malformed("this route takes no body".into()))
        }
    }
}
