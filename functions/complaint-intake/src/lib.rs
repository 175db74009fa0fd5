//! The `complaint-intake` function: every complaint route. Handlers translate; the complaint
//! service (`ses_services::complaint`) loads and the domain decides.

pub mod bodies;
pub mod complaints;
pub mod documents;
pub mod http;
pub mod opening;
pub mod requests;
pub mod shares;
pub mod work;

use axum::{Extension, Router};
use ses_edge::AppState;
use ses_services::complaint::ComplaintsConfig;
use std::sync::Arc;
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(utoipa::OpenApi)]
#[openapi(tags(
    (name = "complaints", description = "Consumer complaints: intake, processing, history, sharing."),
    (name = "information requests", description = "The Information Request Exchange between an agency and a company."),
    (name = "documents", description = "Documents of a complaint, uploaded and downloaded through short-lived URLs.")
))]
struct ApiDoc;

/// The routes of this function with their OpenAPI description.
pub fn api() -> (Router<AppState>, OpenApi) {
    OpenApiRouter::with_openapi(<ApiDoc as utoipa::OpenApi>::openapi())
        .routes(routes!(complaints::create, complaints::list))
        .routes(routes!(complaints::get, complaints::correct))
        .routes(routes!(work::add_note))
        .routes(routes!(work::assign))
        .routes(routes!(work::change_status))
        .routes(routes!(work::history))
        .routes(routes!(requests::send, requests::list))
        .routes(routes!(requests::respond))
        .routes(routes!(requests::accept))
        .routes(routes!(requests::extend))
        .routes(routes!(requests::cancel))
        .routes(routes!(documents::declare, documents::list))
        .routes(routes!(documents::get))
        .routes(routes!(shares::share))
        .routes(routes!(shares::revoke))
        .split_for_parts()
}

pub fn router(state: AppState, config: ComplaintsConfig) -> Router {
    api().0.layer(Extension(Arc::new(config))).with_state(state)
}
