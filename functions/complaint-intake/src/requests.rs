//! The Information Request Exchange: send, list, respond, accept, extend, cancel.

use crate::bodies::*;
use crate::http::{json, today, CREATED, OK};
use crate::opening::{begin_or_replay, Opening};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use ses_domain::complaint::document::DocumentStatus;
use ses_domain::complaint::information_request::{InformationRequestView, NewInformationRequest, RequestResponse};
use ses_domain::complaint::mail as complaint_mail;
use ses_domain::complaint::Complaint;
use ses_domain::complaint::Intent;
use ses_domain::Reader;
use ses_domain::RequestId;
use ses_domain::{Actor, InformationRequest, MailMessage, Principal};
use ses_edge::paging::filtered_page;
use ses_edge::{ApiError, ApiResult, AppState, Caller, IdempotentJson, Page, PageParams, PathParams};
use ses_services::complaint::{self as service};
use ses_store::layout::{complaint_partition, complaint_writes, request_write, REQUEST_PREFIX};
use ses_store::outbox::enqueue;
use ses_store::{Query, Write};

/// The opening of a command on a request: the complaint with its requests and documents, held
/// to the version in `If-Match`.
fn request_command<'a>(
    state: &'a AppState,
    p: &'a Principal,
    path: &'a PathParams,
    headers: &'a HeaderMap,
    intent: Intent,
) -> Opening<'a> {
    Opening::new(state, p, path, intent)
        .with_requests_and_documents()
        .held_to(headers)
}

/// The writes of a request command: the request, the complaint when it changes, the event
/// and the email.
fn writes(
    before: &Complaint,
    after: Option<&Complaint>,
    request: &InformationRequest,
    event: Write,
    mail: Option<MailMessage>,
    now: time::OffsetDateTime,
) -> ApiResult<Vec<Write>> {
    let mut w = match after {
        Some(a) => complaint_writes(Some(before), a)?,
        None => vec![],
    };
    w.push(request_write(request)?);
    w.push(event);
    if let Some(m) = mail {
        w.push(enqueue(m, now)?);
    }
    Ok(w)
}

