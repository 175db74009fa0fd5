//! An information request of the Information Request Exchange (API.md): sent with questions
//! and a due date, extended (the original date kept), cancelled, answered by the company,
//! accepted by the agency. `overdue` and `days_open` are read off the business date (UTC).

use serde::{Deserialize, Serialize};
use time::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Open,
    Responded,
    Accepted,
    Cancelled,
}

/// Why a move of a request is refused: 409 `conflict`, or 422 for a due date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestRefused {
    #[error("only an open request can be {0}")]
    NotOpen(&'static str),
    #[error("only a responded request can be accepted")]
    NotResponded,
    #[error("the due date must be today or later")]
    DueInThePast,
    #[error("the new due date must be later than the current one")]
    NotLater,
}

/// The dates and status of a request, the part its rules act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestTerms {
    pub status: RequestStatus,
    pub due_on: Date,
    pub original_due_on: Date,
}

impl RequestTerms {
    /// A request sent today, due on `due_on` (today or later).
    pub fn send(due_on: Date, today: Date) -> Result<RequestTerms, RequestRefused> {
        if due_on < today {
            return Err(RequestRefused::DueInThePast);
        }
        Ok(RequestTerms {
            status: RequestStatus::Open,
            due_on,
            original_due_on: due_on,
        })
    }

    /// Open and past its due date (due today is not overdue).
    pub fn overdue(&self, today: Date) -> bool {
        self.status == RequestStatus::Open && today > self.due_on
    }

    pub fn extend(&self, new_due_on: Date) -> Result<RequestTerms, RequestRefused> {
        if self.status != RequestStatus::Open {
            return Err(RequestRefused::NotOpen("extended"));
        }
        if new_due_on <= self.due_on {
            return Err(RequestRefused::NotLater);
        }
        Ok(RequestTerms {
            due_on: new_due_on,
            ..*self
        })
    }

    pub fn cancel(&self) -> Result<RequestTerms, RequestRefused> {
        match self.status {
            RequestStatus::Open => Ok(RequestTerms {
                status: RequestStatus::Cancelled,
                ..*self
            }),
            _ => Err(RequestRefused::NotOpen("cancelled")),
        }
    }

    pub fn respond(&self) -> Result<RequestTerms, RequestRefused> {
        match self.status {
            RequestStatus::Open => Ok(RequestTerms {
                status: RequestStatus::Responded,
                ..*self
            }),
            _ => Err(RequestRefused::NotOpen("answered")),
        }
    }

    pub fn accept(&self) -> Result<RequestTerms, RequestRefused> {
        match self.status {
            RequestStatus::Responded => Ok(RequestTerms {
                status: RequestStatus::Accepted,
                ..*self
            }),
            _ => Err(RequestRefused::NotResponded),
        }
    }
}

/// Whole days from `received_on` to today, or to the day the complaint was closed.
pub fn days_open(received_on: Date, today: Date, closed_on: Option<Date>) -> i64 {
    let end = closed_on.unwrap_or(today);
    (end - received_on).whole_days().max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;
    use time::Duration;

    const TODAY: Date = date!(2026 - 11 - 22);

    #[test]
    fn due_today_is_not_overdue_and_tomorrow_it_is() {
        let r = RequestTerms::send(TODAY, TODAY).unwrap();
        assert!(!r.overdue(TODAY));
        assert!(r.overdue(TODAY + Duration::days(1)));
        assert!(
            !r.respond().unwrap().overdue(TODAY + Duration::days(5)),
            "an answered request is not overdue"
        );
        assert_eq!(
            RequestTerms::send(TODAY - Duration::days(1), TODAY),
            Err(RequestRefused::DueInThePast)
        );
    }

    #[test]
    fn an_extension_keeps_the_original_date_and_must_be_later() {
        let r = RequestTerms::send(date!(2026 - 12 - 01), TODAY).unwrap();
        let e = r.extend(date!(2026 - 12 - 15)).unwrap();
        assert_eq!(
            (e.due_on, e.original_due_on),
            (date!(2026 - 12 - 15), date!(2026 - 12 - 01))
        );
        assert_eq!(e.extend(date!(2026 - 12 - 15)), Err(RequestRefused::NotLater));
        assert_eq!(
            e.cancel().unwrap().extend(date!(2027 - 01 - 01)),
            Err(RequestRefused::NotOpen("extended"))
        );
    }

    #[test]
    fn answers_and_acceptance_follow_the_order() {
        let r = RequestTerms::send(TODAY, TODAY).unwrap();
        assert_eq!(r.accept(), Err(RequestRefused::NotResponded));
        let answered = r.respond().unwrap();
        assert_eq!(answered.respond(), Err(RequestRefused::NotOpen("answered")));
        assert_eq!(answered.accept().unwrap().status, RequestStatus::Accepted);
        assert_eq!(answered.cancel(), Err(RequestRefused::NotOpen("cancelled")));
    }

    #[test]
    fn days_open_counts_to_today_or_to_the_close() {
        assert_eq!(days_open(date!(2026 - 11 - 01), TODAY, None), 21);
        assert_eq!(days_open(date!(2026 - 11 - 01), TODAY, Some(date!(2026 - 11 - 11))), 10);
        assert_eq!(days_open(TODAY, TODAY, None), 0);
    }

    proptest! {
        #[test]
        fn the_original_due_date_never_changes_and_due_never_moves_earlier(steps in proptest::collection::vec(0i64..40, 0..12)) {
            let mut r = RequestTerms::send(TODAY, TODAY).unwrap();
            for s in steps {
                let before = r;
                if let Ok(next) = r.extend(r.due_on + Duration::days(s)) {
                    prop_assert!(next.due_on > before.due_on);
                    r = next;
                }
                prop_assert_eq!(r.original_due_on, TODAY);
                prop_assert!(r.due_on >= r.original_due_on);
            }
        }
    }
}
