//! The wire shapes of the complaint routes as OpenAPI schemas (API.md "Complaints").

#![allow(dead_code)]

use serde::Serialize;
use ses_domain::Actor;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Consumer {
    #[schema(example = "Maria")]
    pub first_name: String,
    #[schema(example = "Lopez")]
    pub last_name: String,
    /// Never shown to the company.
    pub email: Option<String>,
    /// E.164 (a US national number is accepted); never shown to the company.
    pub phone: Option<String>,
    /// A two-letter USPS code (states, DC, territories).
    #[schema(example = "TX")]
    pub state: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    Phone,
    Email,
    Mail,
    Referral,
    InPerson,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewComplaint {
    #[schema(example = "900001")]
    pub nmls_id: String,
    pub consumer: Consumer,
    /// 1–100 characters.
    #[schema(example = "Mortgage")]
    pub product: String,
    /// 1–200 characters.
    #[schema(example = "Escrow account")]
    pub issue: String,
    /// 1–20,000 characters.
    pub narrative: String,
    /// Not in the future.
    #[schema(example = "2026-11-20")]
    pub received_on: String,
    pub channel: Channel,
    /// Up to 4,000 characters; never shown to the company.
    pub desired_resolution: Option<String>,
}

/// Any of the correctable fields; the history keeps before and after.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ComplaintCorrection {
    pub consumer: Option<Consumer>,
    pub product: Option<String>,
    pub issue: Option<String>,
    pub narrative: Option<String>,
    pub received_on: Option<String>,
    pub channel: Option<Channel>,
    pub desired_resolution: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintStatus {
    Received,
    InReview,
    AwaitingCompany,
    CompanyResponded,
    Closed,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResolutionKind {
    Explanation,
    MonetaryRelief,
    NonMonetaryRelief,
    Duplicate,
    Invalid,
    WithdrawnByComplainant,
    ComplainantUnresponsive,
    ReferredFederalAgency,
    ReferredStateAgency,
    ReferredAttorneyGeneral,
    ReferredInvestigation,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Resolution {
    pub kind: ResolutionKind,
    pub summary: String,
    /// USD as a decimal string; required for `monetary_relief`.
    #[schema(example = "1250.00")]
    pub amount: Option<String>,
    /// Required for `monetary_relief`.
    pub relief_on: Option<String>,
}

/// A complaint. To a company user it leaves out the consumer's email and phone, the desired
/// resolution, the assignee and the sharing.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Complaint {
    pub complaint_id: String,
    #[schema(example = "TX-DOB-2026-000123")]
    pub complaint_number: String,
    pub agency_id: String,
    pub nmls_id: String,
    pub company_name: String,
    pub consumer: Consumer,
    pub product: String,
    pub issue: String,
    pub narrative: String,
    pub received_on: String,
    pub channel: Channel,
    pub desired_resolution: Option<String>,
    pub status: ComplaintStatus,
    pub assignee: Option<Actor>,
    pub resolution: Option<Resolution>,
    pub days_open: i64,
    /// An open information request is past its due date.
    pub overdue: bool,
    pub created_at: String,
    pub updated_at: String,
    pub shared_with: Option<Vec<String>>,
    /// True when the caller's agency is not the owner.
    pub shared: Option<bool>,
    /// Send it back in `If-Match` to guard a command.
    pub version: u64,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ComplaintSummary {
    pub complaint_id: String,
    pub complaint_number: String,
    pub agency_id: String,
    pub nmls_id: String,
    pub company_name: String,
    pub status: ComplaintStatus,
    pub product: String,
    pub received_on: String,
    pub days_open: i64,
    pub overdue: bool,
    pub created_at: String,
    pub updated_at: String,
    pub assignee: Option<Actor>,
    pub shared: Option<bool>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ComplaintSummaryPage {
    pub items: Vec<ComplaintSummary>,
    pub next_cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct NoteBody {
    /// 1–10,000 characters.
    pub text: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AssignmentBody {
    /// An examiner of the agency who has signed in to SES.
    pub assignee_email: String,
}

#[derive(Serialize, ToSchema)]
pub struct StatusBody {
    pub status: ComplaintStatus,
    /// Required to close.
    pub resolution: Option<Resolution>,
    /// Required to reopen.
    pub reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewInformationRequest {
    /// 1–50 questions of 1–4,000 characters.
    pub questions: Vec<String>,
    /// Today or later.
    #[schema(example = "2026-12-07")]
    pub due_on: String,
    /// An earlier request of this complaint.
    pub follow_up_of: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Open,
    Responded,
    Accepted,
    Cancelled,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RequestResponse {
    pub text: String,
    pub document_ids: Vec<String>,
    pub responded_at: String,
    pub responded_by: Actor,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InformationRequest {
    pub request_id: String,
    pub complaint_id: String,
    pub questions: Vec<String>,
    pub due_on: String,
    pub original_due_on: String,
    pub status: RequestStatus,
    /// Open and past its due date (due today is not overdue).
    pub overdue: bool,
    pub follow_up_of: Option<String>,
    pub sent_at: String,
    pub sent_by: Actor,
    pub responses: Vec<RequestResponse>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InformationRequestPage {
    pub items: Vec<InformationRequest>,
    pub next_cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResponseBody {
    /// 1–4,000 characters.
    pub text: String,
    /// Available documents of this complaint.
    pub document_ids: Option<Vec<String>>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExtendBody {
    /// Later than the current due date.
    pub due_on: String,
    pub reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ReasonBody {
    pub reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewDocument {
    #[schema(example = "escrow-statement.pdf")]
    pub file_name: String,
    /// One of the accepted types (PDF, images, Office files, CSV, plain text, email); any other is 415.
    #[schema(example = "application/pdf")]
    pub content_type: String,
    /// 1 byte to 1 GiB; more is 413.
    pub size: u64,
    /// Agency uploads only: let the company see it.
    pub share_with_company: Option<bool>,
}

/// `PUT` the bytes to `uploadUrl` with exactly `uploadHeaders`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DocumentUpload {
    pub document_id: String,
    pub upload_url: String,
    pub upload_headers: std::collections::BTreeMap<String, String>,
    pub expires_at: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    PendingUpload,
    Available,
    Rejected,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    pub document_id: String,
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
    pub status: DocumentStatus,
    pub share_with_company: bool,
    pub uploaded_by: Actor,
    pub created_at: String,
    /// Absolute and short-lived; only on `GET` of one available document.
    pub download_url: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DocumentPage {
    pub items: Vec<Document>,
    pub next_cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ShareBody {
    #[schema(example = "NY-DFS")]
    pub agency_id: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Share {
    pub agency_id: String,
    pub shared_at: String,
    pub shared_by: Actor,
}
