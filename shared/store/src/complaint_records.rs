//! Where complaints live in the single table, and the writes that keep their list entries in
//! step with each change (in the same transaction as the change).
//!
//! | access pattern | key / index |
//! |---|---|
//! | a complaint | `pk=COMPLAINT#{complaintId}`, `sk=C` |
//! | a complaint with its requests and documents (commands) | `pk=COMPLAINT#{id}`, `sk` prefix `C` |
//! | a complaint's information requests, oldest first | `pk=COMPLAINT#{id}`, `sk` prefix `C#R#` (ULIDs) |
//! | a complaint's documents, oldest first | `pk=COMPLAINT#{id}`, `sk` prefix `C#D#` |
//! | a complaint's history, oldest first | `pk=COMPLAINT#{id}`, `sk` prefix `H#` |
//! | an agency's own and shared complaints, newest first | `pk=AGENCYCOMPLAINTS#{agency}`, `sk={complaintId}` (one entry per agency that sees it) |
//! | … with one status | `gsi1pk=AGENCYCOMPLAINTS#{agency}#STATUS#{status}`, `gsi1sk={complaintId}` |
//! | … against one company | `gsi2pk=AGENCYCOMPLAINTS#{agency}#COMPANY#{nmlsId}`, `gsi2sk={complaintId}` |
//! | … assigned to me | `pk=ASSIGNEDCOMPLAINTS#{agency}#{sub}`, `sk={complaintId}` |
//! | … with an open request (for `overdue=true`) | `pk=OPENREQCOMPLAINTS#{agency}`, `sk={complaintId}` |
//! | a company's complaints, newest first | `gsi1pk=COMPANYCOMPLAINTS#{nmlsId}`, `gsi1sk={complaintId}` (on the complaint) |
//! | … with one status | `gsi2pk=COMPANYCOMPLAINTS#{nmlsId}#STATUS#{status}`, `gsi2sk={complaintId}` |
//! | open requests by due date (the daily reminders) | `gsi1pk=REQUESTS#OPEN`, `gsi1sk={dueOn}#{complaintId}#{requestId}` (until both reminders went out) |
//! | an agency's complaint numbers of a year | `pk=AGENCY#{agency}`, `sk=COMPLAINTSEQ#{year}` (version = the last number) |
//!
//! Complaint ids are ULIDs, so `sk={complaintId}` sorts by entry time: newest first is a
//! reverse query. A list with more than one filter reads the index of the most selective one
//! and filters the page.

use crate::item::{Index, Item, Key};
use crate::records::{agency_partition, versioned};
use crate::table::{Condition, Write};
use crate::StoreError;
use ses_domain::complaint::information_request::RequestStatus;
use ses_domain::complaint::status::ComplaintStatus;
use ses_domain::complaint::Complaint;
use ses_domain::{AgencyCode, ComplaintDocument, HistoryEvent, InformationRequest, NmlsId};
use std::collections::BTreeSet;

fn data(v: &impl serde::Serialize) -> Result<serde_json::Value, StoreError> {
    serde_json::to_value(v).map_err(|e| StoreError::Invalid(e.to_string()))
}

pub const COMPLAINT_SK: &str = "C";
pub const REQUEST_PREFIX: &str = "C#R#";
pub const DOCUMENT_PREFIX: &str = "C#D#";
pub const COMPLAINT_HISTORY_PREFIX: &str = "H#";
pub const OPEN_REQUESTS: &str = "REQUESTS#OPEN";

pub fn complaint_partition(id: &str) -> String {
    format!("COMPLAINT#{id}")
}

pub fn complaint_key(id: &str) -> Key {
    Key::new(complaint_partition(id), COMPLAINT_SK)
}

pub fn agency_complaints(agency: &AgencyCode) -> String {
    format!("AGENCYCOMPLAINTS#{agency}")
}

pub fn agency_complaints_by_status(agency: &AgencyCode, status: ComplaintStatus) -> String {
    format!("AGENCYCOMPLAINTS#{agency}#STATUS#{}", status.as_str())
}

pub fn agency_complaints_by_company(agency: &AgencyCode, nmls: &NmlsId) -> String {
    format!("AGENCYCOMPLAINTS#{agency}#COMPANY#{nmls}")
}

pub fn assigned_complaints(agency: &AgencyCode, sub: &str) -> String {
    format!("ASSIGNEDCOMPLAINTS#{agency}#{sub}")
}

pub fn open_request_complaints(agency: &AgencyCode) -> String {
    format!("OPENREQCOMPLAINTS#{agency}")
}

pub fn company_complaints(nmls: &NmlsId) -> String {
    format!("COMPANYCOMPLAINTS#{nmls}")
}

pub fn company_complaints_by_status(nmls: &NmlsId, status: ComplaintStatus) -> String {
    format!("COMPANYCOMPLAINTS#{nmls}#STATUS#{}", status.as_str())
}

pub fn complaint_item(c: &Complaint) -> Result<Item, StoreError> {
    Ok(
        Item::new(complaint_key(&c.complaint_id), "complaint", c.version, data(c)?)
            .with_index(Index::Gsi1, company_complaints(c.nmls_id()), c.complaint_id.clone())
            .with_index(
                Index::Gsi2,
                company_complaints_by_status(c.nmls_id(), c.status),
                c.complaint_id.clone(),
            ),
    )
}

/// The agencies that see a complaint in their lists: the owner and each it is shared with.
fn viewers(c: &Complaint) -> BTreeSet<AgencyCode> {
    std::iter::once(c.agency_id.clone())
        .chain(c.shares.iter().map(|s| s.agency_id.clone()))
        .collect()
}

fn entry(pk: String, c: &Complaint, summary: &serde_json::Value) -> Item {
    Item::new(
        Key::new(pk, c.complaint_id.clone()),
        "complaint_entry",
        1,
        summary.clone(),
    )
}

