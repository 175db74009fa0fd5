//! The layers every router gets: request ids (`x-request-id`, the Lambda request id when
//! there is one), a tracing span per request, identity, problem+json for unknown routes,
//! wrong methods and panics.

use crate::identity::{authenticate, Verifier};
use crate::problem::ApiError;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::any::Any;
use tower_http::catch_panic::CatchPanicLayer;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// API Gateway's request id (what its access logs show) in Lambda; otherwise a well-formed
/// incoming `x-request-id`, or a new one.
fn request_id_of(req: &Request) -> String {
    use lambda_http::request::RequestContext;
    #[allow(irrefutable_let_patterns)]
    if let Some(RequestContext::ApiGatewayV2(ctx)) = req.extensions().get::<RequestContext>() {
        if let Some(id) = ctx.request_id.as_ref().filter(|id| !id.is_empty()) {
            return id.clone();
        }
    }
    req.headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty() && v.len() <= 128 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .map(str::to_string)
        .unwrap_or_else(|| ulid::Ulid::new().to_string())
}

/// Tags the request and its answer with a request id, inside a span that carries it.
async fn with_request_id(mut req: Request, next: Next) -> Response {
    use tracing::Instrument;
    let id = request_id_of(&req);
    req.extensions_mut().insert(RequestId(id.clone()));
    let lambda_request_id = req
        .extensions()
        .get::<lambda_http::Context>()
        .map(|c| c.request_id.clone())
        .unwrap_or_default();
    // The route template, never the path itself: some paths carry secrets (response links).
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "(no route)".into());
    let span = tracing::info_span!("request", request_id = %id, lambda_request_id = %lambda_request_id, method = %req.method(), route = %route);
    async move {
        let started = std::time::Instant::now();
        let mut response = next.run(req).await;
        tracing::info!(
            status = response.status().as_u16(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "answered"
        );
        if let Ok(v) = HeaderValue::from_str(&id) {
            response.headers_mut().insert(REQUEST_ID, v);
        }
        response
    }
    .instrument(span)
    .await
}

fn panic_response(_: Box<dyn Any + Send + 'static>) -> Response {
    ApiError::internal("a handler panicked").into_response()
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// Wraps a router with the common layers.
pub fn stack(router: Router, verifier: Verifier) -> Router {
    router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn(move |req, next| {
            authenticate(verifier.clone(), req, next)
        }))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::from_fn(with_request_id))
}
