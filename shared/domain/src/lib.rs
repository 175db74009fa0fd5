//! The SES domain: validated values, who may do what, the entities and the commands that
//! turn a request into the state to write and the emails to send. Pure: no I/O, no async,
//! no AWS types; the clock and ids come in as arguments.

pub mod access;
pub mod actor;
pub mod agency;
pub mod agency_code;
pub mod agency_user;
pub mod company;
pub mod company_user;
pub mod complaint;
pub mod complaint_document;
pub mod complaint_input;
pub mod complaint_mail;
pub mod complaint_status;
pub mod contact;
pub mod email;
pub mod enrollment;
pub mod enrollment_mail;
pub mod history;
pub mod information_request;
pub mod invalid;
pub mod mail;
pub mod nmls_id;
pub mod person_name;
pub mod phone;
pub mod principal;
pub mod text;
pub mod us_state;

pub use access::{Access, Denied};
pub use actor::Actor;
pub use agency::{Agency, AgencyChange, AgencyContacts, AgencyRegistration};
pub use agency_code::AgencyCode;
pub use agency_user::SeenAgencyUser;
pub use company::{Company, CompanyChange, CompanyEnrollmentStatus, DirectoryEntry, PendingEnrollment};
pub use company_user::{CompanyUser, CompanyUserStatus, CompanyUsersRefused, NewCompanyUser};
pub use complaint::{Complaint, ComplaintRefused, Viewer};
pub use complaint_document::ComplaintDocument;
pub use contact::{Contact, Person};
pub use email::Email;
pub use enrollment::{Confirmation, Enrollment, EnrollmentStatus};
pub use history::HistoryEvent;
pub use information_request::InformationRequest;
pub use invalid::{FieldError, Invalid};
pub use mail::MailMessage;
pub use nmls_id::NmlsId;
pub use person_name::PersonName;
pub use phone::Phone;
pub use principal::{ClaimsError, Principal, PrincipalType, Role};
