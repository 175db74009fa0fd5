//! Opaque, tamper-evident paging cursors: the last returned item's keys, bound to the query
//! they continue, signed with HMAC-SHA-256. A cursor that was altered, or that belongs to
//! another query, is refused.

use crate::item::{Index, IndexKey, Key};
use crate::StoreError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// Where a page ended: the last item's primary key and, for an index query, its index key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub key: Key,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_key: Option<IndexKey>,
}

#[derive(Clone)]
pub struct CursorSigner {
    secret: Vec<u8>,
}

impl std::fmt::Debug for CursorSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CursorSigner(..)")
    }
}

type HmacSha256 = Hmac<Sha256>;

impl CursorSigner {
    pub fn new(secret: &[u8]) -> CursorSigner {
        CursorSigner {
            secret: secret.to_vec(),
        }
    }

    fn mac(&self, scope: &str, payload: &[u8]) -> Result<HmacSha256, StoreError> {
        let mut mac = HmacSha256::new_from_slice(&self.secret).map_err(|e| StoreError::Invalid(e.to_string()))?;
        mac.update(scope.as_bytes());
        mac.update(&[0]);
        mac.update(payload);
        Ok(mac)
    }

    /// `scope` names the query (index, partition, sort condition, direction).
    pub fn sign(&self, scope: &str, position: &Position) -> Result<String, StoreError> {
        let payload = serde_json::to_vec(position).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let tag = self.mac(scope, &payload)?.finalize().into_bytes();
        Ok(format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(&payload),
            URL_SAFE_NO_PAD.encode(tag)
        ))
    }

    pub fn verify(&self, scope: &str, cursor: &str) -> Result<Position, StoreError> {
        let (payload, tag) = cursor.split_once('.').ok_or(StoreError::BadCursor)?;
        let payload = URL_SAFE_NO_PAD.decode(payload).map_err(|_| StoreError::BadCursor)?;
        let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| StoreError::BadCursor)?;
        self.mac(scope, &payload)?
            .verify_slice(&tag)
            .map_err(|_| StoreError::BadCursor)?;
        serde_json::from_slice(&payload).map_err(|_| StoreError::BadCursor)
    }
}

/// The scope string of a query, so a cursor cannot be replayed against another one.
pub fn scope(index: Option<Index>, pk: &str, sk: &str, newest_first: bool) -> String {
    format!("{}|{pk}|{sk}|{newest_first}", index.map_or("table", Index::name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position() -> Position {
        Position {
            key: Key::new("COMPANY#1", "COMPANY"),
            index_key: Some(IndexKey {
                pk: "COMPANYNAME".into(),
                sk: "acme#1".into(),
            }),
        }
    }

    #[test]
    fn a_signed_cursor_reads_back() {
        let s = CursorSigner::new(b"secret");
        let c = s.sign("q", &position()).unwrap();
        assert_eq!(s.verify("q", &c).unwrap(), position());
    }

    #[test]
    fn altered_or_replayed_cursors_are_refused() {
        let s = CursorSigner::new(b"secret");
        let c = s.sign("q", &position()).unwrap();
        assert_eq!(s.verify("other query", &c), Err(StoreError::BadCursor));
        assert_eq!(CursorSigner::new(b"other").verify("q", &c), Err(StoreError::BadCursor));
        let (payload, tag) = c.split_once('.').unwrap();
        let forged = Position {
            key: Key::new("COMPANY#2", "COMPANY"),
            ..position()
        };
        let forged = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap());
        assert_eq!(s.verify("q", &format!("{forged}.{tag}")), Err(StoreError::BadCursor));
        assert_eq!(s.verify("q", payload), Err(StoreError::BadCursor));
        assert_eq!(s.verify("q", "!!!.???"), Err(StoreError::BadCursor));
    }
}
