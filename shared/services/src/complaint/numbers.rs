//! Readable complaint numbers, one sequence per agency and year (`TX-DOB-2026-000123`).
//!
//! The sequence item's version is the last number used. A new complaint claims the next one in
//! its own transaction (a version condition), so two complaints never share a number; the
//! loser of a race takes the next number and tries again. The last number each process used
//! is remembered, so a warm function does not read the sequence before each complaint.

use crate::{AppState, ServiceResult};
use ses_domain::AgencyCode;
use ses_store::layout::complaint_sequence_key;
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Default)]
pub struct ComplaintNumbers {
    last: Mutex<HashMap<(AgencyCode, i32), u64>>,
}

impl ComplaintNumbers {
    /// The number to try next.
    pub async fn next(&self, state: &AppState, agency: &AgencyCode, year: i32) -> ServiceResult<u64> {
        let key = (agency.clone(), year);
        if let Some(n) = self.last.lock().ok().and_then(|m| m.get(&key).copied()) {
            return Ok(n + 1);
        }
        let last = state
            .table
            .get(&complaint_sequence_key(agency, year))
            .await?
            .map(|i| i.version)
            .unwrap_or(0);
        Ok(last + 1)
    }

    pub fn used(&self, agency: &AgencyCode, year: i32, n: u64) {
        if let Ok(mut m) = self.last.lock() {
            m.insert((agency.clone(), year), n);
        }
    }

    /// Another process took the number: read the sequence again next time.
    pub fn forget(&self, agency: &AgencyCode, year: i32) {
        if let Ok(mut m) = self.last.lock() {
            m.remove(&(agency.clone(), year));
        }
    }
}
