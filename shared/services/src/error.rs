//! Why a service call did not succeed. The HTTP edge maps each to its problem (status and
//! slug) in one place (`ses_edge`'s `refusals.rs`); a scheduled or event function logs it and lets
//! the invocation fail so it is retried.

use ses_domain::complaint::document::DocumentRefused;
use ses_domain::complaint::information_request::RequestRefused;
use ses_domain::enrollment::EnrollmentRefused;
use ses_domain::{CompanyUsersRefused, ComplaintRefused, Denied, Invalid};
use ses_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Nothing the caller may know of is there.
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Forbidden(String),
    /// A link that no longer leads anywhere.
    #[error("gone")]
    Gone,
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    Denied(#[from] Denied),
    #[error(transparent)]
    Complaint(#[from] ComplaintRefused),
    #[error(transparent)]
    Request(#[from] RequestRefused),
    #[error(transparent)]
    Document(#[from] DocumentRefused),
    #[error(transparent)]
    Enrollment(#[from] EnrollmentRefused),
    #[error(transparent)]
    CompanyUsers(#[from] CompanyUsersRefused),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A fault of ours, with its source kept for the log.
    #[error("internal error: {0}")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl ServiceError {
    /// One invalid field (422 naming it).
    pub fn field(field: &str, message: &str) -> ServiceError {
        ServiceError::Invalid(Invalid::one(field, message))
    }

    pub fn internal(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> ServiceError {
        ServiceError::Internal(e.into())
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;
