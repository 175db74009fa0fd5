//! The email to a person named an agency's SES primary or secondary contact.

use crate::mail::{render, MailMessage};
use crate::Email;
use askama::Template;

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
