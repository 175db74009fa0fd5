//! `Contact` (reference data from NMLS or CSBS: name, email, optional phone) and `Person`
//! (someone SES emails: first and last name, email, phone).

use crate::values::invalid::Reader;
use crate::{Email, PersonName, Phone};
use serde::{Deserialize, Serialize};

/// Reference data from NMLS or CSBS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "Ana Ruiz"))]
    pub name: PersonName,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "ana.ruiz@dob.texas.example"))]
    pub email: Email,
    /// E.164; a US national number is accepted and normalised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "+15125550142"))]
    pub phone: Option<Phone>,
}

impl Contact {
    /// Reads a contact from a nested reader; `None` with errors recorded when invalid.
    pub fn read(r: &mut Reader<'_>) -> Option<Contact> {
        let name = r.parse("name", PersonName::parse);
        let email = r.parse("email", Email::parse);
        let phone = r.parse_opt("phone", Phone::parse);
        let phone_ok = !r.has("phone") || phone.is_some();
        Some(Contact {
            name: name?,
            email: email?,
            phone: if phone_ok { phone } else { return None },
        })
    }

    /// Reads `field` of `parent` as a required-but-nullable contact.
    pub fn read_nullable(parent: &mut Reader<'_>, field: &str) -> Option<Option<Contact>> {
        match parent.nullable_object(field)? {
            None => Some(None),
            Some(mut child) => {
                let contact = Contact::read(&mut child);
                parent.merge(child);
                contact.map(Some)
            }
        }
    }
}

/// Someone SES emails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Person {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "Dana"))]
    pub first_name: PersonName,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "Fletcher"))]
    pub last_name: PersonName,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "dana.fletcher@acorn-ridge.example"))]
    pub email: Email,
    /// E.164; a US national number is accepted and normalised.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "+15125550142"))]
    pub phone: Phone,
}

impl Person {
    pub fn read(r: &mut Reader<'_>) -> Option<Person> {
        let first_name = r.parse("firstName", PersonName::parse);
        let last_name = r.parse("lastName", PersonName::parse);
        let email = r.parse("email", Email::parse);
        let phone = r.parse("phone", Phone::parse);
        Some(Person {
            first_name: first_name?,
            last_name: last_name?,
            email: email?,
            phone: phone?,
        })
    }

    /// Reads a required person object under `field`.
    pub fn read_field(parent: &mut Reader<'_>, field: &str) -> Option<Person> {
        match parent.object(field) {
            None => {
                if !parent.has(field) {
                    parent.fail(field, "is required");
                }
                None
            }
            Some(mut child) => {
                let person = Person::read(&mut child);
                parent.merge(child);
                person
            }
        }
    }

    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_each_invalid_field_of_a_nested_contact() {
        let body = json!({ "primaryContact": { "name": " ", "email": "nope", "phone": "12" } });
        let mut r = Reader::root(&body);
        assert_eq!(Contact::read_nullable(&mut r, "primaryContact"), None);
        let fields: Vec<_> = r.finish().unwrap_err().errors.into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["primaryContact.name", "primaryContact.email", "primaryContact.phone"]
        );
    }

    #[test]
    fn a_null_contact_is_none_and_a_missing_one_is_an_error() {
        let body = json!({ "primaryContact": null });
        let mut r = Reader::root(&body);
        assert_eq!(Contact::read_nullable(&mut r, "primaryContact"), Some(None));
        assert_eq!(Contact::read_nullable(&mut r, "secondaryContact"), None);
        let fields: Vec<_> = r.finish().unwrap_err().errors.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["secondaryContact"]);
    }

    #[test]
    fn a_person_normalises_email_and_phone() {
        let body =
            json!({ "firstName": "Ana", "lastName": "Ruiz", "email": "Ana@Example.com", "phone": "512 555 0142" });
        let mut r = Reader::root(&body);
        let p = Person::read(&mut r).unwrap();
        assert_eq!(p.email.as_str(), "ana@example.com");
        assert_eq!(p.phone.as_str(), "+15125550142");
    }
}
