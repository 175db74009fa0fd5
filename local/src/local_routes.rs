//! The `/_local` routes: the mail that was sent, jobs on demand, the movable clock. They
//! exist only in `ses-local`, never in a Lambda.

use crate::LocalState;
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use ses_edge::{ApiError, ApiResult, JsonBody, PathParams};
use ses_store::mail_sender::DeliveredMail;

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

async fn outbox(State(s): State<LocalState>) -> ApiResult<Json<Value>> {
    let items: Vec<Value> = s
        .delivered()?
        .into_iter()
        .map(|m| json!({ "to": m.to, "cc": m.cc, "subject": m.subject, "text": m.text, "html": m.html, "sentAt": rfc3339(m.sent_at), "messageId": m.message_id }))
        .collect();
    Ok(Json(json!({ "items": items })))
}

/// One message on the mail page: its text part split into plain runs and links.
struct MailView {
    m: DeliveredMail,
    sent_at: String,
    text: Vec<(bool, String)>,
}

#[derive(Template)]
#[template(path = "mail.html")]
struct MailPage {
    messages: Vec<MailView>,
}

/// Splits text into runs, marking the `http(s)://` links.
fn linkify(text: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("http://").into_iter().chain(rest.find("https://")).min() {
        if start > 0 {
            out.push((false, rest[..start].to_string()));
        }
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"')
            .unwrap_or(tail.len());
        let link = tail[..end].trim_end_matches(['.', ',', ')', ';']);
        out.push((true, link.to_string()));
        rest = &tail[link.len()..];
    }
    if !rest.is_empty() {
        out.push((false, rest.to_string()));
    }
    out
}

async fn mail_page(State(s): State<LocalState>) -> ApiResult<Response> {
    let mut messages: Vec<MailView> = s
        .delivered()?
        .into_iter()
        .map(|m| MailView {
            sent_at: rfc3339(m.sent_at),
            text: linkify(&m.text),
            m,
        })
        .collect();
    messages.reverse();
    let page = MailPage { messages }.render().map_err(ApiError::internal)?;
    Ok(([(axum::http::header::CACHE_CONTROL, "no-store")], Html(page)).into_response())
}

async fn run_job(State(s): State<LocalState>, path: PathParams) -> ApiResult<Json<Value>> {
    let name = path.get("name")?;
    let summary = match name {
        "mail-dispatch" => {
            let done = s.dispatch_outbox().await?;
            json!({ "sent": done.sent, "rejected": done.rejected, "failures": done.failures })
        }
        "enrollment-expiry" => {
            let run = ses_services::enrollment::expire_due(&s.app).await?;
            serde_json::to_value(&run).map_err(ApiError::internal)?
        }
        "information-request-reminders" => {
            let run = ses_services::complaint::reminders::run(&s.app).await?;
            serde_json::to_value(&run).map_err(ApiError::internal)?
        }
        _ => return Err(ApiError::NotFound),
    };
    Ok(Json(json!({ "job": name, "summary": summary })))
}

/// Plays the email service's bounce notification for the last message to an address.
async fn bounce(State(s): State<LocalState>, JsonBody(body): JsonBody) -> ApiResult<Json<Value>> {
    use ses_services::mail_feedback::{handle, Feedback, MailFeedback};
    let email = body
        .get("email")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::field("email", "is required"))
        .and_then(|e| ses_domain::Email::parse(e).map_err(|m| ApiError::field("email", &m)))?;
    let last = s
        .delivered()?
        .into_iter()
        .rev()
        .find(|m| m.to.iter().chain(m.cc.iter()).any(|t| t == email.as_str()));
    let last = last.ok_or_else(|| ApiError::field("email", "no message has been sent to this address"))?;
    let outbox_id = last.message_id.strip_prefix("local-").map(str::to_string);
    let handled = handle(
        &s.app,
        &MailFeedback {
            feedback: Feedback::Bounce,
            recipients: vec![email],
            outbox_id,
        },
    )
    .await?;
    Ok(Json(json!({ "bounced": last.message_id, "handled": handled })))
}

async fn get_clock(State(s): State<LocalState>) -> Json<Value> {
    Json(json!({ "now": rfc3339(s.app.now()), "advancedDays": s.clock.offset_days() }))
}

async fn advance_clock(State(s): State<LocalState>, JsonBody(body): JsonBody) -> ApiResult<Json<Value>> {
    let days = body
        .get("advanceDays")
        .and_then(Value::as_i64)
        .filter(|d| (1..=3650).contains(d))
        .ok_or_else(|| ApiError::field("advanceDays", "must be a whole number of days from 1 to 3650"))?;
    let now = s.clock.advance_days(days).ok_or_else(|| ApiError::Conflict {
        slug: "conflict",
        detail: "the clock has been moved forward as far as it goes (100 years)".into(),
    })?;
    Ok(Json(
        json!({ "now": rfc3339(now), "advancedDays": s.clock.offset_days() }),
    ))
}

pub fn routes() -> Router<LocalState> {
    Router::new()
        .route("/_local/outbox", get(outbox))
        .route("/_local/mail", get(mail_page))
        .route("/_local/jobs/{name}", post(run_job))
        .route("/_local/clock", get(get_clock).post(advance_clock))
        .route(
            "/_local/sign-in",
            get(crate::sign_in::page).post(crate::sign_in::sign_in),
        )
        .route("/_local/bounce", axum::routing::post(bounce))
        .route(
            "/_local/documents/{*key}",
            axum::routing::put(crate::documents_routes::upload)
                .get(crate::documents_routes::download)
                .layer(axum::extract::DefaultBodyLimit::disable()),
        )
}

#[cfg(test)]
mod tests {
    use super::linkify;

    #[test]
    fn links_are_found_in_text() {
        let runs = linkify("Open https://x.example/a?b=1. Then http://y.example");
        assert_eq!(
            runs,
            vec![
                (false, "Open ".to_string()),
                (true, "https://x.example/a?b=1".to_string()),
                (false, ". Then ".to_string()),
                (true, "http://y.example".to_string())
            ]
        );
    }
}
