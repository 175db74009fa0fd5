//! `--training-data`: fictitious agencies (with SES contacts), companies (with NMLS contacts)
//! and people, like the SES training environment. Nothing here is real data: names are made
//! up and every address is under the reserved `.example` domain. Loading is idempotent: what
//! already exists is left alone.

use ses_domain::{
    Actor, Agency, AgencyCode, Company, CompanyEnrollmentStatus, CompanyUser, CompanyUserStatus, Contact, Email,
    NmlsId, Person, PersonName, Phone, Role, SeenAgencyUser, UserId,
};
use ses_store::layout::{agency_item, company_item, company_user_item, seen_agency_user_item};
use ses_store::{Condition, Item, StoreError, Table, Write};
use time::OffsetDateTime;

pub struct TrainingAgency {
    pub code: &'static str,
    pub name: &'static str,
    pub contacts: &'static [(&'static str, &'static str)],
    pub staff: &'static [(&'static str, &'static str, &'static [Role])],
}

/// Agencies, each with its SES contacts and staff who have signed in.
pub const AGENCIES: &[TrainingAgency] = &[
    TrainingAgency {
        code: "TX-DOB",
        name: "Texas Department of Banking (training)",
        contacts: &[
            ("Rosa Delgado", "rosa.delgado@tx-dob.example"),
            ("Marcus Whitfield", "marcus.whitfield@tx-dob.example"),
        ],
        staff: &[
            (
                "Avery Quinn",
                "avery.quinn@tx-dob.example",
                &[Role::Examiner, Role::StaffUser],
            ),
            ("Jordan Pike", "jordan.pike@tx-dob.example", &[Role::StaffDirector]),
            (
                "Casey Moreno",
                "casey.moreno@tx-dob.example",
                &[Role::ComplaintsLead, Role::Examiner],
            ),
            ("Riley Chen", "riley.chen@tx-dob.example", &[Role::TrainingLead]),
        ],
    },
    TrainingAgency {
        code: "NY-DFS",
        name: "New York Financial Services (training)",
        contacts: &[("Helen Osei", "helen.osei@ny-dfs.example")],
        staff: &[
            ("Sam Kowalski", "sam.kowalski@ny-dfs.example", &[Role::Examiner]),
            (
                "Priya Natarajan",
                "priya.natarajan@ny-dfs.example",
                &[Role::StaffDirector, Role::ComplaintsLead],
            ),
        ],
    },
    TrainingAgency {
        code: "CA-DFPI",
        name: "California Financial Protection (training)",
        contacts: &[
            ("Diego Alvarez", "diego.alvarez@ca-dfpi.example"),
            ("Mei Lin", "mei.lin@ca-dfpi.example"),
        ],
        staff: &[(
            "Taylor Brooks",
            "taylor.brooks@ca-dfpi.example",
            &[Role::Examiner, Role::StaffUser],
        )],
    },
    TrainingAgency {
        code: "WA-DFI",
        name: "Washington Financial Institutions (training)",
        contacts: &[],
        staff: &[("Morgan Ellis", "morgan.ellis@wa-dfi.example", &[Role::StaffDirector])],
    },
];

const COMPANY_NAMES: [&str; 24] = [
    "Acorn Ridge Mortgage",
    "Bluebonnet Home Loans",
    "Cedar Hollow Lending",
    "Driftwood Capital Funding",
    "Elm Street Mortgage Co",
    "Foxglove Financial",
    "Granite Peak Home Finance",
    "Harborlight Lending",
    "Ironwood Mortgage Partners",
    "Juniper Bay Loans",
    "Kestrel Home Funding",
    "Lone Star Prairie Lending",
    "Maple Crest Mortgage",
    "Northwind Consumer Finance",
    "Oak Meadow Servicing",
    "Pine Hollow Money Transfer",
    "Quarry Lane Lending",
    "Redwood Valley Mortgage",
    "Silver Creek Home Loans",
    "Tumbleweed Auto Finance",
    "Upland Trail Mortgage",
    "Vista Ridge Lending",
    "Willow Bend Financial",
    "Yellow Rose Home Loans",
];

/// The companies enrolled in the training data, with their first admin.
const ENROLLED: [(usize, &str, &str, &str); 3] = [
    (0, "Dana", "Fletcher", "dana.fletcher@acorn-ridge.example"),
    (1, "Luis", "Serrano", "luis.serrano@bluebonnet.example"),
    (11, "Kim", "Nakamura", "kim.nakamura@lonestar-prairie.example"),
];

