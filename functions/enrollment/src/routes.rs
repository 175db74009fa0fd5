//! The agency-facing enrollment routes and the company's history.

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::{Extension, Json};
use ses_domain::enrollment::{self, EnrollmentRequest};
use ses_domain::identity::access;
use ses_domain::EnrollmentId;
use ses_domain::{AgencyCode, Enrollment, EnrollmentStatus, HistoryEvent, NmlsId, Principal};
use ses_edge::paging::query_pairs;
use ses_edge::{ApiError, ApiResult, AppState, Caller, IdempotentJson, Page, PageParams, PathParams};
use ses_services::enrollment::{self as service, EnrollmentConfig};
use ses_store::layout::{
    agency_enrollments_partition, company_partition, EnrollmentRecord, ENROLLMENT_PREFIX, HISTORY_PREFIX,
};
use ses_store::{Index, Query};
use std::sync::Arc;

fn nmls(path: &PathParams) -> ApiResult<NmlsId> {
    path.parse("nmlsId", NmlsId::parse)
}

/// How an enrolling command starts: a new command on a company, or a retry and its first answer.
enum Begun {
    Fresh(NmlsId),
    Replay(Response),
}

/// What every enrolling command checks first: the caller's role, their agency's registration
/// and the company id; then whether this is a retry of a command already made.
async fn begin(state: &AppState, p: &Principal, path: &PathParams, idem: &ses_edge::Idempotency) -> ApiResult<Begun> {
    enrollment::may_enroll(p)?;
    state.require_registered(p).await?;
    let id = nmls(path)?;
    Ok(match idem.replay(state, p).await? {
        Some(first_answer) => Begun::Replay(first_answer),
        None => Begun::Fresh(id),
    })
}

fn json(v: &impl serde::Serialize) -> ApiResult<serde_json::Value> {
    serde_json::to_value(v).map_err(ApiError::internal)
}

