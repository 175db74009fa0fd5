//! The `enrollment` function: companies' enrollments as agencies see them, the company's
//! users and contacts, and the company's history. The enrollment service it shares with the
//! response, expiry and bounce handling is `ses_services::enrollment`.

pub mod routes;
pub mod users;

use axum::{Extension, Router};
use ses_edge::AppState;
use ses_services::enrollment::EnrollmentConfig;
use std::sync::Arc;
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(utoipa::OpenApi)]
#[openapi(tags(
    (name = "enrollment", description = "Company enrollment by agencies, and the company's history."),
    (name = "company users", description = "A company's users and contacts, kept by its administrators.")
))]
struct ApiDoc;

/// The routes of this function with their OpenAPI description.
pub fn api() -> (Router<AppState>, OpenApi) {
    OpenApiRouter::with_openapi(<ApiDoc as utoipa::OpenApi>::openapi())
        .routes(routes!(routes::create, routes::list_for_company))
        .routes(routes!(routes::withdraw))
        .routes(routes!(routes::resend))
        .routes(routes!(routes::list_for_agency))
        .routes(routes!(routes::history))
        .routes(routes!(users::list, users::add))
        .routes(routes!(users::patch, users::remove))
        .routes(routes!(users::put_contacts))
        .split_for_parts()
}

pub fn router(state: AppState, config: EnrollmentConfig) -> Router {
    api().0.layer(Extension(Arc::new(config))).with_state(state)
}
