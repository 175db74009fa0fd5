//! Sharing a complaint with another agency (read-only), and revoking it.

use crate::bodies::*;
use crate::http::{json, CREATED};
use crate::opening::{begin_or_replay, Opening};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use ses_domain::complaint::mail as complaint_mail;
use ses_domain::complaint::Intent;
use ses_domain::Reader;
use ses_domain::{Actor, AgencyCode};
use ses_edge::{ApiError, ApiResult, AppState, Caller, IdempotentJson, PathParams};
use ses_services::complaint::{self as service};
use ses_store::layout::complaint_writes;
use ses_store::outbox::enqueue;

/// Shares the complaint with another agency; its SES contacts are told.
#[utoipa::path(operation_id = "share_complaint", post, path = "/complaints/{complaintId}/shares", tag = "complaints",
    params(("complaintId" = String, Path), ("If-Match" = Option<String>, Header, description = "the complaint's version last read"), ("Idempotency-Key" = Option<String>, Header)),
    request_body = crate::bodies::ShareBody,
    responses((status = 201, body = ses_domain::complaint::Share), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn share(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    headers: HeaderMap,
    IdempotentJson(idem, body): IdempotentJson,
) -> ApiResult<Response> {
    let (loaded, _) = begin_or_replay!(Opening::new(&state, &p, &path, Intent::Work).held_to(&headers), &idem);
    let c = &loaded.complaint;
    let id = &c.complaint_id;
    let mut r = Reader::root(&body);
    let asked = ShareBody::read(&mut r);
    let agency = r.finish_with(|| asked)?.agency_id;
    let other = state
        .registered_agency(&agency)
        .await?
        .ok_or_else(|| ApiError::field("agencyId", "is not an agency registered in SES"))?;
    let now = state.now();
    let by = Actor::from(&p);
    let (next, share) = c.share(agency.clone(), by.clone(), now)?;
    let mut writes = complaint_writes(Some(c), &next)?;
    writes.push(service::history(
        id,
        by.clone(),
        "shared",
        serde_json::json!({ "agencyId": agency }),
        now,
    )?);
    let owner = service::agency_name(&state, &c.agency_id).await?;
    if let Some(m) = complaint_mail::shared(&next, &owner, &other, &by, &state.config.public_base_url) {
        writes.push(enqueue(m, now)?);
    }
    idem.commit(&state, &p, writes, CREATED, json(&share)?).await
}

/// Stops sharing the complaint with an agency.
#[utoipa::path(operation_id = "revoke_complaint_share", delete, path = "/complaints/{complaintId}/shares/{agencyId}", tag = "complaints",
    params(("complaintId" = String, Path), ("agencyId" = String, Path), ("If-Match" = Option<String>, Header, description = "the complaint's version last read")),
    responses((status = 204), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn revoke(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let (loaded, _) = Opening::new(&state, &p, &path, Intent::Work)
        .held_to(&headers)
        .open()
        .await?;
    let c = &loaded.complaint;
    let id = &c.complaint_id;
    let agency = path.parse("agencyId", AgencyCode::parse)?;
    let now = state.now();
    let next = c.revoke_share(&agency, now)?;
    let mut writes = complaint_writes(Some(c), &next)?;
    writes.push(service::history(
        id,
        Actor::from(&p),
        "share_revoked",
        serde_json::json!({ "agencyId": agency }),
        now,
    )?);
    state.table.transact(writes).await?;
    Ok(StatusCode::NO_CONTENT)
}
