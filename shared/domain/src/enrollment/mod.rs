//! `Enrollment`: an agency's invitation to a company's first user (SPEC.md §1, seed 001).
//! The state machine and its rules live here; the token is made and hashed by the caller
//! (randomness is I/O) and only its hash is kept.
//!
//! ```text
//! pending ──confirm──▶ confirmed            (the company becomes enrolled)
//!    │ ├──decline──▶ declined
//!    │ ├──withdraw─▶ withdrawn               (by the enrolling agency)
//!    │ ├──bounce───▶ undeliverable           (the invitation bounced)
//!    │ └──time─────▶ expired                 (reads as expired from `expiresAt` on)
//!    └──resend──▶ pending (new token, new expiry)
//! ```
//! After any unsuccessful end the company can be enrolled again.

mod access;
mod input;
pub mod mail;
mod refused;
mod status;
pub mod templates;

pub use access::{may_enroll, ENROLLING_ROLES};
pub use input::{Confirmation, Decline, EnrollmentRequest};
pub use refused::EnrollmentRefused;
pub use status::EnrollmentStatus;

use crate::values::ids::EnrollmentId;
use crate::{Actor, AgencyCode, Company, CompanyEnrollmentStatus, NmlsId, Person, Principal};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

// Stored as it is, and answered through `view`.
/// An enrollment; the response token never appears here (only in the invitation email).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Enrollment {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub enrollment_id: EnrollmentId,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub nmls_id: NmlsId,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub agency_id: AgencyCode,
    pub status: EnrollmentStatus,
    pub invitee: Person,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub created_by: Actor,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub expires_at: OffsetDateTime,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub responded_at: Option<OffsetDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decline_reason: Option<String>,
    pub version: u64,
}

impl Enrollment {
    /// The status as of `now`: a pending enrollment past its expiry reads as expired.
    pub fn status_at(&self, now: OffsetDateTime) -> EnrollmentStatus {
        if self.status == EnrollmentStatus::Pending && now >= self.expires_at {
            EnrollmentStatus::Expired
        } else {
            self.status
        }
    }

    /// The enrollment as a caller sees it now.
    pub fn view(&self, now: OffsetDateTime) -> Enrollment {
        Enrollment {
            status: self.status_at(now),
            ..self.clone()
        }
    }

    pub fn is_live(&self, now: OffsetDateTime) -> bool {
        self.status_at(now) == EnrollmentStatus::Pending
    }

    fn next(&self, now: OffsetDateTime, status: EnrollmentStatus) -> Enrollment {
        Enrollment {
            status,
            responded_at: Some(now),
            version: self.version + 1,
            ..self.clone()
        }
    }

    /// Checks that the caller may act for the enrolling agency (withdraw, resend).
    pub fn check_enrolling_agency(&self, p: &Principal) -> Result<(), EnrollmentRefused> {
        may_enroll(p)?;
        if p.is_of_agency(&self.agency_id) {
            Ok(())
        } else {
            Err(EnrollmentRefused::NotTheEnrollingAgency)
        }
    }
}

/// A new enrollment and the company as it becomes (pending).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    pub enrollment: Enrollment,
    pub company: Company,
}

/// Starts an enrollment of `company` by `p`. `ttl` is the link's lifetime (14 days by default).
pub fn start(
    company: &Company,
    p: &Principal,
    request: EnrollmentRequest,
    enrollment_id: EnrollmentId,
    now: OffsetDateTime,
    ttl: Duration,
) -> Result<Started, EnrollmentRefused> {
    may_enroll(p)?;
    match company.status_at(now) {
        CompanyEnrollmentStatus::Enrolled => return Err(EnrollmentRefused::AlreadyEnrolled),
        CompanyEnrollmentStatus::Pending => return Err(EnrollmentRefused::EnrollmentPending),
        CompanyEnrollmentStatus::NotEnrolled => {}
    }
    let agency_id = p.agency.clone().ok_or(EnrollmentRefused::NotAnEnrollingRole)?;
    let enrollment = Enrollment {
        enrollment_id: enrollment_id.clone(),
        nmls_id: company.nmls_id.clone(),
        agency_id,
        status: EnrollmentStatus::Pending,
        invitee: request.invitee,
        message: request.message,
        created_by: Actor::from(p),
        created_at: now,
        expires_at: now + ttl,
        responded_at: None,
        decline_reason: None,
        version: 1,
    };
    let company = Company {
        enrollment_status: CompanyEnrollmentStatus::Pending,
        pending_enrollment: Some(crate::PendingEnrollment {
            enrollment_id,
            expires_at: enrollment.expires_at,
        }),
        updated_at: now,
        version: company.version + 1,
        ..company.clone()
    };
    Ok(Started { enrollment, company })
}

