//! Where the directory lives in the single table: agencies with the users SES has seen, companies
//! with their users and history (access patterns: `shared/store/ACCESS_PATTERNS.md`).

use crate::item::{Index, Item, Key};
use crate::layout::{data, Entity};
use crate::table::{Condition, Write};
use crate::StoreError;
use ses_domain::{Agency, AgencyCode, Company, CompanyUser, Email, HistoryEvent, NmlsId, SeenAgencyUser, UserId};

pub fn agency_key(id: &AgencyCode) -> Key {
    Key::new(agency_partition(id), "AGENCY")
}

impl Entity for Agency {
    const KIND: &'static str = "agency";
    fn primary_key(&self) -> Key {
        agency_key(&self.agency_id)
    }
}

pub fn agency_item(a: &Agency) -> Result<Item, StoreError> {
    Ok(Item::new(a.primary_key(), Agency::KIND, a.version, data(a)?))
}

pub fn seen_agency_user_key(agency: &AgencyCode, sub: &str) -> Key {
    Key::new(agency_partition(agency), format!("{USER_PREFIX}{sub}"))
}

impl Entity for SeenAgencyUser {
    const KIND: &'static str = "agency_user";
    fn primary_key(&self) -> Key {
        seen_agency_user_key(&self.agency_id, &self.sub)
    }
}

pub fn seen_agency_user_item(u: &SeenAgencyUser) -> Result<Item, StoreError> {
    Ok(Item::new(u.primary_key(), SeenAgencyUser::KIND, 1, data(u)?))
}

pub const USER_PREFIX: &str = "USER#";
/// A company's users sort right after the company (`sk=COMPANY`), so one query with the
/// prefix `COMPANY` reads the company with its users.
pub const COMPANY_USER_PREFIX: &str = "COMPANY#USER#";
pub const HISTORY_PREFIX: &str = "HISTORY#";
/// The kind of a company history event's item.
pub const COMPANY_HISTORY_KIND: &str = "history";

pub fn agency_partition(id: &AgencyCode) -> String {
    format!("AGENCY#{id}")
}

pub fn company_partition(id: &NmlsId) -> String {
    format!("COMPANY#{id}")
}

/// The sort key of a company's own item; its users sort right after it.
pub const COMPANY_SK: &str = "COMPANY";
/// The index sort key prefix of a user's company links (`gsi1sk=COMPANY#{nmlsId}`).
pub const USER_COMPANY_PREFIX: &str = "COMPANY#";

pub fn company_key(id: &NmlsId) -> Key {
    Key::new(company_partition(id), COMPANY_SK)
}

pub const COMPANY_NAME_INDEX: &str = "COMPANYNAME";
pub const COMPANY_ID_INDEX: &str = "COMPANYID";

impl Entity for Company {
    const KIND: &'static str = "company";
    fn primary_key(&self) -> Key {
        company_key(&self.nmls_id)
    }
}

pub fn company_item(c: &Company) -> Result<Item, StoreError> {
    Ok(Item::new(c.primary_key(), Company::KIND, c.version, data(c)?)
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
        COMPANY_HISTORY_KIND,
        1,
        data(event)?,
    );
    Ok(Write::put(item, Condition::NotExists))
}

pub fn user_email_partition(email: &Email) -> String {
    format!("USEREMAIL#{email}")
}

pub fn company_user_key(nmls_id: &NmlsId, user_id: &UserId) -> Key {
    Key::new(company_partition(nmls_id), format!("{COMPANY_USER_PREFIX}{user_id}"))
}

impl Entity for CompanyUser {
    const KIND: &'static str = "company_user";
    fn primary_key(&self) -> Key {
        company_user_key(&self.nmls_id, &self.user_id)
    }
}

pub fn company_user_item(u: &CompanyUser, version: u64) -> Result<Item, StoreError> {
    Ok(
        Item::new(u.primary_key(), CompanyUser::KIND, version, data(u)?).with_index(
            Index::Gsi1,
            user_email_partition(u.email()),
            format!("{USER_COMPANY_PREFIX}{}", u.nmls_id),
        ),
    )
}
