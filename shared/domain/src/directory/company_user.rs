//! `CompanyUser`: a person linked to a company in SES (the link is SES data, not a token
//! claim), made by enrollment and kept by the company's admins.

use crate::values::ids::UserId;
use crate::{Actor, Email, NmlsId, Person};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompanyUserStatus {
    Invited,
    Active,
    Removed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanyUser {
    pub user_id: UserId,
    pub nmls_id: NmlsId,
    /// The company's name when the link was made (shown in `/me`).
    #[serde(default)]
    pub company_name: String,
    #[serde(flatten)]
    pub person: Person,
    pub admin: bool,
    pub status: CompanyUserStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub added_at: OffsetDateTime,
    pub added_by: Actor,
}

impl CompanyUser {
    /// Whether this link lets the person act for the company.
    pub fn is_current(&self) -> bool {
        self.status != CompanyUserStatus::Removed
    }

    pub fn email(&self) -> &Email {
        &self.person.email
    }
}

/// Why a change of a company's users is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompanyUsersRefused {
    #[error("only an administrator of this company manages its users and contacts")]
    NotAnAdmin,
    #[error("{0} is already a user of this company")]
    AlreadyAUser(String),
    #[error("a company keeps at least one administrator; make another user an administrator first")]
    LastAdmin,
    #[error("this user was removed")]
    Removed,
}

/// The body of `POST /companies/{nmlsId}/users`: a `Person` and whether they administer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCompanyUser {
    pub person: Person,
    pub admin: bool,
}

impl NewCompanyUser {
    pub fn from_json(body: &serde_json::Value) -> Result<NewCompanyUser, crate::Invalid> {
        let mut r = crate::values::invalid::Reader::root(body);
        let person = Person::read(&mut r);
        let admin = r.opt_bool("admin");
        r.finish_with(|| {
            Some(NewCompanyUser {
                person: person?,
                admin: admin.unwrap_or(false),
            })
        })
    }
}

/// Whether `email` administers the company, among its users.
pub fn is_admin(users: &[CompanyUser], email: &Email) -> bool {
    users.iter().any(|u| u.admin && u.is_current() && u.email() == email)
}

fn admins(users: &[CompanyUser]) -> usize {
    users.iter().filter(|u| u.admin && u.is_current()).count()
}

/// Adds a user (invited until their first sign-in).
pub fn add(
    users: &[CompanyUser],
    by: &crate::Principal,
    new: NewCompanyUser,
    user_id: UserId,
    company_name: &str,
    nmls_id: &NmlsId,
    now: OffsetDateTime,
) -> Result<CompanyUser, CompanyUsersRefused> {
    let by_email = by.email.as_ref().ok_or(CompanyUsersRefused::NotAnAdmin)?;
    if !by.is_company_user() || !by.email_verified || !is_admin(users, by_email) {
        return Err(CompanyUsersRefused::NotAnAdmin);
    }
    if users.iter().any(|u| u.is_current() && u.email() == &new.person.email) {
        return Err(CompanyUsersRefused::AlreadyAUser(new.person.email.to_string()));
    }
    Ok(CompanyUser {
        user_id,
        nmls_id: nmls_id.clone(),
        company_name: company_name.to_string(),
        person: new.person,
        admin: new.admin,
        status: CompanyUserStatus::Invited,
        added_at: now,
        added_by: Actor::from(by),
    })
}

fn check_admin(users: &[CompanyUser], by: &crate::Principal) -> Result<(), CompanyUsersRefused> {
    match &by.email {
        Some(e) if by.is_company_user() && by.email_verified && is_admin(users, e) => Ok(()),
        _ => Err(CompanyUsersRefused::NotAnAdmin),
    }
}

/// Makes a user an administrator or not; the last administrator stays one.
pub fn set_admin(
    users: &[CompanyUser],
    by: &crate::Principal,
    target: &CompanyUser,
    admin: bool,
) -> Result<CompanyUser, CompanyUsersRefused> {
    check_admin(users, by)?;
    if !target.is_current() {
        return Err(CompanyUsersRefused::Removed);
    }
    if target.admin && !admin && admins(users) <= 1 {
        return Err(CompanyUsersRefused::LastAdmin);
    }
    Ok(CompanyUser {
        admin,
        ..target.clone()
    })
}

