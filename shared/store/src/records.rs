//! The single-table layout: which key and index each entity lives under. Every access
//! pattern of the system is listed here with the key that serves it (no scans).
//!
//! | access pattern | key / index |
//! |---|---|
//! | agency by code | `pk=AGENCY#{code}`, `sk=AGENCY` |
//! | agency users seen through `/me` | `pk=AGENCY#{code}`, `sk` prefix `USER#` |
//! | company by NMLS ID | `pk=COMPANY#{nmlsId}`, `sk=COMPANY` |
//! | directory search by name prefix | `gsi1pk=COMPANYNAME`, `gsi1sk` prefix `{folded name}` (`#{nmlsId}` appended) |
//! | directory search by NMLS ID (prefix) | `gsi2pk=COMPANYID`, `gsi2sk` prefix `{nmlsId}` |
//! | a company's users | `pk=COMPANY#{nmlsId}`, `sk` prefix `COMPANY#USER#` |
//! | a company with its users (complaint emails) | `pk=COMPANY#{nmlsId}`, `sk` prefix `COMPANY` |
//! | a company's history, oldest first | `pk=COMPANY#{nmlsId}`, `sk` prefix `HISTORY#` (ULID order) |
//! | companies of an email (for `/me` and access) | `gsi1pk=USEREMAIL#{email}`, `gsi1sk=COMPANY#{nmlsId}` |
//! | outbox message | `pk=OUTBOX#{messageId}`, `sk=OUTBOX` |
//! | outbox messages not yet sent, oldest first | `gsi1pk=OUTBOX#PENDING`, `gsi1sk={createdAt}#{messageId}` (removed when sent) |
//! | idempotency record | `pk=IDEMPOTENCY#{caller}#{key}`, `sk=IDEMPOTENCY`, TTL 24 h |

use crate::item::{Index, Item, Key};
use crate::table::{Condition, Write};
use crate::StoreError;
use serde::Serialize;
use ses_domain::{Agency, AgencyCode, Company, CompanyUser, Email, HistoryEvent, NmlsId, SeenAgencyUser};

fn data(v: &impl Serialize) -> Result<serde_json::Value, StoreError> {
    serde_json::to_value(v).map_err(|e| StoreError::Invalid(e.to_string()))
}

/// Writes an entity at `version`: a new one (version 1) must not exist yet; a later
/// version must replace exactly the version before it.
pub fn versioned(item: Item) -> Write {
    let condition = if item.version <= 1 {
        Condition::NotExists
    } else {
        Condition::VersionIs(item.version - 1)
    };
    Write::put(item, condition)
}

pub fn agency_key(id: &AgencyCode) -> Key {
    Key::new(format!("AGENCY#{id}"), "AGENCY")
}

pub fn agency_item(a: &Agency) -> Result<Item, StoreError> {
    Ok(Item::new(agency_key(&a.agency_id), "agency", a.version, data(a)?))
}

pub fn seen_agency_user_key(agency: &AgencyCode, sub: &str) -> Key {
    Key::new(format!("AGENCY#{agency}"), format!("USER#{sub}"))
}

pub fn seen_agency_user_item(u: &SeenAgencyUser) -> Result<Item, StoreError> {
    Ok(Item::new(
        seen_agency_user_key(&u.agency_id, &u.sub),
        "agency_user",
        1,
        data(u)?,
    ))
}

pub const USER_PREFIX: &str = "USER#";
/// A company's users sort right after the company (`sk=COMPANY`), so one query with the
/// prefix `COMPANY` reads the company with its users.
pub const COMPANY_USER_PREFIX: &str = "COMPANY#USER#";
pub const HISTORY_PREFIX: &str = "HISTORY#";

pub fn agency_partition(id: &AgencyCode) -> String {
    format!("AGENCY#{id}")
}

pub fn company_partition(id: &NmlsId) -> String {
    format!("COMPANY#{id}")
}

pub fn company_key(id: &NmlsId) -> Key {
    Key::new(company_partition(id), "COMPANY")
}

pub const COMPANY_NAME_INDEX: &str = "COMPANYNAME";
pub const COMPANY_ID_INDEX: &str = "COMPANYID";

