//! The readable complaint number: `TX-DOB-2026-000123`, the `n`th complaint an agency entered
//! in a year.

use crate::AgencyCode;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ComplaintNumber(String);

impl ComplaintNumber {
    /// The number of the `n`th complaint `agency` entered in `year`.
    pub fn new(agency: &AgencyCode, year: i32, n: u64) -> ComplaintNumber {
        ComplaintNumber(format!("{agency}-{year}-{n:06}"))
    }

    /// A number as written: `{agency code}-{year}-{six digits or more}`.
    pub fn parse(raw: &str) -> Result<ComplaintNumber, String> {
        let bad = || "must be a complaint number such as TX-DOB-2026-000123".to_string();
        let mut parts = raw.rsplitn(3, '-');
        let (Some(n), Some(year), Some(agency)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        let agency = AgencyCode::parse(agency).map_err(|_| bad())?;
        let year: i32 = year
            .parse()
            .ok()
            .filter(|y| (1000..=9999).contains(y))
            .ok_or_else(bad)?;
        let n: u64 = n
            .parse()
            .ok()
            .filter(|_| n.len() >= 6 && n.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(bad)?;
        Ok(ComplaintNumber::new(&agency, year, n))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
impl From<&str> for ComplaintNumber {
    fn from(s: &str) -> Self {
        ComplaintNumber(s.to_string())
    }
}

impl fmt::Display for ComplaintNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_zero_padded_per_agency_and_year() {
        let agency = AgencyCode::parse("TX-DOB").unwrap();
        let number = ComplaintNumber::new(&agency, 2026, 123);
        assert_eq!(number.as_str(), "TX-DOB-2026-000123");
        assert_eq!(ComplaintNumber::parse("TX-DOB-2026-000123"), Ok(number));
        for bad in [
            "",
            "TX-DOB-2026",
            "TX-DOB-26-000123",
            "TX-DOB-2026-12",
            "tx dob-2026-000123",
            "TX-DOB-2026-00012x",
        ] {
            assert!(ComplaintNumber::parse(bad).is_err(), "{bad:?}");
        }
    }
}
