//! The wire shapes of the enrollment routes as OpenAPI schemas.

#![allow(dead_code)]

use serde::Serialize;
use ses_domain::{Actor, Person};
use utoipa::ToSchema;

/// `Person` plus an optional message to the invitee.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EnrollmentBody {
    #[schema(example = "Dana")]
    pub first_name: String,
    #[schema(example = "Fletcher")]
    pub last_name: String,
    #[schema(example = "dana.fletcher@acorn-ridge.example")]
    pub email: String,
    #[schema(example = "(469) 555-2000")]
    pub phone: String,
    /// Up to 4,000 characters, shown in the invitation.
    pub message: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnrollmentStatus {
    Pending,
    Confirmed,
    Declined,
    Expired,
    Undeliverable,
    Withdrawn,
}

/// An enrollment; the response token never appears here (only in the invitation email).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Enrollment {
    pub enrollment_id: String,
    pub nmls_id: String,
    pub agency_id: String,
    pub status: EnrollmentStatus,
    pub invitee: Person,
    pub message: Option<String>,
    pub created_by: Actor,
    pub created_at: String,
    pub expires_at: String,
    pub responded_at: Option<String>,
    pub decline_reason: Option<String>,
    pub version: u64,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EnrollmentPage {
    pub items: Vec<Enrollment>,
    pub next_cursor: Option<String>,
}
