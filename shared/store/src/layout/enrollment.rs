//! Where enrollments live: under their company, listed per agency, indexed by expiry while
//! pending, and reached from their link's token (stored as its hash only).

use crate::item::{Index, Item, Key};
use crate::layout::{company_partition, data, Entity};
use crate::table::{Condition, Write};
use crate::StoreError;
use ses_domain::{AgencyCode, EnrollmentId, NmlsId};

pub const ENROLLMENT_PREFIX: &str = "ENROLLMENT#";
pub const ENROLLMENTS_PENDING: &str = "ENROLLMENT#PENDING";

/// An enrollment as stored: the enrollment and the hash of its current link's token.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrollmentRecord {
    pub enrollment: ses_domain::Enrollment,
    pub token_hash: String,
}

pub fn enrollment_key(nmls_id: &NmlsId, enrollment_id: &EnrollmentId) -> Key {
    Key::new(
        company_partition(nmls_id),
        format!("{ENROLLMENT_PREFIX}{enrollment_id}"),
    )
}

pub fn agency_enrollments_partition(agency: &AgencyCode) -> String {
    format!("AGENCYENROLLMENTS#{agency}")
}

impl Entity for EnrollmentRecord {
    const KIND: &'static str = "enrollment";
    fn primary_key(&self) -> Key {
        enrollment_key(&self.enrollment.nmls_id, &self.enrollment.enrollment_id)
    }
}

pub fn enrollment_item(r: &EnrollmentRecord) -> Result<Item, StoreError> {
    let e = &r.enrollment;
    let mut item = Item::new(r.primary_key(), EnrollmentRecord::KIND, e.version, data(r)?).with_index(
        Index::Gsi2,
        agency_enrollments_partition(&e.agency_id),
        e.enrollment_id.to_string(),
    );
    if e.status == ses_domain::EnrollmentStatus::Pending {
        // Fixed-width epoch seconds sort as time does (RFC 3339 with varying fractions does not).
        item = item.with_index(
            Index::Gsi1,
            ENROLLMENTS_PENDING,
            format!("{:012}#{}", e.expires_at.unix_timestamp(), e.enrollment_id),
        );
    }
    Ok(item)
}

/// The kind of a link token's item (kept apart from the enrollment: it is found by the hash).
pub const ENROLLMENT_TOKEN_KIND: &str = "enrollment_token";

pub fn enrollment_token_key(token_hash: &str) -> Key {
    Key::new(format!("ENROLLTOKEN#{token_hash}"), "TOKEN")
}

/// Where a link's token leads.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrollmentToken {
    pub nmls_id: NmlsId,
    pub enrollment_id: EnrollmentId,
}

/// The token item, kept a month past the link's expiry (then removed by TTL).
pub fn enrollment_token_item(
    token_hash: &str,
    t: &EnrollmentToken,
    expires_at: time::OffsetDateTime,
) -> Result<Write, StoreError> {
    let ttl = (expires_at + time::Duration::days(30)).unix_timestamp();
    let item = Item::new(enrollment_token_key(token_hash), ENROLLMENT_TOKEN_KIND, 1, data(t)?).with_ttl(ttl);
    Ok(Write::put(item, Condition::NotExists))
}
