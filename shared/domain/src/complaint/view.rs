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

// `Complaint` as answered.
/// A complaint. To a company user it leaves out the consumer's email and phone, the desired resolution, the assignee and the sharing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ComplaintView {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub complaint_id: ComplaintId,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "TX-DOB-2026-000123"))]
    pub complaint_number: ComplaintNumber,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub agency_id: AgencyCode,
    pub company_name: String,
    #[serde(flatten)]
    pub details: NewComplaint,
    pub status: ComplaintStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Actor>))]
    pub assignee: Option<Option<Actor>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
    pub days_open: i64,
    /// Whether an open information request is past its due date.
    pub overdue: bool,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub updated_at: OffsetDateTime,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<String>>))]
    pub shared_with: Option<Vec<AgencyCode>>,
    /// True when the caller's agency is not the owner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared: Option<bool>,
    /// Send it back in `If-Match` to guard a command.
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

// `ComplaintSummary` as answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ComplaintSummary {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub complaint_id: ComplaintId,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub complaint_number: ComplaintNumber,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub agency_id: AgencyCode,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub nmls_id: NmlsId,
    pub company_name: String,
    pub status: ComplaintStatus,
    pub product: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub received_on: Date,
    pub days_open: i64,
    pub overdue: bool,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub updated_at: OffsetDateTime,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Actor>))]
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

/// `Complaint` in the OpenAPI document: [`ComplaintView`] with its details flattened into one
/// object, as they are on the wire (a derived schema would compose them with `allOf`).
#[cfg(feature = "openapi")]
pub struct ComplaintSchema;

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for ComplaintSchema {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::Schema;
        use utoipa::openapi::RefOr;
        let RefOr::T(Schema::AllOf(view)) = <ComplaintView as utoipa::PartialSchema>::schema() else {
            return <ComplaintView as utoipa::PartialSchema>::schema();
        };
        let mut flat: Option<utoipa::openapi::schema::Object> = None;
        let details = <NewComplaint as utoipa::PartialSchema>::schema();
        // The view's own fields come last in `allOf`; the details go right after `companyName`.
        let own = view.items.into_iter().rev().find_map(|part| match part {
            RefOr::T(Schema::Object(o)) => Some(o),
            _ => None,
        });
        if let (Some(mut own), RefOr::T(Schema::Object(details))) = (own, details) {
            let mut properties = utoipa::openapi::schema::Object::new().properties;
            for (name, property) in std::mem::take(&mut own.properties) {
                let after_company = name == "companyName";
                properties.insert(name, property);
                if after_company {
                    properties.extend(details.properties.clone());
                }
            }
            own.properties = properties;
            let at = own
                .required
                .iter()
                .position(|r| r == "companyName")
                .map_or(0, |i| i + 1);
            own.required.splice(at..at, details.required.clone());
            own.description = view.description.clone();
            flat = Some(own);
        }
        match flat {
            Some(o) => RefOr::T(Schema::Object(o)),
            None => <ComplaintView as utoipa::PartialSchema>::schema(),
        }
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for ComplaintSchema {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("Complaint")
    }

    fn schemas(schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>) {
        <ComplaintView as utoipa::ToSchema>::schemas(schemas);
    }
}
