//! How a caller sees a complaint.

/// How a caller sees a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// A user of the agency that owns it.
    Owner,
    /// A user of an agency it is shared with (read-only).
    SharedAgency,
    /// A user of the company it is against.
    Company,
}
