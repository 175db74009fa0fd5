//! `PUT|GET /companies/{nmlsId}`, `GET /companies?q=`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use axum::Json;
use ses_domain::history::company_action;
use ses_domain::identity::access;
use ses_domain::{Actor, Company, DirectoryEntry, HistoryEvent, NmlsId};
use ses_edge::paging::query_pairs;
use ses_edge::version::{check_version, if_match, json_with_version};
use ses_edge::{ApiError, ApiResult, AppState, Caller, JsonBody, Page, PageParams, PathParams};
use ses_store::layout::{
    company_history_item, company_item, company_key, versioned, COMPANY_ID_INDEX, COMPANY_NAME_INDEX,
};
use ses_store::{Index, Query};

pub async fn load(state: &AppState, id: &NmlsId) -> ApiResult<Option<Company>> {
    Ok(match state.table.get(&company_key(id)).await? {
        Some(item) => Some(item.entity()?),
        None => None,
    })
}

/// Adds a company to the directory or replaces its entry (as an NMLS feed would).
#[utoipa::path(put, path = "/companies/{nmlsId}", tag = "reference data",
    params(("nmlsId" = String, Path, example = "1234567"), ("If-Match" = Option<String>, Header, description = "the version last read")),
    request_body = ses_domain::DirectoryEntry,
    responses((status = 201, body = ses_domain::Company), (status = 200, body = ses_domain::Company),
        (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn put_company(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    access::may_maintain_reference_data(&p)?;
    let id = path.parse("nmlsId", NmlsId::parse)?;
    let expected = if_match(&headers)?;
    let entry = DirectoryEntry::from_json(&body)?;
    let existing = load(&state, &id).await?;
    check_version(expected, existing.as_ref().map(|c| c.version))?;
    let now = state.now();
    let change = Company::update_directory(id.clone(), entry, existing.as_ref(), now);
    let mut writes = vec![versioned(company_item(&change.company)?)];
    if change.changed {
        let event = HistoryEvent {
            event_id: ses_services::ids::ordered_id(),
            at: now,
            actor: Actor::from(&p),
            action: company_action::DIRECTORY_UPDATED.into(),
            details: serde_json::json!({
                "created": change.created,
                "name": change.company.name,
                "previousName": existing.as_ref().map(|c| c.name.clone()),
            }),
        };
        writes.push(company_history_item(&id, &event)?);
    }
    state.table.transact(writes).await?;
    let status = if change.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(json_with_version(
        status,
        &change.company.view(now),
        change.company.version,
    ))
}

/// A company of the directory with its enrollment state and SES contacts.
#[utoipa::path(get, path = "/companies/{nmlsId}", tag = "reference data",
    params(("nmlsId" = String, Path, example = "1234567")),
    responses((status = 200, body = ses_domain::Company), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn get_company(State(state): State<AppState>, Caller(p): Caller, path: PathParams) -> ApiResult<Response> {
    let id = path.parse("nmlsId", NmlsId::parse)?;
    state.require_registered(&p).await?;
    let member = state.memberships(&p).await?.iter().any(|u| u.nmls_id == id);
    access::may_read_company(&p, member)?;
    let company = load(&state, &id).await?.ok_or(ApiError::NotFound)?;
    Ok(json_with_version(
        StatusCode::OK,
        &company.view(state.now()),
        company.version,
    ))
}

/// Searches the directory by name prefix (case and spacing ignored), or by NMLS ID when `q` is digits.
#[utoipa::path(get, path = "/companies", tag = "reference data",
    params(("q" = Option<String>, Query, description = "a name prefix or an NMLS ID", example = "lone star"),
        ("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = ses_edge::paging::CompanyPage), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn search(
    State(state): State<AppState>,
    Caller(p): Caller,
    page: PageParams,
    uri: Uri,
) -> ApiResult<Json<Page<Company>>> {
    access::may_search_companies(&p)?;
    state.require_registered(&p).await?;
    let q = query_pairs(&uri)?
        .into_iter()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v)
        .unwrap_or_default();
    if q.chars().count() > 200 {
        return Err(ApiError::Malformed("q must be at most 200 characters".into()));
    }
    let folded = Company::search_key(&q);
    let query = if !folded.is_empty() && folded.bytes().all(|b| b.is_ascii_digit()) {
        // Digits are an NMLS ID or its first digits: the ID index, the exact match first.
        Query::index(Index::Gsi2, COMPANY_ID_INDEX).prefix(folded)
    } else if folded.is_empty() {
        Query::index(Index::Gsi1, COMPANY_NAME_INDEX)
    } else {
        Query::index(Index::Gsi1, COMPANY_NAME_INDEX).prefix(folded)
    };
    let result = state.table.query(query.limit(page.limit).cursor(page.cursor)).await?;
    let items = result
        .items
        .iter()
        .map(|item| item.entity::<Company>().map(|c| c.view(state.now())))
        .collect::<Result<Vec<Company>, _>>()?;
    Ok(Json(Page {
        items,
        next_cursor: result.next_cursor,
    }))
}
