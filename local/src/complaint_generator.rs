//! `ses-local generate`: a large, fictitious complaint load for benchmarks — agencies, enrolled
//! companies, and complaints spread over them (some in review, closed, assigned, waiting on
//! the company, shared), written through the same records and list entries as the routes
//! write, in transactions of many complaints each. Deterministic for a given size.

use ses_domain::complaint::input::{Channel, Consumer, NewComplaint, Resolution, ResolutionKind};
use ses_domain::complaint::status::ComplaintStatus;
use ses_domain::complaint::{Complaint, ComplaintNumber};
use ses_domain::{
    Actor, Agency, AgencyCode, Company, CompanyEnrollmentStatus, Contact, Email, HistoryEvent, NmlsId, Person,
    PersonName, Phone,
};
use ses_domain::{ComplaintId, RequestId};
use ses_store::layout::{agency_item, company_item};
use ses_store::layout::{complaint_sequence_key, complaint_writes, history_item, COMPLAINT_SEQUENCE_KIND};
use ses_store::{Condition, Item, StoreError, Table, Write};
use std::collections::HashMap;
use time::{Duration, OffsetDateTime};

const STATES: [&str; 50] = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME",
    "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA",
    "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
];

/// What was generated.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Generated {
    pub agencies: Vec<String>,
    pub companies: usize,
    pub complaints: usize,
    pub transactions: usize,
}

/// A small deterministic generator (xorshift), so a load is the same every time.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn invalid(e: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(e.to_string())
}

/// The code of the `i`th generated agency, e.g. `TX-LOAD07`.
pub fn agency_code(i: usize) -> String {
    format!("{}-LOAD{:02}", STATES[i % STATES.len()], i)
}

/// The NMLS ID of the `i`th generated company.
pub fn company_nmls(i: usize) -> String {
    format!("{}", 700_000 + i)
}

fn person(first: &str, last: &str, email: &str) -> Result<Person, StoreError> {
    Ok(Person {
        first_name: PersonName::parse(first).map_err(invalid)?,
        last_name: PersonName::parse(last).map_err(invalid)?,
        email: Email::parse(email).map_err(invalid)?,
        phone: Phone::parse("5125550100").map_err(invalid)?,
    })
}

/// Writes in transactions of many items each (DynamoDB takes 100 a transaction).
struct Batches<'a> {
    table: &'a Table,
    writes: Vec<Write>,
    transactions: usize,
}

