//! A name as people write it: one line, non-blank, at most 100 characters.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    pub const MAX: usize = 100;

    pub fn parse(raw: &str) -> Result<PersonName, String> {
        crate::values::text::single_line(raw, Self::MAX).map(PersonName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PersonName {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        PersonName::parse(&s)
    }
}

impl From<PersonName> for String {
    fn from(v: PersonName) -> String {
        v.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn trims_and_refuses_blank_or_multi_line() {
        assert_eq!(PersonName::parse("  Ana María  ").unwrap().as_str(), "Ana María");
        assert!(PersonName::parse("   ").is_err());
        assert!(PersonName::parse("Ana\nMaría").is_err());
        assert!(PersonName::parse(&"x".repeat(101)).is_err());
    }

    proptest! {
        #[test]
        fn a_parsed_name_parses_to_itself(raw in "\\PC{1,100}") {
            if let Ok(name) = PersonName::parse(&raw) {
                prop_assert_eq!(PersonName::parse(name.as_str()).unwrap(), name.clone());
                prop_assert!(!name.as_str().trim().is_empty());
            }
        }
    }
}