/// Sends the company an information request; the complaint waits on the company.
#[utoipa::path(operation_id = "send_information_request", post, path = "/complaints/{complaintId}/information-requests", tag = "information requests",
    params(("complaintId" = String, Path), ("If-Match" = Option<String>, Header, description = "the complaint's version last read"), ("Idempotency-Key" = Option<String>, Header)),
    request_body = ses_domain::complaint::information_request::NewInformationRequest,
    responses((status = 201, body = ses_domain::complaint::information_request::InformationRequestView), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn send(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    headers: HeaderMap,
    IdempotentJson(idem, body): IdempotentJson,
) -> ApiResult<Response> {
    let (loaded, _) = begin_or_replay!(request_command(&state, &p, &path, &headers, Intent::Work), &idem);
    let now = state.now();
    let new = NewInformationRequest::from_json(&body, now.date())?;
    if let Some(earlier) = &new.follow_up_of {
        RequestId::parse(earlier)
            .ok()
            .and_then(|earlier| loaded.request(&earlier).ok())
            .ok_or_else(|| ApiError::field("followUpOf", "is not a request of this complaint"))?;
    }
    let c = &loaded.complaint;
    let request_id: RequestId = ses_services::ids::ordered();
    let next = c.request_sent(&request_id, new.due_on, now)?;
    let by = Actor::from(&p);
    let r = InformationRequest::send(request_id.clone(), c.complaint_id.clone(), new, by.clone(), now)?;
    let to = service::company_recipients(&state, c.nmls_id()).await?;
    let agency = service::agency_name(&state, &c.agency_id).await?;
    let mail = complaint_mail::request_sent(&next, &r, &agency, to, &state.config.public_base_url);
    let details = serde_json::json!({ "requestId": request_id, "dueOn": r.terms.due_on, "followUpOf": r.follow_up_of });
    let event = service::history(&c.complaint_id, by, "information_request_sent", details, now)?;
    let w = writes(c, Some(&next), &r, event, mail, now)?;
    idem.commit(&state, &p, w, CREATED, json(&r.view(now.date()))?).await
}

/// The complaint's information requests, oldest first.
#[utoipa::path(operation_id = "list_information_requests", get, path = "/complaints/{complaintId}/information-requests", tag = "information requests",
    params(("complaintId" = String, Path), ("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = ses_edge::paging::InformationRequestPage)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    page: PageParams,
) -> ApiResult<Json<Page<InformationRequestView>>> {
    let (loaded, _) = Opening::new(&state, &p, &path, Intent::Read).open().await?;
    let day = today(&state);
    let query = Query::partition(complaint_partition(&loaded.complaint.complaint_id)).prefix(REQUEST_PREFIX);
    let page = filtered_page(&state.table, query, page, |item| {
        Ok(Some(item.entity::<InformationRequest>()?.view(day)))
    })
    .await?;
    Ok(Json(page))
}

/// The company answers an open request, with text and documents of the complaint.
#[utoipa::path(operation_id = "respond_to_information_request", post, path = "/complaints/{complaintId}/information-requests/{requestId}/responses", tag = "information requests",
    params(("complaintId" = String, Path), ("requestId" = String, Path), ("If-Match" = Option<String>, Header, description = "the complaint's version last read"), ("Idempotency-Key" = Option<String>, Header)),
    request_body = crate::bodies::ResponseBody,
    responses((status = 201, body = ses_domain::complaint::information_request::InformationRequestView), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn respond(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    headers: HeaderMap,
    IdempotentJson(idem, body): IdempotentJson,
) -> ApiResult<Response> {
    let (loaded, v) = begin_or_replay!(
        request_command(&state, &p, &path, &headers, Intent::AnswerRequests),
        &idem
    );
    let r = loaded.request(&path.parse("requestId", RequestId::parse)?)?;
    let mut reader = Reader::root(&body);
    let answer = ResponseBody::read(&mut reader, |d| {
        loaded
            .documents
            .iter()
            .any(|doc| doc.document_id.as_str() == d && doc.status == DocumentStatus::Available && doc.visible_to(v))
    });
    let ResponseBody { text, document_ids } = reader.finish_with(|| answer)?;
    let now = state.now();
    let by = Actor::from(&p);
    let answered = r.respond(RequestResponse {
        text,
        document_ids: document_ids.clone(),
        responded_at: now,
        responded_by: by.clone(),
    })?;
    let c = &loaded.complaint;
    let next = c.request_answered(&r.request_id, now)?;
    let mail = complaint_mail::response_received(&next, &answered, &state.config.public_base_url);
    let details = serde_json::json!({ "requestId": r.request_id, "documentIds": document_ids });
    let event = service::history(&c.complaint_id, by, "information_request_responded", details, now)?;
    let w = writes(c, Some(&next), &answered, event, mail, now)?;
    idem.commit(&state, &p, w, CREATED, json(&answered.view(now.date()))?)
        .await
}

/// The agency accepts the company's answer.
#[utoipa::path(operation_id = "accept_information_request", post, path = "/complaints/{complaintId}/information-requests/{requestId}/accept", tag = "information requests",
    params(("complaintId" = String, Path), ("requestId" = String, Path), ("If-Match" = Option<String>, Header, description = "the complaint's version last read"), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = ses_domain::complaint::information_request::InformationRequestView), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn accept(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    headers: HeaderMap,
    IdempotentJson(idem, _body): IdempotentJson,
) -> ApiResult<Response> {
    let (loaded, _) = begin_or_replay!(request_command(&state, &p, &path, &headers, Intent::Work), &idem);
    let r = loaded.request(&path.parse("requestId", RequestId::parse)?)?;
    let accepted = r.accept()?;
    let now = state.now();
    let c = &loaded.complaint;
    let event = service::history(
        &c.complaint_id,
        Actor::from(&p),
        "information_request_accepted",
        serde_json::json!({ "requestId": r.request_id }),
        now,
    )?;
    let w = writes(c, None, &accepted, event, None, now)?;
    idem.commit(&state, &p, w, OK, json(&accepted.view(now.date()))?).await
}

/// Extends an open request's due date (the original date is kept).
#[utoipa::path(operation_id = "extend_information_request", post, path = "/complaints/{complaintId}/information-requests/{requestId}/extend", tag = "information requests",
    params(("complaintId" = String, Path), ("requestId" = String, Path), ("If-Match" = Option<String>, Header, description = "the complaint's version last read"), ("Idempotency-Key" = Option<String>, Header)),
    request_body = crate::bodies::ExtendBody,
    responses((status = 200, body = ses_domain::complaint::information_request::InformationRequestView), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn extend(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    headers: HeaderMap,
    IdempotentJson(idem, body): IdempotentJson,
) -> ApiResult<Response> {
    let (loaded, _) = begin_or_replay!(request_command(&state, &p, &path, &headers, Intent::Work), &idem);
    let r = loaded.request(&path.parse("requestId", RequestId::parse)?)?;
    let mut reader = Reader::root(&body);
    let asked = ExtendBody::read(&mut reader);
    let ExtendBody { due_on, reason } = reader.finish_with(|| asked)?;
    let extended = r.extend(due_on)?;
    let now = state.now();
    let c = &loaded.complaint;
    let next = c.request_extended(&r.request_id, due_on, now);
    let to = service::company_recipients(&state, c.nmls_id()).await?;
    let mail = complaint_mail::request_extended(&next, &extended, reason.as_deref(), to, &state.config.public_base_url);
    let details =
        serde_json::json!({ "requestId": r.request_id, "from": r.terms.due_on, "to": due_on, "reason": reason });
    let event = service::history(
        &c.complaint_id,
        Actor::from(&p),
        "information_request_extended",
        details,
        now,
    )?;
    let w = writes(c, Some(&next), &extended, event, mail, now)?;
    idem.commit(&state, &p, w, OK, json(&extended.view(now.date()))?).await
}

/// Cancels an open request (the company is told); with none left open, a complaint waiting
/// on the company goes back to review.
#[utoipa::path(operation_id = "cancel_information_request", post, path = "/complaints/{complaintId}/information-requests/{requestId}/cancel", tag = "information requests",
    params(("complaintId" = String, Path), ("requestId" = String, Path), ("If-Match" = Option<String>, Header, description = "the complaint's version last read"), ("Idempotency-Key" = Option<String>, Header)),
    request_body = crate::bodies::ReasonBody,
    responses((status = 200, body = ses_domain::complaint::information_request::InformationRequestView), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn cancel(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    headers: HeaderMap,
    IdempotentJson(idem, body): IdempotentJson,
) -> ApiResult<Response> {
    let (loaded, _) = begin_or_replay!(request_command(&state, &p, &path, &headers, Intent::Work), &idem);
    let r = loaded.request(&path.parse("requestId", RequestId::parse)?)?;
    let mut reader = Reader::root(&body);
    let ReasonBody { reason } = ReasonBody::read(&mut reader);
    reader.finish()?;
    let cancelled = r.cancel()?;
    let now = state.now();
    let c = &loaded.complaint;
    let next = c.request_cancelled(&r.request_id, now)?;
    let to = service::company_recipients(&state, c.nmls_id()).await?;
    let mail =
        complaint_mail::request_cancelled(&next, &cancelled, reason.as_deref(), to, &state.config.public_base_url);
    let details = serde_json::json!({ "requestId": r.request_id, "reason": reason });
    let event = service::history(
        &c.complaint_id,
        Actor::from(&p),
        "information_request_cancelled",
        details,
        now,
    )?;
    let w = writes(c, Some(&next), &cancelled, event, mail, now)?;
    idem.commit(&state, &p, w, OK, json(&cancelled.view(now.date()))?).await
}
