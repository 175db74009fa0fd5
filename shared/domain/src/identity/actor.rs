//! `Actor`: who did something, as recorded in resources and history.

use crate::{AgencyCode, Principal};
use serde::{Deserialize, Serialize};

/// Who did something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    pub sub: String,
    #[serde(default)]
    pub email: Option<String>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub agency_id: Option<AgencyCode>,
}

impl From<&Principal> for Actor {
    fn from(p: &Principal) -> Actor {
        Actor {
            sub: p.sub.clone(),
            email: p.email.as_ref().map(|e| e.to_string()),
            name: p.name.clone(),
            agency_id: p.agency.clone(),
        }
    }
}
