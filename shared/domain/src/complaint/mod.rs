//! `Complaint`: a consumer complaint an agency works with the company it is against (SPEC.md
//! §2). The aggregate holds the decisions: who sees it and how (`Viewer`), who may change it,
//! and every command, each returning the next complaint (version + 1) or a refusal. Status
//! moves go through `status::next`, so an illegal one cannot be made here either.

mod access;
pub mod document;
pub mod information_request;
pub mod input;
pub mod mail;
mod number;
mod refused;
pub mod status;
mod status_change;
mod view;
mod viewer;

pub use access::{may_file, may_list, Intent, COMPLAINT_ROLES};
pub use input::Correction;
pub use number::ComplaintNumber;
pub use refused::ComplaintRefused;
pub use status_change::StatusChange;
#[cfg(feature = "openapi")]
pub use view::ComplaintSchema;
pub use view::{ComplaintSummary, ComplaintSummaryRecord, ComplaintView, ListFilter};
pub use viewer::Viewer;

use crate::complaint::input::{NewComplaint, Resolution};
use crate::complaint::status::{next, ComplaintStatus, StatusEvent};
use crate::values::date::days_open;
use crate::values::ids::{ComplaintId, RequestId};
use crate::{Actor, AgencyCode, Company, CompanyEnrollmentStatus, NmlsId};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use time::{Date, OffsetDateTime};

/// The most agencies a complaint is shared with (each share is an index entry written with
/// every change of the complaint).
pub const MAX_SHARES: usize = 10;

/// The most information requests a complaint may have open at once.
pub const MAX_OPEN_REQUESTS: usize = 20;

/// An agency a complaint is shared with, read-only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Share {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub agency_id: AgencyCode,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub shared_at: OffsetDateTime,
    pub shared_by: Actor,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Complaint {
    pub complaint_id: ComplaintId,
    pub complaint_number: ComplaintNumber,
    pub agency_id: AgencyCode,
    pub company_name: String,
    #[serde(flatten)]
    pub details: NewComplaint,
    pub status: ComplaintStatus,
    pub assignee: Option<Actor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<Date>,
    pub created_by: Actor,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(default)]
    pub shares: Vec<Share>,
    /// The open information requests and their due dates, so the status moves and
    /// `overdue` are decided from the complaint alone.
    #[serde(default)]
    pub open_requests: BTreeMap<RequestId, Date>,
    pub version: u64,
}

/// The set of a complaint's changes one command made, for the history (`before`/`after`).
pub type Changes = BTreeMap<&'static str, (Value, Value)>;

impl Complaint {
    /// A new complaint, `received`, against an enrolled company.
    pub fn file(
        details: NewComplaint,
        company: &Company,
        agency_id: AgencyCode,
        complaint_id: ComplaintId,
        complaint_number: ComplaintNumber,
        by: Actor,
        now: OffsetDateTime,
    ) -> Result<Complaint, ComplaintRefused> {
        if company.status_at(now) != CompanyEnrollmentStatus::Enrolled {
            return Err(ComplaintRefused::CompanyNotEnrolled);
        }
        Ok(Complaint {
            complaint_id,
            complaint_number,
            agency_id,
            company_name: company.name.clone(),
            details,
            status: ComplaintStatus::Received,
            assignee: None,
            resolution: None,
            closed_on: None,
            created_by: by,
            created_at: now,
            updated_at: now,
            shares: vec![],
            open_requests: BTreeMap::new(),
            version: 1,
        })
    }

    pub fn nmls_id(&self) -> &NmlsId {
        &self.details.nmls_id
    }

    pub fn is_shared_with(&self, agency: &AgencyCode) -> bool {
        self.shares.iter().any(|s| &s.agency_id == agency)
    }

    fn touched(&self, now: OffsetDateTime) -> Complaint {
        Complaint {
            updated_at: now,
            version: self.version + 1,
            ..self.clone()
        }
    }