/// What ending an enrollment changes: the enrollment, and the company when this enrollment
/// was its pending one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    pub enrollment: Enrollment,
    pub company: Option<Company>,
}

fn release_company(company: &Company, enrollment: &Enrollment, now: OffsetDateTime) -> Option<Company> {
    let ours = company
        .pending_enrollment
        .as_ref()
        .is_some_and(|p| p.enrollment_id == enrollment.enrollment_id);
    ours.then(|| Company {
        enrollment_status: CompanyEnrollmentStatus::NotEnrolled,
        pending_enrollment: None,
        updated_at: now,
        version: company.version + 1,
        ..company.clone()
    })
}

/// The enrolling agency withdraws a pending enrollment (it noticed a wrong address).
pub fn withdraw(
    e: &Enrollment,
    company: &Company,
    p: &Principal,
    now: OffsetDateTime,
) -> Result<Ended, EnrollmentRefused> {
    e.check_enrolling_agency(p)?;
    if !e.is_live(now) {
        return Err(EnrollmentRefused::NotPending("withdrawn"));
    }
    let enrollment = e.next(now, EnrollmentStatus::Withdrawn);
    Ok(Ended {
        company: release_company(company, e, now),
        enrollment,
    })
}

/// The enrolling agency sends a new link; the old one stops working and the expiry restarts.
pub fn resend(
    e: &Enrollment,
    company: &Company,
    p: &Principal,
    now: OffsetDateTime,
    ttl: Duration,
) -> Result<(Enrollment, Company), EnrollmentRefused> {
    e.check_enrolling_agency(p)?;
    if !e.is_live(now) {
        return Err(EnrollmentRefused::NotPending("resent"));
    }
    let enrollment = Enrollment {
        expires_at: now + ttl,
        version: e.version + 1,
        ..e.clone()
    };
    let company = Company {
        pending_enrollment: Some(crate::PendingEnrollment {
            enrollment_id: e.enrollment_id.clone(),
            expires_at: enrollment.expires_at,
        }),
        updated_at: now,
        version: company.version + 1,
        ..company.clone()
    };
    Ok((enrollment, company))
}

/// The invitee declines through the link (no account needed).
pub fn decline(
    e: &Enrollment,
    company: &Company,
    reason: Option<String>,
    now: OffsetDateTime,
) -> Result<Ended, EnrollmentRefused> {
    if !e.is_live(now) {
        return Err(EnrollmentRefused::LinkGone);
    }
    let mut enrollment = e.next(now, EnrollmentStatus::Declined);
    enrollment.decline_reason = reason;
    Ok(Ended {
        company: release_company(company, e, now),
        enrollment,
    })
}

/// A pending enrollment whose expiry has passed is marked expired (the daily job).
pub fn expire(e: &Enrollment, company: &Company, now: OffsetDateTime) -> Option<Ended> {
    (e.status == EnrollmentStatus::Pending && now >= e.expires_at).then(|| {
        let mut enrollment = e.next(now, EnrollmentStatus::Expired);
        enrollment.responded_at = None;
        Ended {
            company: release_company(company, e, now),
            enrollment,
        }
    })
}

/// The invitation bounced: the enrollment cannot be answered.
pub fn undeliverable(e: &Enrollment, company: &Company, now: OffsetDateTime) -> Option<Ended> {
    (e.status == EnrollmentStatus::Pending).then(|| {
        let mut enrollment = e.next(now, EnrollmentStatus::Undeliverable);
        enrollment.responded_at = None;
        Ended {
            company: release_company(company, e, now),
            enrollment,
        }
    })
}

/// What confirming changes: the enrollment, the company (enrolled, with its contacts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmed {
    pub enrollment: Enrollment,
    pub company: Company,
}

