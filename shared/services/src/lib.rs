//! The application services that several functions (and `ses-local`) share, a module per
//! business area. Each command loads through the ports, lets the domain decide, and writes
//! the result in one transaction. Function crates depend on this crate, never on each other;
//! this crate knows nothing of HTTP (the edge maps its errors to problems).

pub mod complaint;
pub mod config;
pub mod enrollment;
pub mod error;
pub mod ids;
pub mod mail_feedback;
pub mod state;

pub use error::{ServiceError, ServiceResult};
pub use state::{AppState, EdgeConfig};