    fn not_closed(&self, what: &str) -> Result<(), ComplaintRefused> {
        if self.status == ComplaintStatus::Closed {
            Err(ComplaintRefused::Conflict(format!(
                "a closed complaint cannot be {what}; reopen it first"
            )))
        } else {
            Ok(())
        }
    }

    /// Corrects details; the changes hold before and after of each field that changed.
    pub fn correct(&self, c: Correction, now: OffsetDateTime) -> Result<(Complaint, Changes), ComplaintRefused> {
        self.not_closed("corrected")?;
        let mut next = self.touched(now);
        let mut changes = Changes::new();
        fn set<T: Serialize + PartialEq + Clone>(
            changes: &mut Changes,
            name: &'static str,
            slot: &mut T,
            value: Option<T>,
        ) {
            if let Some(v) = value {
                if *slot != v {
                    changes.insert(name, (json!(slot.clone()), json!(v.clone())));
                    *slot = v;
                }
            }
        }
        let d = &mut next.details;
        set(&mut changes, "consumer", &mut d.consumer, c.consumer);
        set(&mut changes, "product", &mut d.product, c.product);
        set(&mut changes, "issue", &mut d.issue, c.issue);
        set(&mut changes, "narrative", &mut d.narrative, c.narrative);
        set(&mut changes, "receivedOn", &mut d.received_on, c.received_on);
        set(&mut changes, "channel", &mut d.channel, c.channel);
        set(
            &mut changes,
            "desiredResolution",
            &mut d.desired_resolution,
            c.desired_resolution.map(Some),
        );
        Ok((next, changes))
    }

    /// Assigns the complaint to an examiner of the agency (checked by the caller).
    pub fn assign(&self, assignee: Actor, now: OffsetDateTime) -> Result<Complaint, ComplaintRefused> {
        self.not_closed("assigned")?;
        let mut next = self.touched(now);
        next.assignee = Some(assignee);
        Ok(next)
    }

    /// An information request is sent.
    pub fn request_sent(
        &self,
        request_id: &RequestId,
        due_on: Date,
        now: OffsetDateTime,
    ) -> Result<Complaint, ComplaintRefused> {
        if self.open_requests.len() >= MAX_OPEN_REQUESTS {
            return Err(ComplaintRefused::Conflict(format!(
                "a complaint has at most {MAX_OPEN_REQUESTS} open requests; cancel or wait for one"
            )));
        }
        let to = next(self.status, StatusEvent::RequestSent)?;
        let mut c = self.touched(now);
        c.status = to;
        c.open_requests.insert(request_id.clone(), due_on);
        Ok(c)
    }

    pub fn request_extended(&self, request_id: &RequestId, due_on: Date, now: OffsetDateTime) -> Complaint {
        let mut c = self.touched(now);
        c.open_requests.insert(request_id.clone(), due_on);
        c
    }

    /// The company answers an open request.
    pub fn request_answered(&self, request_id: &RequestId, now: OffsetDateTime) -> Result<Complaint, ComplaintRefused> {
        let mut c = self.touched(now);
        c.open_requests.remove(request_id);
        c.status = next(
            self.status,
            StatusEvent::ResponseReceived {
                open_left: c.open_requests.len(),
            },
        )?;
        Ok(c)
    }

    /// An open request is cancelled.
    pub fn request_cancelled(
        &self,
        request_id: &RequestId,
        now: OffsetDateTime,
    ) -> Result<Complaint, ComplaintRefused> {
        let mut c = self.touched(now);
        c.open_requests.remove(request_id);
        c.status = next(
            self.status,
            StatusEvent::RequestCancelled {
                open_left: c.open_requests.len(),
            },
        )?;
        Ok(c)
    }

