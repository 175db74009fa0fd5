//! The enrollment service: loads what a command needs, lets the domain decide, and writes the
//! result — enrollment, company, token, history and emails — in one transaction. Shared by
//! the `enrollment`, `enrollment-response`, `enrollment-expiry` and `mail-events` functions.

pub mod token;

use crate::ids::ordered;
use crate::{AppState, ServiceError, ServiceResult};
use ses_domain::enrollment;
use ses_domain::enrollment::mail as enrollment_mail;
use ses_domain::{Actor, Agency, AgencyCode, Company, Enrollment, EnrollmentId, HistoryEvent, MailMessage, NmlsId};
use ses_store::layout::{
    company_history_item, company_item, company_key, enrollment_item, enrollment_key, enrollment_token_item,
    enrollment_token_key, versioned, EnrollmentRecord, EnrollmentToken,
};
use ses_store::outbox::{enqueue, enqueue_about, is_suppressed, MailAbout};
use ses_store::{Condition, Write};
use time::{Duration, OffsetDateTime};
use token::{hash_token, new_token};

/// Settings of enrollment, read once at start-up.
#[derive(Debug, Clone)]
pub struct EnrollmentConfig {
    /// How long a response link works (`ENROLLMENT_TTL_DAYS`, default 14).
    pub ttl: Duration,
}

impl Default for EnrollmentConfig {
    fn default() -> Self {
        EnrollmentConfig {
            ttl: Duration::days(14),
        }
    }
}

impl EnrollmentConfig {
    pub fn from_env() -> Result<EnrollmentConfig, crate::config::ConfigError> {
        match crate::config::optional_env("ENROLLMENT_TTL_DAYS") {
            None => Ok(EnrollmentConfig::default()),
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|d| (1..=90).contains(d))
                .map(|d| EnrollmentConfig { ttl: Duration::days(d) })
                .ok_or_else(|| {
                    crate::config::ConfigError("ENROLLMENT_TTL_DAYS must be a whole number of days from 1 to 90".into())
                }),
        }
    }
}

pub async fn load_company(state: &AppState, id: &NmlsId) -> ServiceResult<Company> {
    let item = state.table.get(&company_key(id)).await?.ok_or(ServiceError::NotFound)?;
    Ok(item.entity()?)
}

pub async fn load_enrollment(
    state: &AppState,
    id: &NmlsId,
    enrollment_id: &EnrollmentId,
) -> ServiceResult<EnrollmentRecord> {
    let item = state
        .table
        .get(&enrollment_key(id, enrollment_id))
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(item.entity()?)
}

/// The enrollment a link's token leads to, if the token is one SES issued and still current.
/// Unknown, replaced and malformed tokens all read as none (the caller answers 410).
async fn by_token(state: &AppState, token: &str) -> ServiceResult<Option<(EnrollmentRecord, Company)>> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    let hash = hash_token(token);
    let Some(item) = state.table.get(&enrollment_token_key(&hash)).await? else {
        return Ok(None);
    };
    let t: EnrollmentToken = item.entity()?;
    let record = load_enrollment(state, &t.nmls_id, &t.enrollment_id).await?;
    // Only the current link of the enrollment works (a resend replaces it).
    if record.token_hash != hash {
        return Ok(None);
    }
    let company = load_company(state, &t.nmls_id).await?;
    Ok(Some((record, company)))
}

pub fn history(
    nmls_id: &NmlsId,
    actor: Actor,
    action: &str,
    details: serde_json::Value,
    now: OffsetDateTime,
) -> ServiceResult<Write> {
    let event = HistoryEvent {
        event_id: crate::ids::ordered_id(),
        at: now,
        actor,
        action: action.into(),
        details,
    };
    Ok(company_history_item(nmls_id, &event)?)
}

fn link(state: &AppState, token: &str) -> String {
    format!(
        "{}/enrollment-responses/{token}",
        state.config.public_base_url.trim_end_matches('/')
    )
}

/// The writes of an enrollment command: the enrollment (guarded by its version), the company
/// when it changes (guarded by its version), and the emails.
pub fn writes(
    record: &EnrollmentRecord,
    company: Option<&Company>,
    mail: Vec<MailMessage>,
    now: OffsetDateTime,
) -> ServiceResult<Vec<Write>> {
    let mut w = vec![versioned(enrollment_item(record)?)];
    if let Some(c) = company {
        w.push(versioned(company_item(c)?));
    }
    for m in mail {
        w.push(enqueue(m, now)?);
    }
    Ok(w)
}

