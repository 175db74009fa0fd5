//! Where an enrollment stands.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EnrollmentStatus {
    Pending,
    Confirmed,
    Declined,
    Expired,
    Undeliverable,
    Withdrawn,
}

impl EnrollmentStatus {
    pub const ALL: [EnrollmentStatus; 6] = [
        EnrollmentStatus::Pending,
        EnrollmentStatus::Confirmed,
        EnrollmentStatus::Declined,
        EnrollmentStatus::Expired,
        EnrollmentStatus::Undeliverable,
        EnrollmentStatus::Withdrawn,
    ];

    /// The status a query names (`?status=`), by its wire name.
    pub fn parse(raw: &str) -> Option<EnrollmentStatus> {
        EnrollmentStatus::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EnrollmentStatus::Pending => "pending",
            EnrollmentStatus::Confirmed => "confirmed",
            EnrollmentStatus::Declined => "declined",
            EnrollmentStatus::Expired => "expired",
            EnrollmentStatus::Undeliverable => "undeliverable",
            EnrollmentStatus::Withdrawn => "withdrawn",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wire_name_parses_back_and_matches_serde() {
        for s in EnrollmentStatus::ALL {
            assert_eq!(EnrollmentStatus::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), serde_json::json!(s.as_str()));
        }
        assert_eq!(EnrollmentStatus::parse("Pending"), None);
    }
}
