//! The company's own users and contacts, kept by its administrators: list, add (invited by
//! email), promote or demote, remove (never the last administrator), and the SA Contact and
//! Complaints Contact. Every change bumps the company's version in the same transaction, so two
//! administrators changing users at once cannot both leave it without an administrator.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use ses_domain::directory::company_user::{self, CompanyUsersRefused};
use ses_domain::enrollment::templates::EnrollmentOutcome;
use ses_domain::identity::access;
use ses_domain::{Actor, Company, CompanyUser, Confirmation, NmlsId};
use ses_edge::{ApiError, ApiResult, AppState, Caller, IdempotentJson, JsonBody, Page, PageParams, PathParams};
use ses_services::enrollment::{history, load_company};
use ses_store::layout::{company_item, company_partition, company_user_item, versioned, COMPANY_USER_PREFIX};
use ses_store::outbox::enqueue;
use ses_store::{Condition, Query, Write};

/// Every user of the company, with the item versions (at most 1,000: a company's staff).
async fn users_of(state: &AppState, id: &NmlsId) -> ApiResult<Vec<(CompanyUser, u64)>> {
    let page = state
        .table
        .query(
            Query::partition(company_partition(id))
                .prefix(COMPANY_USER_PREFIX)
                .limit(1000),
        )
        .await?;
    page.items
        .iter()
        .map(|i| Ok((i.entity::<CompanyUser>()?, i.version)))
        .collect()
}

/// The company bumped, as the lock of a change of its users.
fn touch(company: &Company, now: time::OffsetDateTime) -> ApiResult<Write> {
    let c = Company {
        version: company.version + 1,
        updated_at: now,
        ..company.clone()
    };
    Ok(versioned(company_item(&c)?))
}

fn user_write(u: &CompanyUser, version: u64) -> ApiResult<Write> {
    let condition = if version == 1 {
        Condition::NotExists
    } else {
        Condition::VersionIs(version - 1)
    };
    Ok(Write::put(company_user_item(u, version)?, condition))
}

