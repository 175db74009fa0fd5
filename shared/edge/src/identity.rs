//! Who is calling. In Lambda, API Gateway's JWT authorizer has verified the token and its
//! claims arrive in the request context; in `ses-local`, an HS256 token is verified here
//! (signature, `alg` and `exp`). Either way the claims become a `Principal`.

use crate::problem::ApiError;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
#[cfg(feature = "local")]
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use ses_domain::Principal;
#[cfg(feature = "local")]
use std::sync::Arc;

/// How this process learns who is calling.
#[derive(Clone)]
pub enum Verifier {
    /// Claims from API Gateway's JWT authorizer (Lambda).
    ApiGateway,
    /// HS256 tokens verified with a shared secret (`ses-local` only: the `local` feature,
    /// never compiled into a Lambda).
    #[cfg(feature = "local")]
    LocalHs256(Arc<LocalTokens>),
}

#[cfg(feature = "local")]
pub struct LocalTokens {
    decoding: DecodingKey,
    encoding: EncodingKey,
}

#[cfg(feature = "local")]
impl LocalTokens {
    pub fn new(secret: &str) -> LocalTokens {
        LocalTokens {
            decoding: DecodingKey::from_secret(secret.as_bytes()),
            encoding: EncodingKey::from_secret(secret.as_bytes()),
        }
    }

    pub fn verify(&self, token: &str) -> Result<serde_json::Map<String, serde_json::Value>, ApiError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_exp = true;
        validation.required_spec_claims = ["exp", "sub"].iter().map(|s| s.to_string()).collect();
        validation.validate_aud = false;
        validation.leeway = 5;
        jsonwebtoken::decode::<serde_json::Map<String, serde_json::Value>>(token, &self.decoding, &validation)
            .map(|d| d.claims)
            .map_err(|e| ApiError::Unauthenticated(format!("the token is not valid: {e}")))
    }

    pub fn sign(&self, claims: &serde_json::Value) -> Result<String, jsonwebtoken::errors::Error> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
    }
}

/// The result of authentication, kept in the request's extensions for the `Caller` extractor.
#[derive(Clone)]
struct Authenticated(Result<Principal, String>);

#[cfg(feature = "local")]
fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(axum::http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token.trim())
}

fn identify(verifier: &Verifier, parts: &Parts) -> Option<Result<Principal, String>> {
    match verifier {
        Verifier::ApiGateway => {
            use lambda_http::request::RequestContext;
            let ctx = parts.extensions.get::<RequestContext>()?;
            #[allow(irrefutable_let_patterns)]
            let RequestContext::ApiGatewayV2(ctx) = ctx
            else {
                return None;
            };
            let claims = &ctx.authorizer.as_ref()?.jwt.as_ref()?.claims;
            Some(Principal::from_string_claims(claims).map_err(|e| e.to_string()))
        }
        #[cfg(feature = "local")]
        Verifier::LocalHs256(tokens) => {
            let token = bearer(parts)?;
            Some(
                tokens
                    .verify(token)
                    .map_err(|e| e.to_string())
                    .and_then(|claims| Principal::from_claims(&claims).map_err(|e| e.to_string())),
            )
        }
    }
}

/// Middleware: reads the identity once per request. Public routes ignore it.
pub async fn authenticate(verifier: Verifier, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    if let Some(result) = identify(&verifier, &parts) {
        parts.extensions.insert(Authenticated(result));
    }
    next.run(Request::from_parts(parts, body)).await
}

/// The signed-in caller; 401 when there is none or the token is not valid.
pub struct Caller(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        match parts.extensions.get::<Authenticated>() {
            Some(Authenticated(Ok(p))) => Ok(Caller(p.clone())),
            Some(Authenticated(Err(e))) => Err(ApiError::Unauthenticated(e.clone())),
            None => Err(ApiError::Unauthenticated(
                "sign in: send Authorization: Bearer <token>".into(),
            )),
        }
    }
}
