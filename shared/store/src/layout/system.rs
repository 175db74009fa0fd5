//! Keys of the machinery every area shares: the outbox and idempotency records.

use crate::item::Key;

pub fn outbox_key(message_id: &str) -> Key {
    Key::new(format!("OUTBOX#{message_id}"), "OUTBOX")
}

pub const OUTBOX_PENDING: &str = "OUTBOX#PENDING";

/// The kind of an outbox message's item.
pub const OUTBOX_KIND: &str = "outbox";
/// The kind of an idempotency record's item.
pub const IDEMPOTENCY_KIND: &str = "idempotency";

pub fn idempotency_key(caller: &str, key: &str) -> Key {
    Key::new(format!("IDEMPOTENCY#{caller}#{key}"), "IDEMPOTENCY")
}
