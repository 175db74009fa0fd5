//! `GET /me`: who the caller is, as SES sees them. An agency user's sign-in is recorded (at
//! most every 15 minutes per process) so their agency can choose among its staff.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use ses_domain::{PrincipalType, SeenAgencyUser};
use ses_edge::{ApiResult, AppState, Caller};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use time::OffsetDateTime;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MyCompany {
    pub nmls_id: String,
    pub name: String,
    pub admin: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    pub sub: String,
    pub email: Option<String>,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: PrincipalType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency_id: Option<String>,
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

/// Who the caller is: identity, roles, agency and companies.
#[utoipa::path(get, path = "/me", tag = "identity",
    responses((status = 200, body = crate::schema::Me), (status = 401, body = crate::schema::Problem)),
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
    let companies = state
        .memberships(&p)
        .await?
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
