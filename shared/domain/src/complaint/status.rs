//! A complaint's status and the moves between them (API.md, "Statuses and the moves between
//! them"). Every move is an event; `next` answers the new status or refuses the move, so an
//! illegal transition cannot be made anywhere else.
//!
//! ```text
//! received ──review──▶ in_review ◀──review── company_responded
//!    │                    │  ▲                     ▲      │
//!    └──request sent──────┼──┼─▶ awaiting_company ─┘      │ (answer to the last open request)
//!                         │  └──(last open request cancelled)
//!   any but closed ──close──▶ closed ──reopen (staff director, reason)──▶ in_review
//! ```

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComplaintStatus {
    Received,
    InReview,
    AwaitingCompany,
    CompanyResponded,
    Closed,
}

impl ComplaintStatus {
    pub const ALL: [ComplaintStatus; 5] = [
        ComplaintStatus::Received,
        ComplaintStatus::InReview,
        ComplaintStatus::AwaitingCompany,
        ComplaintStatus::CompanyResponded,
        ComplaintStatus::Closed,
    ];

    /// A status by its wire name (a body's or a query's `status`).
    pub fn parse(raw: &str) -> Result<ComplaintStatus, String> {
        ComplaintStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == raw)
            .ok_or_else(|| {
                let names: Vec<&str> = ComplaintStatus::ALL.iter().map(|s| s.as_str()).collect();
                format!("must be one of {}", names.join(", "))
            })
    }

    /// The status as the API and the table's keys write it.
    pub fn as_str(self) -> &'static str {
        match self {
            ComplaintStatus::Received => "received",
            ComplaintStatus::InReview => "in_review",
            ComplaintStatus::AwaitingCompany => "awaiting_company",
            ComplaintStatus::CompanyResponded => "company_responded",
            ComplaintStatus::Closed => "closed",
        }
    }
}

/// What happens to a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusEvent {
    /// The status route asks for `in_review`.
    Review,
    /// An information request is sent.
    RequestSent,
    /// The company answers a request; `open_left` requests stay open after it.
    ResponseReceived { open_left: usize },
    /// A request is cancelled; `open_left` requests stay open after it.
    RequestCancelled { open_left: usize },
    /// The status route closes the complaint (its resolution checked by the caller).
    Close,
    /// A staff director reopens a closed complaint (role and reason checked by the caller).
    Reopen,
}

/// A move the table does not allow (409 `invalid-transition`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a {from:?} complaint cannot take {event:?}")]
pub struct InvalidTransition {
    pub from: ComplaintStatus,
    pub event: StatusEvent,
}

/// The status after `event`, or the refusal.
pub fn next(from: ComplaintStatus, event: StatusEvent) -> Result<ComplaintStatus, InvalidTransition> {
    use ComplaintStatus::*;
    use StatusEvent::*;
    let to = match (from, event) {
        (Received | CompanyResponded, Review) => InReview,
        (Received | InReview | CompanyResponded | AwaitingCompany, RequestSent) => AwaitingCompany,
        (AwaitingCompany, ResponseReceived { open_left: 0 }) => CompanyResponded,
        (AwaitingCompany, ResponseReceived { .. }) => AwaitingCompany,
        (AwaitingCompany, RequestCancelled { open_left: 0 }) => InReview,
        (AwaitingCompany, RequestCancelled { .. }) => AwaitingCompany,
        // Cancelling a request of a complaint not waiting on the company leaves it as it is.
        (InReview | CompanyResponded | Received, RequestCancelled { .. }) => from,
        (Received | InReview | AwaitingCompany | CompanyResponded, Close) => Closed,
        (Closed, Reopen) => InReview,
        _ => return Err(InvalidTransition { from, event }),
    };
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ComplaintStatus::*;

    #[test]
    fn as_str_is_the_wire_name() {
        for s in ComplaintStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), serde_json::json!(s.as_str()));
        }
    }

    fn event() -> impl Strategy<Value = StatusEvent> {
        prop_oneof![
            Just(StatusEvent::Review),
            Just(StatusEvent::RequestSent),
            (0usize..3).prop_map(|open_left| StatusEvent::ResponseReceived { open_left }),
            (0usize..3).prop_map(|open_left| StatusEvent::RequestCancelled { open_left }),
            Just(StatusEvent::Close),
            Just(StatusEvent::Reopen),
        ]
    }

    /// The moves of API.md's table, as (from, to) pairs.
    fn allowed(from: ComplaintStatus, to: ComplaintStatus) -> bool {
        matches!(
            (from, to),
            (Received, InReview)
                | (Received | InReview | CompanyResponded, AwaitingCompany)
                | (AwaitingCompany, AwaitingCompany | CompanyResponded | InReview)
                | (CompanyResponded, InReview)
                | (Received | InReview | AwaitingCompany | CompanyResponded, Closed)
                | (Closed, InReview)
        ) || from == to
    }

    #[test]
    fn the_table_of_api_md() {
        assert_eq!(next(Received, StatusEvent::Review), Ok(InReview));
        assert_eq!(next(InReview, StatusEvent::RequestSent), Ok(AwaitingCompany));
        assert_eq!(
            next(AwaitingCompany, StatusEvent::ResponseReceived { open_left: 1 }),
            Ok(AwaitingCompany)
        );
        assert_eq!(
            next(AwaitingCompany, StatusEvent::ResponseReceived { open_left: 0 }),
            Ok(CompanyResponded)
        );
        assert_eq!(
            next(AwaitingCompany, StatusEvent::RequestCancelled { open_left: 0 }),
            Ok(InReview)
        );
        assert_eq!(next(CompanyResponded, StatusEvent::Review), Ok(InReview));
        assert_eq!(next(Closed, StatusEvent::Reopen), Ok(InReview));
        assert!(next(InReview, StatusEvent::Review).is_err());
        assert!(next(Closed, StatusEvent::RequestSent).is_err());
        assert!(next(Closed, StatusEvent::Close).is_err());
        assert!(next(Received, StatusEvent::ResponseReceived { open_left: 0 }).is_err());
    }

    proptest! {
        #[test]
        fn every_move_made_is_in_the_table(events in proptest::collection::vec(event(), 0..40)) {
            let mut status = Received;
            for e in events {
                match next(status, e) {
                    Ok(to) => {
                        prop_assert!(allowed(status, to), "{status:?} -{e:?}-> {to:?}");
                        status = to;
                    }
                    Err(refused) => prop_assert_eq!(refused.from, status),
                }
            }
        }

        #[test]
        fn a_closed_complaint_only_reopens(e in event()) {
            match next(Closed, e) {
                Ok(to) => {
                    prop_assert_eq!(e, StatusEvent::Reopen);
                    prop_assert_eq!(to, InReview);
                }
                Err(_) => prop_assert_ne!(e, StatusEvent::Reopen),
            }
        }

        #[test]
        fn any_open_complaint_can_be_closed(from in proptest::sample::select(ComplaintStatus::ALL.to_vec())) {
            prop_assert_eq!(next(from, StatusEvent::Close).is_ok(), from != Closed);
        }
    }
}
