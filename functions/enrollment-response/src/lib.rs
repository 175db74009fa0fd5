//! The `enrollment-response` function: the public routes of the enrollment link. A `GET`
//! never changes state (mail scanners pre-fetch links); used, unknown and expired tokens all
//! get the same 410; answers are `no-store` with `Referrer-Policy: no-referrer`, and the token
//! is never logged (logs carry the route template).

mod confirm;
mod decline;
mod html;
mod link;
mod pages;

use axum::http::header::{CACHE_CONTROL, REFERRER_POLICY};
use axum::http::{HeaderName, HeaderValue};
use axum::{Extension, Router};
use ses_edge::AppState;
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

#[derive(utoipa::OpenApi)]
#[openapi(tags((name = "enrollment response", description = "The public routes of the enrollment link in the invitation email.")))]
struct ApiDoc;

/// The routes of this function with their OpenAPI description.
pub fn api() -> (Router<AppState>, OpenApi) {
    OpenApiRouter::with_openapi(<ApiDoc as utoipa::OpenApi>::openapi())
        .routes(routes!(link::page))
        .routes(routes!(link::confirm_page, confirm::confirm))
        .routes(routes!(decline::decline))
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
