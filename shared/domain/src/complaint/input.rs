//! The bodies of a new complaint and of a resolution, validated as API.md says (422 naming
//! each field): `NewComplaint` and `Resolution`.

use crate::parse_date;
use crate::values::invalid::{Invalid, Reader};
use crate::values::text::bounded_text;
use crate::values::us_state::parse_us_state;
use crate::{Email, NmlsId, PersonName, Phone};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    Phone,
    Email,
    Mail,
    Referral,
    InPerson,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Consumer {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "Maria"))]
    pub first_name: PersonName,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "Lopez"))]
    pub last_name: PersonName,
    /// Never shown to the company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub email: Option<Email>,
    /// E.164 (a US national number is accepted); never shown to the company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub phone: Option<Phone>,
    /// A two-letter USPS code (states, DC, territories).
    #[cfg_attr(feature = "openapi", schema(example = "TX"))]
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NewComplaint {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "900001"))]
    pub nmls_id: NmlsId,
    pub consumer: Consumer,
    /// 1–100 characters.
    #[cfg_attr(feature = "openapi", schema(example = "Mortgage"))]
    pub product: String,
    /// 1–200 characters.
    #[cfg_attr(feature = "openapi", schema(example = "Escrow account"))]
    pub issue: String,
    /// 1–20,000 characters.
    pub narrative: String,
    /// Not in the future.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-20"))]
    pub received_on: Date,
    pub channel: Channel,
    /// Up to 4,000 characters; never shown to the company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_resolution: Option<String>,
}

pub fn enum_value<T: serde::de::DeserializeOwned>(raw: &str, allowed: &str) -> Result<T, String> {
    serde_json::from_value(Value::String(raw.to_string())).map_err(|_| format!("must be one of {allowed}"))
}

impl Consumer {
    /// Reads the consumer under `field`; `required` says whether it must be there.
    pub fn read(r: &mut Reader<'_>, field: &str, required: bool) -> Option<Consumer> {
        match r.object(field) {
            Some(mut c) => {
                let first_name = c.parse("firstName", PersonName::parse);
                let last_name = c.parse("lastName", PersonName::parse);
                let email = c.parse_opt("email", Email::parse);
                let email_ok = !c.has("email") || email.is_some();
                let phone = c.parse_opt("phone", Phone::parse);
                let phone_ok = !c.has("phone") || phone.is_some();
                let state = c.parse("state", parse_us_state);
                r.merge(c);
                match (first_name, last_name, state) {
                    (Some(first_name), Some(last_name), Some(state)) if email_ok && phone_ok => Some(Consumer {
                        first_name,
                        last_name,
                        email,
                        phone,
                        state,
                    }),
                    _ => None,
                }
            }
            None => {
                if required && !r.has(field) {
                    r.fail(field, "is required");
                }
                None
            }
        }
    }
}

fn received_on(today: Date) -> impl FnOnce(&str) -> Result<Date, String> {
    move |s| {
        let d = parse_date(s)?;
        if d > today {
            Err("must not be in the future".into())
        } else {
            Ok(d)
        }
    }
}

fn channel(s: &str) -> Result<Channel, String> {
    enum_value::<Channel>(s, "web, phone, email, mail, referral, in_person")
}

/// Any of the correctable fields; the history keeps before and after.
// The body of `PATCH /complaints/{id}`: only the fields present change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ComplaintCorrection, rename_all = "camelCase"))]
pub struct Correction {
    pub consumer: Option<Consumer>,
    pub product: Option<String>,
    pub issue: Option<String>,
    pub narrative: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub received_on: Option<Date>,
    pub channel: Option<Channel>,
    pub desired_resolution: Option<String>,
}

