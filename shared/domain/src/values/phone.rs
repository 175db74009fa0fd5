//! A phone number in E.164 (`+15125550142`). Separators are ignored; a national number
//! without a country code is read as a US (NANP) number.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

const MESSAGE: &str = "must be a phone number: E.164 such as +15125550142, or a 10-digit US number";

fn valid_nanp(national: &str) -> bool {
    let b = national.as_bytes();
    national.len() == 10 && (b'2'..=b'9').contains(&b[0]) && (b'2'..=b'9').contains(&b[3])
}

impl Phone {
    pub fn parse(raw: &str) -> Result<Phone, String> {
        let trimmed = raw.trim();
        let (plus, rest) = match trimmed.strip_prefix('+') {
            Some(r) => (true, r),
            None => (false, trimmed),
        };
        let mut digits = String::with_capacity(rest.len());
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => return Err(MESSAGE.into()),
            }
        }
        let e164 = if plus {
            if digits.len() < 8 || digits.len() > 15 || digits.starts_with('0') {
                return Err(MESSAGE.into());
            }
            if let Some(national) = digits.strip_prefix('1') {
                if !valid_nanp(national) {
                    return Err(MESSAGE.into());
                }
            }
            format!("+{digits}")
        } else {
            let national = match digits.len() {
                10 => digits.as_str(),
                11 if digits.starts_with('1') => &digits[1..],
                _ => return Err(MESSAGE.into()),
            };
            if !valid_nanp(national) {
                return Err(MESSAGE.into());
            }
            format!("+1{national}")
        };
        Ok(Phone(e164))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Phone {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Phone::parse(&s)
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> String {
        p.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normalises_us_national_numbers() {
        for raw in [
            "(512) 555-0142",
            "512-555-0142",
            "512.555.0142",
            "1 512 555 0142",
            "+1 512 555 0142",
            "+15125550142",
        ] {
            assert_eq!(Phone::parse(raw).unwrap().as_str(), "+15125550142", "{raw}");
        }
    }

    #[test]
    fn keeps_international_numbers() {
        assert_eq!(Phone::parse("+44 20 7946 0958").unwrap().as_str(), "+442079460958");
    }

    #[test]
    fn refuses_what_cannot_be_dialled() {
        for bad in [
            "",
            "555-0142",
            "012-555-0142",
            "512-055-0142",
            "+0123456789",
            "+1234",
            "phone",
            "512-555-0142 x12",
            "+1 123 555 0142",
        ] {
            assert!(Phone::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    proptest! {
        #[test]
        fn any_valid_us_number_normalises_the_same_in_every_format(a in 2u32..10, b in 0u32..100, c in 2u32..10, d in 0u32..100, e in 0u32..10000) {
            let national = format!("{a}{b:02}{c}{d:02}{e:04}");
            let formats = [
                national.clone(),
                format!("({}) {}-{}", &national[..3], &national[3..6], &national[6..]),
                format!("+1{national}"),
                format!("1-{}-{}-{}", &national[..3], &national[3..6], &national[6..]),
            ];
            for f in formats {
                let phone = Phone::parse(&f).unwrap();
                prop_assert_eq!(phone.as_str(), format!("+1{national}"));
                prop_assert_eq!(Phone::parse(phone.as_str()).unwrap(), phone);
            }
        }

        #[test]
        fn never_panics(raw in ".{0,40}") {
            let _ = Phone::parse(&raw);
        }
    }
}
