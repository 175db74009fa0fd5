//! An information request of the Information Request Exchange (API.md): sent with questions
//! and a due date, extended (the original date kept), cancelled, answered by the company,
//! accepted by the agency. `overdue` and `days_open` are read off the business date (UTC).

use crate::parse_date;
use crate::values::ids::{ComplaintId, RequestId};
use crate::values::invalid::{Invalid, Reader};
use crate::values::text::bounded_text;
use crate::Actor;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// One answer of the company to a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RequestResponse {
    pub text: String,
    pub document_ids: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub responded_at: OffsetDateTime,
    pub responded_by: Actor,
}

/// Which reminders the daily job has sent for a request (each once).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reminders {
    #[serde(default)]
    pub due_soon: bool,
    #[serde(default)]
    pub overdue: bool,
}

/// A reminder the daily job sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reminder {
    /// Due in 2 days.
    DueSoon,
    /// Became overdue.
    Overdue,
}

/// The most text one request's questions hold together (bytes of UTF-8), so a request and its
/// email stay well inside a table item.
pub const MAX_QUESTION_BYTES: usize = 200_000;

/// Days before the due date the "due soon" reminder goes out.
pub const DUE_SOON_DAYS: i64 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InformationRequest {
    pub request_id: RequestId,
    pub complaint_id: ComplaintId,
    pub questions: Vec<String>,
    #[serde(flatten)]
    pub terms: RequestTerms,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up_of: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub sent_at: OffsetDateTime,
    pub sent_by: Actor,
    #[serde(default)]
    pub responses: Vec<RequestResponse>,
    #[serde(default)]
    pub reminders: Reminders,
    pub version: u64,
}

// Validated: `questions` 1–50 of 1–4,000 characters each, `dueOn` today or later.
/// The body of a new information request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(rename_all = "camelCase"))]
pub struct NewInformationRequest {
    /// 1–50 questions of 1–4,000 characters.
    pub questions: Vec<String>,
    /// Today or later.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-12-07"))]
    pub due_on: Date,
    /// An earlier request of this complaint.
    pub follow_up_of: Option<String>,
}

impl NewInformationRequest {
    pub fn from_json(body: &Value, today: Date) -> Result<NewInformationRequest, Invalid> {
        let mut r = Reader::root(body);
        let mut questions = read_texts(&mut r, "questions", 1, 50, 4000);
        if questions
            .as_ref()
            .is_some_and(|q| q.iter().map(String::len).sum::<usize>() > MAX_QUESTION_BYTES)
        {
            r.fail(
                "questions",
                "are too long together: at most 200,000 bytes of text in one request",
            );
            questions = None;
        }
        let due_on = r.parse("dueOn", |s| {
            let d = parse_date(s)?;
            RequestTerms::send(d, today)
                .map(|t| t.due_on)
                .map_err(|_| "must be today or later".to_string())
        });
        let follow_up_of = r.parse_opt("followUpOf", |s| {
            if (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()) {
                Ok(s.to_string())
            } else {
                Err("must be the id of an earlier request of this complaint".into())
            }
        });
        r.finish_with(|| {
            Some(NewInformationRequest {
                questions: questions?,
                due_on: due_on?,
                follow_up_of,
            })
        })
    }
}

