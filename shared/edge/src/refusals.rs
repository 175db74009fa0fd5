//! Every refusal of the domain and every service error as the problem it is answered with:
//! the one place where they get their status and slug (API.md "Errors"), so handlers use `?`.

use crate::problem::ApiError;
use ses_domain::complaint::document::{DocumentRefused, ACCEPTED_TYPES};
use ses_domain::complaint::information_request::RequestRefused;
use ses_domain::enrollment::EnrollmentRefused;
use ses_domain::{CompanyUsersRefused, ComplaintRefused};
use ses_services::ServiceError;

impl From<ComplaintRefused> for ApiError {
    fn from(r: ComplaintRefused) -> Self {
        match r {
            ComplaintRefused::CompanyNotEnrolled => ApiError::Conflict {
                slug: "company-not-enrolled",
                detail: r.to_string(),
            },
            ComplaintRefused::InvalidTransition(t) => ApiError::Conflict {
                slug: "invalid-transition",
                detail: format!("a {} complaint cannot move that way", t.from.as_str()),
            },
            ComplaintRefused::Conflict(m) => ApiError::conflict(m),
            ComplaintRefused::Forbidden(m) => ApiError::Forbidden(m.into()),
            ComplaintRefused::NotFound => ApiError::NotFound,
            ComplaintRefused::Field { field, message } => ApiError::field(field, &message),
        }
    }
}

impl From<RequestRefused> for ApiError {
    fn from(r: RequestRefused) -> Self {
        match r {
            RequestRefused::NotOpen(_) | RequestRefused::NotResponded => ApiError::conflict(r.to_string()),
            RequestRefused::DueInThePast => ApiError::field("dueOn", "must be today or later"),
            RequestRefused::NotLater => ApiError::field("dueOn", "must be later than the current due date"),
        }
    }
}

impl From<DocumentRefused> for ApiError {
    fn from(r: DocumentRefused) -> Self {
        match r {
            DocumentRefused::Invalid(i) => i.into(),
            DocumentRefused::UnsupportedType(_) => {
                ApiError::UnsupportedMediaType(format!("{r}; accepted: {}", ACCEPTED_TYPES.join(", ")))
            }
            DocumentRefused::TooLarge => ApiError::PayloadTooLarge(r.to_string()),
            DocumentRefused::NotUploaded | DocumentRefused::Rejected(_) => ApiError::conflict(r.to_string()),
        }
    }
}

impl From<EnrollmentRefused> for ApiError {
    fn from(r: EnrollmentRefused) -> Self {
        match r {
            EnrollmentRefused::AlreadyEnrolled => ApiError::Conflict {
                slug: "already-enrolled",
                detail: r.to_string(),
            },
            EnrollmentRefused::EnrollmentPending => ApiError::Conflict {
                slug: "enrollment-pending",
                detail: r.to_string(),
            },
            EnrollmentRefused::NotPending(_) => ApiError::conflict(r.to_string()),
            EnrollmentRefused::LinkGone => ApiError::Gone,
            EnrollmentRefused::NotAnEnrollingRole
            | EnrollmentRefused::NotTheEnrollingAgency
            | EnrollmentRefused::NotTheInvitee
            | EnrollmentRefused::EmailNotVerified => ApiError::Forbidden(r.to_string()),
        }
    }
}

impl From<CompanyUsersRefused> for ApiError {
    fn from(r: CompanyUsersRefused) -> Self {
        match r {
            CompanyUsersRefused::NotAnAdmin => ApiError::Forbidden(r.to_string()),
            CompanyUsersRefused::Removed => ApiError::NotFound,
            CompanyUsersRefused::AlreadyAUser(_) | CompanyUsersRefused::LastAdmin => ApiError::conflict(r.to_string()),
        }
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound => ApiError::NotFound,
            ServiceError::Forbidden(why) => ApiError::Forbidden(why),
            ServiceError::Gone => ApiError::Gone,
            ServiceError::Invalid(i) => i.into(),
            ServiceError::Denied(d) => d.into(),
            ServiceError::Complaint(r) => r.into(),
            ServiceError::Request(r) => r.into(),
            ServiceError::Document(r) => r.into(),
            ServiceError::Enrollment(r) => r.into(),
            ServiceError::CompanyUsers(r) => r.into(),
            ServiceError::Store(e) => e.into(),
            ServiceError::Internal(e) => ApiError::Internal(e),
        }
    }
}
