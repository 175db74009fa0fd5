//! `POST /enrollment-responses/{token}/confirm`: the signed-in invitee names the contacts.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use ses_domain::enrollment::Confirmation;
use ses_edge::{ApiError, ApiResult, AppState, Caller, IdempotentJson, PathParams};
use ses_services::enrollment as service;

/// Confirms the enrollment: the invitee, signed in with the invited email, names the contacts.
#[utoipa::path(post, path = "/enrollment-responses/{token}/confirm", tag = "enrollment response",
    params(("token" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    request_body = ses_domain::enrollment::Confirmation,
    responses((status = 200, body = ConfirmAnswer),
        (status = 403, body = ses_edge::problem::Problem), (status = 410, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn confirm(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    IdempotentJson(idem, body): IdempotentJson,
) -> ApiResult<Response> {
    let token = path.get("token")?;
    if let Some(replay) = idem.replay(&state, &p).await? {
        return Ok(replay);
    }
    let confirmation = Confirmation::from_json(&body)?;
    let answered = service::confirm(&state, &p, token, confirmation).await?;
    let company = answered.company.view(state.now());
    let answer = serde_json::to_value(ConfirmAnswer {
        status: "confirmed",
        company,
    })
    .map_err(ApiError::internal)?;
    let response = idem.commit(&state, &p, answered.writes, StatusCode::OK, answer).await?;
    if let Some(email) = &p.email {
        state.callers.forget_memberships(email);
    }
    Ok(response)
}

/// A confirmation's answer.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ConfirmAnswer {
    #[schema(example = "confirmed")]
    pub status: &'static str,
    /// The company, now enrolled.
    #[schema(value_type = serde_json::Value)]
    pub company: ses_domain::Company,
}