/// Starts an enrollment: what to write, and the enrollment as answered.
pub async fn start(
    state: &AppState,
    config: &EnrollmentConfig,
    p: &ses_domain::Principal,
    nmls_id: &NmlsId,
    request: enrollment::EnrollmentRequest,
) -> ServiceResult<(Vec<Write>, Enrollment)> {
    let now = state.now();
    if is_suppressed(&state.table, &request.invitee.email).await? {
        return Err(ServiceError::field(
            "email",
            "mail to this address bounced or was reported as spam before; use another address, or ask CSBS to clear it",
        ));
    }
    let company = load_company(state, nmls_id).await?;
    let started = enrollment::start(&company, p, request, ordered(), now, config.ttl)?;
    let agency = agency_of(state, &started.enrollment.agency_id).await?;
    let (token, hash) = new_token();
    let mail = enrollment_mail::invitation(
        &started.enrollment,
        &started.company,
        &agency,
        &link(state, &token),
        false,
    );
    let record = EnrollmentRecord {
        enrollment: started.enrollment.clone(),
        token_hash: hash.clone(),
    };
    let mut w = writes(&record, Some(&started.company), vec![], now)?;
    w.push(enqueue_about(mail, Some(invitation_about(&started.enrollment)), now)?);
    let target = EnrollmentToken {
        nmls_id: nmls_id.clone(),
        enrollment_id: started.enrollment.enrollment_id.clone(),
    };
    w.push(enrollment_token_item(&hash, &target, started.enrollment.expires_at)?);
    let details = serde_json::json!({ "enrollmentId": started.enrollment.enrollment_id, "agencyId": started.enrollment.agency_id, "invitee": started.enrollment.invitee.email });
    w.push(history(nmls_id, Actor::from(p), "enrollment_started", details, now)?);
    Ok((w, started.enrollment.view(now)))
}

fn invitation_about(e: &Enrollment) -> MailAbout {
    MailAbout::EnrollmentInvitation {
        nmls_id: e.nmls_id.to_string(),
        enrollment_id: e.enrollment_id.clone(),
    }
}

async fn agency_of(state: &AppState, code: &AgencyCode) -> ServiceResult<Agency> {
    state.registered_agency(code).await?.ok_or_else(|| {
        ServiceError::Forbidden(format!(
            "agency {code} is not registered in SES; ask CSBS to register it"
        ))
    })
}

/// Withdraws a pending enrollment; the invitee is told the link no longer works.
pub async fn withdraw(
    state: &AppState,
    p: &ses_domain::Principal,
    nmls_id: &NmlsId,
    enrollment_id: &EnrollmentId,
) -> ServiceResult<(Vec<Write>, Enrollment)> {
    let now = state.now();
    let record = load_enrollment(state, nmls_id, enrollment_id).await?;
    let company = load_company(state, nmls_id).await?;
    let ended = enrollment::withdraw(&record.enrollment, &company, p, now)?;
    let agency = state.registered_agency(&record.enrollment.agency_id).await?;
    let mail = enrollment_mail::withdrawn(&ended.enrollment, &company, agency.as_ref());
    let updated = EnrollmentRecord {
        enrollment: ended.enrollment.clone(),
        token_hash: record.token_hash,
    };
    let mut w = writes(&updated, ended.company.as_ref(), vec![mail], now)?;
    w.push(history(
        nmls_id,
        Actor::from(p),
        "enrollment_withdrawn",
        serde_json::json!({ "enrollmentId": enrollment_id }),
        now,
    )?);
    Ok((w, ended.enrollment.view(now)))
}

