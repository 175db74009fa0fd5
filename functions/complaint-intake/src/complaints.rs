//! `POST /complaints`, `GET /complaints`, `GET|PATCH /complaints/{complaintId}`.

use crate::http::{json, today, CREATED, OK};
use crate::opening::Opening;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use ses_domain::complaint::input::NewComplaint;
use ses_domain::complaint::mail as complaint_mail;
use ses_domain::complaint::status::ComplaintStatus;
use ses_domain::complaint::Intent;
use ses_domain::complaint::{self, Complaint, ComplaintNumber, ComplaintSummary, Correction, ListFilter, Viewer};
use ses_domain::{Actor, NmlsId, Principal};
use ses_edge::paging::{filtered_page, query_pairs};
use ses_edge::version::json_with_version;
use ses_edge::{ApiError, ApiResult, AppState, Caller, IdempotentJson, JsonBody, Page, PageParams, PathParams};
use ses_services::complaint::{self as service, ComplaintsConfig};
use ses_store::layout::{
    agency_complaints, agency_complaints_by_company, agency_complaints_by_status, assigned_complaints,
    company_complaints, company_complaints_by_status, complaint_sequence_write, complaint_writes,
    open_request_complaints,
};
use ses_store::outbox::enqueue;
use ses_store::{Index, Query, StoreError};
use std::sync::Arc;

/// How many times a new complaint tries the next number when other processes take them first.
const NUMBER_ATTEMPTS: usize = 5;