impl Correction {
    /// Reads a `PATCH` body: any of the correctable fields, each checked as on entry; a field
    /// not in the list (or `nmlsId`) is refused by name.
    pub fn from_json(body: &Value, today: Date) -> Result<Correction, Invalid> {
        const FIELDS: [&str; 7] = [
            "consumer",
            "product",
            "issue",
            "narrative",
            "receivedOn",
            "channel",
            "desiredResolution",
        ];
        let mut r = Reader::root(body);
        if let Some(o) = body.as_object() {
            for k in o.keys() {
                if !FIELDS.contains(&k.as_str()) {
                    r.fail(k, "cannot be corrected (correctable: consumer, product, issue, narrative, receivedOn, channel, desiredResolution)");
                }
            }
            if o.is_empty() {
                r.fail("", "name at least one field to correct");
            }
        }
        let consumer = Consumer::read(&mut r, "consumer", false);
        let product = r.parse_opt("product", |s| bounded_text(s, 100));
        let issue = r.parse_opt("issue", |s| bounded_text(s, 200));
        let narrative = r.parse_opt("narrative", |s| bounded_text(s, 20_000));
        let received = r.parse_opt("receivedOn", received_on(today));
        let channel = r.parse_opt("channel", channel);
        let desired = r.parse_opt("desiredResolution", |s| bounded_text(s, 4000));
        r.finish_with(|| {
            Some(Correction {
                consumer,
                product,
                issue,
                narrative,
                received_on: received,
                channel,
                desired_resolution: desired,
            })
        })
    }
}