/// Sends a new link: the old token stops working and the expiry restarts.
pub async fn resend(
    state: &AppState,
    config: &EnrollmentConfig,
    p: &ses_domain::Principal,
    nmls_id: &NmlsId,
    enrollment_id: &EnrollmentId,
) -> ServiceResult<(Vec<Write>, Enrollment)> {
    let now = state.now();
    let record = load_enrollment(state, nmls_id, enrollment_id).await?;
    let company = load_company(state, nmls_id).await?;
    let (enrollment, company) = enrollment::resend(&record.enrollment, &company, p, now, config.ttl)?;
    let agency = agency_of(state, &enrollment.agency_id).await?;
    let (token, hash) = new_token();
    let mail = enrollment_mail::invitation(&enrollment, &company, &agency, &link(state, &token), true);
    let updated = EnrollmentRecord {
        enrollment: enrollment.clone(),
        token_hash: hash.clone(),
    };
    let mut w = writes(&updated, Some(&company), vec![], now)?;
    w.push(enqueue_about(mail, Some(invitation_about(&enrollment)), now)?);
    w.push(Write::Delete {
        key: enrollment_token_key(&record.token_hash),
        condition: Condition::None,
    });
    let target = EnrollmentToken {
        nmls_id: nmls_id.clone(),
        enrollment_id: enrollment_id.clone(),
    };
    w.push(enrollment_token_item(&hash, &target, enrollment.expires_at)?);
    w.push(history(
        nmls_id,
        Actor::from(p),
        "enrollment_resent",
        serde_json::json!({ "enrollmentId": enrollment_id }),
        now,
    )?);
    Ok((w, enrollment.view(now)))
}

/// What the invitee's answer leads to, for the answer page and the API.
pub struct Answered {
    pub writes: Vec<Write>,
    pub enrollment: Enrollment,
    pub company: Company,
}

/// Loads the enrollment of a link, with the same reads whether or not the token is known,
/// so the answer's timing does not tell a used token from an unknown one.
pub async fn by_token_evenly(state: &AppState, token: &str) -> ServiceResult<Option<(EnrollmentRecord, Company)>> {
    match by_token(state, token).await? {
        Some(found) => Ok(Some(found)),
        None => {
            let nobody = NmlsId::parse("0").map_err(crate::ServiceError::internal)?;
            let no_enrollment = EnrollmentId::parse("0").map_err(crate::ServiceError::internal)?;
            let _ = state.table.get(&enrollment_key(&nobody, &no_enrollment)).await?;
            let _ = state.table.get(&company_key(&nobody)).await?;
            Ok(None)
        }
    }
}

fn invitee_actor(e: &Enrollment) -> Actor {
    Actor {
        sub: String::new(),
        email: Some(e.invitee.email.to_string()),
        name: e.invitee.full_name(),
        agency_id: None,
    }
}

/// The invitee declines through the link, with an optional reason; the enrolling agency user
/// and the agency's SES contacts are told.
pub async fn decline(state: &AppState, token: &str, reason: Option<String>) -> ServiceResult<Answered> {
    let now = state.now();
    let (record, company) = by_token_evenly(state, token).await?.ok_or(ServiceError::Gone)?;
    let ended = enrollment::decline(&record.enrollment, &company, reason, now)?;
    let agency = state.registered_agency(&record.enrollment.agency_id).await?;
    let mail = enrollment_mail::declined(
        &ended.enrollment,
        &company,
        agency.as_ref(),
        &state.config.public_base_url,
    );
    let updated = EnrollmentRecord {
        enrollment: ended.enrollment.clone(),
        token_hash: record.token_hash,
    };
    let mut w = writes(&updated, ended.company.as_ref(), mail.into_iter().collect(), now)?;
    let details = serde_json::json!({ "enrollmentId": ended.enrollment.enrollment_id, "reason": ended.enrollment.decline_reason });
    w.push(history(
        &company.nmls_id,
        invitee_actor(&ended.enrollment),
        "enrollment_declined",
        details,
        now,
    )?);
    let company = ended.company.unwrap_or(company);
    Ok(Answered {
        writes: w,
        enrollment: ended.enrollment,
        company,
    })
}

