//! `GET /me`: who the caller is, as SES sees them. An agency user's sign-in is recorded (at
//! most every 15 minutes per process) so their agency can choose among its staff.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use ses_domain::{Actor, CompanyUser, CompanyUserStatus, HistoryEvent, PrincipalType, SeenAgencyUser};
use ses_edge::{ApiResult, AppState, Caller};
use ses_store::layout::{company_history_item, company_user_item, company_user_key};
use ses_store::{Condition, Write};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use time::OffsetDateTime;

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MyCompany {
    pub nmls_id: String,
    pub name: String,
    pub admin: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    pub sub: String,
    pub email: Option<String>,
    pub name: String,
    /// `agency`, `company`, `csbs` or `service`.
    #[serde(rename = "type")]
    #[schema(value_type = String)]
    pub kind: PrincipalType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency_id: Option<String>,
    #[schema(value_type = Vec<String>)]
    pub roles: Vec<&'static str>,
    pub companies: Vec<MyCompany>,
}

/// Sightings this process has written recently, so `/me` does not write on every call.
fn recent() -> &'static Mutex<HashMap<String, SeenAgencyUser>> {
    static RECENT: OnceLock<Mutex<HashMap<String, SeenAgencyUser>>> = OnceLock::new();
    RECENT.get_or_init(|| Mutex::new(HashMap::new()))
}

fn needs_write(next: &SeenAgencyUser) -> bool {
    let Ok(map) = recent().lock() else {
        return true;
    };
    map.get(&next.sub).is_none_or(|prev| prev.needs_update(next))
}

fn remember(next: SeenAgencyUser) {
    if let Ok(mut map) = recent().lock() {
        map.insert(next.sub.clone(), next);
    }
}

/// The first sign-in with an invited user's email makes them active (and says so in the
/// company's history). The read of each link guards against a removal made meanwhile.
async fn activate_invited(
    state: &AppState,
    p: &ses_domain::Principal,
    links: &[CompanyUser],
    now: OffsetDateTime,
) -> ApiResult<()> {
    for link in links.iter().filter(|u| u.status == CompanyUserStatus::Invited) {
        let key = company_user_key(&link.nmls_id, &link.user_id);
        let Some(item) = state.table.get(&key).await? else {
            continue;
        };
        let current: CompanyUser = item.entity()?;
        if current.status != CompanyUserStatus::Invited {
            continue;
        }
        let active = CompanyUser {
            status: CompanyUserStatus::Active,
            ..current
        };
        let event = HistoryEvent {
            event_id: ses_services::ids::ordered_id(),
            at: now,
            actor: Actor::from(p),
            action: "user_activated".into(),
            details: serde_json::json!({ "userId": active.user_id, "email": active.person.email }),
        };
        let writes = vec![
            Write::put(
                company_user_item(&active, item.version + 1)?,
                Condition::VersionIs(item.version),
            ),
            company_history_item(&active.nmls_id, &event)?,
        ];
        match state.table.transact(writes).await {
            Ok(()) | Err(ses_store::StoreError::ConditionFailed { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        if let Some(email) = &p.email {
            state.callers.forget_memberships(email);
        }
    }
    Ok(())
}

/// Who the caller is: identity, roles, agency and companies.
#[utoipa::path(get, path = "/me", tag = "identity",
    responses((status = 200, body = crate::me::Me)),
    security(("bearer" = [])))]
pub async fn me(State(state): State<AppState>, Caller(p): Caller) -> ApiResult<Json<Me>> {
    let now: OffsetDateTime = state.now();
    if let Some(sighting) = SeenAgencyUser::sighting(&p, now) {
        if needs_write(&sighting) {
            state
                .table
                .transact(vec![crate::agencies::sighting_write(&sighting)?])
                .await?;
            remember(sighting);
        }
    }
    let links = state.memberships(&p).await?;
    activate_invited(&state, &p, &links, now).await?;
    let companies = links
        .iter()
        .map(|u| MyCompany {
            nmls_id: u.nmls_id.to_string(),
            name: u.company_name.clone(),
            admin: u.admin,
        })
        .collect();
    Ok(Json(Me {
        sub: p.sub.clone(),
        email: p.email.as_ref().map(|e| e.to_string()),
        name: p.name.clone(),
        kind: p.kind,
        agency_id: p.agency.as_ref().map(|a| a.to_string()),
        roles: p.roles.iter().map(|r| r.as_str()).collect(),
        companies,
    }))
}
