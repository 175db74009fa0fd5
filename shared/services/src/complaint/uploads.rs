//! An upload seen by storage (the S3 `ObjectCreated` notification in AWS, the local store's
//! own check in `ses-local`): the document becomes `available` when the stored object has the
//! declared size and type, else `rejected` and never served.

use crate::{AppState, ServiceResult};
use ses_domain::complaint::document::{DocumentStatus, StoredObject};
use ses_domain::{ComplaintDocument, DocumentId};
use ses_store::documents::{DocumentKey, DocumentStore};
use ses_store::layout::{document_key, document_write, parse_document_object_key};
use ses_store::StoreError;

/// What became of a notification.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum UploadOutcome {
    Available {
        document_id: DocumentId,
    },
    Rejected {
        document_id: DocumentId,
        because: String,
    },
    /// Already decided (a repeated notification) or decided by a racing one.
    Unchanged,
    /// Not a document's key, or no such document (nothing to do).
    Ignored,
}

pub async fn object_created(
    state: &AppState,
    documents: &dyn DocumentStore,
    key: &str,
) -> ServiceResult<UploadOutcome> {
    let Some((complaint_id, document_id)) = parse_document_object_key(key) else {
        return Ok(UploadOutcome::Ignored);
    };
    let Some(item) = state.table.get(&document_key(&complaint_id, &document_id)).await? else {
        return Ok(UploadOutcome::Ignored);
    };
    let d: ComplaintDocument = item.entity()?;
    let Ok(object_key) = DocumentKey::parse(key) else {
        return Ok(UploadOutcome::Ignored);
    };
    let Some(info) = documents.head(&object_key).await? else {
        return Ok(UploadOutcome::Ignored);
    };
    let Some(next) = d.uploaded(&StoredObject {
        size: info.size,
        content_type: info.content_type,
    }) else {
        return Ok(UploadOutcome::Unchanged);
    };
    match state.table.transact(vec![document_write(&next)?]).await {
        Ok(()) => {}
        Err(StoreError::ConditionFailed { .. }) | Err(StoreError::Conflict) => return Ok(UploadOutcome::Unchanged),
        Err(e) => return Err(e.into()),
    }
    Ok(match next.status {
        DocumentStatus::Rejected => {
            tracing::warn!(%document_id, "an upload did not match its declaration; rejected");
            UploadOutcome::Rejected {
                document_id,
                because: next.rejected_because.unwrap_or_default(),
            }
        }
        _ => UploadOutcome::Available { document_id },
    })
}
