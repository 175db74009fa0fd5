//! What can go wrong in the store ports.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// One or more conditions of a transaction failed; nothing was written. The indexes are
    /// positions in the write list.
    #[error("condition failed on write(s) {failed:?}")]
    ConditionFailed { failed: Vec<usize> },
    /// Another transaction touched the same items at the same moment; nothing was written.
    #[error("transaction conflict")]
    Conflict,
    /// A paging cursor that this server did not issue for this query.
    #[error("invalid cursor")]
    BadCursor,
    /// A request the store cannot take (too many writes, a key with a NUL…).
    #[error("invalid store request: {0}")]
    Invalid(String),
    /// Stored data that does not read as its entity.
    #[error("corrupt item: {0}")]
    Corrupt(String),
    /// The backend failed (I/O, network, throttling).
    #[error("store backend: {0}")]
    Backend(String),
}
