//! The transactional outbox. A command writes its messages with its state change in one
//! transaction; the dispatcher sends each through a `MailSender` and then marks it sent with
//! a version condition. A message is sent at least once: a crash between send and mark sends
//! it again on redelivery, and a message already marked is never sent again.

use crate::item::{Index, Item};
use crate::layout::{outbox_key, suppression_key, OUTBOX_KIND, OUTBOX_PENDING, SUPPRESSION_KIND};
use crate::mail_sender::{MailError, MailSender};
use crate::table::{Condition, Query, Table, Write};
use crate::StoreError;
use serde::{Deserialize, Serialize};
use ses_domain::MailMessage;
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    Pending,
    Sent,
    /// The email service refused the message for good (a malformed address, say): it is not
    /// retried, and the reason is kept.
    Rejected,
    /// Every recipient had bounced or complained before: nothing was sent.
    Suppressed,
}

/// An address that bounced (permanently) or complained: not mailed again until it is changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Suppression {
    pub email: ses_domain::Email,
    /// `bounce` or `complaint`.
    pub reason: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// The write that puts an address on the suppression list.
pub fn suppress(s: &Suppression) -> Result<Write, StoreError> {
    let data = serde_json::to_value(s).map_err(|e| StoreError::Invalid(e.to_string()))?;
    Ok(Write::put(
        Item::new(suppression_key(&s.email), SUPPRESSION_KIND, 1, data),
        Condition::None,
    ))
}

/// Whether an address is on the suppression list.
pub async fn is_suppressed(table: &Table, email: &ses_domain::Email) -> Result<bool, StoreError> {
    Ok(table.get(&suppression_key(email)).await?.is_some())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboxMessage {
    pub message_id: String,
    pub status: OutboxStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub sent_at: Option<OffsetDateTime>,
    /// The email service's id for the sent message (bounces refer to it).
    #[serde(default)]
    pub provider_message_id: Option<String>,
    /// Why the email service refused it, when `Rejected`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejection: Option<String>,
    /// What the message is about, when a bounce of it matters (an invitation, say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<MailAbout>,
    pub message: MailMessage,
}

/// What a message is about, for the handling of its bounce.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MailAbout {
    #[serde(rename_all = "camelCase")]
    EnrollmentInvitation {
        nmls_id: String,
        enrollment_id: ses_domain::EnrollmentId,
    },
}

fn pending_sort_key(m: &OutboxMessage) -> Result<String, StoreError> {
    let at = m
        .created_at
        .format(&time::format_description::well_known::Rfc3339)
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    Ok(format!("{at}#{}", m.message_id))
}

/// The write that puts a new message into the outbox (part of the command's transaction).
pub fn enqueue(message: MailMessage, now: OffsetDateTime) -> Result<Write, StoreError> {
    enqueue_about(message, None, now)
}

