//! An agency's code, e.g. `TX-DOB`: a state's two letters, a dash, 2 to 10 letters or digits.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AgencyCode(String);

impl AgencyCode {
    pub fn parse(raw: &str) -> Result<AgencyCode, String> {
        let ok = raw.len() >= 5
            && raw.len() <= 13
            && raw.as_bytes()[..2].iter().all(u8::is_ascii_uppercase)
            && raw.as_bytes()[2] == b'-'
            && raw.as_bytes()[3..]
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if ok {
            Ok(AgencyCode(raw.to_string()))
        } else {
            Err("must be an agency code such as TX-DOB".into())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two-letter state the code starts with.
    pub fn state(&self) -> &str {
        &self.0[..2]
    }
}

impl TryFrom<String> for AgencyCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        AgencyCode::parse(&s)
    }
}

impl From<AgencyCode> for String {
    fn from(v: AgencyCode) -> String {
        v.0
    }
}

impl fmt::Display for AgencyCode {
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
        fn accepts_the_pattern(raw in "[A-Z]{2}-[A-Z0-9]{2,10}") {
            let code = AgencyCode::parse(&raw).unwrap();
            prop_assert_eq!(code.as_str(), raw.as_str());
            prop_assert_eq!(code.state(), &raw[..2]);
        }

        #[test]
        fn refuses_near_misses(raw in "[a-z]{2}-[A-Z0-9]{2,10}|[A-Z]{2}-[A-Z0-9]{0,1}|[A-Z]{2}-[A-Z0-9]{11,14}|[A-Z]{2}_[A-Z0-9]{2,10}|[A-Z]{2}-[a-z]{2,10}|.{0,4}") {
            prop_assert!(AgencyCode::parse(&raw).is_err());
        }
    }
}
