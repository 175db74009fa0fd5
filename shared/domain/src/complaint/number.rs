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
        assert_eq!(ComplaintNumber::new(&agency, 2026, 123).as_str(), "TX-DOB-2026-000123");
    }
}
