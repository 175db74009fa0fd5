//! The embedded table backend: redb (ACID, copy-on-write B-trees, one writer at a time,
//! fsync on commit) in the data directory. Items are kept under `pk NUL sk`; each index is a
//! table of `ipk NUL isk NUL pk NUL sk` entries. Byte order of UTF-8 keys is DynamoDB's
//! string order, so both backends page identically.

use crate::cursor::Position;
use crate::item::{Index, Item, Key};
use crate::table::{BackendQuery, Condition, SortKey, TableBackend, Write};
use crate::StoreError;
use async_trait::async_trait;
use redb::{Database, ReadableTable, TableDefinition};
use std::ops::Bound;
use std::path::Path;
use std::sync::Arc;
use tokio::sync::Notify;

const ITEMS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("items");
const GSI1: TableDefinition<&[u8], &[u8]> = TableDefinition::new("gsi1");
const GSI2: TableDefinition<&[u8], &[u8]> = TableDefinition::new("gsi2");

fn index_table(index: Index) -> TableDefinition<'static, &'static [u8], &'static [u8]> {
    match index {
        Index::Gsi1 => GSI1,
        Index::Gsi2 => GSI2,
    }
}

fn backend_err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

fn join(parts: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push(0);
        }
        out.extend_from_slice(p.as_bytes());
    }
    out
}

fn item_key(key: &Key) -> Vec<u8> {
    join(&[&key.pk, &key.sk])
}

fn index_entry(item: &Item, index: Index) -> Option<Vec<u8>> {
    item.index_key(index)
        .map(|ik| join(&[&ik.pk, &ik.sk, &item.pk, &item.sk]))
}

pub struct EmbeddedTable {
    db: Arc<Database>,
    commits: Arc<Notify>,
}

impl EmbeddedTable {
    /// Opens (or creates) the store file.
    pub fn open(path: &Path) -> Result<EmbeddedTable, StoreError> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(backend_err)?;
        }
        let db = Database::create(path).map_err(backend_err)?;
        let tx = db.begin_write().map_err(backend_err)?;
        for def in [ITEMS, GSI1, GSI2] {
            tx.open_table(def).map_err(backend_err)?;
        }
        tx.commit().map_err(backend_err)?;
        Ok(EmbeddedTable {
            db: Arc::new(db),
            commits: Arc::new(Notify::new()),
        })
    }

    /// Woken after every committed transaction (the in-process stand-in for the table's stream).
    pub fn commits(&self) -> Arc<Notify> {
        self.commits.clone()
    }
}

fn decode(bytes: &[u8]) -> Result<Item, StoreError> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn sort_bounds(prefix: &[u8], sort: &SortKey) -> (Bound<Vec<u8>>, Bound<Vec<u8>>) {
    let with = |s: &str| {
        let mut v = prefix.to_vec();
        v.extend_from_slice(s.as_bytes());
        v
    };
    match sort {
        SortKey::Any => {
            let mut upper = prefix.to_vec();
            upper.push(0xFF);
            (Bound::Included(prefix.to_vec()), Bound::Excluded(upper))
        }
        SortKey::Prefix(p) => {
            let mut upper = with(p);
            upper.push(0xFF);
            (Bound::Included(with(p)), Bound::Excluded(upper))
        }
        SortKey::Between(a, b) => {
            // Inclusive of every entry whose sort key is exactly `b` (followed by NUL and more).
            let mut upper = with(b);
            upper.push(0);
            upper.push(0xFF);
            (Bound::Included(with(a)), Bound::Excluded(upper))
        }
    }
}

fn run_query(db: &Database, q: &BackendQuery) -> Result<Vec<Item>, StoreError> {
    let rtx = db.begin_read().map_err(backend_err)?;
    let items = rtx.open_table(ITEMS).map_err(backend_err)?;
    let mut prefix = q.pk.as_bytes().to_vec();
    prefix.push(0);
    let (mut lower, mut upper) = sort_bounds(&prefix, &q.sort);
    if let Some(Position { key, index_key }) = &q.after {
        let after = match (q.index, index_key) {
            (None, _) => item_key(key),
            (Some(_), Some(ik)) => join(&[&ik.pk, &ik.sk, &key.pk, &key.sk]),
            (Some(_), None) => return Err(StoreError::BadCursor),
        };
        if q.newest_first {
            upper = Bound::Excluded(after);
        } else {
            lower = Bound::Excluded(after);
        }
    }
    let mut out = Vec::with_capacity(q.limit.min(1024));
    match q.index {
        None => {
            let range = items
                .range::<&[u8]>((as_ref(&lower), as_ref(&upper)))
                .map_err(backend_err)?;
            let iter: Box<dyn Iterator<Item = _>> = if q.newest_first {
                Box::new(range.rev())
            } else {
                Box::new(range)
            };
            for entry in iter.take(q.limit) {
                let (_, v) = entry.map_err(backend_err)?;
                out.push(decode(v.value())?);
            }
        }
        Some(index) => {
            let idx = rtx.open_table(index_table(index)).map_err(backend_err)?;
            let range = idx
                .range::<&[u8]>((as_ref(&lower), as_ref(&upper)))
                .map_err(backend_err)?;
            let iter: Box<dyn Iterator<Item = _>> = if q.newest_first {
                Box::new(range.rev())
            } else {
                Box::new(range)
            };
            for entry in iter.take(q.limit) {
                let (_, main_key) = entry.map_err(backend_err)?;
                let found = items.get(main_key.value()).map_err(backend_err)?;
                let item = found.ok_or_else(|| StoreError::Corrupt("index entry without its item".into()))?;
                out.push(decode(item.value())?);
            }
        }
    }
    Ok(out)
}

