//! The bodies of the enrollment routes: the enrollment (the first company user and a message),
//! a decline's reason, and a confirmation's contacts.

use crate::values::invalid::{Invalid, Reader};
use crate::values::text::bounded_text;
use crate::Person;
use serde_json::Value;

/// The body of `POST /companies/{nmlsId}/enrollments`: the first company user, and an
/// optional message to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrollmentRequest {
    pub invitee: Person,
    pub message: Option<String>,
}

/// On the wire the body is flat: `Person`'s fields plus `message`.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for EnrollmentRequest {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
        use utoipa::openapi::RefOr;
        let message = ObjectBuilder::new()
            .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
            .description(Some("Up to 4,000 characters, shown in the invitation."));
        match <Person as utoipa::PartialSchema>::schema() {
            RefOr::T(Schema::Object(mut person)) => {
                person.description = Some("`Person` plus an optional message to the invitee.".into());
                person.properties.insert("message".into(), message.into());
                RefOr::T(Schema::Object(person))
            }
            other => other,
        }
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for EnrollmentRequest {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("EnrollmentBody")
    }
}

impl EnrollmentRequest {
    pub fn from_json(body: &Value) -> Result<EnrollmentRequest, Invalid> {
        let mut r = Reader::root(body);
        let invitee = Person::read(&mut r);
        let message = r.parse_opt("message", |s| bounded_text(s, 4000));
        let message_ok = !r.has("message") || message.is_some();
        r.finish_with(|| {
            Some(EnrollmentRequest {
                invitee: invitee?,
                message: if message_ok { message } else { None },
            })
        })
    }
}

/// The body of a decline through the link (JSON, or a form with `reason=`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DeclineBody))]
pub struct Decline {
    /// Why (optional, up to 4,000 characters).
    pub reason: Option<String>,
}

impl Decline {
    pub fn from_json(body: &Value) -> Result<Decline, Invalid> {
        let mut r = Reader::root(body);
        let reason = r.parse_opt("reason", |s| bounded_text(s, 4000));
        r.finish()?;
        Ok(Decline { reason })
    }
}

/// The body of a confirmation: the SA Contact and the Complaints Contact.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ConfirmBody, rename_all = "camelCase"))]
pub struct Confirmation {
    pub sa_contact: Person,
    pub complaints_contact: Person,
}

impl Confirmation {
    pub fn from_json(body: &Value) -> Result<Confirmation, Invalid> {
        let mut r = Reader::root(body);
        let sa = Person::read_field(&mut r, "saContact");
        let complaints = Person::read_field(&mut r, "complaintsContact");
        r.finish_with(|| {
            Some(Confirmation {
                sa_contact: sa?,
                complaints_contact: complaints?,
            })
        })
    }
}
