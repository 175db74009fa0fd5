//! The complaint service: the settings, loading a complaint (alone, or with its requests and
//! documents in one query), how the caller sees it, the company's recipients, history events;
//! the readable numbers, the daily reminders run and the upload check. Shared by the
//! `complaint-intake`, `information-request-reminders` and `document-events` functions.

pub mod numbers;
pub mod reminders;
pub mod uploads;

use crate::{AppState, ServiceError, ServiceResult};
use ses_domain::complaint::mail as complaint_mail;
use ses_domain::complaint::{Complaint, Viewer};
use ses_domain::{
    Actor, Company, CompanyUser, ComplaintDocument, ComplaintId, HistoryEvent, InformationRequest, NmlsId, Principal,
    RequestId,
};
use ses_store::documents::DocumentStore;
use ses_store::layout::{company_partition, COMPANY_SK, COMPANY_USER_PREFIX};
use ses_store::layout::{
    complaint_key, complaint_partition, history_item, request_write, COMPLAINT_SK, DOCUMENT_PREFIX, REQUEST_PREFIX,
};
use ses_store::outbox::enqueue;
use ses_store::{Query, Write};
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;

/// Settings and adapters of the complaint routes, built once at start-up.
#[derive(Clone)]
pub struct ComplaintsConfig {
    /// Where documents go (S3 in AWS; a folder in `ses-local`).
    pub documents: Arc<dyn DocumentStore>,
    /// How long an upload URL works.
    pub upload_ttl: Duration,
    /// How long a download URL works.
    pub download_ttl: Duration,
    pub numbers: Arc<numbers::ComplaintNumbers>,
}

impl ComplaintsConfig {
    pub fn new(documents: Arc<dyn DocumentStore>) -> ComplaintsConfig {
        ComplaintsConfig {
            documents,
            upload_ttl: Duration::from_secs(15 * 60),
            download_ttl: Duration::from_secs(5 * 60),
            numbers: Arc::default(),
        }
    }
}

pub async fn load(state: &AppState, id: &ComplaintId) -> ServiceResult<Complaint> {
    let item = state
        .table
        .get(&complaint_key(id))
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(item.entity()?)
}

/// A complaint with its information requests and documents (one query: they share its
/// partition and the sort-key prefix `C`), or the complaint alone.
pub struct Loaded {
    pub complaint: Complaint,
    pub requests: Vec<InformationRequest>,
    pub documents: Vec<ComplaintDocument>,
    /// Whether the requests and documents were read (so an empty list means none).
    parts: bool,
}

impl Loaded {
    /// The complaint alone (one read); asking it for a request is a fault, not a 404.
    pub fn complaint_only(complaint: Complaint) -> Loaded {
        Loaded {
            complaint,
            requests: vec![],
            documents: vec![],
            parts: false,
        }
    }

    pub fn request(&self, id: &RequestId) -> ServiceResult<&InformationRequest> {
        if !self.parts {
            return Err(ServiceError::internal(
                "a request was asked of a complaint loaded without its requests",
            ));
        }
        self.requests
            .iter()
            .find(|r| &r.request_id == id)
            .ok_or(ServiceError::NotFound)
    }
}

pub async fn load_all(state: &AppState, id: &ComplaintId) -> ServiceResult<Loaded> {
    let mut complaint = None;
    let mut requests = vec![];
    let mut documents = vec![];
    let query = Query::partition(complaint_partition(id))
        .prefix(COMPLAINT_SK)
        .limit(1000);
    each_item(state, query, |item| {
        if item.sk == COMPLAINT_SK {
            complaint = Some(item.entity::<Complaint>()?);
        } else if item.sk.starts_with(REQUEST_PREFIX) {
            requests.push(item.entity()?);
        } else if item.sk.starts_with(DOCUMENT_PREFIX) {
            documents.push(item.entity()?);
        }
        Ok(true)
    })
    .await?;
    Ok(Loaded {
        complaint: complaint.ok_or(ServiceError::NotFound)?,
        requests,
        documents,
        parts: true,
    })
}