impl NewComplaint {
    /// Reads the body; `today` is the business date (UTC) that `receivedOn` may not pass.
    pub fn from_json(body: &Value, today: Date) -> Result<NewComplaint, Invalid> {
        let mut r = Reader::root(body);
        let nmls_id = r.parse("nmlsId", NmlsId::parse);
        let consumer = Consumer::read(&mut r, "consumer", true);
        let product = r.parse("product", |s| bounded_text(s, 100));
        let issue = r.parse("issue", |s| bounded_text(s, 200));
        let narrative = r.parse("narrative", |s| bounded_text(s, 20_000));
        let received_on = r.parse("receivedOn", received_on(today));
        let channel = r.parse("channel", channel);
        let desired = r.parse_opt("desiredResolution", |s| bounded_text(s, 4000));
        let desired_ok = !r.has("desiredResolution") || desired.is_some();
        r.finish_with(|| {
            Some(NewComplaint {
                nmls_id: nmls_id?,
                consumer: consumer?,
                product: product?,
                issue: issue?,
                narrative: narrative?,
                received_on: received_on?,
                channel: channel?,
                desired_resolution: if desired_ok { desired } else { None },
            })
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResolutionKind {
    Explanation,
    MonetaryRelief,
    NonMonetaryRelief,
    Duplicate,
    Invalid,
    WithdrawnByComplainant,
    ComplainantUnresponsive,
    ReferredFederalAgency,
    ReferredStateAgency,
    ReferredAttorneyGeneral,
    ReferredInvestigation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Resolution {
    pub kind: ResolutionKind,
    pub summary: String,
    /// USD as a decimal string; required for `monetary_relief`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "1250.00"))]
    pub amount: Option<String>,
    /// Required for `monetary_relief`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub relief_on: Option<Date>,
}

fn parse_amount(raw: &str) -> Result<String, String> {
    let message = "must be a positive amount in USD such as 1250.00";
    let (whole, cents) = raw.split_once('.').unwrap_or((raw, ""));
    let ok = !whole.is_empty()
        && whole.len() <= 12
        && whole.bytes().all(|b| b.is_ascii_digit())
        && cents.len() <= 2
        && cents.bytes().all(|b| b.is_ascii_digit())
        && raw.contains('.') != cents.is_empty()
        && raw.bytes().any(|b| (b'1'..=b'9').contains(&b));
    if ok {
        Ok(raw.to_string())
    } else {
        Err(message.into())
    }
}

impl Resolution {
    /// Reads a resolution under `field` of a body (its errors named `field.kind`, …).
    pub fn read(parent: &mut Reader<'_>, field: &str) -> Option<Resolution> {
        let Some(mut r) = parent.object(field) else {
            if !parent.has(field) {
                parent.fail(field, "is required to close a complaint");
            }
            return None;
        };
        let kind = r.parse("kind", |s| {
            enum_value::<ResolutionKind>(s, "the resolution kinds of API.md")
        });
        let summary = r.parse("summary", |s| bounded_text(s, 4000));
        let amount = r.parse_opt("amount", parse_amount);
        let relief_on = r.parse_opt("reliefOn", parse_date);
        if kind == Some(ResolutionKind::MonetaryRelief) {
            if !r.has("amount") {
                r.fail("amount", "is required for monetary relief");
            }
            if !r.has("reliefOn") {
                r.fail("reliefOn", "is required for monetary relief");
            }
        }
        let ok = r.is_ok();
        parent.merge(r);
        if !ok {
            return None;
        }
        Some(Resolution {
            kind: kind?,
            summary: summary?,
            amount,
            relief_on,
        })
    }

    pub fn from_json(body: &Value) -> Result<Resolution, Invalid> {
        let mut r = Reader::root(body);
        let res = Resolution::read(&mut r, "resolution");
        r.finish_with(|| res)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use time::macros::date;

    fn fields(i: Invalid) -> Vec<String> {
        i.errors.into_iter().map(|e| e.field).collect()
    }

    fn body() -> Value {
        json!({
            "nmlsId": "900001",
            "consumer": { "firstName": "Maria", "lastName": "Lopez", "email": "Maria@Example.com", "phone": "512-555-0111", "state": "TX" },
            "product": "Mortgage", "issue": "Escrow", "narrative": "My escrow account was overcharged.",
            "receivedOn": "2026-11-20", "channel": "web", "desiredResolution": "A refund"
        })
    }

    #[test]
    fn a_valid_complaint_reads_with_normalised_contacts() {
        let c = NewComplaint::from_json(&body(), date!(2026 - 11 - 22)).unwrap();
        assert_eq!(c.consumer.email.unwrap().as_str(), "maria@example.com");
        assert_eq!(c.consumer.phone.unwrap().as_str(), "+15125550111");
        assert_eq!(c.channel, Channel::Web);
    }

    #[test]
    fn every_invalid_field_is_named() {
        let bad = json!({
            "nmlsId": "x", "consumer": { "firstName": "", "lastName": "L", "email": "no", "state": "ZZ" },
            "product": "", "issue": "i", "narrative": "   ", "receivedOn": "2026-12-01", "channel": "fax",
            "desiredResolution": 5
        });
        assert_eq!(
            fields(NewComplaint::from_json(&bad, date!(2026 - 11 - 22)).unwrap_err()),
            [
                "nmlsId",
                "consumer.firstName",
                "consumer.email",
                "consumer.state",
                "product",
                "narrative",
                "receivedOn",
                "channel",
                "desiredResolution"
            ]
        );
        let long = json!({ "narrative": "x".repeat(20_001) });
        assert!(
            fields(NewComplaint::from_json(&long, date!(2026 - 11 - 22)).unwrap_err())
                .contains(&"narrative".to_string())
        );
    }

    #[test]
    fn monetary_relief_needs_an_amount_and_a_date() {
        let missing = json!({ "resolution": { "kind": "monetary_relief", "summary": "Refunded" } });
        assert_eq!(
            fields(Resolution::from_json(&missing).unwrap_err()),
            ["resolution.amount", "resolution.reliefOn"]
        );
        let ok = json!({ "resolution": { "kind": "monetary_relief", "summary": "Refunded", "amount": "1250.50", "reliefOn": "2026-11-21" } });
        assert_eq!(Resolution::from_json(&ok).unwrap().amount.as_deref(), Some("1250.50"));
        for bad in ["0", "0.00", "-5", "12.345", "1,000", "1.", ".5", "abc"] {
            let b = json!({ "resolution": { "kind": "monetary_relief", "summary": "s", "amount": bad, "reliefOn": "2026-11-21" } });
            assert!(Resolution::from_json(&b).is_err(), "{bad}");
        }
        let plain = json!({ "resolution": { "kind": "duplicate", "summary": "Same as TX-DOB-2026-000001" } });
        assert!(Resolution::from_json(&plain).is_ok());
        assert_eq!(fields(Resolution::from_json(&json!({})).unwrap_err()), ["resolution"]);
    }
}
