//! The role rules of the reference data (SPEC.md, API.md "Identity" and "Reference data"),
//! as functions the handlers call. Reference data is known to exist, so a caller who may
//! not act gets `Forbidden` (403), never `NotFound`.

use crate::{AgencyCode, Principal, Role};

/// Why a caller may not do something.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("not found")]
    NotFound,
}

pub type Access = Result<(), Denied>;

fn allow_if(cond: bool, reason: &'static str) -> Access {
    if cond {
        Ok(())
    } else {
        Err(Denied::Forbidden(reason))
    }
}

/// `PUT /agencies/{id}` and `PUT /companies/{nmlsId}`: CSBS administrators keep reference data.
pub fn may_maintain_reference_data(p: &Principal) -> Access {
    allow_if(
        p.is_csbs() && p.has_role(Role::CsbsAdmin),
        "only a CSBS administrator (csbs_admin) maintains reference data",
    )
}

/// `GET /agencies/{id}`: CSBS and agency users.
pub fn may_read_agency(p: &Principal) -> Access {
    allow_if(
        p.is_csbs() || p.is_agency_user(),
        "only CSBS and agency users read agencies",
    )
}

/// `PUT /agencies/{id}/contacts`: that agency's staff director, or a CSBS administrator.
pub fn may_change_agency_contacts(p: &Principal, agency: &AgencyCode) -> Access {
    allow_if(
        (p.is_of_agency(agency) && p.has_role(Role::StaffDirector)) || (p.is_csbs() && p.has_role(Role::CsbsAdmin)),
        "only the agency's staff director or a CSBS administrator changes its SES contacts",
    )
}

/// `GET /companies?q=`: CSBS and agency users.
pub fn may_search_companies(p: &Principal) -> Access {
    allow_if(
        p.is_csbs() || p.is_agency_user(),
        "only CSBS and agency users search the company directory",
    )
}

/// `GET /companies/{nmlsId}`: CSBS, agency users, and users of that company
/// (`member` says whether the caller is an active user of it).
pub fn may_read_company(p: &Principal, member: bool) -> Access {
    allow_if(
        p.is_csbs() || p.is_agency_user() || (p.is_company_user() && member),
        "only CSBS, agency users and the company's own users read a company",
    )
}

/// `GET /agencies/{id}/users`: users of that agency.
pub fn may_list_agency_users(p: &Principal, agency: &AgencyCode) -> Access {
    allow_if(p.is_of_agency(agency), "only users of this agency list its users")
}

/// `GET /companies/{nmlsId}/enrollments`: CSBS and agency users.
pub fn may_read_enrollments(p: &Principal) -> Access {
    allow_if(
        p.is_csbs() || p.is_agency_user(),
        "only CSBS and agency users read enrollments",
    )
}

/// `GET /agencies/{id}/enrollments`: that agency's users and CSBS.
pub fn may_read_agency_enrollments(p: &Principal, agency: &AgencyCode) -> Access {
    allow_if(
        p.is_csbs() || p.is_of_agency(agency),
        "only users of this agency and CSBS read its enrollments",
    )
}

/// `GET /companies/{nmlsId}/history`: CSBS, agency users and the company's admins (`admin`
/// says whether the caller is an active admin of it).
pub fn may_read_company_history(p: &Principal, admin: bool) -> Access {
    allow_if(
        p.is_csbs() || p.is_agency_user() || admin,
        "only CSBS, agency users and the company's admins read its history",
    )
}

/// `GET /companies/{nmlsId}/users`: the company's users and CSBS (`member` says whether the
/// caller is an active user of it).
pub fn may_list_company_users(p: &Principal, member: bool) -> Access {
    allow_if(
        p.is_csbs() || member,
        "only the company's users and CSBS list its users",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PrincipalType;
    use std::collections::BTreeSet;

    fn principal(kind: PrincipalType, agency: Option<&str>, roles: &[Role]) -> Principal {
        Principal {
            sub: "s".into(),
            email: None,
            name: "n".into(),
            kind,
            agency: agency.map(|a| AgencyCode::parse(a).unwrap()),
            roles: roles.iter().copied().collect::<BTreeSet<_>>(),
            email_verified: true,
        }
    }

    #[test]
    fn only_csbs_admins_maintain_reference_data() {
        assert!(may_maintain_reference_data(&principal(PrincipalType::Csbs, None, &[Role::CsbsAdmin])).is_ok());
        assert!(may_maintain_reference_data(&principal(PrincipalType::Csbs, None, &[Role::BadgeReviewer])).is_err());
        assert!(may_maintain_reference_data(&principal(
            PrincipalType::Agency,
            Some("TX-DOB"),
            &[Role::StaffDirector]
        ))
        .is_err());
    }

    #[test]
    fn a_staff_director_changes_only_their_own_agencys_contacts() {
        let tx = AgencyCode::parse("TX-DOB").unwrap();
        let ny = AgencyCode::parse("NY-DFS").unwrap();
        let director = principal(PrincipalType::Agency, Some("TX-DOB"), &[Role::StaffDirector]);
        assert!(may_change_agency_contacts(&director, &tx).is_ok());
        assert!(may_change_agency_contacts(&director, &ny).is_err());
        assert!(may_change_agency_contacts(
            &principal(PrincipalType::Agency, Some("TX-DOB"), &[Role::Examiner]),
            &tx
        )
        .is_err());
        assert!(may_change_agency_contacts(&principal(PrincipalType::Csbs, None, &[Role::CsbsAdmin]), &tx).is_ok());
    }

    #[test]
    fn company_users_read_only_their_own_company() {
        let user = principal(PrincipalType::Company, None, &[]);
        assert!(may_read_company(&user, true).is_ok());
        assert!(may_read_company(&user, false).is_err());
        assert!(may_search_companies(&user).is_err());
        assert!(may_read_company(&principal(PrincipalType::Service, None, &[Role::Lms]), false).is_err());
    }
}
