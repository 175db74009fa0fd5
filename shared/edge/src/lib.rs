//! The HTTP edge shared by every HTTP function and by `ses-local`: identity, bodies, paths,
//! paging, idempotency, request ids, and the one mapping of every error to problem+json.
//! Handlers translate requests into service and domain calls and their results into answers;
//! the rules are the domain's.

#[cfg(feature = "aws")]
pub mod aws;
pub mod body;
pub mod idempotency;
pub mod identity;
pub mod paging;
pub mod path;
pub mod problem;
mod refusals;
pub mod runtime;
#[cfg(feature = "openapi")]
pub mod schema;
pub mod stack;
pub mod version;

pub use body::JsonBody;
pub use idempotency::{Idempotency, IdempotentJson};
#[cfg(feature = "local")]
pub use identity::LocalTokens;
pub use identity::{Caller, Verifier};
pub use paging::{Page, PageParams};
pub use path::PathParams;
pub use problem::{ApiError, ApiResult};
pub use ses_services::{AppState, EdgeConfig};