fn bad(e: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(format!("training data: {e}"))
}

fn contact(name: &str, email: &str, phone: Option<&str>) -> Result<Contact, StoreError> {
    Ok(Contact {
        name: PersonName::parse(name).map_err(bad)?,
        email: Email::parse(email).map_err(bad)?,
        phone: phone.map(Phone::parse).transpose().map_err(bad)?,
    })
}

fn slug(name: &str) -> String {
    name.to_lowercase()
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join("-")
}

pub fn nmls_id(i: usize) -> String {
    format!("{}", 900_001 + i)
}

fn person(first: &str, last: &str, email: &str, phone: &str) -> Result<Person, StoreError> {
    Ok(Person {
        first_name: PersonName::parse(first).map_err(bad)?,
        last_name: PersonName::parse(last).map_err(bad)?,
        email: Email::parse(email).map_err(bad)?,
        phone: Phone::parse(phone).map_err(bad)?,
    })
}

/// Every item of the training data.
pub fn items(now: OffsetDateTime) -> Result<Vec<Item>, StoreError> {
    let mut items = Vec::new();
    let csbs = Actor {
        sub: "training-data".into(),
        email: None,
        name: "SES training data".into(),
        agency_id: None,
    };
    for (n, a) in AGENCIES.iter().enumerate() {
        let code = AgencyCode::parse(a.code).map_err(bad)?;
        let phone = format!("512555{:04}", 100 + n);
        let contacts: Vec<Contact> = a
            .contacts
            .iter()
            .map(|(name, email)| contact(name, email, Some(&phone)))
            .collect::<Result<_, _>>()?;
        let agency = Agency {
            agency_id: code.clone(),
            name: a.name.into(),
            state: code.state().into(),
            primary_contact: contacts.first().cloned(),
            secondary_contact: contacts.get(1).cloned(),
            updated_at: now,
            version: 1,
        };
        items.push(agency_item(&agency)?);
        for (name, email, roles) in a.staff {
            let user = SeenAgencyUser {
                sub: format!("training-{}", email.split('@').next().unwrap_or(email)),
                email: (*email).into(),
                name: (*name).into(),
                agency_id: code.clone(),
                roles: roles.to_vec(),
                last_seen_at: now,
            };
            items.push(seen_agency_user_item(&user)?);
        }
    }
    for (i, name) in COMPANY_NAMES.iter().enumerate() {
        let domain = format!("{}.example", slug(name));
        let mut company = Company {
            nmls_id: NmlsId::parse(&nmls_id(i)).map_err(bad)?,
            name: (*name).into(),
            nmls_contact: Some(contact(
                "Pat Morgan",
                &format!("pat.morgan@{domain}"),
                Some(&format!("214555{:04}", 1000 + i)),
            )?),
            nmls_complaints_contact: Some(contact("Chris Lane", &format!("complaints@{domain}"), None)?),
            enrollment_status: CompanyEnrollmentStatus::NotEnrolled,
            sa_contact: None,
            complaints_contact: None,
            enrolled_at: None,
            enrolled_by_agency_id: None,
            pending_enrollment: None,
            updated_at: now,
            version: 1,
        };
        if let Some((_, first, last, email)) = ENROLLED.iter().find(|(n, ..)| *n == i) {
            let admin = person(first, last, email, &format!("469555{:04}", 2000 + i))?;
            company.enrollment_status = CompanyEnrollmentStatus::Enrolled;
            company.sa_contact = Some(admin.clone());
            company.complaints_contact = Some(admin.clone());
            company.enrolled_at = Some(now);
            company.enrolled_by_agency_id = Some(AgencyCode::parse("TX-DOB").map_err(bad)?);
            let user = CompanyUser {
                user_id: UserId::parse(&format!("traininguser{}", company.nmls_id)).map_err(bad)?,
                nmls_id: company.nmls_id.clone(),
                company_name: company.name.clone(),
                person: admin,
                admin: true,
                status: CompanyUserStatus::Active,
                added_at: now,
                added_by: csbs.clone(),
            };
            items.push(company_user_item(&user, 1)?);
        }
        items.push(company_item(&company)?);
    }
    Ok(items)
}

/// Loads the training data; items that already exist are kept as they are.
pub async fn load(table: &Table, now: OffsetDateTime) -> Result<usize, StoreError> {
    let mut added = 0;
    for item in items(now)? {
        match table.transact(vec![Write::put(item, Condition::NotExists)]).await {
            Ok(()) => added += 1,
            Err(StoreError::ConditionFailed { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(added)
}
