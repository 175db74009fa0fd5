//! Why a complaint command is refused.

use crate::complaint::status::InvalidTransition;
use crate::Denied;

/// Why a complaint command is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComplaintRefused {
    #[error("the company is not enrolled in SES; enroll it before entering complaints against it")]
    CompanyNotEnrolled,
    #[error(transparent)]
    InvalidTransition(#[from] InvalidTransition),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("not found")]
    NotFound,
    /// A body field is invalid given the complaint's state (422 naming it).
    #[error("{field}: {message}")]
    Field { field: &'static str, message: String },
}

impl From<Denied> for ComplaintRefused {
    fn from(d: Denied) -> Self {
        match d {
            Denied::Forbidden(why) => ComplaintRefused::Forbidden(why),
            Denied::NotFound => ComplaintRefused::NotFound,
        }
    }
}
