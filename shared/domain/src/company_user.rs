//! `CompanyUser`: a person linked to a company in SES (the link is SES data, not a token
//! claim), made by enrollment and kept by the company's admins.

use crate::{Actor, Email, NmlsId, Person};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompanyUserStatus {
    Invited,
    Active,
    Removed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanyUser {
    pub user_id: String,
    pub nmls_id: NmlsId,
    /// The company's name when the link was made (shown in `/me`).
    #[serde(default)]
    pub company_name: String,
    #[serde(flatten)]
    pub person: Person,
    pub admin: bool,
    pub status: CompanyUserStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub added_at: OffsetDateTime,
    pub added_by: Actor,
}

impl CompanyUser {
    /// Whether this link lets the person act for the company.
    pub fn is_current(&self) -> bool {
        self.status != CompanyUserStatus::Removed
    }

    pub fn email(&self) -> &Email {
        &self.person.email
    }
}