/// The invitee, signed in with the invited email, confirms: the company is enrolled with its
/// SA Contact and Complaints Contact, the invitee becomes its first admin, and the enrolling
/// agency user is told.
pub async fn confirm(
    state: &AppState,
    p: &ses_domain::Principal,
    token: &str,
    confirmation: enrollment::Confirmation,
) -> ServiceResult<Answered> {
    let now = state.now();
    let (record, company) = by_token_evenly(state, token).await?.ok_or(ServiceError::Gone)?;
    let confirmed = enrollment::confirm(&record.enrollment, &company, p, confirmation, now)?;
    let mail = enrollment_mail::confirmed(&confirmed.enrollment, &confirmed.company, &state.config.public_base_url);
    let updated = EnrollmentRecord {
        enrollment: confirmed.enrollment.clone(),
        token_hash: record.token_hash,
    };
    let mut w = writes(&updated, Some(&confirmed.company), mail.into_iter().collect(), now)?;
    let admin = ses_domain::CompanyUser {
        user_id: ordered(),
        nmls_id: company.nmls_id.clone(),
        company_name: company.name.clone(),
        person: confirmed.enrollment.invitee.clone(),
        admin: true,
        status: ses_domain::CompanyUserStatus::Active,
        added_at: now,
        added_by: confirmed.enrollment.created_by.clone(),
    };
    w.push(Write::put(
        ses_store::layout::company_user_item(&admin, 1)?,
        Condition::NotExists,
    ));
    let actor = Actor::from(p);
    let id = &confirmed.enrollment.enrollment_id;
    w.push(history(
        &company.nmls_id,
        actor.clone(),
        "enrollment_confirmed",
        serde_json::json!({ "enrollmentId": id }),
        now,
    )?);
    let user = serde_json::json!({ "userId": admin.user_id, "email": admin.person.email, "admin": true });
    w.push(history(
        &company.nmls_id,
        actor.clone(),
        "user_added",
        user.clone(),
        now,
    )?);
    w.push(history(&company.nmls_id, actor, "user_activated", user, now)?);
    w.push(history(
        &company.nmls_id,
        Actor::from(p),
        ses_domain::history::company_action::CONTACTS_CHANGED,
        serde_json::json!({ "saContact": confirmed.company.sa_contact, "complaintsContact": confirmed.company.complaints_contact }),
        now,
    )?);
    Ok(Answered {
        writes: w,
        enrollment: confirmed.enrollment,
        company: confirmed.company,
    })
}

/// What a run of the expiry job did.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpiryRun {
    /// Enrollments marked expired (their enrolling agency users told, once).
    pub expired: Vec<EnrollmentId>,
    /// Enrollments another change got to first (they are left as that change made them).
    pub skipped: Vec<EnrollmentId>,
}

/// Marks every pending enrollment past its expiry as expired and tells the enrolling agency
/// user. Each enrollment's change is its own transaction, guarded by its version, so a
/// second run (or a run racing an answer) changes and sends nothing twice.
pub async fn expire_due(state: &AppState) -> ServiceResult<ExpiryRun> {
    use ses_store::layout::ENROLLMENTS_PENDING;
    use ses_store::{Index, Query};
    let now = state.now();
    let mut run = ExpiryRun::default();
    let upper = format!("{:012}#~", now.unix_timestamp());
    let mut cursor = None;
    loop {
        let query = Query::index(Index::Gsi1, ENROLLMENTS_PENDING)
            .between("0", upper.clone())
            .limit(100)
            .cursor(cursor);
        let page = state.table.query(query).await?;
        for item in &page.items {
            let record: EnrollmentRecord = item.entity()?;
            let id = record.enrollment.enrollment_id.clone();
            let company = load_company(state, &record.enrollment.nmls_id).await?;
            let Some(ended) = enrollment::expire(&record.enrollment, &company, now) else {
                run.skipped.push(id);
                continue;
            };
            let mail = enrollment_mail::expired(&ended.enrollment, &company, &state.config.public_base_url);
            let updated = EnrollmentRecord {
                enrollment: ended.enrollment.clone(),
                token_hash: record.token_hash,
            };
            let mut w = writes(&updated, ended.company.as_ref(), mail.into_iter().collect(), now)?;
            let system = Actor {
                sub: "enrollment-expiry".into(),
                email: None,
                name: "SES".into(),
                agency_id: None,
            };
            w.push(history(
                &company.nmls_id,
                system,
                "enrollment_expired",
                serde_json::json!({ "enrollmentId": id }),
                now,
            )?);
            match state.table.transact(w).await {
                Ok(()) => run.expired.push(id),
                Err(ses_store::StoreError::ConditionFailed { .. }) | Err(ses_store::StoreError::Conflict) => {
                    run.skipped.push(id)
                }
                Err(e) => return Err(e.into()),
            }
        }
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return Ok(run),
        }
    }
}
