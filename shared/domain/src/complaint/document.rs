//! `ComplaintDocument`: a file exchanged on a complaint. Declared first (name, type, size),
//! uploaded straight to storage, then `available` once the stored object matches what was
//! declared, or `rejected` (never served) when it does not.

use crate::complaint::viewer::Viewer;
use crate::values::ids::{ComplaintId, DocumentId};
use crate::values::invalid::{Invalid, Reader};
use crate::values::text::single_line;
use crate::Actor;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

/// The largest document: 1 GiB.
pub const MAX_DOCUMENT_BYTES: u64 = 1_073_741_824;

/// The accepted types (API.md "Documents").
pub const ACCEPTED_TYPES: [&str; 15] = [
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/tiff",
    "text/plain",
    "text/csv",
    "message/rfc822",
    "application/vnd.ms-outlook",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    PendingUpload,
    Available,
    Rejected,
}

/// Which side uploaded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UploadedBySide {
    Agency,
    Company,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComplaintDocument {
    pub document_id: DocumentId,
    pub complaint_id: ComplaintId,
    /// The opaque storage key (never shown).
    pub object_key: String,
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
    pub status: DocumentStatus,
    pub share_with_company: bool,
    pub side: UploadedBySide,
    pub uploaded_by: Actor,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected_because: Option<String>,
    pub version: u64,
}

/// Why a declared document is refused before any upload.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentRefused {
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// 415.
    #[error("{0} is not an accepted document type")]
    UnsupportedType(String),
    /// 413.
    #[error("a document is at most 1 GiB (1,073,741,824 bytes)")]
    TooLarge,
    /// 409: nothing to download yet.
    #[error("the document is not uploaded yet; try again once its upload has finished")]
    NotUploaded,
    /// 409: the bytes did not match the declaration, so they are never served.
    #[error("the upload did not match what was declared ({0}), so it is never served; upload it again")]
    Rejected(String),
}

/// The declared document of `POST /complaints/{id}/documents`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(rename_all = "camelCase"))]
pub struct NewDocument {
    #[cfg_attr(feature = "openapi", schema(example = "escrow-statement.pdf"))]
    pub file_name: String,
    /// One of the accepted types (PDF, images, Office files, CSV, plain text, email); any other is 415.
    #[cfg_attr(feature = "openapi", schema(example = "application/pdf"))]
    pub content_type: String,
    /// 1 byte to 1 GiB; more is 413.
    pub size: u64,
    /// Agency uploads only: let the company see it.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub share_with_company: bool,
}

impl NewDocument {
    pub fn from_json(body: &Value) -> Result<NewDocument, DocumentRefused> {
        let mut r = Reader::root(body);
        let file_name = r.parse("fileName", |s| {
            let name = single_line(s, 255)?;
            if name.contains('/') || name.contains('\\') {
                return Err("must be a file name, not a path".into());
            }
            Ok(name)
        });
        let content_type = r.string("contentType").map(|s| s.trim().to_ascii_lowercase());
        let size = match r.value("size") {
            None => {
                r.fail("size", "is required");
                None
            }
            Some(v) => match v.as_u64() {
                Some(0) | None => {
                    r.fail("size", "must be a whole number of bytes, at least 1");
                    None
                }
                Some(n) => Some(n),
            },
        };
        let share = r.opt_bool("shareWithCompany").unwrap_or(false);
        r.finish()?;
        let (Some(file_name), Some(content_type), Some(size)) = (file_name, content_type, size) else {
            return Err(Invalid::one("body", "is incomplete").into());
        };
        if !ACCEPTED_TYPES.contains(&content_type.as_str()) {
            return Err(DocumentRefused::UnsupportedType(content_type));
        }
        if size > MAX_DOCUMENT_BYTES {
            return Err(DocumentRefused::TooLarge);
        }
        Ok(NewDocument {
            file_name,
            content_type,
            size,
            share_with_company: share,
        })
    }
}

/// What storage says arrived under a document's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    pub size: u64,
    pub content_type: Option<String>,
}

impl ComplaintDocument {
    #[allow(clippy::too_many_arguments)]
    pub fn declare(
        new: NewDocument,
        document_id: DocumentId,
        complaint_id: ComplaintId,
        object_key: String,
        viewer: Viewer,
        by: Actor,
        now: OffsetDateTime,
    ) -> ComplaintDocument {
        let side = if viewer == Viewer::Company {
            UploadedBySide::Company
        } else {
            UploadedBySide::Agency
        };
        ComplaintDocument {
            document_id,
            complaint_id,
            object_key,
            file_name: new.file_name,
            content_type: new.content_type,
            size: new.size,
            status: DocumentStatus::PendingUpload,
            // A company's own uploads are seen by both sides.
            share_with_company: side == UploadedBySide::Company || new.share_with_company,
            side,
            uploaded_by: by,
            created_at: now,
            rejected_because: None,
            version: 1,
        }
    }

    /// Whether its bytes may be downloaded: only once available.
    pub fn downloadable(&self) -> Result<(), DocumentRefused> {
        match self.status {
            DocumentStatus::Available => Ok(()),
            DocumentStatus::PendingUpload => Err(DocumentRefused::NotUploaded),
            DocumentStatus::Rejected => Err(DocumentRefused::Rejected(
                self.rejected_because.clone().unwrap_or_else(|| "size or type".into()),
            )),
        }
    }

