//! The link's pages: `GET /enrollment-responses/{token}` and its Confirm page.

use crate::html::{encode, gone_page, html};
use crate::{pages, ResponseConfig};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use ses_edge::{ApiError, AppState, PathParams};
use ses_services::enrollment as service;
use std::sync::Arc;

/// The link's page: who asks, what confirming means, Decline and Confirm.
#[utoipa::path(get, path = "/enrollment-responses/{token}", tag = "enrollment response", security(()),
    params(("token" = String, Path, description = "the token from the invitation email")),
    responses((status = 200, description = "the response page", content_type = "text/html"),
        (status = 410, description = "used, unknown or expired link", content_type = "text/html")))]
pub async fn page(
    State(state): State<AppState>,
    Extension(config): Extension<Arc<ResponseConfig>>,
    path: PathParams,
) -> Response {
    let token = path.get("token").unwrap_or_default();
    let now = state.now();
    let found = match service::by_token_evenly(&state, token).await {
        Ok(found) => found,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let Some((record, company)) = found.filter(|(r, _)| r.enrollment.is_live(now)) else {
        return gone_page();
    };
    let e = &record.enrollment;
    let agency = state.registered_agency(&e.agency_id).await.ok().flatten();
    let base = state.config.public_base_url.trim_end_matches('/');
    let return_to = format!("{base}/enrollment-responses/{token}/confirm");
    let page = pages::Respond {
        agency_name: agency.as_ref().map_or(e.agency_id.as_str(), |a| a.name.as_str()),
        agency_id: e.agency_id.as_str(),
        company_name: &company.name,
        nmls_id: company.nmls_id.as_str(),
        invitee_name: e.invitee.full_name(),
        invitee_email: e.invitee.email.as_str(),
        message: e.message.as_deref(),
        confirm_url: format!(
            "{}?login_hint={}&return_to={}",
            config.sign_in_url,
            encode(e.invitee.email.as_str()),
            encode(&return_to)
        ),
        decline_url: format!("{base}/enrollment-responses/{token}/decline"),
        expires_on: e.expires_at.date().to_string(),
    };
    html(StatusCode::OK, page)
}

/// The Confirm path's form, after sign-in: the SA Contact and the Complaints Contact.
#[utoipa::path(get, path = "/enrollment-responses/{token}/confirm", tag = "enrollment response", security(()),
    params(("token" = String, Path)),
    responses((status = 200, description = "the confirmation form", content_type = "text/html"),
        (status = 410, description = "used, unknown or expired link", content_type = "text/html")))]
pub async fn confirm_page(State(state): State<AppState>, path: PathParams) -> Response {
    let token = path.get("token").unwrap_or_default();
    let now = state.now();
    match service::by_token_evenly(&state, token).await {
        Ok(Some((record, company))) if record.enrollment.is_live(now) => {
            html(StatusCode::OK, pages::Confirm::new(&record.enrollment, &company))
        }
        Ok(_) => gone_page(),
        Err(e) => ApiError::from(e).into_response(),
    }
}
