//! The single-table item: partition and sort key, up to two overloaded index keys, a
//! version for optimistic concurrency, an optional expiry, and the entity as JSON.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A primary key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Key {
    pub pk: String,
    pub sk: String,
}

impl Key {
    pub fn new(pk: impl Into<String>, sk: impl Into<String>) -> Key {
        Key {
            pk: pk.into(),
            sk: sk.into(),
        }
    }
}

/// The key of an item in one of the global secondary indexes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IndexKey {
    pub pk: String,
    pub sk: String,
}

/// The overloaded global secondary indexes of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Index {
    Gsi1,
    Gsi2,
}

impl Index {
    pub const ALL: [Index; 2] = [Index::Gsi1, Index::Gsi2];

    pub fn name(self) -> &'static str {
        match self {
            Index::Gsi1 => "gsi1",
            Index::Gsi2 => "gsi2",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub pk: String,
    pub sk: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gsi1: Option<IndexKey>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gsi2: Option<IndexKey>,
    /// The entity type, e.g. `agency`.
    pub kind: String,
    /// Optimistic concurrency version of the item (1 for a new one).
    pub version: u64,
    /// Expiry in epoch seconds (DynamoDB TTL); expired items are treated as absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<i64>,
    pub data: Value,
}

impl Item {
    pub fn new(key: Key, kind: &str, version: u64, data: Value) -> Item {
        Item {
            pk: key.pk,
            sk: key.sk,
            gsi1: None,
            gsi2: None,
            kind: kind.to_string(),
            version,
            ttl: None,
            data,
        }
    }

    pub fn with_index(mut self, index: Index, pk: impl Into<String>, sk: impl Into<String>) -> Item {
        let key = Some(IndexKey {
            pk: pk.into(),
            sk: sk.into(),
        });
        match index {
            Index::Gsi1 => self.gsi1 = key,
            Index::Gsi2 => self.gsi2 = key,
        }
        self
    }

    pub fn with_ttl(mut self, epoch_seconds: i64) -> Item {
        self.ttl = Some(epoch_seconds);
        self
    }

    pub fn key(&self) -> Key {
        Key {
            pk: self.pk.clone(),
            sk: self.sk.clone(),
        }
    }

    pub fn index_key(&self, index: Index) -> Option<&IndexKey> {
        match index {
            Index::Gsi1 => self.gsi1.as_ref(),
            Index::Gsi2 => self.gsi2.as_ref(),
        }
    }

    /// Whether the item's TTL has passed (DynamoDB deletes such items lazily, so reads
    /// filter them out on both backends).
    pub fn is_expired(&self, now_epoch: i64) -> bool {
        self.ttl.is_some_and(|t| t <= now_epoch)
    }

    /// The entity, typed.
    pub fn entity<T: serde::de::DeserializeOwned>(&self) -> Result<T, crate::StoreError> {
        serde_json::from_value(self.data.clone())
            .map_err(|e| crate::StoreError::Corrupt(format!("{} {}/{}: {e}", self.kind, self.pk, self.sk)))
    }
}
