//! A company's NMLS ID: 1 to 10 digits.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NmlsId(String);

impl NmlsId {
    pub fn parse(raw: &str) -> Result<NmlsId, String> {
        if (1..=10).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_digit()) {
            Ok(NmlsId(raw.to_string()))
        } else {
            Err("must be an NMLS ID: 1 to 10 digits".into())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for NmlsId {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        NmlsId::parse(&s)
    }
}

impl From<NmlsId> for String {
    fn from(v: NmlsId) -> String {
        v.0
    }
}

impl fmt::Display for NmlsId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn accepts_exactly_one_to_ten_digits(raw in "[0-9]{1,10}") {
            let id = NmlsId::parse(&raw).unwrap();
            prop_assert_eq!(id.as_str(), raw.as_str());
        }

        #[test]
        fn refuses_anything_else(raw in "[0-9]{11,14}|[0-9]{0,4}[^0-9][0-9]{0,4}|") {
            prop_assert!(NmlsId::parse(&raw).is_err());
        }
    }
}
