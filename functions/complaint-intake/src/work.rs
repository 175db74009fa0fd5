//! Working a complaint: notes, assignment, status (review, close, reopen), and its history.

use crate::bodies::*;
use crate::http::{json, OK};
use crate::opening::{begin_or_replay, Opening};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use ses_domain::complaint::mail as complaint_mail;
use ses_domain::complaint::status::ComplaintStatus;
use ses_domain::complaint::Intent;
use ses_domain::complaint::Viewer;
use ses_domain::Reader;
use ses_domain::{Actor, Email, HistoryEvent, Principal, Role, SeenAgencyUser};
use ses_edge::paging::filtered_page;
use ses_edge::{ApiError, ApiResult, AppState, Caller, IdempotentJson, Page, PageParams, PathParams};
use ses_services::complaint::{self as service};
use ses_store::layout::{agency_partition, USER_PREFIX};
use ses_store::layout::{complaint_partition, complaint_writes, history_item, COMPLAINT_HISTORY_PREFIX};
use ses_store::outbox::enqueue;
use ses_store::Query;

/// The history actions a company user does not see.
const AGENCY_ONLY_ACTIONS: [&str; 4] = ["note_added", "assigned", "shared", "share_revoked"];

/// Adds a note (agency-only: never shown to the company).
#[utoipa::path(operation_id = "add_complaint_note", post, path = "/complaints/{complaintId}/notes", tag = "complaints",
    params(("complaintId" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    request_body = crate::bodies::NoteBody,
    responses((status = 201, body = ses_domain::HistoryEvent), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn add_note(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    IdempotentJson(idem, body): IdempotentJson,
) -> ApiResult<Response> {
    let (loaded, _) = begin_or_replay!(Opening::new(&state, &p, &path, Intent::Work), &idem);
    let id = &loaded.complaint.complaint_id;
    let mut r = Reader::root(&body);
    let note = NoteBody::read(&mut r);
    let text = r.finish_with(|| note)?.text;
    let event = service::history_event(
        Actor::from(&p),
        "note_added",
        serde_json::json!({ "text": text }),
        state.now(),
    );
    let write = history_item(id, &event)?;
    idem.commit(&state, &p, vec![write], StatusCode::CREATED, json(&event)?)
        .await
}

/// The agency user with this email, if SES has seen them sign in and they are an examiner.
async fn examiner(state: &AppState, p: &Principal, email: &Email) -> ApiResult<Option<SeenAgencyUser>> {
    let Some(agency) = &p.agency else { return Ok(None) };
    let mut found = None;
    let query = Query::partition(agency_partition(agency))
        .prefix(USER_PREFIX)
        .limit(1000);
    service::each_item(state, query, |item| {
        let u: SeenAgencyUser = item.entity()?;
        if u.email.eq_ignore_ascii_case(email.as_str()) && u.roles.contains(&Role::Examiner) {
            found = Some(u);
        }
        Ok(found.is_none())
    })
    .await?;
    Ok(found)
}

/// Assigns the complaint to an examiner of the agency; the examiner is emailed.
#[utoipa::path(operation_id = "assign_complaint", post, path = "/complaints/{complaintId}/assignment", tag = "complaints",
    params(("complaintId" = String, Path), ("If-Match" = Option<String>, Header), ("Idempotency-Key" = Option<String>, Header)),
    request_body = crate::bodies::AssignmentBody,
    responses((status = 200, body = ses_domain::complaint::ComplaintSchema), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn assign(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    headers: HeaderMap,
    IdempotentJson(idem, body): IdempotentJson,
) -> ApiResult<Response> {
    let (loaded, v) = begin_or_replay!(Opening::new(&state, &p, &path, Intent::Assign).held_to(&headers), &idem);
    let c = &loaded.complaint;
    let id = &c.complaint_id;
    let mut r = Reader::root(&body);
    let assignment = AssignmentBody::read(&mut r);
    let email = r.finish_with(|| assignment)?.assignee_email;
    let seen = examiner(&state, &p, &email).await?.ok_or_else(|| {
        ApiError::field(
            "assigneeEmail",
            "is not an examiner of this agency who has signed in to SES",
        )
    })?;
    let assignee = Actor {
        sub: seen.sub,
        email: Some(seen.email),
        name: seen.name,
        agency_id: Some(seen.agency_id),
    };
    let now = state.now();
    let next = c.assign(assignee.clone(), now)?;
    let by = Actor::from(&p);
    let mut writes = complaint_writes(Some(c), &next)?;
    writes.push(service::history(
        id,
        by.clone(),
        "assigned",
        serde_json::json!({ "assignee": assignee }),
        now,
    )?);
    if let Some(m) = complaint_mail::assigned(&next, &assignee, &by, &state.config.public_base_url) {
        writes.push(enqueue(m, now)?);
    }
    idem.commit(&state, &p, writes, OK, json(&next.view(v, now.date()))?)
        .await
}

/// Moves the complaint: review, close with a resolution (its open requests are cancelled and
/// the company told), or reopen (a staff director, with a reason).
#[utoipa::path(operation_id = "change_complaint_status", post, path = "/complaints/{complaintId}/status", tag = "complaints",
    params(("complaintId" = String, Path), ("If-Match" = Option<String>, Header), ("Idempotency-Key" = Option<String>, Header)),
    request_body = crate::bodies::StatusBody,
    responses((status = 200, body = ses_domain::complaint::ComplaintSchema), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn change_status(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    headers: HeaderMap,
    IdempotentJson(idem, body): IdempotentJson,
) -> ApiResult<Response> {
    let (loaded, v) = begin_or_replay!(
        Opening::new(&state, &p, &path, Intent::Work)
            .with_requests_and_documents()
            .held_to(&headers),
        &idem
    );
    let c = &loaded.complaint;
    let id = &c.complaint_id;
    let mut r = Reader::root(&body);
    let asked = StatusBody::read(&mut r);
    let asked = r.finish_with(|| asked)?;
    let now = state.now();
    let change = c.status_change(asked.status, asked.resolution, asked.reason, &p)?;
    let reason = change.reason().map(str::to_string);
    let next = c.change_status(change, now.date(), now)?;
    let by = Actor::from(&p);
    let mut writes = complaint_writes(Some(c), &next)?;
    let mut details = serde_json::json!({ "from": c.status, "to": next.status });
    if next.status == ComplaintStatus::Closed {
        details["resolution"] = json(&next.resolution)?;
    }
    if let Some(reason) = &reason {
        details["reason"] = serde_json::Value::String(reason.clone());
    }
    writes.push(service::history(id, by.clone(), "status_changed", details, now)?);
    if next.status == ComplaintStatus::Closed {
        writes.extend(service::closing_writes(&state, &loaded, &next, &by, now).await?);
    }
    idem.commit(&state, &p, writes, OK, json(&next.view(v, now.date()))?)
        .await
}

/// What a company user may see of a history event: none of the agency-only ones, and no
/// consumer contact details or desired resolution in corrections.
fn for_company(mut e: HistoryEvent) -> Option<HistoryEvent> {
    if AGENCY_ONLY_ACTIONS.contains(&e.action.as_str()) {
        return None;
    }
    if e.action == "document_added" && e.details.get("shareWithCompany") == Some(&serde_json::Value::Bool(false)) {
        return None;
    }
    if e.action == "corrected" {
        let changes = e.details.get_mut("changes").and_then(|c| c.as_object_mut())?;
        changes.remove("desiredResolution");
        if let Some(consumer) = changes.get_mut("consumer") {
            for side in ["before", "after"] {
                if let Some(o) = consumer.get_mut(side).and_then(|s| s.as_object_mut()) {
                    o.remove("email");
                    o.remove("phone");
                }
            }
            if consumer.get("before") == consumer.get("after") {
                changes.remove("consumer");
            }
        }
        if changes.is_empty() {
            return None;
        }
    }
    Some(e)
}

/// The complaint's history, oldest first (a company user's leaves out agency-internal events).
#[utoipa::path(operation_id = "get_complaint_history", get, path = "/complaints/{complaintId}/history", tag = "complaints",
    params(("complaintId" = String, Path), ("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = ses_edge::paging::HistoryPage)),
    security(("bearer" = [])))]
pub async fn history(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    page: PageParams,
) -> ApiResult<Json<Page<HistoryEvent>>> {
    let (loaded, v) = Opening::new(&state, &p, &path, Intent::Read).open().await?;
    let query = Query::partition(complaint_partition(&loaded.complaint.complaint_id)).prefix(COMPLAINT_HISTORY_PREFIX);
    let page = filtered_page(&state.table, query, page, |item| {
        let e: HistoryEvent = item.entity()?;
        Ok(if v == Viewer::Company { for_company(e) } else { Some(e) })
    })
    .await?;
    Ok(Json(page))
}
