//! Answering a browser: rendered pages, the one page of every dead link, and whether the
//! request prefers HTML.

use crate::pages;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use ses_edge::ApiError;

pub fn html(status: StatusCode, page: impl Template) -> Response {
    match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

pub fn gone_page() -> Response {
    html(StatusCode::GONE, pages::Gone)
}

pub fn wants_html(req_accept: Option<&str>) -> bool {
    let first = req_accept
        .unwrap_or("")
        .split(',')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    first.starts_with("text/html")
}

/// Percent-encodes a query value.
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
