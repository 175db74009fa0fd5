//! What every complaint handler shares on the HTTP side: the business date, JSON answers and
//! their status codes.

use axum::http::StatusCode;
use ses_edge::{ApiError, ApiResult, AppState};
use time::Date;

pub fn today(state: &AppState) -> Date {
    state.now().date()
}

pub fn json(v: &impl serde::Serialize) -> ApiResult<serde_json::Value> {
    serde_json::to_value(v).map_err(ApiError::internal)
}

pub const CREATED: StatusCode = StatusCode::CREATED;
pub const OK: StatusCode = StatusCode::OK;
