//! A status change of a complaint asked through the status route: reviewed, closed with its
//! resolution, or reopened by a staff director with a reason (API.md "Complaint status").
//! Asking checks everything the caller can get wrong; making it only moves the status.

use crate::complaint::input::Resolution;
use crate::complaint::status::{next, ComplaintStatus, InvalidTransition, StatusEvent};
use crate::complaint::{Complaint, ComplaintRefused};
use crate::{Principal, Role};
use time::{Date, OffsetDateTime};

/// What a status request asks, with exactly what that move needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusChange {
    /// A received (or company-responded) complaint taken into review.
    Review { reason: Option<String> },
    /// Closed with its resolution; open requests end with it.
    Close {
        resolution: Resolution,
        reason: Option<String>,
    },
    /// A closed complaint back in review (a staff director, with a reason).
    Reopen { reason: String },
}

impl StatusChange {
    /// The reason given, recorded in the history.
    pub fn reason(&self) -> Option<&str> {
        match self {
            StatusChange::Review { reason } | StatusChange::Close { reason, .. } => reason.as_deref(),
            StatusChange::Reopen { reason } => Some(reason),
        }
    }

    fn event(&self) -> StatusEvent {
        match self {
            StatusChange::Review { .. } => StatusEvent::Review,
            StatusChange::Close { .. } => StatusEvent::Close,
            StatusChange::Reopen { .. } => StatusEvent::Reopen,
        }
    }
}

impl Complaint {
    /// The change a request for status `to` asks of this complaint, or why it cannot be
    /// made: a move the status table does not allow (409), reopening by anyone but a staff
    /// director (403), closing without a resolution or reopening without a reason (422).
    pub fn status_change(
        &self,
        to: ComplaintStatus,
        resolution: Option<Resolution>,
        reason: Option<String>,
        p: &Principal,
    ) -> Result<StatusChange, ComplaintRefused> {
        use ComplaintStatus::*;
        let event = match (self.status, to) {
            (Closed, InReview) => StatusEvent::Reopen,
            (_, InReview) => StatusEvent::Review,
            (_, Closed) => StatusEvent::Close,
            (from, _) => {
                // The other statuses follow from information requests, never from this route.
                return Err(InvalidTransition {
                    from,
                    event: StatusEvent::Review,
                }
                .into());
            }
        };
        next(self.status, event)?;
        match event {
            StatusEvent::Close => match resolution {
                Some(resolution) => Ok(StatusChange::Close { resolution, reason }),
                None => Err(ComplaintRefused::Field {
                    field: "resolution",
                    message: "is required to close a complaint".into(),
                }),
            },
            StatusEvent::Reopen => {
                if !p.has_role(Role::StaffDirector) {
                    return Err(ComplaintRefused::Forbidden(
                        "only a staff director reopens a closed complaint",
                    ));
                }
                match reason {
                    Some(reason) => Ok(StatusChange::Reopen { reason }),
                    None => Err(ComplaintRefused::Field {
                        field: "reason",
                        message: "is required to reopen a complaint".into(),
                    }),
                }
            }
            _ => Ok(StatusChange::Review { reason }),
        }
    }

    /// Makes the change (version + 1); refused only when the complaint has moved since the
    /// change was asked.
    pub fn change_status(
        &self,
        change: StatusChange,
        today: Date,
        now: OffsetDateTime,
    ) -> Result<Complaint, ComplaintRefused> {
        let to = next(self.status, change.event())?;
        let mut c = self.touched(now);
        c.status = to;
        match change {
            StatusChange::Close { resolution, .. } => {
                c.resolution = Some(resolution);
                c.closed_on = Some(today);
                c.open_requests.clear();
            }
            StatusChange::Reopen { .. } => {
                c.resolution = None;
                c.closed_on = None;
            }
            StatusChange::Review { .. } => {}
        }
        Ok(c)
    }
}
