//! Every error of the API, and its one mapping to RFC 9457 `application/problem+json`
//! with the slugs of API.md.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use ses_domain::{Denied, FieldError, Invalid};
use ses_store::StoreError;

pub const PROBLEM_BASE: &str = "https://ses.csbs.example/problems/";

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    Malformed(String),
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("not found")]
    NotFound,
    /// A state conflict; `slug` is one of API.md's 409 slugs.
    #[error("{detail}")]
    Conflict { slug: &'static str, detail: String },
    #[error("gone")]
    Gone,
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("invalid fields")]
    Validation(Vec<FieldError>),
    #[error("this Idempotency-Key was used with another request body")]
    IdempotencyKeyReuse,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("the service is unavailable: {0}")]
    Unavailable(String),
    /// A fault of ours, with its source kept for the log.
    #[error("internal error: {0}")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// RFC 9457 problem details; `type` ends in one of the API's slugs.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
}

impl ApiError {
    pub fn conflict(detail: impl Into<String>) -> ApiError {
        ApiError::Conflict {
            slug: "conflict",
            detail: detail.into(),
        }
    }

    pub fn version_conflict() -> ApiError {
        ApiError::Conflict {
            slug: "version-conflict",
            detail: "the resource changed since it was read; read it again and retry".into(),
        }
    }

    /// A fault of ours; `e` (an error, or a message) is logged, never answered.
    pub fn internal(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> ApiError {
        ApiError::Internal(e.into())
    }

    pub fn field(field: &str, message: &str) -> ApiError {
        ApiError::Validation(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }

    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            ApiError::Malformed(_) => (StatusCode::BAD_REQUEST, "malformed-request", "Malformed request"),
            ApiError::Unauthenticated(_) => (StatusCode::UNAUTHORIZED, "unauthenticated", "Not signed in"),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden", "Forbidden"),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not-found", "Not found"),
            ApiError::Conflict { slug, .. } => (StatusCode::CONFLICT, slug, "Conflict"),
            ApiError::Gone => (StatusCode::GONE, "gone", "Gone"),
            ApiError::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large"),
            ApiError::UnsupportedMediaType(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
            ),
            ApiError::Validation(_) => (StatusCode::UNPROCESSABLE_ENTITY, "validation", "Invalid request"),
            ApiError::IdempotencyKeyReuse => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency-key-reuse",
                "Idempotency key reused",
            ),
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Method not allowed",
            ),
            ApiError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable", "Service unavailable"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal", "Internal error"),
        }
    }

    fn detail(&self) -> String {
        match self {
            ApiError::NotFound => "no such resource".into(),
            ApiError::Gone => "this link is no longer valid".into(),
            ApiError::Validation(errors) => format!("{} field(s) are invalid", errors.len()),
            // Internal details go to the log, not to the caller.
            ApiError::Internal(_) => "something went wrong on our side; it has been logged".into(),
            ApiError::Unavailable(_) => "a backing service is unavailable; retry shortly".into(),
            other => other.to_string(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, slug, title) = self.parts();
        match &self {
            ApiError::Internal(e) => tracing::error!(error = %e, source = ?e.source(), "internal error"),
            ApiError::Unavailable(e) => tracing::warn!(error = %e, "backing service unavailable"),
            _ => {}
        }
        let errors = match &self {
            ApiError::Validation(e) => Some(e.clone()),
            _ => None,
        };
        let body = Problem {
            kind: format!("{PROBLEM_BASE}{slug}"),
            title: title.to_string(),
            status: status.as_u16(),
            detail: self.detail(),
            errors,
        };
        let bytes = serde_json::to_vec(&body).unwrap_or_default();
        let mut response = (status, bytes).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        response
    }
}

impl From<Invalid> for ApiError {
    fn from(i: Invalid) -> Self {
        ApiError::Validation(i.errors)
    }
}

impl From<Denied> for ApiError {
    fn from(d: Denied) -> Self {
        match d {
            Denied::Forbidden(reason) => ApiError::Forbidden(reason.into()),
            Denied::NotFound => ApiError::NotFound,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::BadCursor => {
                ApiError::Malformed("the cursor is not one this server issued for this list".into())
            }
            StoreError::ConditionFailed { .. } | StoreError::Conflict => ApiError::version_conflict(),
            StoreError::Backend(m) => ApiError::Unavailable(m),
            StoreError::Invalid(m) | StoreError::Corrupt(m) => ApiError::internal(m),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