    pub fn share(
        &self,
        agency: AgencyCode,
        by: Actor,
        now: OffsetDateTime,
    ) -> Result<(Complaint, Share), ComplaintRefused> {
        if agency == self.agency_id {
            return Err(ComplaintRefused::Field {
                field: "agencyId",
                message: "is the agency that owns the complaint".into(),
            });
        }
        if self.is_shared_with(&agency) {
            return Err(ComplaintRefused::Conflict(format!(
                "the complaint is already shared with {agency}"
            )));
        }
        if self.shares.len() >= MAX_SHARES {
            return Err(ComplaintRefused::Conflict(format!(
                "a complaint is shared with at most {MAX_SHARES} agencies"
            )));
        }
        let share = Share {
            agency_id: agency,
            shared_at: now,
            shared_by: by,
        };
        let mut c = self.touched(now);
        c.shares.push(share.clone());
        Ok((c, share))
    }

    pub fn revoke_share(&self, agency: &AgencyCode, now: OffsetDateTime) -> Result<Complaint, ComplaintRefused> {
        if !self.is_shared_with(agency) {
            return Err(ComplaintRefused::NotFound);
        }
        let mut c = self.touched(now);
        c.shares.retain(|s| &s.agency_id != agency);
        Ok(c)
    }

    /// The earliest due date of its open requests.
    pub fn earliest_due(&self) -> Option<Date> {
        self.open_requests.values().min().copied()
    }

    /// Has an open request past its due date (due today is not overdue).
    pub fn overdue(&self, today: Date) -> bool {
        self.earliest_due().is_some_and(|d| today > d)
    }