/// The writes of a complaint change: the complaint (guarded by its version) and every list
/// entry, put where it now belongs and deleted where it no longer does.
pub fn complaint_writes(before: Option<&Complaint>, after: &Complaint) -> Result<Vec<Write>, StoreError> {
    let summary = data(&after.summary())?;
    let mut w = vec![versioned(complaint_item(after)?)];
    let now_viewers = viewers(after);
    for agency in &now_viewers {
        let item = entry(agency_complaints(agency), after, &summary)
            .with_index(
                Index::Gsi1,
                agency_complaints_by_status(agency, after.status),
                after.complaint_id.clone(),
            )
            .with_index(
                Index::Gsi2,
                agency_complaints_by_company(agency, after.nmls_id()),
                after.complaint_id.clone(),
            );
        w.push(Write::put(item, Condition::None));
        let open = Key::new(open_request_complaints(agency), after.complaint_id.clone());
        if !after.open_requests.is_empty() {
            w.push(Write::put(entry(open.pk, after, &summary), Condition::None));
        } else if before.is_some_and(|b| !b.open_requests.is_empty()) {
            w.push(Write::Delete {
                key: open,
                condition: Condition::None,
            });
        }
    }
    if let Some(b) = before {
        for gone in viewers(b).difference(&now_viewers) {
            w.push(Write::Delete {
                key: Key::new(agency_complaints(gone), b.complaint_id.clone()),
                condition: Condition::None,
            });
            if !b.open_requests.is_empty() {
                w.push(Write::Delete {
                    key: Key::new(open_request_complaints(gone), b.complaint_id.clone()),
                    condition: Condition::None,
                });
            }
        }
        if let Some(old) = &b.assignee {
            if after.assignee.as_ref().map(|a| &a.sub) != Some(&old.sub) {
                w.push(Write::Delete {
                    key: Key::new(assigned_complaints(&b.agency_id, &old.sub), b.complaint_id.clone()),
                    condition: Condition::None,
                });
            }
        }
    }
    if let Some(a) = &after.assignee {
        w.push(Write::put(
            entry(assigned_complaints(&after.agency_id, &a.sub), after, &summary),
            Condition::None,
        ));
    }
    Ok(w)
}

pub fn history_item(complaint_id: &str, event: &HistoryEvent) -> Result<Write, StoreError> {
    let item = Item::new(
        Key::new(
            complaint_partition(complaint_id),
            format!("{COMPLAINT_HISTORY_PREFIX}{}", event.event_id),
        ),
        "complaint_history",
        1,
        data(event)?,
    );
    Ok(Write::put(item, Condition::NotExists))
}

pub fn request_key(complaint_id: &str, request_id: &str) -> Key {
    Key::new(
        complaint_partition(complaint_id),
        format!("{REQUEST_PREFIX}{request_id}"),
    )
}

/// A request, guarded by its version; indexed for the reminders while one may still be due.
pub fn request_write(r: &InformationRequest) -> Result<Write, StoreError> {
    let mut item = Item::new(
        request_key(&r.complaint_id, &r.request_id),
        "information_request",
        r.version,
        data(r)?,
    );
    if r.terms.status == RequestStatus::Open && !r.reminders.overdue {
        item = item.with_index(
            Index::Gsi1,
            OPEN_REQUESTS,
            format!("{}#{}#{}", r.terms.due_on, r.complaint_id, r.request_id),
        );
    }
    Ok(versioned(item))
}

pub fn document_key(complaint_id: &str, document_id: &str) -> Key {
    Key::new(
        complaint_partition(complaint_id),
        format!("{DOCUMENT_PREFIX}{document_id}"),
    )
}

pub fn document_write(d: &ComplaintDocument) -> Result<Write, StoreError> {
    Ok(versioned(Item::new(
        document_key(&d.complaint_id, &d.document_id),
        "complaint_document",
        d.version,
        data(d)?,
    )))
}

/// The storage key of a document: opaque ids only (no names, no file names).
pub fn document_object_key(complaint_id: &str, document_id: &str) -> String {
    format!(
        "complaints/{}/{}",
        complaint_id.to_ascii_lowercase(),
        document_id.to_ascii_lowercase()
    )
}

/// The complaint and document a storage key names, if it is a document's key.
pub fn parse_document_object_key(key: &str) -> Option<(String, String)> {
    let mut parts = key.split('/');
    let (Some("complaints"), Some(c), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    let ok = |s: &str| (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric());
    (ok(c) && ok(d)).then(|| (c.to_ascii_uppercase(), d.to_ascii_uppercase()))
}

pub fn complaint_sequence_key(agency: &AgencyCode, year: i32) -> Key {
    Key::new(agency_partition(agency), format!("COMPLAINTSEQ#{year}"))
}

/// Claims number `n` of the agency's year: the sequence item moves from `n - 1` to `n`.
pub fn complaint_sequence_write(agency: &AgencyCode, year: i32, n: u64) -> Write {
    versioned(Item::new(
        complaint_sequence_key(agency, year),
        "complaint_sequence",
        n,
        serde_json::json!({ "last": n }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_keys_are_opaque_and_read_back() {
        let k = document_object_key("01JDX4ABCDEF", "01JDX4GHIJ");
        assert_eq!(k, "complaints/01jdx4abcdef/01jdx4ghij");
        assert_eq!(
            parse_document_object_key(&k),
            Some(("01JDX4ABCDEF".into(), "01JDX4GHIJ".into()))
        );
        assert_eq!(parse_document_object_key("complaints/a/b/c"), None);
        assert_eq!(parse_document_object_key("other/a/b"), None);
        assert_eq!(parse_document_object_key("complaints/../b"), None);
    }
}
