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

/// How far the clock may be moved in all (100 years).
pub const MAX_OFFSET_DAYS: i64 = 36_500;

impl SystemClock {
    /// Moves the clock forward; `None` (and no change) past `MAX_OFFSET_DAYS` in all.
    pub fn advance_days(&self, days: i64) -> Option<OffsetDateTime> {
        self.offset_days
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |d| {
                d.checked_add(days).filter(|t| (0..=MAX_OFFSET_DAYS).contains(t))
            })
            .ok()?;
        Some(self.now())
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