impl Batches<'_> {
    /// Adds writes, committing the batch once it holds `limit` or more.
    async fn add(&mut self, writes: impl IntoIterator<Item = Write>, limit: usize) -> Result<(), StoreError> {
        self.writes.extend(writes);
        if self.writes.len() >= limit {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> Result<(), StoreError> {
        if self.writes.is_empty() {
            return Ok(());
        }
        self.table.transact(std::mem::take(&mut self.writes)).await?;
        self.transactions += 1;
        Ok(())
    }
}

pub async fn generate(
    table: &Table,
    complaints: usize,
    agencies: usize,
    now: OffsetDateTime,
) -> Result<Generated, StoreError> {
    let agencies = agencies.clamp(1, 99);
    let companies = (complaints / 100).clamp(10, 2000);
    let mut out = Batches {
        table,
        writes: Vec::new(),
        transactions: 0,
    };
    let codes = load_agencies(&mut out, agencies, now).await?;
    let company_list = load_companies(&mut out, companies, &codes, now).await?;
    let mut dice = Dice(0x5e5_c0de_2026);
    let mut numbers: HashMap<(usize, i32), u64> = HashMap::new();
    let start = now - Duration::days(730);
    let step_ms = (730 * 86_400_000 / complaints.max(1) as i64).max(1);
    for n in 0..complaints {
        let a = n % agencies;
        let created = start + Duration::milliseconds(step_ms * n as i64);
        let company = &company_list[dice.below(companies as u64) as usize];
        let seq = numbers.entry((a, created.year())).or_insert(0);
        *seq += 1;
        let (c, event) = fictitious_complaint(&mut dice, n, &codes, a, company, created, *seq)?;
        let mut writes = complaint_writes(None, &c)?;
        writes.push(history_item(&c.complaint_id, &event)?);
        out.add(writes, 80).await?;
    }
    out.flush().await?;
    for ((a, year), last) in numbers {
        let item = Item::new(
            complaint_sequence_key(&codes[a], year),
            COMPLAINT_SEQUENCE_KIND,
            last,
            serde_json::json!({ "last": last }),
        );
        out.add([Write::put(item, Condition::None)], 90).await?;
    }
    out.flush().await?;
    Ok(Generated {
        agencies: codes.iter().map(|c| c.to_string()).collect(),
        companies,
        complaints,
        transactions: out.transactions,
    })
}

/// The generated agencies, each with an SES primary contact.
async fn load_agencies(
    out: &mut Batches<'_>,
    agencies: usize,
    now: OffsetDateTime,
) -> Result<Vec<AgencyCode>, StoreError> {
    let mut codes = Vec::with_capacity(agencies);
    for i in 0..agencies {
        let code = AgencyCode::parse(&agency_code(i)).map_err(invalid)?;
        let contact = Contact {
            name: PersonName::parse(&format!("Load Contact {i}")).map_err(invalid)?,
            email: Email::parse(&format!("contact{i}@agency{i}.example")).map_err(invalid)?,
            phone: None,
        };
        let agency = Agency {
            agency_id: code.clone(),
            name: format!("{} Load Test Agency {i}", code.state()),
            state: code.state().to_string(),
            primary_contact: Some(contact),
            secondary_contact: None,
            updated_at: now,
            version: 1,
        };
        out.add([Write::put(agency_item(&agency)?, Condition::None)], usize::MAX)
            .await?;
        codes.push(code);
    }
    out.flush().await?;
    Ok(codes)
}

/// The generated companies, enrolled by the agencies in turn.
async fn load_companies(
    out: &mut Batches<'_>,
    companies: usize,
    codes: &[AgencyCode],
    now: OffsetDateTime,
) -> Result<Vec<Company>, StoreError> {
    let mut company_list = Vec::with_capacity(companies);
    for i in 0..companies {
        let company = Company {
            nmls_id: NmlsId::parse(&company_nmls(i)).map_err(invalid)?,
            name: format!("Load Lender {i:04}"),
            nmls_contact: None,
            nmls_complaints_contact: None,
            enrollment_status: CompanyEnrollmentStatus::Enrolled,
            sa_contact: Some(person("Sam", "Admin", &format!("sa{i}@lender{i}.example"))?),
            complaints_contact: Some(person("Cass", "Contact", &format!("complaints{i}@lender{i}.example"))?),
            enrolled_at: Some(now),
            enrolled_by_agency_id: Some(codes[i % codes.len()].clone()),
            pending_enrollment: None,
            updated_at: now,
            version: 1,
        };
        out.add([Write::put(company_item(&company)?, Condition::None)], 90)
            .await?;
        company_list.push(company);
    }
    out.flush().await?;
    Ok(company_list)
}

const PRODUCTS: [&str; 5] = [
    "Mortgage",
    "Home equity loan",
    "Reverse mortgage",
    "Personal loan",
    "Money transfer",
];
const ISSUES: [&str; 5] = [
    "Escrow account",
    "Loan servicing",
    "Fees charged",
    "Application delay",
    "Payment not credited",
];

/// The `n`th complaint, entered by agency `a` against `company` at `created` as the agency's
/// `seq`th of the year, and its `created` history event; some are in review, closed, waiting
/// on the company, assigned or shared.
fn fictitious_complaint(
    dice: &mut Dice,
    n: usize,
    codes: &[AgencyCode],
    a: usize,
    company: &Company,
    created: OffsetDateTime,
    seq: u64,
) -> Result<(Complaint, HistoryEvent), StoreError> {
    let millis = created.unix_timestamp_nanos() as u64 / 1_000_000;
    let id = ComplaintId::parse(&ulid::Ulid::from_parts(millis, dice.next() as u128).to_string()).map_err(invalid)?;
    let officer = Actor {
        sub: format!("load-{a}-director"),
        email: Some(format!("director@{}.example", codes[a].as_str().to_ascii_lowercase())),
        name: "Load Director".into(),
        agency_id: Some(codes[a].clone()),
    };
    let details = NewComplaint {
        nmls_id: company.nmls_id.clone(),
        consumer: Consumer {
            first_name: PersonName::parse("Consumer").map_err(invalid)?,
            last_name: PersonName::parse(&format!("Number{n}")).map_err(invalid)?,
            email: Some(Email::parse(&format!("consumer{n}@mail.example")).map_err(invalid)?),
            phone: None,
            state: codes[a].state().to_string(),
        },
        product: PRODUCTS[dice.below(5) as usize].into(),
        issue: ISSUES[dice.below(5) as usize].into(),
        narrative: format!("Fictitious complaint {n} for load testing. The consumer describes what happened over a few sentences, as a real narrative would, so that items have a realistic size."),
        received_on: created.date(),
        channel: Channel::Web,
        desired_resolution: Some("A refund of the fees.".into()),
    };
    let number = ComplaintNumber::new(&codes[a], created.year(), seq);
    let mut c =
        Complaint::file(details, company, codes[a].clone(), id, number, officer.clone(), created).map_err(invalid)?;
    let roll = dice.below(100);
    if roll < 30 {
        c.status = ComplaintStatus::InReview;
    } else if roll < 55 {
        c.status = ComplaintStatus::Closed;
        c.closed_on = Some((created + Duration::days(20)).date());
        c.resolution = Some(Resolution {
            kind: ResolutionKind::Explanation,
            summary: "Explained.".into(),
            amount: None,
            relief_on: None,
        });
    } else if roll < 65 {
        c.status = ComplaintStatus::AwaitingCompany;
        c.open_requests.insert(
            RequestId::parse(&format!("R{n}")).map_err(invalid)?,
            (created + Duration::days(14)).date(),
        );
    }
    if dice.below(3) == 0 {
        c.assignee = Some(Actor {
            sub: format!("load-{a}-examiner{}", dice.below(5)),
            email: None,
            name: "Load Examiner".into(),
            agency_id: Some(codes[a].clone()),
        });
    }
    if dice.below(20) == 0 {
        let agencies = codes.len();
        let other = codes[(a + 1 + dice.below(agencies as u64 - 1) as usize) % agencies].clone();
        if other != codes[a] {
            c.shares.push(ses_domain::complaint::Share {
                agency_id: other,
                shared_at: created,
                shared_by: officer.clone(),
            });
        }
    }
    let event = HistoryEvent {
        event_id: ulid::Ulid::from_parts(millis, dice.next() as u128).to_string(),
        at: created,
        actor: officer,
        action: "created".into(),
        details: serde_json::json!({ "complaintNumber": c.complaint_number, "nmlsId": c.nmls_id(), "status": "received" }),
    };
    Ok((c, event))
}
