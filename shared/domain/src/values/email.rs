//! An email address: trimmed, lower-cased (SES compares emails case-insensitively) and
//! checked for a plausible mailbox shape.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, String> {
        let s = raw.trim().to_lowercase();
        const MESSAGE: &str = "must be an email address such as name@example.gov";
        if s.is_empty() || s.len() > 254 {
            return Err(MESSAGE.into());
        }
        let (local, domain) = s.rsplit_once('@').ok_or(MESSAGE)?;
        if local.is_empty() || local.len() > 64 || local.contains('@') {
            return Err(MESSAGE.into());
        }
        let local_ok = local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..");
        if !local_ok {
            return Err(MESSAGE.into());
        }
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
            && labels
                .last()
                .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
        if !domain_ok {
            return Err(MESSAGE.into());
        }
        Ok(Email(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Email::parse(&s)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn lower_cases_and_trims() {
        assert_eq!(
            Email::parse("  Jane.Doe@Example.GOV ").unwrap().as_str(),
            "jane.doe@example.gov"
        );
    }

    #[test]
    fn refuses_what_is_not_a_mailbox() {
        for bad in [
            "",
            "jane",
            "jane@",
            "@example.gov",
            "jane@example",
            "ja ne@example.gov",
            "jane@@example.gov",
            "jane@exa_mple.gov",
            "jane.@example.gov",
            "jane@example.c0m",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    proptest! {
        #[test]
        fn parsing_is_idempotent_and_lower_case(local in "[a-zA-Z0-9][a-zA-Z0-9._+-]{0,20}[a-zA-Z0-9]", domain in "[a-zA-Z0-9]{1,10}", tld in "[a-zA-Z]{2,6}") {
            let raw = format!("{local}@{domain}.{tld}");
            prop_assume!(!local.contains(".."));
            let email = Email::parse(&raw).unwrap();
            prop_assert_eq!(email.as_str(), raw.to_lowercase());
            prop_assert_eq!(Email::parse(email.as_str()).unwrap(), email);
        }

        #[test]
        fn never_panics(raw in ".{0,300}") {
            let _ = Email::parse(&raw);
        }
    }
}