    pub fn days_open(&self, today: Date) -> i64 {
        days_open(self.details.received_on, today, self.closed_on)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complaint::input::{Channel, Consumer, ResolutionKind};
    use crate::{Email, PersonName, Phone, Principal, PrincipalType, Role};
    use proptest::prelude::*;
    use std::collections::BTreeSet;
    use time::macros::{date, datetime};

    const NOW: OffsetDateTime = datetime!(2026-11-22 12:00 UTC);

    /// A status request as the status route makes it: asked, then made.
    fn moved(
        c: &Complaint,
        to: ComplaintStatus,
        resolution: Option<Resolution>,
        reason: Option<String>,
        p: &Principal,
        today: Date,
        now: OffsetDateTime,
    ) -> Result<Complaint, ComplaintRefused> {
        c.status_change(to, resolution, reason, p)
            .and_then(|change| c.change_status(change, today, now))
    }

    fn principal(kind: PrincipalType, agency: Option<&str>, roles: &[Role]) -> Principal {
        Principal {
            sub: "s".into(),
            email: Some(Email::parse("p@x.example").unwrap()),
            name: "n".into(),
            kind,
            agency: agency.map(|a| AgencyCode::parse(a).unwrap()),
            roles: roles.iter().copied().collect::<BTreeSet<_>>(),
            email_verified: true,
        }
    }

    fn complaint() -> Complaint {
        Complaint {
            complaint_id: "C1".into(),
            complaint_number: "TX-DOB-2026-000001".into(),
            agency_id: AgencyCode::parse("TX-DOB").unwrap(),
            company_name: "Acorn".into(),
            details: NewComplaint {
                nmls_id: NmlsId::parse("900001").unwrap(),
                consumer: Consumer {
                    first_name: PersonName::parse("Maria").unwrap(),
                    last_name: PersonName::parse("Lopez").unwrap(),
                    email: Some(Email::parse("maria@consumer.example").unwrap()),
                    phone: Some(Phone::parse("5125550111").unwrap()),
                    state: "TX".into(),
                },
                product: "Mortgage".into(),
                issue: "Escrow".into(),
                narrative: "n".into(),
                received_on: date!(2026 - 11 - 02),
                channel: Channel::Web,
                desired_resolution: Some("refund".into()),
            },
            status: ComplaintStatus::Received,
            assignee: None,
            resolution: None,
            closed_on: None,
            created_by: Actor::from(&principal(PrincipalType::Agency, Some("TX-DOB"), &[])),
            created_at: NOW,
            updated_at: NOW,
            shares: vec![],
            open_requests: BTreeMap::new(),
            version: 1,
        }
    }

    fn resolution() -> Resolution {
        Resolution {
            kind: ResolutionKind::Explanation,
            summary: "explained".into(),
            amount: None,
            relief_on: None,
        }
    }

    #[test]
    fn a_complaint_holds_at_most_twenty_open_requests() {
        let today = NOW.date();
        let mut c = complaint();
        for n in 0..MAX_OPEN_REQUESTS {
            c = c
                .request_sent(&RequestId::from(format!("R{n:02}").as_str()), today, NOW)
                .unwrap();
        }
        assert!(matches!(
            c.request_sent(&"R99".into(), today, NOW),
            Err(ComplaintRefused::Conflict(m)) if m.contains("at most 20 open requests")
        ));
        let one_fewer = c.request_cancelled(&"R00".into(), NOW).unwrap();
        assert!(one_fewer.request_sent(&"R99".into(), today, NOW).is_ok());
    }

    #[test]
    fn each_caller_sees_it_as_owner_shared_agency_company_or_not_at_all() {
        let (c, _) = complaint()
            .share(AgencyCode::parse("NY-DFS").unwrap(), complaint().created_by, NOW)
            .unwrap();
        let member = |n: &NmlsId| n.as_str() == "900001";
        let owner = principal(PrincipalType::Agency, Some("TX-DOB"), &[]);
        assert_eq!(c.viewer(&owner, member), Ok(Viewer::Owner));
        let shared = principal(PrincipalType::Agency, Some("NY-DFS"), &[Role::StaffDirector]);
        assert_eq!(c.viewer(&shared, member), Ok(Viewer::SharedAgency));
        let company = principal(PrincipalType::Company, None, &[]);
        assert_eq!(c.viewer(&company, member), Ok(Viewer::Company));
        assert_eq!(c.viewer(&company, |_| false), Err(ComplaintRefused::NotFound));
        let other = principal(PrincipalType::Agency, Some("CA-DFPI"), &[Role::StaffDirector]);
        assert_eq!(c.viewer(&other, member), Err(ComplaintRefused::NotFound));
        let csbs = principal(PrincipalType::Csbs, None, &[Role::CsbsAdmin]);
        assert_eq!(c.viewer(&csbs, member), Err(ComplaintRefused::NotFound));

        assert!(
            Complaint::may_work(Viewer::Owner, &owner).is_err(),
            "a role-less user reads only"
        );
        assert!(
            Complaint::may_work(Viewer::SharedAgency, &shared).is_err(),
            "shared is read-only"
        );
        assert!(Complaint::may_work(Viewer::Company, &company).is_err());
        let examiner = principal(PrincipalType::Agency, Some("TX-DOB"), &[Role::Examiner]);
        assert!(Complaint::may_work(Viewer::Owner, &examiner).is_ok());
        assert!(Complaint::may_assign(Viewer::Owner, &examiner).is_err());
        assert!(Complaint::may_add_document(Viewer::Company, &company).is_ok());
    }

    #[test]
    fn the_status_route_refuses_moves_the_table_does_not_allow() {
        let director = principal(PrincipalType::Agency, Some("TX-DOB"), &[Role::StaffDirector]);
        let examiner = principal(PrincipalType::Agency, Some("TX-DOB"), &[Role::Examiner]);
        let c = complaint();
        let today = NOW.date();
        for target in [
            ComplaintStatus::AwaitingCompany,
            ComplaintStatus::CompanyResponded,
            ComplaintStatus::Received,
        ] {
            assert!(matches!(
                moved(&c, target, None, None, &director, today, NOW),
                Err(ComplaintRefused::InvalidTransition(_))
            ));
        }
        assert!(matches!(
            moved(&c, ComplaintStatus::Closed, None, None, &director, today, NOW),
            Err(ComplaintRefused::Field {
                field: "resolution",
                ..
            })
        ));
        let open = c.request_sent(&"R1".into(), today, NOW).unwrap();
        let closed = moved(
            &open,
            ComplaintStatus::Closed,
            Some(resolution()),
            None,
            &examiner,
            today,
            NOW,
        )
        .unwrap();
        assert!(closed.open_requests.is_empty());
        assert_eq!(closed.closed_on, Some(today));
        assert_eq!(closed.days_open(date!(2027 - 01 - 01)), 20, "days open stop at closing");
        assert!(matches!(
            moved(
                &closed,
                ComplaintStatus::InReview,
                None,
                Some("r".into()),
                &examiner,
                today,
                NOW
            ),
            Err(ComplaintRefused::Forbidden(_))
        ));
        assert!(matches!(
            moved(&closed, ComplaintStatus::InReview, None, None, &director, today, NOW),
            Err(ComplaintRefused::Field { field: "reason", .. })
        ));
        let reopened = moved(
            &closed,
            ComplaintStatus::InReview,
            None,
            Some("new facts".into()),
            &director,
            today,
            NOW,
        )
        .unwrap();
        assert_eq!(reopened.status, ComplaintStatus::InReview);
        assert_eq!(reopened.closed_on, None);
        assert!(matches!(
            closed.correct(Correction::default(), NOW),
            Err(ComplaintRefused::Conflict(_))
        ));
    }

    #[test]
    fn a_company_view_leaves_out_contact_details_wishes_assignee_and_sharing() {
        let c = complaint().assign(complaint().created_by, NOW).unwrap();
        let v = serde_json::to_value(c.view(Viewer::Company, NOW.date())).unwrap();
        for absent in ["desiredResolution", "assignee", "sharedWith", "shared"] {
            assert!(v.get(absent).is_none(), "{absent}");
        }
        assert!(v["consumer"].get("email").is_none() && v["consumer"].get("phone").is_none());
        let owner = serde_json::to_value(c.view(Viewer::Owner, NOW.date())).unwrap();
        assert_eq!(owner["desiredResolution"], "refund");
        assert_eq!(owner["shared"], false);
        assert_eq!(owner["receivedOn"], "2026-11-02");
    }

    #[derive(Debug, Clone)]
    enum Step {
        Review,
        Send,
        Answer(usize),
        Cancel(usize),
        Close,
        Reopen,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            Just(Step::Review),
            Just(Step::Send),
            (0usize..4).prop_map(Step::Answer),
            (0usize..4).prop_map(Step::Cancel),
            Just(Step::Close),
            Just(Step::Reopen),
        ]
    }

