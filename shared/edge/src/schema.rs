//! OpenAPI schemas of the shapes every function shares (API.md "Conventions"). The handlers
//! answer with the domain types; these describe them for the document.

#![allow(dead_code)]

use serde::Serialize;
use utoipa::ToSchema;

/// Reference data from NMLS or CSBS.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    #[schema(example = "Ana Ruiz")]
    pub name: String,
    #[schema(example = "ana.ruiz@dob.texas.example")]
    pub email: String,
    /// E.164; a US national number is accepted and normalised.
    #[schema(example = "+15125550142")]
    pub phone: Option<String>,
}

/// Someone SES emails.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// E.164; a US national number is accepted and normalised.
    #[schema(example = "+15125550142")]
    pub phone: String,
}

/// Who did something.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    pub sub: String,
    pub email: Option<String>,
    pub name: String,
    pub agency_id: Option<String>,
}

/// One entry of an append-only history.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEvent {
    pub event_id: String,
    pub at: String,
    pub actor: Actor,
    #[schema(example = "enrollment_started")]
    pub action: String,
    pub details: serde_json::Value,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HistoryPage {
    pub items: Vec<HistoryEvent>,
    pub next_cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FieldError {
    /// A dotted path such as `primaryContact.email` or `learners[3].email`.
    pub field: String,
    pub message: String,
}

/// RFC 9457 problem details; `type` ends in one of the API's slugs.
#[derive(Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub errors: Option<Vec<FieldError>>,
}
