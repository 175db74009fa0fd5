//! The `directory` function: `/me`, agencies and companies (the reference data), the health
//! check and the OpenAPI document.

pub mod agencies;
pub mod companies;
pub mod health;
pub mod me;

use axum::Router;
use ses_edge::AppState;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi;
use utoipa::Modify;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "SES API", description = "The State Examination System backend: enrollment, complaints, training and badges."),
    modifiers(&BearerAuth),
    servers((url = "/", description = "this deployment")),
    tags((name = "identity", description = "Who is calling, the health check and this document."),
         (name = "reference data", description = "Agencies and the company directory, kept by CSBS."))
)]
struct ApiDoc;

/// The routes of this function with their OpenAPI description.
pub fn api() -> (Router<AppState>, OpenApi) {
    OpenApiRouter::with_openapi(<ApiDoc as utoipa::OpenApi>::openapi())
        .routes(routes!(health::health))
        .routes(routes!(health::openapi_json))
        .routes(routes!(me::me))
        .routes(routes!(agencies::put_agency, agencies::get_agency))
        .routes(routes!(agencies::put_contacts))
        .routes(routes!(agencies::list_users))
        .routes(routes!(companies::put_company, companies::get_company))
        .routes(routes!(companies::search))
        .split_for_parts()
}

pub fn router(state: AppState) -> Router {
    api().0.with_state(state)
}