/// As `enqueue`, saying what the message is about.
pub fn enqueue_about(message: MailMessage, about: Option<MailAbout>, now: OffsetDateTime) -> Result<Write, StoreError> {
    let m = OutboxMessage {
        message_id: ulid::Ulid::new().to_string(),
        status: OutboxStatus::Pending,
        created_at: now,
        sent_at: None,
        provider_message_id: None,
        rejection: None,
        about,
        message,
    };
    let data = serde_json::to_value(&m).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let item = Item::new(outbox_key(&m.message_id), OUTBOX_KIND, 1, data).with_index(
        Index::Gsi1,
        OUTBOX_PENDING,
        pending_sort_key(&m)?,
    );
    Ok(Write::put(item, Condition::NotExists))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dispatched {
    Sent {
        provider_message_id: String,
    },
    /// Refused for good by the email service; marked, not retried.
    Rejected {
        reason: String,
    },
    /// Every recipient is on the suppression list; nothing was sent.
    Suppressed,
    AlreadySent,
    Missing,
}

#[derive(Debug, thiserror::Error)]
pub enum DispatchError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Mail(#[from] MailError),
}

/// Sends one outbox message (by id) unless it is already done, then marks it.
pub async fn dispatch(
    table: &Table,
    sender: &dyn MailSender,
    message_id: &str,
    now: OffsetDateTime,
) -> Result<Dispatched, DispatchError> {
    let Some(item) = table.get(&outbox_key(message_id)).await? else {
        return Ok(Dispatched::Missing);
    };
    let mut m: OutboxMessage = item.entity()?;
    if m.status != OutboxStatus::Pending {
        return Ok(Dispatched::AlreadySent);
    }
    // Addresses that bounced or complained are not mailed again.
    let mut message = m.message.clone();
    let mut kept_to = Vec::new();
    for to in &message.to {
        if table.get(&suppression_key(to)).await?.is_none() {
            kept_to.push(to.clone());
        }
    }
    let mut kept_cc = Vec::new();
    for cc in &message.cc {
        if table.get(&suppression_key(cc)).await?.is_none() {
            kept_cc.push(cc.clone());
        }
    }
    message.to = kept_to;
    message.cc = kept_cc;
    if message.to.is_empty() {
        message.to = std::mem::take(&mut message.cc);
    }
    let outcome = if message.to.is_empty() {
        m.status = OutboxStatus::Suppressed;
        Dispatched::Suppressed
    } else {
        match sender.send(&m.message_id, &message).await {
            Ok(provider_message_id) => {
                m.status = OutboxStatus::Sent;
                m.sent_at = Some(now);
                m.provider_message_id = Some(provider_message_id.clone());
                Dispatched::Sent { provider_message_id }
            }
            Err(MailError::Rejected(reason)) => {
                m.status = OutboxStatus::Rejected;
                m.rejection = Some(reason.clone());
                Dispatched::Rejected { reason }
            }
            Err(transient) => return Err(transient.into()),
        }
    };
    // Marked without the pending index key, so it leaves the pending list.
    let data = serde_json::to_value(&m).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let marked = Item::new(item.key(), OUTBOX_KIND, item.version + 1, data);
    match table
        .transact(vec![Write::put(marked, Condition::VersionIs(item.version))])
        .await
    {
        Ok(()) => Ok(outcome),
        // Another dispatcher marked it first: it was sent (perhaps twice, never lost).
        Err(StoreError::ConditionFailed { .. }) => Ok(Dispatched::AlreadySent),
        Err(e) => Err(e.into()),
    }
}

/// Ids of messages not yet sent, oldest first.
pub async fn pending(table: &Table, limit: usize) -> Result<Vec<String>, StoreError> {
    let page = table
        .query(Query::index(Index::Gsi1, OUTBOX_PENDING).limit(limit))
        .await?;
    page.items
        .iter()
        .map(|i| i.entity::<OutboxMessage>().map(|m| m.message_id))
        .collect()
}

/// What one pass over the pending messages did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Drained {
    pub sent: usize,
    pub rejected: Vec<String>,
    /// Messages that failed for now (they stay pending and are tried again).
    pub failures: Vec<String>,
}

/// Sends every pending message, page by page; a message that fails for now stays pending
/// and does not hold up the rest.
pub async fn drain(table: &Table, sender: &dyn MailSender, now: OffsetDateTime) -> Result<Drained, StoreError> {
    let mut done = Drained::default();
    let mut cursor = None;
    loop {
        let page = table
            .query(Query::index(Index::Gsi1, OUTBOX_PENDING).limit(500).cursor(cursor))
            .await?;
        for item in &page.items {
            let id = item.entity::<OutboxMessage>()?.message_id;
            match dispatch(table, sender, &id, now).await {
                Ok(Dispatched::Sent { .. }) => done.sent += 1,
                Ok(Dispatched::Rejected { reason }) => done.rejected.push(format!("{id}: {reason}")),
                Ok(_) => {}
                Err(e) => done.failures.push(format!("{id}: {e}")),
            }
        }
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return Ok(done),
        }
    }
}
