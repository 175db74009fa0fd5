//! Email messages and their typed templates. Every message has a text and an HTML part;
//! the HTML templates escape every value (askama escapes `.html` templates by default).

use crate::Email;
use askama::Template;
use serde::{Deserialize, Serialize};

/// A rendered message, ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MailMessage {
    pub to: Vec<Email>,
    #[serde(default)]
    pub cc: Vec<Email>,
    pub subject: String,
    pub text: String,
    pub html: String,
}

fn render(t: &impl Template) -> String {
    t.render()
        .unwrap_or_else(|e| format!("(this part could not be rendered: {e})"))
}

/// Tells a person they were named an agency's SES primary or secondary contact.
pub struct ContactDesignated<'a> {
    pub contact_name: &'a str,
    pub agency_name: &'a str,
    pub agency_id: &'a str,
    /// `primary` or `secondary`.
    pub role: &'a str,
    pub public_base_url: &'a str,
}

#[derive(Template)]
#[template(path = "mail/contact_designated.txt")]
struct ContactDesignatedText<'a> {
    m: &'a ContactDesignated<'a>,
}

#[derive(Template)]
#[template(path = "mail/contact_designated.html")]
struct ContactDesignatedHtml<'a> {
    m: &'a ContactDesignated<'a>,
}

impl ContactDesignated<'_> {
    pub fn message(&self, to: Email) -> MailMessage {
        MailMessage {
            to: vec![to],
            cc: vec![],
            subject: format!("You are now the SES {} contact for {}", self.role, self.agency_name),
            text: render(&ContactDesignatedText { m: self }),
            html: render(&ContactDesignatedHtml { m: self }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_user_value_is_escaped_in_the_html_part() {
        let m = ContactDesignated {
            contact_name: "<script>alert(1)</script>",
            agency_name: "Banks & \"Trusts\"",
            agency_id: "TX-DOB",
            role: "primary",
            public_base_url: "https://ses.example",
        }
        .message(Email::parse("a@b.gov").unwrap());
        assert!(!m.html.contains("<script>"));
        assert!(m.html.contains("alert(1)"), "the value is there, escaped");
        assert!(!m.html.contains("Banks & \""));
        assert!(m.html.contains("Banks &#38; ") || m.html.contains("Banks &amp; "));
        assert!(
            m.text.contains("<script>alert(1)</script>"),
            "the text part is plain text"
        );
        assert!(m.text.contains("https://ses.example/agencies/TX-DOB"));
    }
}

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

/// A plain notice: a greeting, paragraphs of what happened, and a link into SES. The
/// complaint workflow's emails are notices.
pub struct Notice {
    pub subject: String,
    pub reader_name: Option<String>,
    pub paragraphs: Vec<String>,
    pub link: Option<String>,
}

#[derive(Template)]
#[template(path = "mail/notice.txt")]
struct NoticeText<'a> {
    m: &'a Notice,
}

#[derive(Template)]
#[template(path = "mail/notice.html")]
struct NoticeHtml<'a> {
    m: &'a Notice,
}

impl Notice {
    pub fn message(&self, to: Vec<Email>, cc: Vec<Email>) -> MailMessage {
        MailMessage {
            to,
            cc,
            subject: self.subject.clone(),
            text: render(&NoticeText { m: self }),
            html: render(&NoticeHtml { m: self }),
        }
    }
}
