//! The typed templates of enrollment email: the invitation and the outcome notices.

use crate::mail::{render, MailMessage};
use crate::Email;
use askama::Template;

/// The invitation to a company's first user (and its resent form).
pub struct EnrollmentInvitation<'a> {
    pub invitee_name: &'a str,
    pub invitee_email: &'a str,
    pub agency_name: &'a str,
    pub company_name: &'a str,
    pub nmls_id: &'a str,
    pub message: Option<&'a str>,
    /// The response link (carries the token; appears only in this email).
    pub link: &'a str,
    pub expires_on: &'a str,
    pub resent: bool,
}

#[derive(Template)]
#[template(path = "mail/enrollment_invitation.txt")]
struct EnrollmentInvitationText<'a> {
    m: &'a EnrollmentInvitation<'a>,
}

#[derive(Template)]
#[template(path = "mail/enrollment_invitation.html")]
struct EnrollmentInvitationHtml<'a> {
    m: &'a EnrollmentInvitation<'a>,
}

impl EnrollmentInvitation<'_> {
    pub fn message(&self, to: Email) -> MailMessage {
        let subject = if self.resent {
            format!(
                "New link: {} enrollment in SES by {}",
                self.company_name, self.agency_name
            )
        } else {
            format!(
                "{} has started the enrollment of {} in SES",
                self.agency_name, self.company_name
            )
        };
        MailMessage {
            to: vec![to],
            cc: vec![],
            subject,
            text: render(&EnrollmentInvitationText { m: self }),
            html: render(&EnrollmentInvitationHtml { m: self }),
        }
    }
}

/// A notice about an enrollment's outcome: what happened, any reason given, and what the
/// reader can do next.
pub struct EnrollmentOutcome {
    pub subject: String,
    pub reader_name: String,
    pub summary: String,
    pub reason: Option<String>,
    pub action: String,
    pub link: Option<String>,
}

#[derive(Template)]
#[template(path = "mail/enrollment_outcome.txt")]
struct EnrollmentOutcomeText<'a> {
    m: &'a EnrollmentOutcome,
}

#[derive(Template)]
#[template(path = "mail/enrollment_outcome.html")]
struct EnrollmentOutcomeHtml<'a> {
    m: &'a EnrollmentOutcome,
}

impl EnrollmentOutcome {
    pub fn message(&self, to: Vec<Email>, cc: Vec<Email>) -> MailMessage {
        MailMessage {
            to,
            cc,
            subject: self.subject.clone(),
            text: render(&EnrollmentOutcomeText { m: self }),
            html: render(&EnrollmentOutcomeHtml { m: self }),
        }
    }
}
