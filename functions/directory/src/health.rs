//! `GET /health` and `GET /openapi.json` (public).

use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;

/// `GET /health`'s answer.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
    pub version: &'static str,
}

/// Whether the service is up, and its version.
#[utoipa::path(get, path = "/health", tag = "identity", security(()), responses((status = 200, body = Health)))]
pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// The OpenAPI 3.1 document of the whole API, generated from the code by
/// `ses-local openapi` and kept in `openapi/openapi.json` (a test fails when it drifts).
pub const OPENAPI_JSON: &str = include_str!("../../../openapi/openapi.json");

/// The OpenAPI 3.1 document of the whole API.
#[utoipa::path(get, path = "/openapi.json", tag = "identity", security(()), responses((status = 200, description = "the OpenAPI 3.1 document", content_type = "application/json")))]
pub async fn openapi_json() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON)
}
