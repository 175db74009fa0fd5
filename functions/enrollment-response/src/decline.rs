//! `POST /enrollment-responses/{token}/decline`: JSON or a form, answered as JSON or a page.

use crate::html::{gone_page, html, wants_html};
use crate::pages;
use axum::extract::{Request, State};
use axum::http::header::{ACCEPT, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ses_domain::enrollment::Decline;
use ses_edge::idempotency::{Idempotency, PublicScope};
use ses_edge::paging::form_pairs;
use ses_edge::{ApiError, ApiResult, AppState, PathParams};
use ses_services::enrollment as service;

/// Declines the enrollment (no account needed), with an optional reason: JSON or a form.
#[utoipa::path(post, path = "/enrollment-responses/{token}/decline", tag = "enrollment response", security(()),
    params(("token" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    request_body(content = ses_domain::enrollment::Decline, description = "JSON, or form-encoded `reason=`", content_type = "application/json"),
    responses((status = 200, body = DeclineAnswer, description = "declined (an HTML page when the request accepts text/html first)"),
        (status = 410, body = ses_edge::problem::Problem)))]
pub async fn decline(State(state): State<AppState>, path: PathParams, request: Request) -> Response {
    let token = path.get("token").unwrap_or_default().to_string();
    let html_answer = wants_html(request.headers().get(ACCEPT).and_then(|v| v.to_str().ok()));
    match decline_inner(&state, &token, request, html_answer).await {
        Ok(r) => r,
        Err(ApiError::Gone) if html_answer => gone_page(),
        Err(e) => e.into_response(),
    }
}

async fn decline_inner(state: &AppState, token: &str, request: Request, html_answer: bool) -> ApiResult<Response> {
    let key = request
        .headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let bytes = axum::body::to_bytes(request.into_body(), ses_edge::body::MAX_JSON_BODY)
        .await
        .map_err(|_| ApiError::PayloadTooLarge("the body is over 1 MiB".into()))?;
    let reason = if bytes.is_empty() {
        None
    } else if content_type.starts_with("application/json") {
        let value: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|e| ApiError::Malformed(format!("the body is not valid JSON: {e}")))?;
        Decline::from_json(&value)?.reason
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        let text = std::str::from_utf8(&bytes).map_err(|_| ApiError::Malformed("the form is not UTF-8".into()))?;
        let reason = form_pairs(text)?
            .into_iter()
            .find(|(k, _)| k == "reason")
            .map(|(_, v)| v)
            .filter(|v| !v.trim().is_empty());
        Decline::from_json(&serde_json::json!({ "reason": reason }))?.reason
    } else {
        return Err(ApiError::UnsupportedMediaType(
            "send application/json or a form (application/x-www-form-urlencoded)".into(),
        ));
    };
    let idem = Idempotency::new(key.as_deref(), "POST", "decline", &bytes)?;
    let scope = PublicScope(ses_services::enrollment::token::hash_token(token));
    if let Some(replay) = idem.replay(state, &scope).await? {
        return Ok(replay);
    }
    let answered = service::decline(state, token, reason).await?;
    let agency = state.registered_agency(&answered.enrollment.agency_id).await?;
    let response = idem
        .commit(
            state,
            &scope,
            answered.writes,
            StatusCode::OK,
            serde_json::to_value(DeclineAnswer { status: "declined" }).map_err(ApiError::internal)?,
        )
        .await?;
    if html_answer {
        let agency_name = agency
            .as_ref()
            .map_or(answered.enrollment.agency_id.as_str(), |a| a.name.as_str());
        return Ok(html(
            StatusCode::OK,
            pages::Declined {
                company_name: &answered.company.name,
                agency_name,
            },
        ));
    }
    Ok(response)
}

/// A decline's answer.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct DeclineAnswer {
    #[schema(example = "declined")]
    pub status: &'static str,
}
