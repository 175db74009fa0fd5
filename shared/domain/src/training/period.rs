//! The periods of the progress report: 14-day windows from an anchor date (API.md "Training";
//! default 2026-01-05), `end` = `start` + 13 days, inclusive. A run reports on the window that
//! contains its date, so a schedule that fires daily or twice still names one period.

use time::macros::date;
use time::{Date, Duration};

/// One report period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReportPeriod {
    pub start: Date,
    /// The last day of the period (inclusive).
    pub end: Date,
}

impl ReportPeriod {
    /// The default anchor: the first day of the first period.
    pub const DEFAULT_ANCHOR: Date = date!(2026 - 01 - 05);
    pub const DAYS: i64 = 14;

    /// The period that contains `day`, counting 14-day windows from `anchor` (days before the
    /// anchor fall in the windows before it).
    pub fn containing(day: Date, anchor: Date) -> ReportPeriod {
        let offset = (day - anchor).whole_days();
        let start = anchor + Duration::days(offset.div_euclid(Self::DAYS) * Self::DAYS);
        ReportPeriod {
            start,
            end: start + Duration::days(Self::DAYS - 1),
        }
    }

    /// The period before this one.
    pub fn previous(self) -> ReportPeriod {
        ReportPeriod {
            start: self.start - Duration::days(Self::DAYS),
            end: self.end - Duration::days(Self::DAYS),
        }
    }

    pub fn contains(self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ANCHOR: Date = ReportPeriod::DEFAULT_ANCHOR;

    #[test]
    fn the_first_period_runs_from_the_anchor_for_fourteen_days() {
        let p = ReportPeriod::containing(date!(2026 - 01 - 05), ANCHOR);
        assert_eq!((p.start, p.end), (date!(2026 - 01 - 05), date!(2026 - 01 - 18)));
        assert_eq!(ReportPeriod::containing(date!(2026 - 01 - 18), ANCHOR), p);
        assert_eq!(
            ReportPeriod::containing(date!(2026 - 01 - 19), ANCHOR).start,
            date!(2026 - 01 - 19)
        );
        assert_eq!(
            ReportPeriod::containing(date!(2026 - 01 - 04), ANCHOR).end,
            date!(2026 - 01 - 04)
        );
        assert_eq!(p.previous().end, date!(2026 - 01 - 04));
    }

    proptest! {
        /// Every day falls in exactly one 14-day period that starts a whole number of periods
        /// from the anchor, before or after it; the next day is in the same or the next period.
        #[test]
        fn every_day_is_in_one_period(offset in -5000i64..5000) {
            let day = ANCHOR + Duration::days(offset);
            let p = ReportPeriod::containing(day, ANCHOR);
            prop_assert!(p.contains(day));
            prop_assert_eq!((p.end - p.start).whole_days(), 13);
            prop_assert_eq!((p.start - ANCHOR).whole_days().rem_euclid(14), 0);
            let next = ReportPeriod::containing(day + Duration::days(1), ANCHOR);
            prop_assert!(next == p || next.previous() == p);
        }
    }
}
