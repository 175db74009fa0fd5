//! The clock port. Business dates are UTC days of the server's clock; `ses-local` can move
//! its clock forward by whole days to try expiry and overdue rules without waiting.

use std::sync::atomic::{AtomicI64, Ordering};
use time::{Duration, OffsetDateTime};

pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;
}

/// The real clock, optionally moved forward by whole days (`ses-local` only).
#[derive(Debug, Default)]
pub struct SystemClock {
    offset_days: AtomicI64,
}

impl SystemClock {
    pub fn advance_days(&self, days: i64) -> OffsetDateTime {
        self.offset_days.fetch_add(days, Ordering::SeqCst);
        self.now()
    }

    pub fn offset_days(&self) -> i64 {
        self.offset_days.load(Ordering::SeqCst)
    }
}

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + Duration::days(self.offset_days.load(Ordering::SeqCst))
    }
}
