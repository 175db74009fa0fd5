//! `Agency`: a state regulator registered by CSBS, with its SES primary and secondary
//! contacts. Its commands: registration (`PUT /agencies/{id}`) and a change of contacts.

use crate::directory::contact_designated::ContactDesignated;
use crate::values::invalid::{Invalid, Reader};
use crate::values::text::single_line;
use crate::values::us_state::parse_us_state;
use crate::MailMessage;
use crate::{AgencyCode, Contact, Email};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Agency {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "TX-DOB"))]
    pub agency_id: AgencyCode,
    pub name: String,
    pub state: String,
    pub primary_contact: Option<Contact>,
    pub secondary_contact: Option<Contact>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub updated_at: OffsetDateTime,
    /// Send it back in `If-Match` to guard a change.
    pub version: u64,
}

/// The body of `PUT /agencies/{id}`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = AgencyBody, rename_all = "camelCase"))]
pub struct AgencyRegistration {
    #[cfg_attr(feature = "openapi", schema(example = "Texas Department of Banking"))]
    pub name: String,
    /// The two-letter state of the agency code.
    #[cfg_attr(feature = "openapi", schema(example = "TX"))]
    pub state: String,
    pub primary_contact: Option<Contact>,
    pub secondary_contact: Option<Contact>,
}

/// The body of `PUT /agencies/{id}/contacts`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = AgencyContactsBody, rename_all = "camelCase"))]
pub struct AgencyContacts {
    pub primary_contact: Option<Contact>,
    pub secondary_contact: Option<Contact>,
}

impl AgencyContacts {
    pub fn from_json(body: &Value) -> Result<AgencyContacts, Invalid> {
        let mut r = Reader::root(body);
        let primary = Contact::read_nullable(&mut r, "primaryContact");
        let secondary = Contact::read_nullable(&mut r, "secondaryContact");
        r.finish_with(|| {
            Some(AgencyContacts {
                primary_contact: primary?,
                secondary_contact: secondary?,
            })
        })
    }
}

impl AgencyRegistration {
    pub fn from_json(agency_id: &AgencyCode, body: &Value) -> Result<AgencyRegistration, Invalid> {
        let mut r = Reader::root(body);
        let name = r.parse("name", |s| single_line(s, 200));
        let state = r.parse("state", parse_us_state);
        if let Some(state) = &state {
            if state != agency_id.state() {
                r.fail(
                    "state",
                    format!("must be {}, the state of agency {agency_id}", agency_id.state()),
                );
            }
        }
        let primary = Contact::read_nullable(&mut r, "primaryContact");
        let secondary = Contact::read_nullable(&mut r, "secondaryContact");
        r.finish_with(|| {
            Some(AgencyRegistration {
                name: name?,
                state: state?,
                primary_contact: primary?,
                secondary_contact: secondary?,
            })
        })
    }
}

/// What a command on an agency decided: the new state and the emails to send with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyChange {
    pub agency: Agency,
    pub created: bool,
    pub mail: Vec<MailMessage>,
}

impl Agency {
    /// Registers a new agency or replaces an existing one's record.
    pub fn register(
        agency_id: AgencyCode,
        registration: AgencyRegistration,
        existing: Option<&Agency>,
        now: OffsetDateTime,
        public_base_url: &str,
    ) -> AgencyChange {
        let agency = Agency {
            agency_id,
            name: registration.name,
            state: registration.state,
            primary_contact: registration.primary_contact,
            secondary_contact: registration.secondary_contact,
            updated_at: now,
            version: existing.map_or(1, |a| a.version + 1),
        };
        let mail = designation_mail(existing, &agency, public_base_url);
        AgencyChange {
            agency,
            created: existing.is_none(),
            mail,
        }
    }