/// How the caller sees the complaint; 404 for a caller who may not know it exists.
pub async fn viewer(state: &AppState, p: &Principal, c: &Complaint) -> ServiceResult<Viewer> {
    state.require_registered(p).await?;
    let links = state.memberships(p).await?;
    c.viewer(p, |n: &NmlsId| links.iter().any(|l| &l.nmls_id == n))
        .map_err(ServiceError::from)
}

/// The company with its users (one query: its users sort right after it; more only past
/// 1,000 users).
pub async fn company_with_users(state: &AppState, nmls: &NmlsId) -> ServiceResult<(Company, Vec<CompanyUser>)> {
    let mut company = None;
    let mut users = vec![];
    let query = Query::partition(company_partition(nmls)).prefix(COMPANY_SK).limit(1000);
    each_item(state, query, |item| {
        if item.sk == COMPANY_SK {
            company = Some(item.entity::<Company>()?);
        } else if item.sk.starts_with(COMPANY_USER_PREFIX) {
            users.push(item.entity()?);
        }
        Ok(true)
    })
    .await?;
    let company = company.ok_or_else(|| ServiceError::field("nmlsId", "is not a company in the directory"))?;
    Ok((company, users))
}

/// The company's Complaints Contact and admins.
pub async fn company_recipients(state: &AppState, nmls: &NmlsId) -> ServiceResult<Vec<ses_domain::Email>> {
    let (company, users) = company_with_users(state, nmls).await?;
    Ok(ses_domain::complaint::mail::company_recipients(&company, &users))
}

/// A history event of a complaint, stamped now with a new ordered id.
pub fn history_event(actor: Actor, action: &str, details: serde_json::Value, now: OffsetDateTime) -> HistoryEvent {
    HistoryEvent {
        event_id: crate::ids::ordered_id(),
        at: now,
        actor,
        action: action.into(),
        details,
    }
}

/// The write of a history event, for the transaction of the change it records.
pub fn history(
    complaint_id: &ComplaintId,
    actor: Actor,
    action: &str,
    details: serde_json::Value,
    now: OffsetDateTime,
) -> ServiceResult<Write> {
    Ok(history_item(complaint_id, &history_event(actor, action, details, now))?)
}

/// Reads every page of a query, handing each item to `each` (which stops the reading by
/// answering `false`).
pub async fn each_item(
    state: &AppState,
    query: Query,
    mut each: impl FnMut(&ses_store::Item) -> ServiceResult<bool>,
) -> ServiceResult<()> {
    let mut cursor = None;
    loop {
        let page = state.table.query(query.clone().cursor(cursor)).await?;
        for item in &page.items {
            if !each(item)? {
                return Ok(());
            }
        }
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return Ok(()),
        }
    }
}

/// The name of the agency, for emails (its code when it is not registered).
pub async fn agency_name(state: &AppState, code: &ses_domain::AgencyCode) -> ServiceResult<String> {
    Ok(state
        .registered_agency(code)
        .await?
        .map(|a| a.name)
        .unwrap_or_else(|| code.to_string()))
}

/// What closing a complaint adds to its change: each open request cancelled, with its history
/// event and the company's email (the company's recipients read once, only when there are open
/// requests). `loaded` is the complaint before the change, with its requests; `closed` after it.
pub async fn closing_writes(
    state: &AppState,
    loaded: &Loaded,
    closed: &Complaint,
    by: &Actor,
    now: OffsetDateTime,
) -> ServiceResult<Vec<Write>> {
    let before = &loaded.complaint;
    let open: Vec<_> = loaded
        .requests
        .iter()
        .filter(|r| before.open_requests.contains_key(&r.request_id))
        .collect();
    let to = if open.is_empty() {
        vec![]
    } else {
        company_recipients(state, before.nmls_id()).await?
    };
    let mut writes = Vec::new();
    for r in open {
        let cancelled = r.cancel()?;
        writes.push(request_write(&cancelled)?);
        let details = serde_json::json!({ "requestId": r.request_id, "reason": "the complaint was closed" });
        writes.push(history(
            &before.complaint_id,
            by.clone(),
            "information_request_cancelled",
            details,
            now,
        )?);
        if let Some(m) = complaint_mail::request_cancelled(
            closed,
            &cancelled,
            Some("the complaint was closed"),
            to.clone(),
            &state.config.public_base_url,
        ) {
            writes.push(enqueue(m, now)?);
        }
    }
    Ok(writes)
}