/// The company's users.
#[utoipa::path(get, path = "/companies/{nmlsId}/users", tag = "company users",
    params(("nmlsId" = String, Path, example = "900001"), ("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, description = "Page<CompanyUser>"), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    page: PageParams,
) -> ApiResult<Json<Page<CompanyUser>>> {
    let id = path.parse("nmlsId", NmlsId::parse)?;
    let member = state.memberships(&p).await?.iter().any(|u| u.nmls_id == id);
    access::may_list_company_users(&p, member)?;
    let result = state
        .table
        .query(
            Query::partition(company_partition(&id))
                .prefix(COMPANY_USER_PREFIX)
                .limit(page.limit)
                .cursor(page.cursor),
        )
        .await?;
    let items = result
        .items
        .iter()
        .map(|i| i.entity())
        .collect::<Result<Vec<CompanyUser>, _>>()?;
    Ok(Json(Page {
        items,
        next_cursor: result.next_cursor,
    }))
}

/// Adds a user to the company; they are emailed, and become active at their first sign-in.
#[utoipa::path(post, path = "/companies/{nmlsId}/users", tag = "company users",
    params(("nmlsId" = String, Path, example = "900001"), ("Idempotency-Key" = Option<String>, Header)),
    request_body = ses_domain::Person,
    responses((status = 201, description = "CompanyUser"), (status = 403, body = ses_edge::problem::Problem),
        (status = 409, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn add(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    IdempotentJson(idem, body): IdempotentJson,
) -> ApiResult<Response> {
    let id = path.parse("nmlsId", NmlsId::parse)?;
    if let Some(replay) = idem.replay(&state, &p).await? {
        return Ok(replay);
    }
    let users = users_of(&state, &id).await?;
    let list: Vec<CompanyUser> = users.iter().map(|(u, _)| u.clone()).collect();
    if !p.email.as_ref().is_some_and(|e| company_user::is_admin(&list, e)) {
        return Err(CompanyUsersRefused::NotAnAdmin.into());
    }
    let new = ses_domain::NewCompanyUser::from_json(&body)?;
    let company = load_company(&state, &id).await?;
    let now = state.now();
    let user = company_user::add(&list, &p, new, ses_services::ids::ordered(), &company.name, &id, now)?;
    let base = state.config.public_base_url.trim_end_matches('/');
    let mail = EnrollmentOutcome {
        subject: format!("You were added to {} in SES", company.name),
        reader_name: user.person.full_name(),
        summary: format!(
            "{} added you as {} of {} (NMLS {}) in the State Examination System (SES).",
            p.name,
            if user.admin { "an administrator" } else { "a user" },
            company.name,
            company.nmls_id
        ),
        reason: None,
        action: format!("sign in to SES with {} to start:", user.person.email),
        link: Some(base.to_string()),
    }
    .message(vec![user.person.email.clone()], vec![]);
    let details = serde_json::json!({ "userId": user.user_id, "email": user.person.email, "admin": user.admin });
    let writes = vec![
        user_write(&user, 1)?,
        touch(&company, now)?,
        enqueue(mail, now)?,
        history(&id, Actor::from(&p), "user_added", details, now)?,
    ];
    let answer = serde_json::to_value(&user).map_err(ApiError::internal)?;
    let response = idem.commit(&state, &p, writes, StatusCode::CREATED, answer).await?;
    state.callers.forget_memberships(user.email());
    Ok(response)
}

async fn target(users: &[(CompanyUser, u64)], user_id: &str) -> ApiResult<(CompanyUser, u64)> {
    users
        .iter()
        .find(|(u, _)| u.user_id.as_str() == user_id)
        .cloned()
        .ok_or(ApiError::NotFound)
}

/// Makes a user an administrator, or not (never the last one).
#[utoipa::path(patch, path = "/companies/{nmlsId}/users/{userId}", tag = "company users",
    params(("nmlsId" = String, Path, example = "900001"), ("userId" = String, Path)),
    request_body(content = serde_json::Value, description = "{ \"admin\": bool }"),
    responses((status = 200, description = "CompanyUser"), (status = 403, body = ses_edge::problem::Problem), (status = 409, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn patch(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    let id = path.parse("nmlsId", NmlsId::parse)?;
    let users = users_of(&state, &id).await?;
    let list: Vec<CompanyUser> = users.iter().map(|(u, _)| u.clone()).collect();
    if !p.email.as_ref().is_some_and(|e| company_user::is_admin(&list, e)) {
        return Err(CompanyUsersRefused::NotAnAdmin.into());
    }
    let admin = body
        .get("admin")
        .and_then(serde_json::Value::as_bool)
        .ok_or_else(|| ApiError::field("admin", "must be true or false"))?;
    let (current, version) = target(&users, path.get("userId")?).await?;
    let changed = company_user::set_admin(&list, &p, &current, admin)?;
    let company = load_company(&state, &id).await?;
    let now = state.now();
    let details = serde_json::json!({ "userId": changed.user_id, "email": changed.person.email, "admin": admin });
    state
        .table
        .transact(vec![
            user_write(&changed, version + 1)?,
            touch(&company, now)?,
            history(&id, Actor::from(&p), "user_role_changed", details, now)?,
        ])
        .await?;
    state.callers.forget_memberships(changed.email());
    Ok(Json(changed).into_response())
}

/// Removes a user (never the last administrator).
#[utoipa::path(delete, path = "/companies/{nmlsId}/users/{userId}", tag = "company users",
    params(("nmlsId" = String, Path, example = "900001"), ("userId" = String, Path)),
    responses((status = 204, description = "removed"), (status = 403, body = ses_edge::problem::Problem), (status = 409, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn remove(State(state): State<AppState>, Caller(p): Caller, path: PathParams) -> ApiResult<StatusCode> {
    let id = path.parse("nmlsId", NmlsId::parse)?;
    let users = users_of(&state, &id).await?;
    let list: Vec<CompanyUser> = users.iter().map(|(u, _)| u.clone()).collect();
    let (current, version) = target(&users, path.get("userId")?).await?;
    let removed = company_user::remove(&list, &p, &current)?;
    let company = load_company(&state, &id).await?;
    let now = state.now();
    let details = serde_json::json!({ "userId": removed.user_id, "email": removed.person.email });
    state
        .table
        .transact(vec![
            user_write(&removed, version + 1)?,
            touch(&company, now)?,
            history(&id, Actor::from(&p), "user_removed", details, now)?,
        ])
        .await?;
    state.callers.forget_memberships(removed.email());
    Ok(StatusCode::NO_CONTENT)
}

/// Replaces the SA Contact and the Complaints Contact.
#[utoipa::path(put, path = "/companies/{nmlsId}/contacts", tag = "company users", operation_id = "put_company_contacts",
    params(("nmlsId" = String, Path, example = "900001")),
    request_body(content = serde_json::Value, description = "{ \"saContact\": Person, \"complaintsContact\": Person }"),
    responses((status = 200, description = "Company"), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn put_contacts(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    let id = path.parse("nmlsId", NmlsId::parse)?;
    let users = users_of(&state, &id).await?;
    let list: Vec<CompanyUser> = users.into_iter().map(|(u, _)| u).collect();
    if !(p.is_company_user() && p.email_verified && p.email.as_ref().is_some_and(|e| company_user::is_admin(&list, e)))
    {
        return Err(CompanyUsersRefused::NotAnAdmin.into());
    }
    let contacts = Confirmation::from_json(&body)?;
    let company = load_company(&state, &id).await?;
    let now = state.now();
    let changed = Company {
        sa_contact: Some(contacts.sa_contact),
        complaints_contact: Some(contacts.complaints_contact),
        updated_at: now,
        version: company.version + 1,
        ..company
    };
    let details =
        serde_json::json!({ "saContact": changed.sa_contact, "complaintsContact": changed.complaints_contact });
    state
        .table
        .transact(vec![
            versioned(company_item(&changed)?),
            history(
                &id,
                Actor::from(&p),
                ses_domain::history::company_action::CONTACTS_CHANGED,
                details,
                now,
            )?,
        ])
        .await?;
    Ok(Json(changed.view(now)).into_response())
}