/// The invitee, signed in with the invited (verified) email, confirms and names the contacts.
pub fn confirm(
    e: &Enrollment,
    company: &Company,
    p: &Principal,
    c: Confirmation,
    now: OffsetDateTime,
) -> Result<Confirmed, EnrollmentRefused> {
    if !e.is_live(now) {
        return Err(EnrollmentRefused::LinkGone);
    }
    if !p.is_company_user() || p.email.as_ref() != Some(&e.invitee.email) {
        return Err(EnrollmentRefused::NotTheInvitee);
    }
    if !p.email_verified {
        return Err(EnrollmentRefused::EmailNotVerified);
    }
    let enrollment = e.next(now, EnrollmentStatus::Confirmed);
    let company = Company {
        enrollment_status: CompanyEnrollmentStatus::Enrolled,
        pending_enrollment: None,
        sa_contact: Some(c.sa_contact),
        complaints_contact: Some(c.complaints_contact),
        enrolled_at: Some(now),
        enrolled_by_agency_id: Some(e.agency_id.clone()),
        updated_at: now,
        version: company.version + 1,
        ..company.clone()
    };
    Ok(Confirmed { enrollment, company })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;
    use crate::{DirectoryEntry, Email, PrincipalType};
    use serde_json::json;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-22 10:00 UTC);

    fn agency_user(agency: &str, roles: &[Role]) -> Principal {
        Principal {
            sub: format!("sub-{agency}"),
            email: Some(Email::parse(&format!("user@{}.example", agency.to_lowercase())).unwrap()),
            name: "Agency User".into(),
            kind: PrincipalType::Agency,
            agency: Some(AgencyCode::parse(agency).unwrap()),
            roles: roles.iter().copied().collect(),
            email_verified: true,
        }
    }

    fn company_user(email: &str, verified: bool) -> Principal {
        Principal {
            sub: "c".into(),
            email: Some(Email::parse(email).unwrap()),
            name: "C".into(),
            kind: PrincipalType::Company,
            agency: None,
            roles: Default::default(),
            email_verified: verified,
        }
    }

    fn company() -> Company {
        let entry =
            DirectoryEntry::from_json(&json!({ "name": "Acme", "nmlsContact": null, "nmlsComplaintsContact": null }))
                .unwrap();
        Company::update_directory(NmlsId::parse("1").unwrap(), entry, None, NOW).company
    }

    fn request() -> EnrollmentRequest {
        EnrollmentRequest::from_json(
            &json!({ "firstName": "Dana", "lastName": "Lee", "email": "Dana@Acme.example", "phone": "2145550100" }),
        )
        .unwrap()
    }

    fn started() -> Started {
        start(
            &company(),
            &agency_user("TX-DOB", &[Role::Examiner]),
            request(),
            "E1".into(),
            NOW,
            Duration::days(14),
        )
        .unwrap()
    }

    fn contacts() -> Confirmation {
        let person =
            json!({ "firstName": "Dana", "lastName": "Lee", "email": "dana@acme.example", "phone": "2145550100" });
        Confirmation::from_json(&json!({ "saContact": person, "complaintsContact": person })).unwrap()
    }

    #[test]
    fn only_enrolling_roles_start_and_the_company_becomes_pending() {
        let refused = start(
            &company(),
            &agency_user("TX-DOB", &[Role::ComplaintsLead]),
            request(),
            "E1".into(),
            NOW,
            Duration::days(14),
        );
        assert_eq!(refused.unwrap_err(), EnrollmentRefused::NotAnEnrollingRole);
        let s = started();
        assert_eq!(s.enrollment.invitee.email.as_str(), "dana@acme.example");
        assert_eq!(s.enrollment.expires_at, NOW + Duration::days(14));
        assert_eq!(s.company.status_at(NOW), CompanyEnrollmentStatus::Pending);
        assert_eq!(s.company.version, 2);
    }

    #[test]
    fn a_pending_or_enrolled_company_is_not_enrolled_again() {
        let s = started();
        let again = start(
            &s.company,
            &agency_user("NY-DFS", &[Role::StaffUser]),
            request(),
            "E2".into(),
            NOW,
            Duration::days(14),
        );
        assert_eq!(again.unwrap_err(), EnrollmentRefused::EnrollmentPending);
        let confirmed = confirm(
            &s.enrollment,
            &s.company,
            &company_user("dana@acme.example", true),
            contacts(),
            NOW,
        )
        .unwrap();
        let again = start(
            &confirmed.company,
            &agency_user("NY-DFS", &[Role::StaffUser]),
            request(),
            "E3".into(),
            NOW,
            Duration::days(14),
        );
        assert_eq!(again.unwrap_err(), EnrollmentRefused::AlreadyEnrolled);
    }

    #[test]
    fn an_expired_enrollment_reads_as_expired_and_allows_another() {
        let s = started();
        let later = NOW + Duration::days(14);
        assert_eq!(
            s.enrollment.status_at(later - Duration::seconds(1)),
            EnrollmentStatus::Pending
        );
        assert_eq!(s.enrollment.status_at(later), EnrollmentStatus::Expired);
        assert_eq!(s.company.status_at(later), CompanyEnrollmentStatus::NotEnrolled);
        assert!(start(
            &s.company,
            &agency_user("NY-DFS", &[Role::Examiner]),
            request(),
            "E2".into(),
            later,
            Duration::days(14)
        )
        .is_ok());
        assert_eq!(
            decline(&s.enrollment, &s.company, None, later).unwrap_err(),
            EnrollmentRefused::LinkGone
        );
        let ended = expire(&s.enrollment, &s.company, later).unwrap();
        assert_eq!(ended.enrollment.status, EnrollmentStatus::Expired);
        assert!(expire(&ended.enrollment, &s.company, later).is_none(), "expired once");
    }

    #[test]
    fn re_enrollment_follows_every_unsuccessful_end() {
        let s = started();
        let other = agency_user("NY-DFS", &[Role::Examiner]);
        let ends = [
            decline(&s.enrollment, &s.company, Some("wrong person".into()), NOW).unwrap(),
            withdraw(
                &s.enrollment,
                &s.company,
                &agency_user("TX-DOB", &[Role::StaffDirector]),
                NOW,
            )
            .unwrap(),
            undeliverable(&s.enrollment, &s.company, NOW).unwrap(),
        ];
        for ended in ends {
            let company = ended.company.unwrap();
            assert_eq!(company.status_at(NOW), CompanyEnrollmentStatus::NotEnrolled);
            assert!(start(&company, &other, request(), "E2".into(), NOW, Duration::days(14)).is_ok());
        }
    }

    #[test]
    fn only_the_enrolling_agency_withdraws_or_resends() {
        let s = started();
        let other = agency_user("NY-DFS", &[Role::Examiner]);
        assert_eq!(
            withdraw(&s.enrollment, &s.company, &other, NOW).unwrap_err(),
            EnrollmentRefused::NotTheEnrollingAgency
        );
        let (resent, company) = resend(
            &s.enrollment,
            &s.company,
            &agency_user("TX-DOB", &[Role::Examiner]),
            NOW + Duration::days(10),
            Duration::days(14),
        )
        .unwrap();
        assert_eq!(resent.expires_at, NOW + Duration::days(24));
        assert_eq!(company.pending_enrollment.unwrap().expires_at, resent.expires_at);
    }

    #[test]
    fn only_the_invitee_with_a_verified_email_confirms() {
        let s = started();
        let stranger = company_user("someone@else.example", true);
        assert_eq!(
            confirm(&s.enrollment, &s.company, &stranger, contacts(), NOW).unwrap_err(),
            EnrollmentRefused::NotTheInvitee
        );
        let unverified = company_user("DANA@acme.example", false);
        assert_eq!(
            confirm(&s.enrollment, &s.company, &unverified, contacts(), NOW).unwrap_err(),
            EnrollmentRefused::EmailNotVerified
        );
        let ok = confirm(
            &s.enrollment,
            &s.company,
            &company_user("DANA@acme.example", true),
            contacts(),
            NOW,
        )
        .unwrap();
        assert_eq!(ok.company.status_at(NOW), CompanyEnrollmentStatus::Enrolled);
        assert_eq!(ok.company.enrolled_by_agency_id.as_ref().unwrap().as_str(), "TX-DOB");
        assert_eq!(ok.enrollment.status, EnrollmentStatus::Confirmed);
        assert_eq!(
            decline(&ok.enrollment, &ok.company, None, NOW).unwrap_err(),
            EnrollmentRefused::LinkGone
        );
    }

    #[test]
    fn bodies_name_each_invalid_field() {
        let err = EnrollmentRequest::from_json(&json!({ "firstName": " ", "email": "x", "phone": "1", "message": "" }))
            .unwrap_err();
        let fields: Vec<_> = err.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["firstName", "lastName", "email", "phone", "message"]);
        let err = Confirmation::from_json(&json!({ "saContact": { "firstName": "A" } })).unwrap_err();
        let fields: Vec<_> = err.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "saContact.lastName",
                "saContact.email",
                "saContact.phone",
                "complaintsContact"
            ]
        );
    }
}
