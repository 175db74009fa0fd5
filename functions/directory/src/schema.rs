//! The wire shapes of the directory routes as OpenAPI schemas. The handlers answer with the
//! domain types themselves; these mirror them for the document (a test checks that answers
//! carry every field named here).

#![allow(dead_code)]

use serde::Serialize;
use utoipa::ToSchema;

pub use ses_domain::{Contact, Person};
pub use ses_edge::problem::Problem;

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgencyBody {
    #[schema(example = "Texas Department of Banking")]
    pub name: String,
    /// The two-letter state of the agency code.
    #[schema(example = "TX")]
    pub state: String,
    pub primary_contact: Option<Contact>,
    pub secondary_contact: Option<Contact>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgencyContactsBody {
    pub primary_contact: Option<Contact>,
    pub secondary_contact: Option<Contact>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Agency {
    #[schema(example = "TX-DOB")]
    pub agency_id: String,
    pub name: String,
    pub state: String,
    pub primary_contact: Option<Contact>,
    pub secondary_contact: Option<Contact>,
    pub updated_at: String,
    /// Send it back in `If-Match` to guard a change.
    pub version: u64,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CompanyBody {
    #[schema(example = "Lone Star Lending LLC")]
    pub name: String,
    pub nmls_contact: Option<Contact>,
    pub nmls_complaints_contact: Option<Contact>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CompanyEnrollmentStatus {
    NotEnrolled,
    Pending,
    Enrolled,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Company {
    #[schema(example = "1234567")]
    pub nmls_id: String,
    pub name: String,
    pub nmls_contact: Option<Contact>,
    pub nmls_complaints_contact: Option<Contact>,
    pub enrollment_status: CompanyEnrollmentStatus,
    pub sa_contact: Option<Person>,
    pub complaints_contact: Option<Person>,
    pub enrolled_at: Option<String>,
    pub enrolled_by_agency_id: Option<String>,
    pub updated_at: String,
    pub version: u64,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CompanyPage {
    pub items: Vec<Company>,
    pub next_cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MyCompany {
    pub nmls_id: String,
    pub name: String,
    pub admin: bool,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    pub sub: String,
    pub email: Option<String>,
    pub name: String,
    /// `agency`, `company`, `csbs` or `service`.
    #[serde(rename = "type")]
    pub kind: String,
    pub agency_id: Option<String>,
    pub roles: Vec<String>,
    pub companies: Vec<MyCompany>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgencyUser {
    pub sub: String,
    pub email: String,
    pub name: String,
    pub roles: Vec<String>,
    pub last_seen_at: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgencyUserPage {
    pub items: Vec<AgencyUser>,
    pub next_cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: String,
    pub version: String,
}
