//! The daily `information-request-reminders` run: each open request due in 2 days, and each
//! that became overdue, gets its reminder to the company once. Each reminder is its own
//! transaction guarded by the request's version, so a second run (or one racing an answer)
//! sends nothing twice.

use crate::complaint as service;
use crate::{AppState, ServiceResult};
use ses_domain::complaint::information_request::{Reminder, DUE_SOON_DAYS};
use ses_domain::complaint::mail as complaint_mail;
use ses_domain::{Complaint, Email, InformationRequest, NmlsId, RequestId};
use ses_store::layout::{complaint_key, request_write, OPEN_REQUESTS};
use ses_store::outbox::enqueue;
use ses_store::{Index, Query, StoreError};
use std::collections::HashMap;

/// What a run did.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReminderRun {
    /// Requests reminded as due soon.
    pub due_soon: Vec<RequestId>,
    /// Requests reminded as overdue.
    pub overdue: Vec<RequestId>,
    /// Requests another change got to first.
    pub skipped: Vec<RequestId>,
    /// Requests whose reminder could not be handled (the run goes on; a rerun retries them).
    pub failed: Vec<String>,
}

pub async fn run(state: &AppState) -> ServiceResult<ReminderRun> {
    let now = state.now();
    let today = now.date();
    let horizon = today + time::Duration::days(DUE_SOON_DAYS);
    let mut out = ReminderRun::default();
    let mut recipients: HashMap<NmlsId, Vec<Email>> = HashMap::new();
    let mut cursor = None;
    loop {
        let query = Query::index(Index::Gsi1, OPEN_REQUESTS)
            .between("0", format!("{horizon}#~"))
            .limit(100)
            .cursor(cursor);
        let page = state.table.query(query).await?;
        for item in &page.items {
            let r: InformationRequest = match item.entity() {
                Ok(r) => r,
                Err(e) => {
                    tracing::error!(error = %e, sk = %item.sk, "an open request could not be read");
                    out.failed.push(item.sk.clone());
                    continue;
                }
            };
            let Some(which) = r.reminder_due(today) else { continue };
            let id = r.request_id.clone();
            match remind(state, &r, which, &mut recipients, now).await {
                Ok(true) => match which {
                    Reminder::DueSoon => out.due_soon.push(id),
                    Reminder::Overdue => out.overdue.push(id),
                },
                Ok(false) => out.skipped.push(id),
                Err(e) => {
                    tracing::error!(error = ?e, request_id = %id, "a reminder could not be sent; the next run retries it");
                    out.failed.push(id.to_string());
                }
            }
        }
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return Ok(out),
        }
    }
}

/// Sends one reminder: `false` when another change got to the request first.
async fn remind(
    state: &AppState,
    r: &InformationRequest,
    which: Reminder,
    recipients: &mut HashMap<NmlsId, Vec<Email>>,
    now: time::OffsetDateTime,
) -> ServiceResult<bool> {
    let Some(c) = state.table.get(&complaint_key(&r.complaint_id)).await? else {
        return Ok(false);
    };
    let c: Complaint = c.entity()?;
    let to = match recipients.get(c.nmls_id()) {
        Some(to) => to.clone(),
        None => {
            let to = service::company_recipients(state, c.nmls_id()).await?;
            recipients.insert(c.nmls_id().clone(), to.clone());
            to
        }
    };
    let mut writes = vec![request_write(&r.reminded(which))?];
    if let Some(m) = complaint_mail::reminder(&c, r, which, to, &state.config.public_base_url) {
        writes.push(enqueue(m, now)?);
    }
    match state.table.transact(writes).await {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed { .. }) | Err(StoreError::Conflict) => Ok(false),
        Err(e) => Err(e.into()),
    }
}
