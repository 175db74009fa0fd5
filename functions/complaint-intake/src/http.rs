//! What every complaint handler shares on the HTTP side: ids from the path, the business
//! date, JSON answers and their status codes.

use axum::http::StatusCode;
use ses_edge::{ApiError, ApiResult, AppState, PathParams};
use time::Date;

/// An id from the path: a malformed one names nothing (404).
pub fn path_id(path: &PathParams, name: &str) -> ApiResult<String> {
    let raw = path.get(name)?;
    if (1..=64).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(raw.to_string())
    } else {
        Err(ApiError::NotFound)
    }
}

pub fn today(state: &AppState) -> Date {
    state.now().date()
}

pub fn json(v: &impl serde::Serialize) -> ApiResult<serde_json::Value> {
    serde_json::to_value(v).map_err(ApiError::internal)
}

pub const CREATED: StatusCode = StatusCode::CREATED;
pub const OK: StatusCode = StatusCode::OK;