/// Enters a consumer complaint against an enrolled company; its Complaints Contact and
/// admins are told.
#[utoipa::path(operation_id = "create_complaint", post, path = "/complaints", tag = "complaints",
    params(("Idempotency-Key" = Option<String>, Header)),
    request_body = ses_domain::complaint::input::NewComplaint,
    responses((status = 201, body = ses_domain::complaint::ComplaintSchema), (status = 403, body = ses_edge::problem::Problem),
        (status = 409, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    Extension(config): Extension<Arc<ComplaintsConfig>>,
    Caller(p): Caller,
    IdempotentJson(idem, body): IdempotentJson,
) -> ApiResult<Response> {
    complaint::may_file(&p)?;
    state.require_registered(&p).await?;
    if let Some(first_answer) = idem.replay(&state, &p).await? {
        return Ok(first_answer);
    }
    let agency = p
        .agency
        .clone()
        .ok_or_else(|| ApiError::Forbidden("no agency on the token".into()))?;
    let now = state.now();
    let details = NewComplaint::from_json(&body, now.date())?;
    let (company, users) = service::company_with_users(&state, &details.nmls_id).await?;
    let agency_name = service::agency_name(&state, &agency).await?;
    let year = now.year();
    for _ in 0..NUMBER_ATTEMPTS {
        let n = config.numbers.next(&state, &agency, year).await?;
        let c = Complaint::file(
            details.clone(),
            &company,
            agency.clone(),
            ses_services::ids::ordered(),
            ComplaintNumber::new(&agency, year, n),
            Actor::from(&p),
            now,
        )?;
        let mut writes = vec![complaint_sequence_write(&agency, year, n)];
        writes.extend(complaint_writes(None, &c)?);
        let created =
            serde_json::json!({ "complaintNumber": c.complaint_number, "nmlsId": c.nmls_id(), "status": c.status });
        writes.push(service::history(
            &c.complaint_id,
            Actor::from(&p),
            "created",
            created,
            now,
        )?);
        let to = complaint_mail::company_recipients(&company, &users);
        if let Some(m) = complaint_mail::filed(&c, &agency_name, to, &state.config.public_base_url) {
            writes.push(enqueue(m, now)?);
        }
        let answer = json(&c.view(Viewer::Owner, now.date()))?;
        let epoch = time::OffsetDateTime::now_utc().unix_timestamp();
        let record = idem.record(&p, CREATED, &answer, epoch)?;
        let record_at = record.as_ref().map(|_| writes.len());
        writes.extend(record);
        match state.table.transact(writes).await {
            Ok(()) => {
                config.numbers.used(&agency, year, n);
                return Ok((CREATED, Json(answer)).into_response());
            }
            Err(StoreError::ConditionFailed { failed }) if record_at.is_some_and(|i| failed.contains(&i)) => {
                return idem.replay(&state, &p).await?.ok_or_else(ApiError::version_conflict);
            }
            // Another process took the number (or raced this one): read the sequence again.
            Err(StoreError::ConditionFailed { failed }) if failed.contains(&0) => config.numbers.forget(&agency, year),
            Err(StoreError::Conflict) => config.numbers.forget(&agency, year),
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApiError::Unavailable(
        "complaint numbers are in heavy demand; try again".into(),
    ))
}

fn parse_filter(uri: &Uri, p: &Principal) -> ApiResult<ListFilter> {
    let mut f = ListFilter::default();
    for (k, v) in query_pairs(uri)? {
        match k.as_str() {
            "status" => {
                f.status = Some(ComplaintStatus::parse(&v).map_err(|m| ApiError::Malformed(format!("status {m}")))?)
            }
            "nmlsId" => f.nmls_id = Some(NmlsId::parse(&v).map_err(|m| ApiError::Malformed(format!("nmlsId {m}")))?),
            "assignee" => {
                if v != "me" {
                    return Err(ApiError::Malformed("assignee takes only the value me".into()));
                }
                f.assignee = Some(p.sub.clone());
            }
            "overdue" => {
                f.overdue = match v.as_str() {
                    "true" => true,
                    "false" => false,
                    _ => return Err(ApiError::Malformed("overdue is true or false".into())),
                }
            }
            _ => {}
        }
    }
    Ok(f)
}

/// Complaints the caller may see, newest first: an agency's own and those shared with it
/// (marked `shared`), or those against a company user's company.
#[utoipa::path(operation_id = "list_complaints", get, path = "/complaints", tag = "complaints",
    params(("status" = Option<String>, Query, example = "awaiting_company"), ("nmlsId" = Option<String>, Query),
        ("assignee" = Option<String>, Query, description = "`me`: assigned to the caller"),
        ("overdue" = Option<bool>, Query, description = "only complaints with an overdue open information request"),
        ("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = ses_edge::paging::ComplaintSummaryPage),
        (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    Caller(p): Caller,
    page: PageParams,
    uri: Uri,
) -> ApiResult<Json<Page<ComplaintSummary>>> {
    complaint::may_list(&p)?;
    state.require_registered(&p).await?;
    let f = parse_filter(&uri, &p)?;
    let day = today(&state);
    if p.is_agency_user() {
        let agency = p
            .agency
            .clone()
            .ok_or_else(|| ApiError::Forbidden("no agency on the token".into()))?;
        // The index of one filter serves the list; the others are checked on the page.
        let query = if let Some(sub) = &f.assignee {
            Query::partition(assigned_complaints(&agency, sub))
        } else if f.overdue {
            Query::partition(open_request_complaints(&agency))
        } else if let Some(n) = &f.nmls_id {
            Query::index(Index::Gsi2, agency_complaints_by_company(&agency, n))
        } else if let Some(s) = f.status {
            Query::index(Index::Gsi1, agency_complaints_by_status(&agency, s))
        } else {
            Query::partition(agency_complaints(&agency))
        };
        let page = filtered_page(&state.table, query.newest_first(), page, |item| {
            let entry: complaint::ComplaintSummaryRecord = item.entity()?;
            Ok(entry.matches(&f, day).then(|| entry.view(Some(&agency), day)))
        })
        .await?;
        return Ok(Json(page));
    }
    let links = state.memberships(&p).await?;
    let nmls = match &f.nmls_id {
        Some(n) if links.iter().any(|l| &l.nmls_id == n) => n.clone(),
        Some(_) => return Err(ApiError::Forbidden("you are not a user of that company".into())),
        None => match links.as_slice() {
            [] => {
                return Ok(Json(Page {
                    items: vec![],
                    next_cursor: None,
                }))
            }
            [one] => one.nmls_id.clone(),
            _ => {
                return Err(ApiError::Malformed(
                    "you are a user of several companies: name one with nmlsId".into(),
                ))
            }
        },
    };
    let query = match f.status {
        Some(s) => Query::index(Index::Gsi2, company_complaints_by_status(&nmls, s)),
        None => Query::index(Index::Gsi1, company_complaints(&nmls)),
    };
    let page = filtered_page(&state.table, query.newest_first(), page, |item| {
        let c: Complaint = item.entity()?;
        let entry = c.summary();
        Ok(entry.matches(&f, day).then(|| entry.view(None, day)))
    })
    .await?;
    Ok(Json(page))
}

/// A complaint as the caller may see it (a company user gets less; see API.md).
#[utoipa::path(operation_id = "get_complaint", get, path = "/complaints/{complaintId}", tag = "complaints",
    params(("complaintId" = String, Path)),
    responses((status = 200, body = ses_domain::complaint::ComplaintSchema)),
    security(("bearer" = [])))]
pub async fn get(State(state): State<AppState>, Caller(p): Caller, path: PathParams) -> ApiResult<Response> {
    let (loaded, v) = Opening::new(&state, &p, &path, Intent::Read).open().await?;
    let c = loaded.complaint;
    Ok(json_with_version(OK, &c.view(v, today(&state)), c.version))
}

/// Corrects a complaint's details; the history keeps each field's before and after.
#[utoipa::path(operation_id = "correct_complaint", patch, path = "/complaints/{complaintId}", tag = "complaints",
    params(("complaintId" = String, Path), ("If-Match" = Option<String>, Header, description = "the version last read")),
    request_body = ses_domain::complaint::Correction,
    responses((status = 200, body = ses_domain::complaint::ComplaintSchema), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn correct(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    let (loaded, v) = Opening::new(&state, &p, &path, Intent::Work)
        .held_to(&headers)
        .open()
        .await?;
    let c = loaded.complaint;
    let id = &c.complaint_id;
    let now = state.now();
    let correction = Correction::from_json(&body, now.date())?;
    let (next, changes) = c.correct(correction, now)?;
    if changes.is_empty() {
        return Ok(json_with_version(OK, &c.view(v, now.date()), c.version));
    }
    let details: serde_json::Map<String, serde_json::Value> = changes
        .into_iter()
        .map(|(k, (before, after))| (k.to_string(), serde_json::json!({ "before": before, "after": after })))
        .collect();
    let mut writes = complaint_writes(Some(&c), &next)?;
    writes.push(service::history(
        id,
        Actor::from(&p),
        "corrected",
        serde_json::json!({ "changes": details }),
        now,
    )?);
    state.table.transact(writes).await?;
    Ok(json_with_version(OK, &next.view(v, now.date()), next.version))
}
