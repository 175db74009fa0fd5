//! Keys of the machinery every area shares: the outbox and idempotency records.

use crate::item::Key;

/// The partition prefix of outbox messages (the stream's filter and the dispatcher read it).
pub const OUTBOX_PREFIX: &str = "OUTBOX#";

pub fn outbox_key(message_id: &str) -> Key {
    Key::new(format!("{OUTBOX_PREFIX}{message_id}"), "OUTBOX")
}

/// An address on the suppression list (bounced or complained).
pub fn suppression_key(email: &ses_domain::Email) -> Key {
    Key::new(format!("SUPPRESSED#{email}"), "SUPPRESSED")
}

/// The kind of a suppression list entry's item.
pub const SUPPRESSION_KIND: &str = "suppression";

pub const OUTBOX_PENDING: &str = "OUTBOX#PENDING";

/// The kind of an outbox message's item.
pub const OUTBOX_KIND: &str = "outbox";
/// The kind of an idempotency record's item.
pub const IDEMPOTENCY_KIND: &str = "idempotency";

pub fn idempotency_key(caller: &str, key: &str) -> Key {
    Key::new(format!("IDEMPOTENCY#{caller}#{key}"), "IDEMPOTENCY")
}
