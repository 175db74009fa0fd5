//! The request bodies of the complaint routes that have no type in the domain: each is read
//! from JSON here (recording every invalid field) and describes itself in the OpenAPI
//! document, so the reader and the document cannot drift apart.

use ses_domain::complaint::information_request::read_texts;
use ses_domain::complaint::input::Resolution;
use ses_domain::complaint::status::ComplaintStatus;
use ses_domain::{bounded_text, parse_date, AgencyCode, Email, Reader};
use time::Date;
use utoipa::ToSchema;

/// `POST /complaints/{id}/notes`.
#[derive(Debug, ToSchema)]
pub struct NoteBody {
    /// 1–10,000 characters.
    pub text: String,
}

impl NoteBody {
    pub fn read(r: &mut Reader<'_>) -> Option<NoteBody> {
        let text = r.parse("text", |s| bounded_text(s, 10_000));
        Some(NoteBody { text: text? })
    }
}

/// `POST /complaints/{id}/assignment`.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "camelCase")]
pub struct AssignmentBody {
    /// An examiner of the agency who has signed in to SES.
    #[schema(value_type = String)]
    pub assignee_email: Email,
}

impl AssignmentBody {
    pub fn read(r: &mut Reader<'_>) -> Option<AssignmentBody> {
        let email = r.parse("assigneeEmail", Email::parse);
        Some(AssignmentBody { assignee_email: email? })
    }
}

/// `POST /complaints/{id}/status`.
#[derive(Debug, ToSchema)]
pub struct StatusBody {
    pub status: ComplaintStatus,
    /// Required to close.
    pub resolution: Option<Resolution>,
    /// Required to reopen.
    pub reason: Option<String>,
}

impl StatusBody {
    pub fn read(r: &mut Reader<'_>) -> Option<StatusBody> {
        let status = r.parse("status", ComplaintStatus::parse);
        let resolution = if r.has("resolution") {
            Resolution::read(r, "resolution")
        } else {
            None
        };
        let reason = r.parse_opt("reason", |s| bounded_text(s, 4000));
        Some(StatusBody {
            status: status?,
            resolution,
            reason,
        })
    }
}

/// `POST …/information-requests/{requestId}/responses`.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "camelCase")]
pub struct ResponseBody {
    /// 1–4,000 characters.
    pub text: String,
    /// Available documents of this complaint.
    #[schema(value_type = Option<Vec<String>>)]
    pub document_ids: Vec<String>,
}

impl ResponseBody {
    /// Reads the answer; each document id must be `usable` (an available document of the
    /// complaint the company may see), else it is an invalid field of its own.
    pub fn read(r: &mut Reader<'_>, usable: impl Fn(&str) -> bool) -> Option<ResponseBody> {
        let text = r.parse("text", |s| bounded_text(s, 4000));
        let ids = read_texts(r, "documentIds", 0, 50, 64);
        for (i, d) in ids.iter().flatten().enumerate() {
            if !usable(d) {
                r.fail(
                    &format!("documentIds[{i}]"),
                    "is not an available document of this complaint",
                );
            }
        }
        Some(ResponseBody {
            text: text?,
            document_ids: ids.unwrap_or_default(),
        })
    }
}

/// `POST …/information-requests/{requestId}/extend`.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "camelCase")]
pub struct ExtendBody {
    /// Later than the current due date.
    #[schema(value_type = String)]
    pub due_on: Date,
    pub reason: Option<String>,
}

impl ExtendBody {
    pub fn read(r: &mut Reader<'_>) -> Option<ExtendBody> {
        let due_on = r.parse("dueOn", parse_date);
        let reason = r.parse_opt("reason", |s| bounded_text(s, 4000));
        Some(ExtendBody {
            due_on: due_on?,
            reason,
        })
    }
}

/// `POST …/information-requests/{requestId}/cancel`.
#[derive(Debug, ToSchema)]
pub struct ReasonBody {
    pub reason: Option<String>,
}

impl ReasonBody {
    pub fn read(r: &mut Reader<'_>) -> ReasonBody {
        ReasonBody {
            reason: r.parse_opt("reason", |s| bounded_text(s, 4000)),
        }
    }
}

/// `POST /complaints/{id}/shares`.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "camelCase")]
pub struct ShareBody {
    #[schema(value_type = String, example = "NY-DFS")]
    pub agency_id: AgencyCode,
}

impl ShareBody {
    pub fn read(r: &mut Reader<'_>) -> Option<ShareBody> {
        let agency = r.parse("agencyId", AgencyCode::parse);
        Some(ShareBody { agency_id: agency? })
    }
}
