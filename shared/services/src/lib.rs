//! The application services that several functions (and `ses-local`) share, a module per
//! business area. Each command loads through the ports, lets the domain decide, and writes
//! the result in one transaction. Function crates depend on this crate, never on each other.

pub mod complaint;
pub mod enrollment;
pub mod mail_feedback;
