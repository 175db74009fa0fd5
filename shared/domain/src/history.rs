//! `HistoryEvent`: one entry of a resource's append-only history (who, when, what).

use crate::Actor;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

/// One entry of an append-only history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HistoryEvent {
    pub event_id: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub at: OffsetDateTime,
    pub actor: Actor,
    #[cfg_attr(feature = "openapi", schema(example = "enrollment_started"))]
    pub action: String,
    pub details: Value,
}

/// The actions of a company's history (API.md, `GET /companies/{nmlsId}/history`).
pub mod company_action {
    pub const DIRECTORY_UPDATED: &str = "directory_updated";
    pub const CONTACTS_CHANGED: &str = "contacts_changed";
}