    /// Whether `viewer` may see it: agency uploads reach the company only when shared.
    pub fn visible_to(&self, viewer: Viewer) -> bool {
        viewer != Viewer::Company || self.share_with_company
    }

    /// The upload was seen: `available` when it matches the declaration, else `rejected`.
    /// `None` when it was already decided (a repeated notification changes nothing).
    pub fn uploaded(&self, object: &StoredObject) -> Option<ComplaintDocument> {
        if self.status != DocumentStatus::PendingUpload {
            return None;
        }
        let mut next = self.clone();
        next.version += 1;
        let type_ok = object
            .content_type
            .as_deref()
            .map(|t| {
                t.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .eq_ignore_ascii_case(&self.content_type)
            })
            .unwrap_or(false);
        if object.size != self.size {
            next.status = DocumentStatus::Rejected;
            next.rejected_because = Some(format!("{} bytes arrived, {} were declared", object.size, self.size));
        } else if !type_ok {
            next.status = DocumentStatus::Rejected;
            next.rejected_because = Some(format!(
                "stored as {}, declared as {}",
                object.content_type.as_deref().unwrap_or("no type"),
                self.content_type
            ));
        } else {
            next.status = DocumentStatus::Available;
        }
        Some(next)
    }

    pub fn view(&self, download_url: Option<String>) -> DocumentView {
        DocumentView {
            document_id: self.document_id.clone(),
            file_name: self.file_name.clone(),
            content_type: self.content_type.clone(),
            size: self.size,
            status: self.status,
            share_with_company: self.share_with_company,
            uploaded_by: self.uploaded_by.clone(),
            created_at: self.created_at,
            download_url,
        }
    }
}

// `Document` as answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Document))]
#[serde(rename_all = "camelCase")]
pub struct DocumentView {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub document_id: DocumentId,
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
    pub status: DocumentStatus,
    pub share_with_company: bool,
    pub uploaded_by: Actor,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub created_at: OffsetDateTime,
    /// Absolute and short-lived; only on `GET` of one available document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub download_url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn actor() -> Actor {
        Actor {
            sub: "s".into(),
            email: None,
            name: "n".into(),
            agency_id: None,
        }
    }

    #[test]
    fn types_and_sizes_are_refused_with_their_own_statuses() {
        let body = |t: &str, size: u64| json!({ "fileName": "letter.pdf", "contentType": t, "size": size });
        assert!(NewDocument::from_json(&body("application/pdf", 10)).is_ok());
        assert!(matches!(
            NewDocument::from_json(&body("application/x-msdownload", 10)),
            Err(DocumentRefused::UnsupportedType(_))
        ));
        assert_eq!(
            NewDocument::from_json(&body("application/pdf", MAX_DOCUMENT_BYTES + 1)),
            Err(DocumentRefused::TooLarge)
        );
        assert!(NewDocument::from_json(&body("application/pdf", MAX_DOCUMENT_BYTES)).is_ok());
        assert!(matches!(
            NewDocument::from_json(&body("application/pdf", 0)),
            Err(DocumentRefused::Invalid(_))
        ));
        assert!(matches!(
            NewDocument::from_json(&json!({ "fileName": "../x", "contentType": "text/plain", "size": 1 })),
            Err(DocumentRefused::Invalid(_))
        ));
    }

    #[test]
    fn an_upload_that_differs_from_its_declaration_is_rejected_once() {
        let new = NewDocument {
            file_name: "a.pdf".into(),
            content_type: "application/pdf".into(),
            size: 5,
            share_with_company: false,
        };
        let d = ComplaintDocument::declare(
            new,
            "D".into(),
            "C".into(),
            "k".into(),
            Viewer::Owner,
            actor(),
            OffsetDateTime::UNIX_EPOCH,
        );
        assert!(!d.visible_to(Viewer::Company));
        assert!(d.visible_to(Viewer::SharedAgency));
        let ok = d
            .uploaded(&StoredObject {
                size: 5,
                content_type: Some("application/pdf".into()),
            })
            .unwrap();
        assert_eq!(ok.status, DocumentStatus::Available);
        assert_eq!(
            ok.uploaded(&StoredObject {
                size: 5,
                content_type: None
            }),
            None
        );
        let short = d
            .uploaded(&StoredObject {
                size: 4,
                content_type: Some("application/pdf".into()),
            })
            .unwrap();
        assert_eq!(short.status, DocumentStatus::Rejected);
        let wrong = d
            .uploaded(&StoredObject {
                size: 5,
                content_type: Some("text/html".into()),
            })
            .unwrap();
        assert_eq!(wrong.status, DocumentStatus::Rejected);
        // Only the available document is served; the others say why not.
        assert_eq!(d.downloadable(), Err(DocumentRefused::NotUploaded));
        assert_eq!(ok.downloadable(), Ok(()));
        assert!(matches!(short.downloadable(), Err(DocumentRefused::Rejected(why)) if !why.is_empty()));
    }
}
