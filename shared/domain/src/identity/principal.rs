//! Who is calling: a `Principal` read from the sign-in token's claims. In AWS the claims
//! come from API Gateway's JWT authorizer (every value a string, arrays flattened to
//! `"[a b]"`); in `ses-local` from a verified HS256 token (JSON values). Both are read here.

use crate::{AgencyCode, Email};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// The kind of organisation a principal signs in for (`ses_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrincipalType {
    Agency,
    Company,
    Csbs,
    Service,
}

impl PrincipalType {
    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw {
            "agency" => Self::Agency,
            "company" => Self::Company,
            "csbs" => Self::Csbs,
            "service" => Self::Service,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Agency => "agency",
            Self::Company => "company",
            Self::Csbs => "csbs",
            Self::Service => "service",
        }
    }
}

/// A role from `ses_roles`; each belongs to one principal type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    StaffUser,
    StaffDirector,
    Examiner,
    ComplaintsLead,
    TrainingLead,
    CsbsAdmin,
    BadgeReviewer,
    Lms,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::StaffUser,
        Role::StaffDirector,
        Role::Examiner,
        Role::ComplaintsLead,
        Role::TrainingLead,
        Role::CsbsAdmin,
        Role::BadgeReviewer,
        Role::Lms,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::StaffUser => "staff_user",
            Role::StaffDirector => "staff_director",
            Role::Examiner => "examiner",
            Role::ComplaintsLead => "complaints_lead",
            Role::TrainingLead => "training_lead",
            Role::CsbsAdmin => "csbs_admin",
            Role::BadgeReviewer => "badge_reviewer",
            Role::Lms => "lms",
        }
    }

    pub fn parse(raw: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == raw)
    }

    /// The principal type a role belongs to; a role claimed for another type is ignored.
    pub fn principal_type(self) -> PrincipalType {
        match self {
            Role::StaffUser | Role::StaffDirector | Role::Examiner | Role::ComplaintsLead | Role::TrainingLead => {
                PrincipalType::Agency
            }
            Role::CsbsAdmin | Role::BadgeReviewer => PrincipalType::Csbs,
            Role::Lms => PrincipalType::Service,
        }
    }
}

/// A signed-in caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub sub: String,
    pub email: Option<Email>,
    pub name: String,
    pub kind: PrincipalType,
    pub agency: Option<AgencyCode>,
    pub roles: BTreeSet<Role>,
    /// False only when the token says `email_verified: false`.
    pub email_verified: bool,
}

/// Why a set of claims is not a usable identity (answered as 401).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClaimsError {
    #[error("the token has no usable subject")]
    MissingSubject,
    #[error("the token's ses_type is missing or unknown")]
    UnknownType,
    #[error("an agency token needs a valid ses_agency")]
    MissingAgency,
    #[error("the token's email is missing or invalid")]
    BadEmail,
}

/// Reads `ses_roles` from a JSON array, API Gateway's flattened `"[a b]"`, or a single
/// space- or comma-separated string. Unknown role names are ignored.
pub fn parse_roles(value: &Value) -> BTreeSet<Role> {
    let names: Vec<String> = match value {
        Value::Array(items) => items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        Value::String(s) => {
            let inner = s.trim();
            let inner = inner
                .strip_prefix('[')
                .and_then(|i| i.strip_suffix(']'))
                .unwrap_or(inner);
            // A JSON array passed through as a string: ["a","b"]
            if let Ok(Value::Array(items)) = serde_json::from_str::<Value>(s.trim()) {
                items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()
            } else {
                inner
                    .split(|c: char| c.is_whitespace() || c == ',')
                    .map(|p| p.trim_matches('"').to_string())
                    .filter(|p| !p.is_empty())
                    .collect()
            }
        }
        _ => vec![],
    };
    names.iter().filter_map(|n| Role::parse(n)).collect()
}

fn claim_str<'a>(claims: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    claims
        .get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

