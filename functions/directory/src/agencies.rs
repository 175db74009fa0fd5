//! `PUT|GET /agencies/{agencyId}`, `PUT /agencies/{agencyId}/contacts`,
//! `GET /agencies/{agencyId}/users`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use ses_domain::identity::access;
use ses_domain::{Agency, AgencyCode, AgencyContacts, AgencyRegistration, Role, SeenAgencyUser};
use ses_edge::paging::query_pairs;
use ses_edge::version::{check_version, if_match, json_with_version};
use ses_edge::{ApiError, ApiResult, AppState, Caller, JsonBody, Page, PageParams, PathParams};
use ses_store::layout::{agency_item, agency_key, agency_partition, versioned, USER_PREFIX};
use ses_store::outbox::enqueue;
use ses_store::{Query, Write};

async fn load(state: &AppState, id: &AgencyCode) -> ApiResult<Option<Agency>> {
    Ok(match state.table.get(&agency_key(id)).await? {
        Some(item) => Some(item.entity()?),
        None => None,
    })
}

fn agency_id(path: &PathParams) -> ApiResult<AgencyCode> {
    path.parse("agencyId", AgencyCode::parse)
}

/// Registers an agency or replaces its record.
#[utoipa::path(put, path = "/agencies/{agencyId}", tag = "reference data",
    params(("agencyId" = String, Path, example = "TX-DOB"), ("If-Match" = Option<String>, Header, description = "the version last read")),
    request_body = ses_domain::AgencyRegistration,
    responses((status = 201, body = ses_domain::Agency), (status = 200, body = ses_domain::Agency),
        (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn put_agency(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    access::may_maintain_reference_data(&p)?;
    let id = agency_id(&path)?;
    let expected = if_match(&headers)?;
    let registration = AgencyRegistration::from_json(&id, &body)?;
    let existing = load(&state, &id).await?;
    check_version(expected, existing.as_ref().map(|a| a.version))?;
    let now = state.now();
    let change = Agency::register(
        id.clone(),
        registration,
        existing.as_ref(),
        now,
        &state.config.public_base_url,
    );
    let mut writes = vec![versioned(agency_item(&change.agency)?)];
    for m in change.mail {
        writes.push(enqueue(m, now)?);
    }
    state.table.transact(writes).await?;
    state.callers.forget_agency(&id);
    let status = if change.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(json_with_version(status, &change.agency, change.agency.version))
}

/// An agency and its SES contacts.
#[utoipa::path(get, path = "/agencies/{agencyId}", tag = "reference data",
    params(("agencyId" = String, Path, example = "TX-DOB")),
    responses((status = 200, body = ses_domain::Agency), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn get_agency(State(state): State<AppState>, Caller(p): Caller, path: PathParams) -> ApiResult<Response> {
    access::may_read_agency(&p)?;
    state.require_registered(&p).await?;
    let id = agency_id(&path)?;
    let agency = load(&state, &id).await?.ok_or(ApiError::NotFound)?;
    Ok(json_with_version(StatusCode::OK, &agency, agency.version))
}

/// Replaces an agency's SES primary and secondary contacts.
#[utoipa::path(put, path = "/agencies/{agencyId}/contacts", tag = "reference data",
    params(("agencyId" = String, Path, example = "TX-DOB"), ("If-Match" = Option<String>, Header, description = "the version last read")),
    request_body = ses_domain::AgencyContacts,
    responses((status = 200, body = ses_domain::Agency), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn put_contacts(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    let id = agency_id(&path)?;
    access::may_change_agency_contacts(&p, &id)?;
    state.require_registered(&p).await?;
    let expected = if_match(&headers)?;
    let contacts = AgencyContacts::from_json(&body)?;
    let agency = load(&state, &id).await?.ok_or(ApiError::NotFound)?;
    check_version(expected, Some(agency.version))?;
    let now = state.now();
    let change = agency.change_contacts(contacts, now, &state.config.public_base_url);
    let mut writes = vec![versioned(agency_item(&change.agency)?)];
    for m in change.mail {
        writes.push(enqueue(m, now)?);
    }
    state.table.transact(writes).await?;
    state.callers.forget_agency(&id);
    Ok(json_with_version(StatusCode::OK, &change.agency, change.agency.version))
}

/// The agency users SES has seen sign in, for choosing among them.
#[utoipa::path(get, path = "/agencies/{agencyId}/users", tag = "identity",
    params(("agencyId" = String, Path, example = "TX-DOB"), ("role" = Option<String>, Query, example = "examiner"),
        ("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = ses_edge::paging::AgencyUserPage), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn list_users(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    page: PageParams,
    parts: axum::http::Uri,
) -> ApiResult<Json<Page<SeenAgencyUser>>> {
    let id = agency_id(&path)?;
    access::may_list_agency_users(&p, &id)?;
    state.require_registered(&p).await?;
    let mut role = None;
    for (k, v) in query_pairs(&parts)? {
        if k == "role" {
            role = Some(Role::parse(&v).ok_or_else(|| ApiError::Malformed(format!("unknown role {v:?}")))?);
        }
    }
    let query = Query::partition(agency_partition(&id)).prefix(USER_PREFIX);
    let page = ses_edge::paging::filtered_page(&state.table, query, page, |item| {
        let u: SeenAgencyUser = item.entity()?;
        Ok(role.is_none_or(|r| u.roles.contains(&r)).then_some(u))
    })
    .await?;
    Ok(Json(page))
}

/// The write that records an agency user's sign-in.
pub fn sighting_write(u: &SeenAgencyUser) -> ApiResult<Write> {
    Ok(Write::put(
        ses_store::layout::seen_agency_user_item(u)?,
        ses_store::Condition::None,
    ))
}