/// Removes a user; the last administrator cannot be removed.
pub fn remove(
    users: &[CompanyUser],
    by: &crate::Principal,
    target: &CompanyUser,
) -> Result<CompanyUser, CompanyUsersRefused> {
    check_admin(users, by)?;
    if !target.is_current() {
        return Err(CompanyUsersRefused::Removed);
    }
    if target.admin && admins(users) <= 1 {
        return Err(CompanyUsersRefused::LastAdmin);
    }
    Ok(CompanyUser {
        status: CompanyUserStatus::Removed,
        admin: false,
        ..target.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PersonName, Phone, Principal, PrincipalType};
    use time::macros::datetime;

    fn person(email: &str) -> Person {
        Person {
            first_name: PersonName::parse("A").unwrap(),
            last_name: PersonName::parse("B").unwrap(),
            email: Email::parse(email).unwrap(),
            phone: Phone::parse("2145550100").unwrap(),
        }
    }

    fn user(email: &str, admin: bool) -> CompanyUser {
        CompanyUser {
            user_id: email.into(),
            nmls_id: NmlsId::parse("1").unwrap(),
            company_name: "Acme".into(),
            person: person(email),
            admin,
            status: CompanyUserStatus::Active,
            added_at: datetime!(2026-01-01 0:00 UTC),
            added_by: Actor {
                sub: "s".into(),
                email: None,
                name: "n".into(),
                agency_id: None,
            },
        }
    }

    fn caller(email: &str) -> Principal {
        Principal {
            sub: email.into(),
            email: Some(Email::parse(email).unwrap()),
            name: "n".into(),
            kind: PrincipalType::Company,
            agency: None,
            roles: Default::default(),
            email_verified: true,
        }
    }

    #[test]
    fn only_admins_add_and_an_email_is_added_once() {
        let users = vec![user("admin@acme.example", true), user("user@acme.example", false)];
        let new = || NewCompanyUser {
            person: person("new@acme.example"),
            admin: false,
        };
        let nmls = NmlsId::parse("1").unwrap();
        let now = datetime!(2026-02-01 0:00 UTC);
        assert_eq!(
            add(
                &users,
                &caller("user@acme.example"),
                new(),
                "u".into(),
                "Acme",
                &nmls,
                now
            ),
            Err(CompanyUsersRefused::NotAnAdmin)
        );
        let added = add(
            &users,
            &caller("admin@acme.example"),
            new(),
            "u".into(),
            "Acme",
            &nmls,
            now,
        )
        .unwrap();
        assert_eq!(added.status, CompanyUserStatus::Invited);
        let again = NewCompanyUser {
            person: person("USER@acme.example"),
            admin: false,
        };
        assert!(matches!(
            add(
                &users,
                &caller("admin@acme.example"),
                again,
                "u".into(),
                "Acme",
                &nmls,
                now
            ),
            Err(CompanyUsersRefused::AlreadyAUser(_))
        ));
    }

    #[test]
    fn the_last_admin_is_never_demoted_or_removed() {
        let users = vec![user("admin@acme.example", true), user("user@acme.example", false)];
        let admin = caller("admin@acme.example");
        assert_eq!(
            set_admin(&users, &admin, &users[0], false),
            Err(CompanyUsersRefused::LastAdmin)
        );
        assert_eq!(remove(&users, &admin, &users[0]), Err(CompanyUsersRefused::LastAdmin));
        let promoted = set_admin(&users, &admin, &users[1], true).unwrap();
        let two = vec![users[0].clone(), promoted];
        assert!(set_admin(&two, &admin, &two[0], false).is_ok());
        assert_eq!(
            remove(&two, &admin, &two[1]).unwrap().status,
            CompanyUserStatus::Removed
        );
    }
}
