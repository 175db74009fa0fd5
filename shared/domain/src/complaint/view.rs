//! The complaint as answered: in full (`ComplaintView`, as each `Viewer` may see it) and as a
//! list entry (`ComplaintSummaryRecord` stored, `ComplaintSummary` answered, `ListFilter`).

use crate::complaint::input::{NewComplaint, Resolution};
use crate::complaint::status::ComplaintStatus;
use crate::complaint::{Complaint, ComplaintNumber, Viewer};
use crate::values::date::days_open;
use crate::values::ids::ComplaintId;
use crate::{Actor, AgencyCode, NmlsId};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

impl Complaint {
    /// The complaint as `viewer` may see it (API.md `Complaint`): a company user never gets
    /// the consumer's email and phone, the desired resolution, the assignee or the sharing.
    pub fn view(&self, viewer: Viewer, today: Date) -> ComplaintView {
        let company = viewer == Viewer::Company;
        let mut details = self.details.clone();
        if company {
            details.consumer.email = None;
            details.consumer.phone = None;
            details.desired_resolution = None;
        }
        ComplaintView {
            complaint_id: self.complaint_id.clone(),
            complaint_number: self.complaint_number.clone(),
            agency_id: self.agency_id.clone(),
            company_name: self.company_name.clone(),
            details,
            status: self.status,
            assignee: if company { None } else { Some(self.assignee.clone()) },
            resolution: self.resolution.clone(),
            days_open: self.days_open(today),
            overdue: self.overdue(today),
            created_at: self.created_at,
            updated_at: self.updated_at,
            shared_with: (!company).then(|| self.shares.iter().map(|s| s.agency_id.clone()).collect()),
            shared: (!company).then_some(viewer == Viewer::SharedAgency),
            version: self.version,
        }
    }

    /// The list entry of this complaint (stored under each agency that sees it).
    pub fn summary(&self) -> ComplaintSummaryRecord {
        ComplaintSummaryRecord {
            complaint_id: self.complaint_id.clone(),
            complaint_number: self.complaint_number.clone(),
            agency_id: self.agency_id.clone(),
            nmls_id: self.details.nmls_id.clone(),
            company_name: self.company_name.clone(),
            status: self.status,
            product: self.details.product.clone(),
            received_on: self.details.received_on,
            closed_on: self.closed_on,
            created_at: self.created_at,
            updated_at: self.updated_at,
            assignee: self.assignee.clone(),
            earliest_due: self.earliest_due(),
        }
    }
}

/// `Complaint` as answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ComplaintView {
    pub complaint_id: ComplaintId,
    pub complaint_number: ComplaintNumber,
    pub agency_id: AgencyCode,
    pub company_name: String,
    #[serde(flatten)]
    pub details: NewComplaint,
    pub status: ComplaintStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee: Option<Option<Actor>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
    pub days_open: i64,
    /// Whether an open information request is past its due date.
    pub overdue: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared_with: Option<Vec<AgencyCode>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared: Option<bool>,
    pub version: u64,
}

/// What a list entry holds: enough to answer `ComplaintSummary` and to filter a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComplaintSummaryRecord {
    pub complaint_id: ComplaintId,
    pub complaint_number: ComplaintNumber,
    pub agency_id: AgencyCode,
    pub nmls_id: NmlsId,
    pub company_name: String,
    pub status: ComplaintStatus,
    pub product: String,
    pub received_on: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<Date>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub assignee: Option<Actor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earliest_due: Option<Date>,
}

/// `ComplaintSummary` as answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ComplaintSummary {
    pub complaint_id: ComplaintId,
    pub complaint_number: ComplaintNumber,
    pub agency_id: AgencyCode,
    pub nmls_id: NmlsId,
    pub company_name: String,
    pub status: ComplaintStatus,
    pub product: String,
    pub received_on: Date,
    pub days_open: i64,
    pub overdue: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee: Option<Option<Actor>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared: Option<bool>,
}

/// What a list asks for, beyond the caller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub status: Option<ComplaintStatus>,
    pub nmls_id: Option<NmlsId>,
    /// `assignee=me`: the caller's `sub`.
    pub assignee: Option<String>,
    pub overdue: bool,
}

impl ComplaintSummaryRecord {
    pub fn overdue(&self, today: Date) -> bool {
        self.earliest_due.is_some_and(|d| today > d)
    }

    /// Whether the entry passes every filter (the list's index serves one of them).
    pub fn matches(&self, f: &ListFilter, today: Date) -> bool {
        f.status.is_none_or(|s| s == self.status)
            && f.nmls_id.as_ref().is_none_or(|n| n == &self.nmls_id)
            && f.assignee
                .as_ref()
                .is_none_or(|sub| self.assignee.as_ref().is_some_and(|a| &a.sub == sub))
            && (!f.overdue || self.overdue(today))
    }

    /// As `caller_agency` sees it (`None` for a company user).
    pub fn view(&self, caller_agency: Option<&AgencyCode>, today: Date) -> ComplaintSummary {
        let company = caller_agency.is_none();
        ComplaintSummary {
            complaint_id: self.complaint_id.clone(),
            complaint_number: self.complaint_number.clone(),
            agency_id: self.agency_id.clone(),
            nmls_id: self.nmls_id.clone(),
            company_name: self.company_name.clone(),
            status: self.status,
            product: self.product.clone(),
            received_on: self.received_on,
            days_open: days_open(self.received_on, today, self.closed_on),
            overdue: self.overdue(today),
            created_at: self.created_at,
            updated_at: self.updated_at,
            assignee: (!company).then(|| self.assignee.clone()),
            shared: caller_agency.map(|a| a != &self.agency_id),
        }
    }
}
