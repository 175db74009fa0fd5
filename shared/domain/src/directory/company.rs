//! `Company`: an entry of the company directory (reference data from NMLS), with its SES
//! enrollment state and designated contacts. Its command here is the directory update
//! (`PUT /companies/{nmlsId}`), which never touches the enrollment fields.

use crate::values::ids::EnrollmentId;
use crate::values::invalid::{Invalid, Reader};
use crate::values::text::single_line;
use crate::{AgencyCode, Contact, NmlsId, Person};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CompanyEnrollmentStatus {
    NotEnrolled,
    Pending,
    Enrolled,
}

/// The company's pending enrollment, so its status can be read without loading it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingEnrollment {
    pub enrollment_id: EnrollmentId,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Company {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "1234567"))]
    pub nmls_id: NmlsId,
    pub name: String,
    pub nmls_contact: Option<Contact>,
    pub nmls_complaints_contact: Option<Contact>,
    pub enrollment_status: CompanyEnrollmentStatus,
    pub sa_contact: Option<Person>,
    pub complaints_contact: Option<Person>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub enrolled_at: Option<OffsetDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub enrolled_by_agency_id: Option<AgencyCode>,
    /// Stored, and answered while pending, but not part of API.md's `Company`: left out of
    /// the document until the answers match the contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub pending_enrollment: Option<PendingEnrollment>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub updated_at: OffsetDateTime,
    pub version: u64,
}

/// The body of `PUT /companies/{nmlsId}`, as an NMLS feed would send it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = CompanyBody, rename_all = "camelCase"))]
pub struct DirectoryEntry {
    #[cfg_attr(feature = "openapi", schema(example = "Lone Star Lending LLC"))]
    pub name: String,
    pub nmls_contact: Option<Contact>,
    pub nmls_complaints_contact: Option<Contact>,
}

impl DirectoryEntry {
    pub const NAME_MAX: usize = 200;

    pub fn from_json(body: &Value) -> Result<DirectoryEntry, Invalid> {
        let mut r = Reader::root(body);
        let name = r.parse("name", |s| single_line(s, Self::NAME_MAX));
        let contact = Contact::read_nullable(&mut r, "nmlsContact");
        let complaints = Contact::read_nullable(&mut r, "nmlsComplaintsContact");
        r.finish_with(|| {
            Some(DirectoryEntry {
                name: name?,
                nmls_contact: contact?,
                nmls_complaints_contact: complaints?,
            })
        })
    }
}

/// What the directory update decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyChange {
    pub company: Company,
    pub created: bool,
    /// Whether anything of the directory entry changed (for the company's history).
    pub changed: bool,
}

impl Company {
    /// Adds a company to the directory or replaces its directory entry; enrollment state,
    /// SA Contact and Complaints Contact are kept.
    pub fn update_directory(
        nmls_id: NmlsId,
        entry: DirectoryEntry,
        existing: Option<&Company>,
        now: OffsetDateTime,
    ) -> CompanyChange {
        let company = match existing {
            Some(c) => Company {
                name: entry.name,
                nmls_contact: entry.nmls_contact,
                nmls_complaints_contact: entry.nmls_complaints_contact,
                updated_at: now,
                version: c.version + 1,
                ..c.clone()
            },
            None => Company {
                nmls_id,
                name: entry.name,
                nmls_contact: entry.nmls_contact,
                nmls_complaints_contact: entry.nmls_complaints_contact,
                enrollment_status: CompanyEnrollmentStatus::NotEnrolled,
                sa_contact: None,
                complaints_contact: None,
                enrolled_at: None,
                enrolled_by_agency_id: None,
                pending_enrollment: None,
                updated_at: now,
                version: 1,
            },
        };
        let changed = existing.is_none_or(|c| {
            c.name != company.name
                || c.nmls_contact != company.nmls_contact
                || c.nmls_complaints_contact != company.nmls_complaints_contact
        });
        CompanyChange {
            company,
            created: existing.is_none(),
            changed,
        }
    }

    /// The enrollment status as of `now`: a pending enrollment past its expiry no longer counts.
    pub fn status_at(&self, now: OffsetDateTime) -> CompanyEnrollmentStatus {
        match (&self.enrollment_status, &self.pending_enrollment) {
            (CompanyEnrollmentStatus::Pending, Some(p)) if now >= p.expires_at => CompanyEnrollmentStatus::NotEnrolled,
            (status, _) => *status,
        }
    }

    /// The company as a caller sees it now.
    pub fn view(&self, now: OffsetDateTime) -> Company {
        let status = self.status_at(now);
        Company {
            enrollment_status: status,
            pending_enrollment: if status == CompanyEnrollmentStatus::Pending {
                self.pending_enrollment.clone()
            } else {
                None
            },
            ..self.clone()
        }
    }

    /// The key the directory is searched by: the name folded to lower case, spaces collapsed.
    pub fn search_key(name: &str) -> String {
        name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use time::macros::datetime;

    #[test]
    fn a_directory_update_keeps_the_enrollment() {
        let id = NmlsId::parse("1234").unwrap();
        let entry = DirectoryEntry::from_json(
            &json!({ "name": "Lone Star Lending", "nmlsContact": null, "nmlsComplaintsContact": null }),
        )
        .unwrap();
        let mut first =
            Company::update_directory(id.clone(), entry.clone(), None, datetime!(2026-01-01 0:00 UTC)).company;
        first.enrollment_status = CompanyEnrollmentStatus::Enrolled;
        let renamed = DirectoryEntry {
            name: "Lone Star Lending LLC".into(),
            ..entry.clone()
        };
        let change = Company::update_directory(id.clone(), renamed, Some(&first), datetime!(2026-01-02 0:00 UTC));
        assert!(change.changed && !change.created);
        assert_eq!(change.company.enrollment_status, CompanyEnrollmentStatus::Enrolled);
        assert_eq!(change.company.version, 2);
        let same = Company::update_directory(
            id,
            DirectoryEntry {
                name: "Lone Star Lending LLC".into(),
                ..entry
            },
            Some(&change.company),
            datetime!(2026-01-03 0:00 UTC),
        );
        assert!(!same.changed);
    }

    #[test]
    fn search_key_folds_case_and_spaces() {
        assert_eq!(Company::search_key("  Lone   Star Lending "), "lone star lending");
    }

    #[test]
    fn a_name_is_required() {
        let err = DirectoryEntry::from_json(&json!({ "nmlsContact": { "name": "A B", "email": "bad" } })).unwrap_err();
        let fields: Vec<_> = err.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "nmlsContact.email", "nmlsComplaintsContact"]);
    }
}
