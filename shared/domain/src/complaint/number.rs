//! The readable complaint number.

use crate::AgencyCode;

/// The readable number of the `n`th complaint an agency entered in `year`.
pub fn complaint_number(agency: &AgencyCode, year: i32, n: u64) -> String {
    format!("{agency}-{year}-{n:06}")
}
