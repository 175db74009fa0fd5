//! The emails of an enrollment's life: the invitation (and its resent form), and the notices
//! of each ending to the people who can act on it.

use crate::enrollment::templates::{EnrollmentInvitation, EnrollmentOutcome};
use crate::MailMessage;
use crate::{Agency, Company, Email, Enrollment};

fn date(t: time::OffsetDateTime) -> String {
    format!("{}", t.date())
}

fn enroll_again_link(base_url: &str, e: &Enrollment) -> String {
    format!("{base_url}/companies/{}", e.nmls_id)
}

fn enrolling_user(e: &Enrollment) -> Option<Email> {
    e.created_by.email.as_deref().and_then(|s| Email::parse(s).ok())
}

/// The invitation to the invitee; `link` is the response link with its token.
pub fn invitation(e: &Enrollment, company: &Company, agency: &Agency, link: &str, resent: bool) -> MailMessage {
    EnrollmentInvitation {
        invitee_name: &e.invitee.full_name(),
        invitee_email: e.invitee.email.as_str(),
        agency_name: &agency.name,
        company_name: &company.name,
        nmls_id: company.nmls_id.as_str(),
        message: e.message.as_deref(),
        link,
        expires_on: &date(e.expires_at),
        resent,
    }
    .message(e.invitee.email.clone())
}

/// To the enrolling agency user: the company confirmed.
pub fn confirmed(e: &Enrollment, company: &Company, base_url: &str) -> Option<MailMessage> {
    let to = enrolling_user(e)?;
    let contact = |p: &Option<crate::Person>| {
        p.as_ref()
            .map(|p| format!("{} <{}>", p.full_name(), p.email))
            .unwrap_or_default()
    };
    Some(
        EnrollmentOutcome {
            subject: format!("{} confirmed its SES enrollment", company.name),
            reader_name: e.created_by.name.clone(),
            summary: format!(
                "{} confirmed the enrollment of {} (NMLS {}) that you started on {}. The company is enrolled in SES; its SA Contact is {} and its Complaints Contact is {}.",
                e.invitee.full_name(),
                company.name,
                company.nmls_id,
                date(e.created_at),
                contact(&company.sa_contact),
                contact(&company.complaints_contact)
            ),
            reason: None,
            action: "start supervisory activities and complaints for the company in SES:".into(),
            link: Some(enroll_again_link(base_url, e)),
        }
        .message(vec![to], vec![]),
    )
}

/// To the enrolling agency user, copying the agency's SES contacts: the invitee declined.
pub fn declined(e: &Enrollment, company: &Company, agency: Option<&Agency>, base_url: &str) -> Option<MailMessage> {
    let cc: Vec<Email> = agency.map(Agency::contact_emails).unwrap_or_default();
    let (to, cc) = match enrolling_user(e) {
        Some(user) => (vec![user.clone()], cc.into_iter().filter(|c| *c != user).collect()),
        None if !cc.is_empty() => (cc, vec![]),
        None => return None,
    };
    Some(
        EnrollmentOutcome {
            subject: format!(
                "{} declined the SES enrollment of {}",
                e.invitee.full_name(),
                company.name
            ),
            reader_name: e.created_by.name.clone(),
            summary: format!(
                "{} <{}> declined the enrollment of {} (NMLS {}) started on {}; the enrollment has ended.",
                e.invitee.full_name(),
                e.invitee.email,
                company.name,
                company.nmls_id,
                date(e.created_at)
            ),
            reason: e.decline_reason.clone(),
            action: "find the right contact at the company (outside SES) and enroll the company again with them:"
                .into(),
            link: Some(enroll_again_link(base_url, e)),
        }
        .message(to, cc),
    )
}

/// To the enrolling agency user: nobody answered in time.
pub fn expired(e: &Enrollment, company: &Company, base_url: &str) -> Option<MailMessage> {
    let to = enrolling_user(e)?;
    Some(
        EnrollmentOutcome {
            subject: format!("The SES enrollment of {} expired", company.name),
            reader_name: e.created_by.name.clone(),
            summary: format!(
                "The enrollment of {} (NMLS {}) that you started on {} for {} <{}> was not answered by {} and has expired.",
                company.name,
                company.nmls_id,
                date(e.created_at),
                e.invitee.full_name(),
                e.invitee.email,
                date(e.expires_at)
            ),
            reason: None,
            action: "check with the company that the invitation reached the right person, then enroll the company again:".into(),
            link: Some(enroll_again_link(base_url, e)),
        }
        .message(vec![to], vec![]),
    )
}

/// To the enrolling agency user: the invitation bounced.
pub fn undeliverable(e: &Enrollment, company: &Company, base_url: &str) -> Option<MailMessage> {
    let to = enrolling_user(e)?;
    Some(
        EnrollmentOutcome {
            subject: format!("The SES enrollment invitation for {} could not be delivered", company.name),
            reader_name: e.created_by.name.clone(),
            summary: format!(
                "The invitation to enroll {} (NMLS {}) could not be delivered to {}: the address bounced. The enrollment has ended.",
                company.name, company.nmls_id, e.invitee.email
            ),
            reason: None,
            action: "confirm the person's email address with the company and enroll the company again:".into(),
            link: Some(enroll_again_link(base_url, e)),
        }
        .message(vec![to], vec![]),
    )
}

/// To the invitee: the agency withdrew the enrollment; the link no longer works.
pub fn withdrawn(e: &Enrollment, company: &Company, agency: Option<&Agency>) -> MailMessage {
    let agency_name = agency
        .map(|a| a.name.clone())
        .unwrap_or_else(|| e.agency_id.to_string());
    EnrollmentOutcome {
        subject: format!("The SES enrollment of {} was withdrawn", company.name),
        reader_name: e.invitee.full_name(),
        summary: format!(
            "{agency_name} withdrew the enrollment of {} (NMLS {}) in SES that named you. The link in the earlier email no longer works.",
            company.name, company.nmls_id
        ),
        reason: None,
        action: format!("nothing. If you expected to be enrolled, contact {agency_name}."),
        link: None,
    }
    .message(vec![e.invitee.email.clone()], vec![])
}
