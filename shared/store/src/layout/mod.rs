//! The single-table layout: for each entity the kind written on its items and the one typed
//! function that builds its key, and for each list the index that serves it. Every access
//! pattern of the system, with the key that serves it (no scans), is listed in
//! `shared/store/ACCESS_PATTERNS.md`; a module per area:
//!
//! - `directory`: agencies and the users SES has seen, companies, their users and history;
//! - `enrollment`: enrollments and their link tokens;
//! - `complaint`: complaints, their requests, documents, history and list entries;
//! - `system`: the outbox and idempotency records.

mod complaint;
mod directory;
mod enrollment;
mod system;

pub use complaint::*;
pub use directory::*;
pub use enrollment::*;
pub use system::*;

use crate::item::{Item, Key};
use crate::table::{Condition, Write};
use crate::StoreError;
use serde::Serialize;

/// An entity stored as an item of its own: its kind (defined once, written on each item) and
/// its primary key, built by the entity's one typed key function.
pub trait Entity: Serialize {
    /// The `kind` attribute of its items.
    const KIND: &'static str;

    /// Where it is stored.
    fn primary_key(&self) -> Key;
}

fn data(v: &impl Serialize) -> Result<serde_json::Value, StoreError> {
    serde_json::to_value(v).map_err(|e| StoreError::Invalid(e.to_string()))
}

/// Writes an entity at `version`: a new one (version 1) must not exist yet; a later
/// version must replace exactly the version before it.
pub fn versioned(item: Item) -> Write {
    let condition = if item.version <= 1 {
        Condition::NotExists
    } else {
        Condition::VersionIs(item.version - 1)
    };
    Write::put(item, condition)
}
