//! Who may enroll a company.

use crate::enrollment::EnrollmentRefused;
use crate::{Principal, Role};

/// The roles that may enroll a company.
pub const ENROLLING_ROLES: [Role; 3] = [Role::StaffUser, Role::StaffDirector, Role::Examiner];

pub fn may_enroll(p: &Principal) -> Result<(), EnrollmentRefused> {
    if p.is_agency_user() && p.has_any_role(&ENROLLING_ROLES) {
        Ok(())
    } else {
        Err(EnrollmentRefused::NotAnEnrollingRole)
    }
}