fn as_ref(b: &Bound<Vec<u8>>) -> Bound<&[u8]> {
    match b {
        Bound::Included(v) => Bound::Included(v.as_slice()),
        Bound::Excluded(v) => Bound::Excluded(v.as_slice()),
        Bound::Unbounded => Bound::Unbounded,
    }
}

fn holds(condition: Condition, current: Option<&Item>, now: i64) -> bool {
    let live = current.filter(|i| !i.is_expired(now));
    match condition {
        Condition::None => true,
        Condition::NotExists => live.is_none(),
        Condition::Exists => live.is_some(),
        Condition::VersionIs(v) => current.is_some_and(|i| i.version == v),
    }
}

fn run_transaction(db: &Database, writes: &[Write], now: i64) -> Result<(), StoreError> {
    let tx = db.begin_write().map_err(backend_err)?;
    {
        let mut items = tx.open_table(ITEMS).map_err(backend_err)?;
        let mut current = Vec::with_capacity(writes.len());
        let mut failed = Vec::new();
        for (i, w) in writes.iter().enumerate() {
            let existing = match items.get(item_key(&w.key()).as_slice()).map_err(backend_err)? {
                Some(v) => Some(decode(v.value())?),
                None => None,
            };
            if !holds(w.condition(), existing.as_ref(), now) {
                failed.push(i);
            }
            current.push(existing);
        }
        if !failed.is_empty() {
            drop(items);
            tx.abort().map_err(backend_err)?;
            return Err(StoreError::ConditionFailed { failed });
        }
        let mut gsi = [
            tx.open_table(GSI1).map_err(backend_err)?,
            tx.open_table(GSI2).map_err(backend_err)?,
        ];
        for (w, existing) in writes.iter().zip(current) {
            let old_entries: Vec<(usize, Vec<u8>)> = existing
                .iter()
                .flat_map(|old| {
                    Index::ALL
                        .iter()
                        .enumerate()
                        .filter_map(move |(n, &ix)| index_entry(old, ix).map(|e| (n, e)))
                })
                .collect();
            match w {
                Write::Put { item, .. } => {
                    for (n, e) in &old_entries {
                        gsi[*n].remove(e.as_slice()).map_err(backend_err)?;
                    }
                    let bytes = serde_json::to_vec(item).map_err(|e| StoreError::Invalid(e.to_string()))?;
                    let key = item_key(&item.key());
                    items.insert(key.as_slice(), bytes.as_slice()).map_err(backend_err)?;
                    for (n, &ix) in Index::ALL.iter().enumerate() {
                        if let Some(e) = index_entry(item, ix) {
                            gsi[n].insert(e.as_slice(), key.as_slice()).map_err(backend_err)?;
                        }
                    }
                }
                Write::Delete { key, .. } => {
                    for (n, e) in &old_entries {
                        gsi[n.to_owned()].remove(e.as_slice()).map_err(backend_err)?;
                    }
                    items.remove(item_key(key).as_slice()).map_err(backend_err)?;
                }
                Write::Check { .. } => {}
            }
        }
    }
    tx.commit().map_err(backend_err)
}

#[async_trait]
impl TableBackend for EmbeddedTable {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        let db = self.db.clone();
        let key = item_key(key);
        tokio::task::spawn_blocking(move || {
            let rtx = db.begin_read().map_err(backend_err)?;
            let items = rtx.open_table(ITEMS).map_err(backend_err)?;
            let found = items.get(key.as_slice()).map_err(backend_err)?;
            found.map(|v| decode(v.value())).transpose()
        })
        .await
        .map_err(backend_err)?
    }

    async fn query(&self, query: &BackendQuery) -> Result<Vec<Item>, StoreError> {
        let db = self.db.clone();
        let query = query.clone();
        tokio::task::spawn_blocking(move || run_query(&db, &query))
            .await
            .map_err(backend_err)?
    }

    async fn transact(&self, writes: &[Write], now_epoch: i64) -> Result<(), StoreError> {
        let db = self.db.clone();
        let writes = writes.to_vec();
        let result = tokio::task::spawn_blocking(move || run_transaction(&db, &writes, now_epoch))
            .await
            .map_err(backend_err)?;
        if result.is_ok() {
            self.commits.notify_waiters();
            self.commits.notify_one();
        }
        result
    }
}
