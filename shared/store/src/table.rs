//! The table port: point reads, queries by key and index with opaque cursors, and one
//! all-or-nothing conditional transactional write. `Table` is what services use; a
//! `TableBackend` (embedded or DynamoDB) is what adapters implement, and the contract tests
//! hold both to the same behaviour.

use crate::cursor::{scope, CursorSigner, Position};
use crate::item::{Index, Item, Key};
use crate::StoreError;
use async_trait::async_trait;
use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A write's guard, checked atomically with every other write of the transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    None,
    /// No live item has this key (an item past its TTL counts as absent).
    NotExists,
    /// A live item has this key.
    Exists,
    /// The item exists at exactly this version.
    VersionIs(u64),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    Put { item: Item, condition: Condition },
    Delete { key: Key, condition: Condition },
    Check { key: Key, condition: Condition },
}

impl Write {
    pub fn put(item: Item, condition: Condition) -> Write {
        Write::Put { item, condition }
    }

    pub fn key(&self) -> Key {
        match self {
            Write::Put { item, .. } => item.key(),
            Write::Delete { key, .. } | Write::Check { key, .. } => key.clone(),
        }
    }

    pub fn condition(&self) -> Condition {
        match self {
            Write::Put { condition, .. } | Write::Delete { condition, .. } | Write::Check { condition, .. } => {
                *condition
            }
        }
    }
}

/// Which sort keys a query visits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SortKey {
    Any,
    Prefix(String),
    /// Inclusive bounds.
    Between(String, String),
}

impl SortKey {
    fn describe(&self) -> String {
        match self {
            SortKey::Any => "*".into(),
            SortKey::Prefix(p) => format!("^{p}"),
            SortKey::Between(a, b) => format!("[{a},{b}]"),
        }
    }
}

/// A query as services ask it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub index: Option<Index>,
    pub pk: String,
    pub sort: SortKey,
    pub newest_first: bool,
    pub limit: usize,
    pub cursor: Option<String>,
}

impl Query {
    pub fn partition(pk: impl Into<String>) -> Query {
        Query {
            index: None,
            pk: pk.into(),
            sort: SortKey::Any,
            newest_first: false,
            limit: 25,
            cursor: None,
        }
    }

    pub fn index(index: Index, pk: impl Into<String>) -> Query {
        Query {
            index: Some(index),
            ..Query::partition(pk)
        }
    }

    pub fn prefix(mut self, prefix: impl Into<String>) -> Query {
        self.sort = SortKey::Prefix(prefix.into());
        self
    }

    pub fn between(mut self, from: impl Into<String>, to: impl Into<String>) -> Query {
        self.sort = SortKey::Between(from.into(), to.into());
        self
    }

    pub fn newest_first(mut self) -> Query {
        self.newest_first = true;
        self
    }

    pub fn limit(mut self, limit: usize) -> Query {
        self.limit = limit;
        self
    }

    pub fn cursor(mut self, cursor: Option<String>) -> Query {
        self.cursor = cursor;
        self
    }
}

/// A query as backends run it: at most `limit` items strictly after `after`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendQuery {
    pub index: Option<Index>,
    pub pk: String,
    pub sort: SortKey,
    pub newest_first: bool,
    pub limit: usize,
    pub after: Option<Position>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
    pub next_cursor: Option<String>,
}

/// What an adapter implements. Expired items may be returned; `Table` filters them.
#[async_trait]
pub trait TableBackend: Send + Sync + 'static {
    /// A strongly consistent point read.
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError>;
    async fn query(&self, query: &BackendQuery) -> Result<Vec<Item>, StoreError>;
    /// All writes or none; `ConditionFailed` names each failed condition. `now_epoch` is
    /// the instant `NotExists` compares TTLs against.
    async fn transact(&self, writes: &[Write], now_epoch: i64) -> Result<(), StoreError>;
}

/// Round trips made through a `Table`, for the tests that hold routes to their budget.
#[derive(Debug, Default)]
pub struct RoundTrips {
    pub gets: AtomicU64,
    pub queries: AtomicU64,
    pub transactions: AtomicU64,
}

impl RoundTrips {
    pub fn total(&self) -> u64 {
        self.gets.load(Ordering::Relaxed)
            + self.queries.load(Ordering::Relaxed)
            + self.transactions.load(Ordering::Relaxed)
    }
}