/// Reads an array of `min..=max` bounded texts under `field`, naming a bad element `field[i]`.
pub fn read_texts(r: &mut Reader<'_>, field: &str, min: usize, max: usize, each: usize) -> Option<Vec<String>> {
    let Some(value) = r.value(field) else {
        if min > 0 {
            r.fail(field, "is required");
        }
        return if min > 0 { None } else { Some(vec![]) };
    };
    let Some(items) = value.as_array() else {
        r.fail(field, "must be an array");
        return None;
    };
    if items.len() < min || items.len() > max {
        r.fail(field, format!("must hold {min} to {max} items"));
        return None;
    }
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        match item.as_str().map(|s| bounded_text(s, each)) {
            Some(Ok(t)) => out.push(t),
            Some(Err(m)) => {
                r.fail(&format!("{field}[{i}]"), m);
                ok = false;
            }
            None => {
                r.fail(&format!("{field}[{i}]"), "must be a string");
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

impl InformationRequest {
    pub fn send(
        request_id: RequestId,
        complaint_id: ComplaintId,
        new: NewInformationRequest,
        by: Actor,
        now: OffsetDateTime,
    ) -> Result<InformationRequest, RequestRefused> {
        Ok(InformationRequest {
            request_id,
            complaint_id,
            questions: new.questions,
            terms: RequestTerms::send(new.due_on, now.date())?,
            follow_up_of: new.follow_up_of,
            sent_at: now,
            sent_by: by,
            responses: vec![],
            reminders: Reminders::default(),
            version: 1,
        })
    }

    fn with_terms(&self, terms: RequestTerms) -> InformationRequest {
        InformationRequest {
            terms,
            version: self.version + 1,
            ..self.clone()
        }
    }

    /// A later due date; the reminders start over for it.
    pub fn extend(&self, due_on: Date) -> Result<InformationRequest, RequestRefused> {
        let mut next = self.with_terms(self.terms.extend(due_on)?);
        next.reminders = Reminders::default();
        Ok(next)
    }

    pub fn cancel(&self) -> Result<InformationRequest, RequestRefused> {
        Ok(self.with_terms(self.terms.cancel()?))
    }

    pub fn accept(&self) -> Result<InformationRequest, RequestRefused> {
        Ok(self.with_terms(self.terms.accept()?))
    }

    pub fn respond(&self, response: RequestResponse) -> Result<InformationRequest, RequestRefused> {
        let mut next = self.with_terms(self.terms.respond()?);
        next.responses.push(response);
        Ok(next)
    }

    /// The reminder due today, if it has not gone out yet: overdue once past the due date,
    /// "due soon" once within `DUE_SOON_DAYS` of it.
    pub fn reminder_due(&self, today: Date) -> Option<Reminder> {
        if self.terms.status != RequestStatus::Open {
            return None;
        }
        if self.terms.overdue(today) {
            return (!self.reminders.overdue).then_some(Reminder::Overdue);
        }
        let days_left = (self.terms.due_on - today).whole_days();
        (days_left <= DUE_SOON_DAYS && !self.reminders.due_soon).then_some(Reminder::DueSoon)
    }

    /// The request with `reminder` marked sent (an overdue reminder also stands for the
    /// due-soon one it made unnecessary).
    pub fn reminded(&self, reminder: Reminder) -> InformationRequest {
        let mut next = self.clone();
        next.version += 1;
        match reminder {
            Reminder::DueSoon => next.reminders.due_soon = true,
            Reminder::Overdue => {
                next.reminders.overdue = true;
                next.reminders.due_soon = true;
            }
        }
        next
    }

    pub fn view(&self, today: Date) -> InformationRequestView {
        InformationRequestView {
            request_id: self.request_id.clone(),
            complaint_id: self.complaint_id.clone(),
            questions: self.questions.clone(),
            due_on: self.terms.due_on,
            original_due_on: self.terms.original_due_on,
            status: self.terms.status,
            overdue: self.terms.overdue(today),
            follow_up_of: self.follow_up_of.clone(),
            sent_at: self.sent_at,
            sent_by: self.sent_by.clone(),
            responses: self.responses.clone(),
        }
    }
}

// `InformationRequest` as answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = InformationRequest))]
#[serde(rename_all = "camelCase")]
pub struct InformationRequestView {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub request_id: RequestId,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub complaint_id: ComplaintId,
    pub questions: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub due_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub original_due_on: Date,
    pub status: RequestStatus,
    /// Open and past its due date (due today is not overdue).
    pub overdue: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_up_of: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub sent_at: OffsetDateTime,
    pub sent_by: Actor,
    pub responses: Vec<RequestResponse>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::date::days_open;
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

    #[test]
    fn an_extended_request_is_reminded_again_for_its_new_date() {
        let actor = Actor {
            sub: "s".into(),
            email: None,
            name: "n".into(),
            agency_id: None,
        };
        let sent = time::macros::datetime!(2026-11-01 12:00 UTC);
        let new = NewInformationRequest {
            questions: vec!["q".into()],
            due_on: time::macros::date!(2026 - 11 - 10),
            follow_up_of: None,
        };
        let r = InformationRequest::send("R".into(), "C".into(), new, actor, sent).unwrap();
        let day = time::macros::date!(2026 - 11 - 11);
        assert_eq!(r.reminder_due(day), Some(Reminder::Overdue));
        let reminded = r.reminded(Reminder::Overdue);
        assert_eq!(reminded.reminder_due(day), None, "once");
        let extended = reminded.extend(time::macros::date!(2026 - 11 - 20)).unwrap();
        assert_eq!(
            extended.reminder_due(time::macros::date!(2026 - 11 - 18)),
            Some(Reminder::DueSoon)
        );
        assert_eq!(
            extended.reminder_due(time::macros::date!(2026 - 11 - 21)),
            Some(Reminder::Overdue)
        );
    }

    #[test]
    fn questions_are_bounded_each_and_together() {
        let body = |q: Vec<String>| serde_json::json!({ "questions": q, "dueOn": "2026-12-01" });
        let today = time::macros::date!(2026 - 11 - 22);
        assert!(NewInformationRequest::from_json(&body(vec!["é".repeat(4000); 25]), today).is_ok());
        let err = NewInformationRequest::from_json(&body(vec!["é".repeat(4000); 26]), today).unwrap_err();
        assert_eq!(err.errors[0].field, "questions");
        assert!(NewInformationRequest::from_json(&body(vec!["x".repeat(4001)]), today).is_err());
    }
}
