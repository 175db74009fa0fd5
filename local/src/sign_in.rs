//! `GET|POST /_local/sign-in`: the stand-in for Okta on the enrollment's Confirm path. The
//! page signs the visitor in as a company user with the email they give and returns them to
//! `return_to` (a path of this server only).

use crate::LocalState;
use askama::Template;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use ses_domain::Email;
use ses_edge::paging::query_pairs;
use ses_edge::{ApiError, ApiResult, JsonBody};

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignIn {
    login_hint: String,
    /// The return path as a JSON string literal (safe inside the script).
    return_to_json: String,
}

/// Only a path of this server, never another site.
fn safe_return(s: &LocalState, raw: &str) -> String {
    let base = s.app.config.public_base_url.trim_end_matches('/');
    let path = raw.strip_prefix(base).unwrap_or(raw);
    if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') {
        path.to_string()
    } else {
        "/_local/mail".to_string()
    }
}

pub async fn page(State(s): State<LocalState>, uri: Uri) -> ApiResult<Response> {
    let mut login_hint = String::new();
    let mut return_to = "/_local/mail".to_string();
    for (k, v) in query_pairs(&uri)? {
        match k.as_str() {
            "login_hint" => login_hint = v,
            "return_to" => return_to = safe_return(&s, &v),
            _ => {}
        }
    }
    // JSON string escaping, with `<` escaped too so the value cannot close the script.
    let return_to_json = serde_json::to_string(&return_to)
        .map_err(ApiError::internal)?
        .replace('<', "\\u003c");
    let page = SignIn {
        login_hint,
        return_to_json,
    }
    .render()
    .map_err(ApiError::internal)?;
    Ok(([(axum::http::header::CACHE_CONTROL, "no-store")], Html(page)).into_response())
}

pub async fn sign_in(State(s): State<LocalState>, JsonBody(body): JsonBody) -> ApiResult<Json<Value>> {
    let email = body
        .get("email")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::field("email", "is required"))
        .and_then(|e| Email::parse(e).map_err(|m| ApiError::field("email", &m)))?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let local = email.as_str().split('@').next().unwrap_or("user");
    let claims = json!({
        "sub": format!("local|{email}"), "email": email, "email_verified": true, "given_name": local,
        "ses_type": "company", "iat": now, "exp": now + 3600,
    });
    let token = s.tokens.sign(&claims).map_err(ApiError::internal)?;
    Ok(Json(json!({ "token": token })))
}
