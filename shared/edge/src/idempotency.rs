//! `Idempotency-Key` on every `POST`: a retry within 24 hours with the same key and body gets
//! the first answer again; the same key with another body is 422 `idempotency-key-reuse`.
//! Keys are scoped to the caller. The record is written in the command's own transaction, so
//! a command and its recorded answer exist together or not at all; of two racing retries one
//! commits and the other replays its answer.

use crate::body::MAX_JSON_BODY;
use crate::problem::{ApiError, ApiResult};
use crate::AppState;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ses_domain::Principal;
use ses_store::layout::{idempotency_key, IDEMPOTENCY_KIND};
use ses_store::{Condition, Item, StoreError, Write};
use sha2::{Digest, Sha256};

pub const HEADER: &str = "idempotency-key";
/// How long a key is remembered.
pub const RETENTION_SECONDS: i64 = 24 * 3600;

/// Whose keys these are: a signed-in caller's own, or those of a public link.
pub trait Scope: Send + Sync {
    fn scope(&self) -> String;
}

impl Scope for Principal {
    fn scope(&self) -> String {
        URL_SAFE_NO_PAD.encode(Sha256::digest(self.sub.as_bytes()))
    }
}

/// The scope of a public route's keys, e.g. the hash of the link's token.
pub struct PublicScope(pub String);

impl Scope for PublicScope {
    fn scope(&self) -> String {
        format!("public-{}", self.0)
    }
}

/// A command's idempotency: the caller's key (if sent) and the fingerprint of the request.
#[derive(Debug, Clone)]
pub struct Idempotency {
    key: Option<String>,
    fingerprint: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Recorded {
    fingerprint: String,
    status: u16,
    body: Value,
}

fn valid_key(k: &str) -> bool {
    (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic())
}

impl Idempotency {
    /// From the request's header and a fingerprint of what it asks (method, path, body).
    pub fn new(header: Option<&str>, method: &str, path: &str, body: &[u8]) -> ApiResult<Idempotency> {
        let key = match header {
            None => None,
            Some(k) if valid_key(k) => Some(k.to_string()),
            Some(_) => {
                return Err(ApiError::Malformed(
                    "Idempotency-Key must be 1 to 255 visible ASCII characters".into(),
                ))
            }
        };
        let mut h = Sha256::new();
        h.update(method.as_bytes());
        h.update([0]);
        h.update(path.as_bytes());
        h.update([0]);
        h.update(body);
        Ok(Idempotency {
            key,
            fingerprint: URL_SAFE_NO_PAD.encode(h.finalize()),
        })
    }

    /// The first answer to this key, when this is a retry; 422 when the key was used for
    /// another request.
    pub async fn replay(&self, state: &AppState, caller: &dyn Scope) -> ApiResult<Option<Response>> {
        let Some(key) = &self.key else { return Ok(None) };
        let Some(item) = state.table.get(&idempotency_key(&caller.scope(), key)).await? else {
            return Ok(None);
        };
        let recorded: Recorded = item.entity()?;
        if recorded.fingerprint != self.fingerprint {
            return Err(ApiError::IdempotencyKeyReuse);
        }
        let status = StatusCode::from_u16(recorded.status).map_err(ApiError::internal)?;
        let mut response = (status, Json(recorded.body)).into_response();
        response
            .headers_mut()
            .insert("idempotent-replayed", axum::http::HeaderValue::from_static("true"));
        Ok(Some(response))
    }

    /// The write that records this answer (none without a key), for the command's transaction.
    pub fn record(
        &self,
        caller: &dyn Scope,
        status: StatusCode,
        body: &Value,
        now_epoch: i64,
    ) -> ApiResult<Option<Write>> {
        let Some(key) = &self.key else { return Ok(None) };
        let recorded = Recorded {
            fingerprint: self.fingerprint.clone(),
            status: status.as_u16(),
            body: body.clone(),
        };
        let data = serde_json::to_value(&recorded).map_err(ApiError::internal)?;
        let item = Item::new(idempotency_key(&caller.scope(), key), IDEMPOTENCY_KIND, 1, data)
            .with_ttl(now_epoch + RETENTION_SECONDS);
        Ok(Some(Write::put(item, Condition::NotExists)))
    }

    /// Commits a command's writes with its recorded answer and answers it. When a racing
    /// retry with the same key committed first, its answer is replayed instead.
    pub async fn commit(
        &self,
        state: &AppState,
        caller: &dyn Scope,
        mut writes: Vec<Write>,
        status: StatusCode,
        body: Value,
    ) -> ApiResult<Response> {
        // Retention is real time (as the table's TTL is), not the movable business clock.
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let record = self.record(caller, status, &body, now)?;
        let record_at = record.as_ref().map(|_| writes.len());
        writes.extend(record);
        match state.table.transact(writes).await {
            Ok(()) => Ok((status, Json(body)).into_response()),
            Err(StoreError::ConditionFailed { failed }) if record_at.is_some_and(|i| failed.contains(&i)) => {
                self.replay(state, caller).await?.ok_or_else(ApiError::version_conflict)
            }
            // DynamoDB cancels transactions that race on the same items; a racing retry that
            // committed first has left its answer.
            Err(StoreError::Conflict) if record_at.is_some() => {
                self.replay(state, caller).await?.ok_or_else(ApiError::version_conflict)
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// A `POST` body as JSON with its idempotency (see `JsonBody` for the checks on the body).
pub struct IdempotentJson(pub Idempotency, pub Value);

impl<S: Send + Sync> FromRequest<S> for IdempotentJson {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, ApiError> {
        let header = match req.headers().get(HEADER) {
            Some(v) => Some(
                v.to_str()
                    .map_err(|_| ApiError::Malformed("Idempotency-Key must be visible ASCII".into()))?
                    .to_string(),
            ),
            None => None,
        };
        let method = req.method().to_string();
        let path = req.uri().path().to_string();
        let content_type = crate::body::content_type(&req);
        let bytes = crate::body::read_bytes(req, MAX_JSON_BODY).await?;
        let blank = bytes.is_empty();
        let value = if blank {
            Value::Object(Default::default())
        } else {
            crate::body::require_json(content_type.as_deref())?;
            crate::body::parse_json(&bytes)?
        };
        // The fingerprint is of the parsed body, so formatting differences are the same request.
        let canonical = serde_json::to_vec(&value).map_err(ApiError::internal)?;
        Ok(IdempotentJson(
            Idempotency::new(header.as_deref(), &method, &path, &canonical)?,
            value,
        ))
    }
}
