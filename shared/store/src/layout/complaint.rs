//! Where complaints live in the single table, and the writes that keep their list entries in
//! step with each change (in the same transaction as the change). Complaint ids are ULIDs, so
//! `sk={complaintId}` sorts by entry time: newest first is a reverse query. A list with more
//! than one filter reads the index of the most selective one and filters the page. Access
//! patterns: `shared/store/ACCESS_PATTERNS.md`.

use crate::item::{Index, Item, Key};
use crate::layout::{agency_partition, versioned};
use crate::layout::{data, Entity};
use crate::table::{Condition, Write};
use crate::StoreError;
use ses_domain::complaint::information_request::RequestStatus;
use ses_domain::complaint::status::ComplaintStatus;
use ses_domain::complaint::Complaint;
use ses_domain::{
    AgencyCode, ComplaintDocument, ComplaintId, DocumentId, HistoryEvent, InformationRequest, NmlsId, RequestId,
};
use std::collections::BTreeSet;

pub const COMPLAINT_SK: &str = "C";
pub const REQUEST_PREFIX: &str = "C#R#";
pub const DOCUMENT_PREFIX: &str = "C#D#";
pub const COMPLAINT_HISTORY_PREFIX: &str = "H#";
pub const OPEN_REQUESTS: &str = "REQUESTS#OPEN";

/// The kinds of the complaint area's items that are not entities of their own.
pub const COMPLAINT_ENTRY_KIND: &str = "complaint_entry";
pub const COMPLAINT_HISTORY_KIND: &str = "complaint_history";
pub const COMPLAINT_SEQUENCE_KIND: &str = "complaint_sequence";

pub fn complaint_partition(id: &ComplaintId) -> String {
    format!("COMPLAINT#{id}")
}

pub fn complaint_key(id: &ComplaintId) -> Key {
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

impl Entity for Complaint {
    const KIND: &'static str = "complaint";
    fn primary_key(&self) -> Key {
        complaint_key(&self.complaint_id)
    }
}

pub fn complaint_item(c: &Complaint) -> Result<Item, StoreError> {
    Ok(Item::new(c.primary_key(), Complaint::KIND, c.version, data(c)?)
        .with_index(Index::Gsi1, company_complaints(c.nmls_id()), c.complaint_id.to_string())
        .with_index(
            Index::Gsi2,
            company_complaints_by_status(c.nmls_id(), c.status),
            c.complaint_id.to_string(),
        ))
}

/// The agencies that see a complaint in their lists: the owner and each it is shared with.
fn viewers(c: &Complaint) -> BTreeSet<AgencyCode> {
    std::iter::once(c.agency_id.clone())
        .chain(c.shares.iter().map(|s| s.agency_id.clone()))
        .collect()
}

fn entry(pk: String, c: &Complaint, summary: &serde_json::Value) -> Item {
    Item::new(
        Key::new(pk, c.complaint_id.to_string()),
        COMPLAINT_ENTRY_KIND,
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

pub fn history_item(complaint_id: &ComplaintId, event: &HistoryEvent) -> Result<Write, StoreError> {
    let item = Item::new(
        Key::new(
            complaint_partition(complaint_id),
            format!("{COMPLAINT_HISTORY_PREFIX}{}", event.event_id),
        ),
        COMPLAINT_HISTORY_KIND,
        1,
        data(event)?,
    );
    Ok(Write::put(item, Condition::NotExists))
}

pub fn request_key(complaint_id: &ComplaintId, request_id: &RequestId) -> Key {
    Key::new(
        complaint_partition(complaint_id),
        format!("{REQUEST_PREFIX}{request_id}"),
    )
}

impl Entity for InformationRequest {
    const KIND: &'static str = "information_request";
    fn primary_key(&self) -> Key {
        request_key(&self.complaint_id, &self.request_id)
    }
}

/// A request, guarded by its version; indexed for the reminders while one may still be due.
pub fn request_write(r: &InformationRequest) -> Result<Write, StoreError> {
    let mut item = Item::new(r.primary_key(), InformationRequest::KIND, r.version, data(r)?);
    if r.terms.status == RequestStatus::Open && !r.reminders.overdue {
        item = item.with_index(
            Index::Gsi1,
            OPEN_REQUESTS,
            format!("{}#{}#{}", r.terms.due_on, r.complaint_id, r.request_id),
        );
    }
    Ok(versioned(item))
}

pub fn document_key(complaint_id: &ComplaintId, document_id: &DocumentId) -> Key {
    Key::new(
        complaint_partition(complaint_id),
        format!("{DOCUMENT_PREFIX}{document_id}"),
    )
}

impl Entity for ComplaintDocument {
    const KIND: &'static str = "complaint_document";
    fn primary_key(&self) -> Key {
        document_key(&self.complaint_id, &self.document_id)
    }
}

pub fn document_write(d: &ComplaintDocument) -> Result<Write, StoreError> {
    Ok(versioned(Item::new(
        d.primary_key(),
        ComplaintDocument::KIND,
        d.version,
        data(d)?,
    )))
}

/// The storage key of a document: opaque ids only (no names, no file names).
pub fn document_object_key(complaint_id: &ComplaintId, document_id: &DocumentId) -> String {
    format!(
        "complaints/{}/{}",
        complaint_id.as_str().to_ascii_lowercase(),
        document_id.as_str().to_ascii_lowercase()
    )
}

/// The complaint and document a storage key names, if it is a document's key.
pub fn parse_document_object_key(key: &str) -> Option<(ComplaintId, DocumentId)> {
    let mut parts = key.split('/');
    let (Some("complaints"), Some(c), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    let c = ComplaintId::parse(&c.to_ascii_uppercase()).ok()?;
    let d = DocumentId::parse(&d.to_ascii_uppercase()).ok()?;
    Some((c, d))
}

pub fn complaint_sequence_key(agency: &AgencyCode, year: i32) -> Key {
    Key::new(agency_partition(agency), format!("COMPLAINTSEQ#{year}"))
}

/// Claims number `n` of the agency's year: the sequence item moves from `n - 1` to `n`.
pub fn complaint_sequence_write(agency: &AgencyCode, year: i32, n: u64) -> Write {
    versioned(Item::new(
        complaint_sequence_key(agency, year),
        COMPLAINT_SEQUENCE_KIND,
        n,
        serde_json::json!({ "last": n }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_keys_are_opaque_and_read_back() {
        let complaint = ComplaintId::parse("01JDX4ABCDEF").unwrap();
        let document = DocumentId::parse("01JDX4GHIJ").unwrap();
        let k = document_object_key(&complaint, &document);
        assert_eq!(k, "complaints/01jdx4abcdef/01jdx4ghij");
        assert_eq!(parse_document_object_key(&k), Some((complaint, document)));
        assert_eq!(parse_document_object_key("complaints/a/b/c"), None);
        assert_eq!(parse_document_object_key("other/a/b"), None);
        assert_eq!(parse_document_object_key("complaints/../b"), None);
    }
}