    proptest! {
        /// Whatever commands come, in whatever order: a complaint waits on the company exactly
        /// while it has open requests, a closed one has none and has a resolution, and every
        /// applied command moves the version on by one.
        #[test]
        fn status_and_open_requests_never_disagree(steps in prop::collection::vec(step(), 0..40)) {
            let director = principal(PrincipalType::Agency, Some("TX-DOB"), &[Role::StaffDirector]);
            let today = NOW.date();
            let mut c = complaint();
            let mut sent = 0;
            for s in steps {
                let open: Vec<RequestId> = c.open_requests.keys().cloned().collect();
                let next = match s {
                    Step::Review => moved(&c, ComplaintStatus::InReview, None, None, &director, today, NOW),
                    Step::Send => {
                        sent += 1;
                        c.request_sent(&RequestId::from(format!("R{sent:03}").as_str()), today, NOW)
                    }
                    Step::Answer(i) => match open.get(i) {
                        Some(r) => c.request_answered(r, NOW),
                        None => continue,
                    },
                    Step::Cancel(i) => match open.get(i) {
                        Some(r) => c.request_cancelled(r, NOW),
                        None => continue,
                    },
                    Step::Close => moved(&c, ComplaintStatus::Closed, Some(resolution()), None, &director, today, NOW),
                    Step::Reopen => moved(&c, ComplaintStatus::InReview, None, Some("r".into()), &director, today, NOW),
                };
                if let Ok(n) = next {
                    prop_assert_eq!(n.version, c.version + 1);
                    c = n;
                }
                prop_assert_eq!(c.status == ComplaintStatus::AwaitingCompany, !c.open_requests.is_empty(), "{:?}", c.status);
                if c.status == ComplaintStatus::Closed {
                    prop_assert!(c.resolution.is_some() && c.closed_on.is_some());
                }
            }
        }
    }
}
