//! `SeenAgencyUser`: an agency user SES has seen sign in (through `GET /me`), so that an
//! agency can choose among its staff (an assignee, say) without an Okta directory call.

use crate::{AgencyCode, Principal, Role};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = AgencyUser))]
#[serde(rename_all = "camelCase")]
pub struct SeenAgencyUser {
    pub sub: String,
    pub email: String,
    pub name: String,
    /// Answered, but not part of API.md's agency user: left out of the document until the
    /// answers match the contract.
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub agency_id: AgencyCode,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub roles: Vec<Role>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub last_seen_at: OffsetDateTime,
}

impl SeenAgencyUser {
    /// How long a sighting stays fresh before `GET /me` records it again.
    pub const REFRESH: Duration = Duration::minutes(15);

    /// The record of an agency user signing in now; `None` for anyone else.
    pub fn sighting(p: &Principal, now: OffsetDateTime) -> Option<SeenAgencyUser> {
        Some(SeenAgencyUser {
            sub: p.sub.clone(),
            email: p.email.as_ref()?.to_string(),
            name: p.name.clone(),
            agency_id: p.agency.clone()?,
            roles: p.roles.iter().copied().collect(),
            last_seen_at: now,
        })
    }

    /// Whether a new sighting needs writing over this record: something changed, or the
    /// record is older than `REFRESH` (so `/me` does not write on every call).
    pub fn needs_update(&self, next: &SeenAgencyUser) -> bool {
        self.email != next.email
            || self.name != next.name
            || self.roles != next.roles
            || next.last_seen_at - self.last_seen_at >= Self::REFRESH
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PrincipalType;
    use time::macros::datetime;

    #[test]
    fn a_recent_unchanged_sighting_is_not_written_again() {
        let p = Principal {
            sub: "s".into(),
            email: Some(crate::Email::parse("a@tx.gov").unwrap()),
            name: "A".into(),
            kind: PrincipalType::Agency,
            agency: Some(AgencyCode::parse("TX-DOB").unwrap()),
            roles: [Role::Examiner].into(),
            email_verified: true,
        };
        let first = SeenAgencyUser::sighting(&p, datetime!(2026-11-22 10:00 UTC)).unwrap();
        let soon = SeenAgencyUser::sighting(&p, datetime!(2026-11-22 10:05 UTC)).unwrap();
        let later = SeenAgencyUser::sighting(&p, datetime!(2026-11-22 10:20 UTC)).unwrap();
        assert!(!first.needs_update(&soon));
        assert!(first.needs_update(&later));
        let promoted = SeenAgencyUser {
            roles: vec![Role::Examiner, Role::StaffDirector],
            ..soon
        };
        assert!(first.needs_update(&promoted));
    }
}