/// Starts the enrollment of a company: the first company user is invited by email.
#[utoipa::path(post, path = "/companies/{nmlsId}/enrollments", tag = "enrollment",
    params(("nmlsId" = String, Path, example = "900001"), ("Idempotency-Key" = Option<String>, Header)),
    request_body = ses_domain::enrollment::EnrollmentRequest,
    responses((status = 201, body = ses_domain::Enrollment), (status = 403, body = ses_edge::problem::Problem), (status = 409, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    Extension(config): Extension<Arc<EnrollmentConfig>>,
    Caller(p): Caller,
    path: PathParams,
    IdempotentJson(idem, body): IdempotentJson,
) -> ApiResult<Response> {
    let id = match begin(&state, &p, &path, &idem).await? {
        Begun::Fresh(id) => id,
        Begun::Replay(first_answer) => return Ok(first_answer),
    };
    let request = EnrollmentRequest::from_json(&body)?;
    let (writes, view) = service::start(&state, &config, &p, &id, request).await?;
    idem.commit(&state, &p, writes, StatusCode::CREATED, json(&view)?).await
}

async fn may_read_enrollments(state: &AppState, p: &Principal) -> ApiResult<()> {
    access::may_read_enrollments(p)?;
    Ok(state.require_registered(p).await?)
}

fn views(records: &[ses_store::Item], now: time::OffsetDateTime) -> ApiResult<Vec<Enrollment>> {
    records
        .iter()
        .map(|i| Ok(i.entity::<EnrollmentRecord>()?.enrollment.view(now)))
        .collect()
}

/// A company's enrollments, newest first.
#[utoipa::path(get, path = "/companies/{nmlsId}/enrollments", tag = "enrollment",
    params(("nmlsId" = String, Path, example = "900001"), ("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = ses_edge::paging::EnrollmentPage), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn list_for_company(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    page: PageParams,
) -> ApiResult<Json<Page<Enrollment>>> {
    may_read_enrollments(&state, &p).await?;
    let id = nmls(&path)?;
    let query = Query::partition(company_partition(&id))
        .prefix(ENROLLMENT_PREFIX)
        .newest_first()
        .limit(page.limit)
        .cursor(page.cursor);
    let result = state.table.query(query).await?;
    Ok(Json(Page {
        items: views(&result.items, state.now())?,
        next_cursor: result.next_cursor,
    }))
}

/// An agency's own enrollments across companies, newest first, optionally by status.
#[utoipa::path(get, path = "/agencies/{agencyId}/enrollments", tag = "enrollment",
    params(("agencyId" = String, Path, example = "TX-DOB"), ("status" = Option<String>, Query, example = "pending"),
        ("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = ses_edge::paging::EnrollmentPage), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn list_for_agency(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    page: PageParams,
    uri: Uri,
) -> ApiResult<Json<Page<Enrollment>>> {
    let agency = path.parse("agencyId", AgencyCode::parse)?;
    access::may_read_agency_enrollments(&p, &agency)?;
    state.require_registered(&p).await?;
    let mut status = None;
    for (k, v) in query_pairs(&uri)? {
        if k == "status" {
            status =
                Some(EnrollmentStatus::parse(&v).ok_or_else(|| ApiError::Malformed(format!("unknown status {v:?}")))?);
        }
    }
    let now = state.now();
    let query = Query::index(Index::Gsi2, agency_enrollments_partition(&agency)).newest_first();
    let page = ses_edge::paging::filtered_page(&state.table, query, page, |item| {
        let e = item.entity::<EnrollmentRecord>()?.enrollment.view(now);
        Ok(status.is_none_or(|s| e.status == s).then_some(e))
    })
    .await?;
    Ok(Json(page))
}

/// Withdraws a pending enrollment (the enrolling agency noticed a wrong address).
#[utoipa::path(post, path = "/companies/{nmlsId}/enrollments/{enrollmentId}/withdraw", tag = "enrollment",
    params(("nmlsId" = String, Path, example = "900001"), ("enrollmentId" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = ses_domain::Enrollment), (status = 403, body = ses_edge::problem::Problem), (status = 409, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn withdraw(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    IdempotentJson(idem, _): IdempotentJson,
) -> ApiResult<Response> {
    let id = match begin(&state, &p, &path, &idem).await? {
        Begun::Fresh(id) => id,
        Begun::Replay(first_answer) => return Ok(first_answer),
    };
    let (writes, view) = service::withdraw(&state, &p, &id, &path.parse("enrollmentId", EnrollmentId::parse)?).await?;
    idem.commit(&state, &p, writes, StatusCode::OK, json(&view)?).await
}

/// Sends a new link for a pending enrollment; the old one stops working.
#[utoipa::path(post, path = "/companies/{nmlsId}/enrollments/{enrollmentId}/resend", tag = "enrollment",
    params(("nmlsId" = String, Path, example = "900001"), ("enrollmentId" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = ses_domain::Enrollment), (status = 403, body = ses_edge::problem::Problem), (status = 409, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn resend(
    State(state): State<AppState>,
    Extension(config): Extension<Arc<EnrollmentConfig>>,
    Caller(p): Caller,
    path: PathParams,
    IdempotentJson(idem, _): IdempotentJson,
) -> ApiResult<Response> {
    let id = match begin(&state, &p, &path, &idem).await? {
        Begun::Fresh(id) => id,
        Begun::Replay(first_answer) => return Ok(first_answer),
    };
    let (writes, view) = service::resend(
        &state,
        &config,
        &p,
        &id,
        &path.parse("enrollmentId", EnrollmentId::parse)?,
    )
    .await?;
    idem.commit(&state, &p, writes, StatusCode::OK, json(&view)?).await
}

/// The company's history (enrollment and user events), oldest first.
#[utoipa::path(get, path = "/companies/{nmlsId}/history", tag = "enrollment",
    params(("nmlsId" = String, Path, example = "900001"), ("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = ses_edge::paging::HistoryPage), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn history(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    page: PageParams,
) -> ApiResult<Json<Page<HistoryEvent>>> {
    let id = nmls(&path)?;
    state.require_registered(&p).await?;
    let admin = state.memberships(&p).await?.iter().any(|u| u.nmls_id == id && u.admin);
    access::may_read_company_history(&p, admin)?;
    let query = Query::partition(company_partition(&id))
        .prefix(HISTORY_PREFIX)
        .limit(page.limit)
        .cursor(page.cursor);
    let result = state.table.query(query).await?;
    let items = result
        .items
        .iter()
        .map(|i| i.entity())
        .collect::<Result<Vec<HistoryEvent>, _>>()?;
    Ok(Json(Page {
        items,
        next_cursor: result.next_cursor,
    }))
}