impl Principal {
    /// Reads a principal from token claims (JSON values, or API Gateway's strings).
    pub fn from_claims(claims: &Map<String, Value>) -> Result<Principal, ClaimsError> {
        let sub = claim_str(claims, "sub")
            .filter(|s| s.len() <= 255 && !s.chars().any(char::is_control))
            .ok_or(ClaimsError::MissingSubject)?
            .to_string();
        let kind = claim_str(claims, "ses_type")
            .and_then(PrincipalType::parse)
            .ok_or(ClaimsError::UnknownType)?;
        let email = match claim_str(claims, "email") {
            Some(raw) => Some(Email::parse(raw).map_err(|_| ClaimsError::BadEmail)?),
            None if kind == PrincipalType::Service => None,
            None => return Err(ClaimsError::BadEmail),
        };
        let agency = match kind {
            PrincipalType::Agency => Some(
                claim_str(claims, "ses_agency")
                    .and_then(|a| AgencyCode::parse(a).ok())
                    .ok_or(ClaimsError::MissingAgency)?,
            ),
            _ => None,
        };
        let roles = claims
            .get("ses_roles")
            .map(parse_roles)
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r.principal_type() == kind)
            .collect();
        let email_verified = !matches!(claims.get("email_verified"), Some(Value::Bool(false)))
            && !matches!(claims.get("email_verified").and_then(Value::as_str), Some("false"));
        let given = claim_str(claims, "given_name");
        let family = claim_str(claims, "family_name");
        let name = match (given, family) {
            (Some(g), Some(f)) => format!("{g} {f}"),
            (Some(n), None) | (None, Some(n)) => n.to_string(),
            (None, None) => claim_str(claims, "name")
                .map(str::to_string)
                .or_else(|| email.as_ref().map(|e| e.to_string()))
                .unwrap_or_else(|| sub.clone()),
        };
        Ok(Principal {
            sub,
            email,
            name,
            kind,
            agency,
            roles,
            email_verified,
        })
    }

    /// Reads API Gateway's JWT authorizer claims (every value a string).
    pub fn from_string_claims<'a>(
        claims: impl IntoIterator<Item = (&'a String, &'a String)>,
    ) -> Result<Principal, ClaimsError> {
        let map: Map<String, Value> = claims
            .into_iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        Principal::from_claims(&map)
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn has_any_role(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.roles.contains(r))
    }

    pub fn is_agency_user(&self) -> bool {
        self.kind == PrincipalType::Agency
    }

    pub fn is_csbs(&self) -> bool {
        self.kind == PrincipalType::Csbs
    }

    pub fn is_company_user(&self) -> bool {
        self.kind == PrincipalType::Company
    }

    /// Whether this is a user of the given agency.
    pub fn is_of_agency(&self, agency: &AgencyCode) -> bool {
        self.is_agency_user() && self.agency.as_ref() == Some(agency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;
    use std::collections::HashMap;

    fn claims(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn reads_an_agency_user_from_json_claims() {
        let p = Principal::from_claims(&claims(json!({
            "sub": "00u1", "email": "Ana@TX.gov", "given_name": "Ana", "family_name": "Ruiz",
            "ses_type": "agency", "ses_agency": "TX-DOB", "ses_roles": ["examiner", "staff_user"]
        })))
        .unwrap();
        assert_eq!(p.email.unwrap().as_str(), "ana@tx.gov");
        assert_eq!(p.name, "Ana Ruiz");
        assert_eq!(p.agency.unwrap().as_str(), "TX-DOB");
        assert_eq!(p.roles, BTreeSet::from([Role::Examiner, Role::StaffUser]));
        assert!(p.email_verified);
    }

    #[test]
    fn reads_api_gateway_flattened_claims() {
        let map: HashMap<String, String> = [
            ("sub", "00u2"),
            ("email", "lead@ny.gov"),
            ("ses_type", "agency"),
            ("ses_agency", "NY-DFS"),
            ("ses_roles", "[complaints_lead training_lead]"),
            ("email_verified", "false"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let p = Principal::from_string_claims(&map).unwrap();
        assert_eq!(p.roles, BTreeSet::from([Role::ComplaintsLead, Role::TrainingLead]));
        assert!(!p.email_verified);
    }

    #[test]
    fn ignores_roles_of_another_principal_type() {
        let p = Principal::from_claims(&claims(json!({
            "sub": "x", "email": "a@b.gov", "ses_type": "agency", "ses_agency": "TX-DOB", "ses_roles": ["csbs_admin", "examiner"]
        })))
        .unwrap();
        assert_eq!(p.roles, BTreeSet::from([Role::Examiner]));
    }

    #[test]
    fn refuses_unusable_claims() {
        let cases = [
            (
                json!({"email": "a@b.gov", "ses_type": "csbs"}),
                ClaimsError::MissingSubject,
            ),
            (
                json!({"sub": "x", "email": "a@b.gov", "ses_type": "bank"}),
                ClaimsError::UnknownType,
            ),
            (
                json!({"sub": "x", "email": "a@b.gov", "ses_type": "agency", "ses_agency": "texas"}),
                ClaimsError::MissingAgency,
            ),
            (json!({"sub": "x", "ses_type": "company"}), ClaimsError::BadEmail),
        ];
        for (c, err) in cases {
            assert_eq!(Principal::from_claims(&claims(c)).unwrap_err(), err);
        }
    }

    #[test]
    fn a_service_needs_no_email() {
        let p = Principal::from_claims(&claims(
            json!({"sub": "flex", "ses_type": "service", "ses_roles": ["lms"]}),
        ))
        .unwrap();
        assert!(p.has_role(Role::Lms));
        assert_eq!(p.email, None);
    }

    fn role_names() -> impl Strategy<Value = Vec<Role>> {
        proptest::collection::vec(proptest::sample::select(Role::ALL.to_vec()), 0..6)
    }

    proptest! {
        #[test]
        fn array_and_flattened_string_forms_agree(roles in role_names()) {
            let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            let from_array = parse_roles(&json!(names));
            let from_flat = parse_roles(&Value::String(format!("[{}]", names.join(" "))));
            let from_json_string = parse_roles(&Value::String(serde_json::to_string(&names).unwrap()));
            let expected: BTreeSet<Role> = roles.into_iter().collect();
            prop_assert_eq!(&from_array, &expected);
            prop_assert_eq!(&from_flat, &expected);
            prop_assert_eq!(&from_json_string, &expected);
        }

        #[test]
        fn arbitrary_claims_never_panic(sub in ".{0,10}", ty in ".{0,10}", agency in ".{0,12}", roles in ".{0,40}", email in ".{0,30}") {
            let _ = Principal::from_claims(&claims(json!({"sub": sub, "ses_type": ty, "ses_agency": agency, "ses_roles": roles, "email": email})));
        }
    }
}
