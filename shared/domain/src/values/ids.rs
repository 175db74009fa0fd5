//! The ids of the entities, each its own type so one cannot be passed for another. Ids are
//! ULIDs made by the services (`ses_services::ids`); from a path they parse as 1–64 ASCII
//! letters and digits (anything else names nothing: 404).

use serde::{Deserialize, Serialize};
use std::fmt;

/// An id made fresh by the services: a ULID, 26 letters and digits, always valid.
pub trait NewId {
    fn from_new_ulid(ulid: String) -> Self;
}

macro_rules! entity_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The id in a path or a body: 1–64 ASCII letters and digits.
            pub fn parse(raw: &str) -> Result<$name, String> {
                if (1..=64).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    Ok($name(raw.to_string()))
                } else {
                    Err("must be an id of 1 to 64 letters and digits".into())
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl NewId for $name {
            fn from_new_ulid(ulid: String) -> Self {
                $name(ulid)
            }
        }

        #[cfg(test)]
        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_string())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

entity_id!(
    /// A complaint's id.
    ComplaintId
);
entity_id!(
    /// An information request's id (unique within its complaint).
    RequestId
);
entity_id!(
    /// A complaint document's id (unique within its complaint).
    DocumentId
);
entity_id!(
    /// An enrollment's id.
    EnrollmentId
);
entity_id!(
    /// A company user's id (unique within the company).
    UserId
);
entity_id!(
    /// A learner's id (one email within one agency).
    LearnerId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_letters_and_digits_and_keeps_its_text_on_the_wire() {
        let id = ComplaintId::parse("01JD5ZQ8V0ABCDEF").unwrap();
        assert_eq!(
            serde_json::to_value(&id).unwrap(),
            serde_json::json!("01JD5ZQ8V0ABCDEF")
        );
        assert_eq!(id.to_string(), "01JD5ZQ8V0ABCDEF");
        for bad in ["", "a/b", "a b", "ü", &"x".repeat(65)] {
            assert!(ComplaintId::parse(bad).is_err(), "{bad:?}");
        }
    }
}
