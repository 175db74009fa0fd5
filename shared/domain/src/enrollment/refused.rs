//! Why an enrollment command is refused.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnrollmentRefused {
    #[error("only agency staff users, staff directors and examiners enroll companies")]
    NotAnEnrollingRole,
    #[error("only the agency that started this enrollment may change it")]
    NotTheEnrollingAgency,
    #[error("the company is already enrolled; its own administrators add users")]
    AlreadyEnrolled,
    #[error("the company has a pending enrollment; withdraw it or wait for an answer")]
    EnrollmentPending,
    #[error("only a pending enrollment can be {0}")]
    NotPending(&'static str),
    /// The link is used, unknown or expired: one answer for all (410).
    #[error("this link is no longer valid")]
    LinkGone,
    #[error("sign in with the invited email address to confirm")]
    NotTheInvitee,
    #[error("your email address is not verified; verify it with your sign-in provider first")]
    EmailNotVerified,
}
