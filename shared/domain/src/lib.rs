//! The SES domain: validated values, who may do what, the entities and the commands that
//! turn a request into the state to write and the emails to send. Pure: no I/O, no async,
//! no AWS types; the clock and ids come in as arguments.
//!
//! One folder per business area: `values` (validated values), `identity` (principals, actors,
//! access), `directory` (agencies, companies and their users), `enrollment`, `complaint`,
//! `training`;
//! `mail` and `history` serve them all. Areas depend on `values` and `identity`, never on
//! each other's internals.

pub mod complaint;
pub mod directory;
pub mod enrollment;
pub mod history;
pub mod identity;
pub mod mail;
pub mod training;
pub mod values;

pub use complaint::document::ComplaintDocument;
pub use complaint::information_request::InformationRequest;
pub use complaint::{Complaint, ComplaintRefused, Viewer};
pub use directory::agency::{Agency, AgencyChange, AgencyContacts, AgencyRegistration};
pub use directory::agency_user::SeenAgencyUser;
pub use directory::company::{Company, CompanyChange, CompanyEnrollmentStatus, DirectoryEntry, PendingEnrollment};
pub use directory::company_user::{CompanyUser, CompanyUserStatus, CompanyUsersRefused, NewCompanyUser};
pub use enrollment::{Confirmation, Enrollment, EnrollmentStatus};
pub use history::HistoryEvent;
pub use identity::access::{Access, Denied};
pub use identity::actor::Actor;
pub use identity::principal::{ClaimsError, Principal, PrincipalType, Role};
pub use mail::MailMessage;
pub use values::agency_code::AgencyCode;
pub use values::contact::{Contact, Person};
pub use values::date::parse_date;
pub use values::email::Email;
pub use values::ids::{ComplaintId, DocumentId, EnrollmentId, LearnerId, NewId, RequestId, UserId};
pub use values::invalid::{FieldError, Invalid, Reader};
pub use values::nmls_id::NmlsId;
pub use values::person_name::PersonName;
pub use values::phone::Phone;
pub use values::text::{bounded_text, single_line};