    /// Replaces the SES primary and secondary contacts.
    pub fn change_contacts(
        &self,
        contacts: AgencyContacts,
        now: OffsetDateTime,
        public_base_url: &str,
    ) -> AgencyChange {
        let agency = Agency {
            primary_contact: contacts.primary_contact,
            secondary_contact: contacts.secondary_contact,
            updated_at: now,
            version: self.version + 1,
            ..self.clone()
        };
        let mail = designation_mail(Some(self), &agency, public_base_url);
        AgencyChange {
            agency,
            created: false,
            mail,
        }
    }

    /// The addresses of the agency's SES contacts (primary first), without repeats.
    pub fn contact_emails(&self) -> Vec<Email> {
        let mut emails: Vec<Email> = Vec::new();
        for c in [&self.primary_contact, &self.secondary_contact].into_iter().flatten() {
            if !emails.contains(&c.email) {
                emails.push(c.email.clone());
            }
        }
        emails
    }
}

/// A contact newly named to a role (or whose address changed) is told what it means.
fn designation_mail(before: Option<&Agency>, after: &Agency, public_base_url: &str) -> Vec<MailMessage> {
    let mut mail = Vec::new();
    let roles = [
        (
            "primary",
            before.and_then(|b| b.primary_contact.as_ref()),
            after.primary_contact.as_ref(),
        ),
        (
            "secondary",
            before.and_then(|b| b.secondary_contact.as_ref()),
            after.secondary_contact.as_ref(),
        ),
    ];
    for (role, old, new) in roles {
        if let Some(new) = new {
            if old.map(|o| &o.email) != Some(&new.email) {
                mail.push(
                    ContactDesignated {
                        contact_name: new.name.as_str(),
                        agency_name: &after.name,
                        agency_id: after.agency_id.as_str(),
                        role,
                        public_base_url,
                    }
                    .message(new.email.clone()),
                );
            }
        }
    }
    mail
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use time::macros::datetime;

    fn tx() -> AgencyCode {
        AgencyCode::parse("TX-DOB").unwrap()
    }

    fn body() -> Value {
        json!({
            "name": "Texas Department of Banking", "state": "TX",
            "primaryContact": { "name": "Ana Ruiz", "email": "ana@dob.texas.example", "phone": "512-555-0142" },
            "secondaryContact": null
        })
    }

    #[test]
    fn registration_names_every_invalid_field() {
        let err = AgencyRegistration::from_json(
            &tx(),
            &json!({ "name": "", "state": "NY", "primaryContact": { "email": "x" } }),
        )
        .unwrap_err();
        let fields: Vec<_> = err.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "name",
                "state",
                "primaryContact.name",
                "primaryContact.email",
                "secondaryContact"
            ]
        );
    }

    #[test]
    fn a_new_agency_tells_its_named_contacts() {
        let reg = AgencyRegistration::from_json(&tx(), &body()).unwrap();
        let change = Agency::register(tx(), reg, None, datetime!(2026-11-22 10:00 UTC), "https://ses.example");
        assert!(change.created);
        assert_eq!(change.agency.version, 1);
        assert_eq!(
            change
                .agency
                .primary_contact
                .as_ref()
                .unwrap()
                .phone
                .as_ref()
                .unwrap()
                .as_str(),
            "+15125550142"
        );
        assert_eq!(change.mail.len(), 1);
        assert_eq!(change.mail[0].to[0].as_str(), "ana@dob.texas.example");
    }

    #[test]
    fn replacing_with_the_same_contacts_sends_nothing_and_bumps_the_version() {
        let reg = AgencyRegistration::from_json(&tx(), &body()).unwrap();
        let first = Agency::register(
            tx(),
            reg.clone(),
            None,
            datetime!(2026-11-22 10:00 UTC),
            "https://ses.example",
        )
        .agency;
        let second = Agency::register(
            tx(),
            reg,
            Some(&first),
            datetime!(2026-11-22 11:00 UTC),
            "https://ses.example",
        );
        assert!(!second.created);
        assert_eq!(second.agency.version, 2);
        assert!(second.mail.is_empty());
    }
}