/// The most writes one transaction may carry (DynamoDB's limit).
pub const MAX_TRANSACTION_WRITES: usize = 100;
/// The largest page a query returns.
pub const MAX_PAGE: usize = 1000;

#[derive(Clone)]
pub struct Table {
    backend: Arc<dyn TableBackend>,
    signer: CursorSigner,
    round_trips: Arc<RoundTrips>,
}

fn now_epoch() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn check_key_part(part: &str) -> Result<(), StoreError> {
    if part.is_empty() || part.contains('\0') || part.len() > 1024 {
        return Err(StoreError::Invalid(format!("bad key part {part:?}")));
    }
    Ok(())
}

impl Table {
    pub fn new(backend: Arc<dyn TableBackend>, cursor_secret: &[u8]) -> Table {
        Table {
            backend,
            signer: CursorSigner::new(cursor_secret),
            round_trips: Arc::new(RoundTrips::default()),
        }
    }

    /// The same table with its own round-trip counter (for background work, so it does not
    /// blur the counts of requests).
    pub fn with_own_counter(&self) -> Table {
        Table {
            backend: self.backend.clone(),
            signer: self.signer.clone(),
            round_trips: Arc::new(RoundTrips::default()),
        }
    }

    pub fn round_trips(&self) -> &RoundTrips {
        &self.round_trips
    }

    /// One cheap read at start-up, so the first request does not pay for the connection
    /// (TLS handshake) to the backend. Failures are ignored: the request path will retry.
    pub async fn warm(&self) {
        let probe = Key::new("WARM", "WARM");
        let _ = tokio::time::timeout(std::time::Duration::from_secs(2), self.backend.get(&probe)).await;
    }

    pub async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        check_key_part(&key.pk)?;
        check_key_part(&key.sk)?;
        self.round_trips.gets.fetch_add(1, Ordering::Relaxed);
        let now = now_epoch();
        Ok(self.backend.get(key).await?.filter(|i| !i.is_expired(now)))
    }

    /// One page of a query. The cursor it returns continues exactly this query.
    pub async fn query(&self, query: Query) -> Result<Page, StoreError> {
        check_key_part(&query.pk)?;
        let limit = query.limit.clamp(1, MAX_PAGE);
        let scope = scope(query.index, &query.pk, &query.sort.describe(), query.newest_first);
        let after = match &query.cursor {
            Some(c) => Some(self.signer.verify(&scope, c)?),
            None => None,
        };
        let backend_query = BackendQuery {
            index: query.index,
            pk: query.pk,
            sort: query.sort,
            newest_first: query.newest_first,
            limit: limit + 1,
            after,
        };
        self.round_trips.queries.fetch_add(1, Ordering::Relaxed);
        let mut items = self.backend.query(&backend_query).await?;
        let next_cursor = if items.len() > limit {
            items.truncate(limit);
            match items.last() {
                Some(last) => {
                    let position = Position {
                        key: last.key(),
                        index_key: backend_query.index.and_then(|i| last.index_key(i).cloned()),
                    };
                    Some(self.signer.sign(&scope, &position)?)
                }
                None => None,
            }
        } else {
            None
        };
        let now = now_epoch();
        items.retain(|i| !i.is_expired(now));
        Ok(Page { items, next_cursor })
    }

    /// Applies every write or none.
    pub async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        if writes.is_empty() || writes.len() > MAX_TRANSACTION_WRITES {
            return Err(StoreError::Invalid(format!(
                "a transaction takes 1 to {MAX_TRANSACTION_WRITES} writes, not {}",
                writes.len()
            )));
        }
        let mut keys = HashSet::new();
        for w in &writes {
            let key = w.key();
            check_key_part(&key.pk)?;
            check_key_part(&key.sk)?;
            if let Write::Put { item, .. } = w {
                for index in Index::ALL {
                    if let Some(ik) = item.index_key(index) {
                        check_key_part(&ik.pk)?;
                        check_key_part(&ik.sk)?;
                    }
                }
            }
            if !keys.insert(key.clone()) {
                return Err(StoreError::Invalid(format!(
                    "two writes to {}/{} in one transaction",
                    key.pk, key.sk
                )));
            }
        }
        self.round_trips.transactions.fetch_add(1, Ordering::Relaxed);
        self.backend.transact(&writes, now_epoch()).await
    }
}