pub fn company_item(c: &Company) -> Result<Item, StoreError> {
    Ok(Item::new(company_key(&c.nmls_id), "company", c.version, data(c)?)
        .with_index(
            Index::Gsi1,
            COMPANY_NAME_INDEX,
            format!("{}#{}", Company::search_key(&c.name), c.nmls_id),
        )
        .with_index(Index::Gsi2, COMPANY_ID_INDEX, c.nmls_id.to_string()))
}

pub fn company_history_item(nmls_id: &NmlsId, event: &HistoryEvent) -> Result<Write, StoreError> {
    let item = Item::new(
        Key::new(
            company_partition(nmls_id),
            format!("{HISTORY_PREFIX}{}", event.event_id),
        ),
        "history",
        1,
        data(event)?,
    );
    Ok(Write::put(item, Condition::NotExists))
}

pub fn user_email_partition(email: &Email) -> String {
    format!("USEREMAIL#{email}")
}

pub fn company_user_item(u: &CompanyUser, version: u64) -> Result<Item, StoreError> {
    Ok(Item::new(
        Key::new(
            company_partition(&u.nmls_id),
            format!("{COMPANY_USER_PREFIX}{}", u.user_id),
        ),
        "company_user",
        version,
        data(u)?,
    )
    .with_index(
        Index::Gsi1,
        user_email_partition(u.email()),
        format!("COMPANY#{}", u.nmls_id),
    ))
}

pub fn outbox_key(message_id: &str) -> Key {
    Key::new(format!("OUTBOX#{message_id}"), "OUTBOX")
}

pub const OUTBOX_PENDING: &str = "OUTBOX#PENDING";

pub fn idempotency_key(caller: &str, key: &str) -> Key {
    Key::new(format!("IDEMPOTENCY#{caller}#{key}"), "IDEMPOTENCY")
}

// ---------------------------------------------------------------- enrollment
//
// | a company's enrollments, newest first | `pk=COMPANY#{nmlsId}`, `sk` prefix `ENROLLMENT#` (ULIDs) |
// | an agency's enrollments, newest first | `gsi2pk=AGENCYENROLLMENTS#{code}`, `gsi2sk={enrollmentId}` |
// | pending enrollments by expiry (the daily job) | `gsi1pk=ENROLLMENT#PENDING`, `gsi1sk={expiry, epoch seconds, 12 digits}#{enrollmentId}` (while pending) |
// | an enrollment by its link's token | `pk=ENROLLTOKEN#{sha256(token)}`, `sk=TOKEN` (TTL) |

pub const ENROLLMENT_PREFIX: &str = "ENROLLMENT#";
pub const ENROLLMENTS_PENDING: &str = "ENROLLMENT#PENDING";

/// An enrollment as stored: the enrollment and the hash of its current link's token.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrollmentRecord {
    pub enrollment: ses_domain::Enrollment,
    pub token_hash: String,
}

pub fn enrollment_key(nmls_id: &NmlsId, enrollment_id: &str) -> Key {
    Key::new(
        company_partition(nmls_id),
        format!("{ENROLLMENT_PREFIX}{enrollment_id}"),
    )
}

pub fn agency_enrollments_partition(agency: &AgencyCode) -> String {
    format!("AGENCYENROLLMENTS#{agency}")
}

pub fn enrollment_item(r: &EnrollmentRecord) -> Result<Item, StoreError> {
    let e = &r.enrollment;
    let mut item = Item::new(
        enrollment_key(&e.nmls_id, &e.enrollment_id),
        "enrollment",
        e.version,
        data(r)?,
    )
    .with_index(
        Index::Gsi2,
        agency_enrollments_partition(&e.agency_id),
        e.enrollment_id.clone(),
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

pub fn enrollment_token_key(token_hash: &str) -> Key {
    Key::new(format!("ENROLLTOKEN#{token_hash}"), "TOKEN")
}

/// Where a link's token leads.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrollmentToken {
    pub nmls_id: NmlsId,
    pub enrollment_id: String,
}

/// The token item, kept a month past the link's expiry (then removed by TTL).
pub fn enrollment_token_item(
    token_hash: &str,
    t: &EnrollmentToken,
    expires_at: time::OffsetDateTime,
) -> Result<Write, StoreError> {
    let ttl = (expires_at + time::Duration::days(30)).unix_timestamp();
    let item = Item::new(enrollment_token_key(token_hash), "enrollment_token", 1, data(t)?).with_ttl(ttl);
    Ok(Write::put(item, Condition::NotExists))
}
