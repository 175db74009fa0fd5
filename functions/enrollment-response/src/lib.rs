//! The `enrollment-response` function: the public routes of the enrollment link. A `GET`
//! never changes state (mail scanners pre-fetch links); used, unknown and expired tokens all
//! get the same 410; answers are `no-store` with `Referrer-Policy: no-referrer`, and the token
//! is never logged (logs carry the route template).

mod pages;

use askama::Template;
use axum::extract::{Request, State};
use axum::http::header::{ACCEPT, CACHE_CONTROL, CONTENT_TYPE, REFERRER_POLICY};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::{Extension, Router};
use ses_domain::enrollment::{Confirmation, Decline};
use ses_edge::idempotency::{Idempotency, PublicScope};
use ses_edge::paging::form_pairs;
use ses_edge::{ApiError, ApiResult, AppState, Caller, IdempotentJson, PathParams};
use ses_services::enrollment as service;
use std::sync::Arc;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Settings of the response pages.
#[derive(Debug, Clone)]
pub struct ResponseConfig {
    /// Where the Confirm path signs the invitee in (`SIGN_IN_URL`): the web app's sign-in in
    /// AWS, `ses-local`'s own sign-in page locally. It is sent `login_hint` and `return_to`, and
    /// returns the browser to `return_to#access_token=…` (or leaves the token in the page's
    /// session storage, as `ses-local`'s does).
    pub sign_in_url: String,
}

fn html(status: StatusCode, page: impl Template) -> Response {
    match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

fn gone_page() -> Response {
    html(StatusCode::GONE, pages::Gone)
}

fn wants_html(req_accept: Option<&str>) -> bool {
    let first = req_accept
        .unwrap_or("")
        .split(',')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    first.starts_with("text/html")
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

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

/// Declines the enrollment (no account needed), with an optional reason: JSON or a form.
#[utoipa::path(post, path = "/enrollment-responses/{token}/decline", tag = "enrollment response", security(()),
    params(("token" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    request_body(content = ses_domain::enrollment::Decline, description = "JSON, or form-encoded `reason=`", content_type = "application/json"),
    responses((status = 200, body = crate::DeclineAnswer, description = "declined (an HTML page when the request accepts text/html first)"),
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

/// Confirms the enrollment: the invitee, signed in with the invited email, names the contacts.
#[utoipa::path(post, path = "/enrollment-responses/{token}/confirm", tag = "enrollment response",
    params(("token" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    request_body = ses_domain::enrollment::Confirmation,
    responses((status = 200, body = crate::ConfirmAnswer),
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

/// A decline's answer.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct DeclineAnswer {
    #[schema(example = "declined")]
    pub status: &'static str,
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

#[derive(utoipa::OpenApi)]
#[openapi(tags((name = "enrollment response", description = "The public routes of the enrollment link in the invitation email.")))]
struct ApiDoc;

/// The routes of this function with their OpenAPI description.
pub fn api() -> (Router<AppState>, OpenApi) {
    OpenApiRouter::with_openapi(<ApiDoc as utoipa::OpenApi>::openapi())
        .routes(routes!(page))
        .routes(routes!(confirm_page, confirm))
        .routes(routes!(decline))
        .split_for_parts()
}

pub fn router(state: AppState, config: ResponseConfig) -> Router {
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    api()
        .0
        .layer(Extension(Arc::new(config)))
        .layer(header(REFERRER_POLICY, "no-referrer"))
        .layer(header(CACHE_CONTROL, "no-store"))
        .layer(header(HeaderName::from_static("x-robots-tag"), "noindex"))
        .layer(header(
            HeaderName::from_static("content-security-policy"),
            "frame-ancestors 'none'; base-uri 'none'",
        ))
        .with_state(state)
}
