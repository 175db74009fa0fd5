//! `Learner`: one email within one agency enrolled in the training, and the module completions
//! the LMS has reported. Reports may repeat and arrive out of order: the earliest completion of
//! each module stands, and a report that changes nothing says so.

use crate::training::Module;
use crate::values::ids::LearnerId;
use crate::{AgencyCode, Email, PersonName};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// How the learner was enrolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrolledBy {
    /// The agency user enrolled themself.
    #[serde(rename = "self")]
    Myself,
    /// An agency lead enrolled them in bulk.
    Bulk,
}

/// Where a learner stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LearnerStatus {
    NotStarted,
    InProgress,
    Completed,
}

impl LearnerStatus {
    /// The status as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            LearnerStatus::NotStarted => "not_started",
            LearnerStatus::InProgress => "in_progress",
            LearnerStatus::Completed => "completed",
        }
    }

    /// The status as the report writes it.
    pub fn label(self) -> &'static str {
        match self {
            LearnerStatus::NotStarted => "Not Started",
            LearnerStatus::InProgress => "In Progress",
            LearnerStatus::Completed => "Completed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Learner {
    pub learner_id: LearnerId,
    pub agency_id: AgencyCode,
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email: Email,
    pub enrolled_on: Date,
    pub enrolled_by: EnrolledBy,
    /// When each module was completed, in module order.
    pub completions: [Option<OffsetDateTime>; Module::COUNT],
    pub version: u64,
}

impl Learner {
    pub fn status(&self) -> LearnerStatus {
        let done = self.completions.iter().filter(|c| c.is_some()).count();
        match done {
            0 => LearnerStatus::NotStarted,
            n if n == Module::COUNT => LearnerStatus::Completed,
            _ => LearnerStatus::InProgress,
        }
    }

    /// The UTC date of the last of the four completions, once all four are in.
    pub fn completed_on(&self) -> Option<Date> {
        let all: Option<Vec<OffsetDateTime>> = self.completions.iter().copied().collect();
        all.and_then(|times| times.into_iter().max())
            .map(|t| t.to_offset(time::UtcOffset::UTC).date())
    }

    /// The LMS reports `module` completed `at`: the next version, or `None` when it changes
    /// nothing (a repeat, or a later report of a module already completed earlier).
    pub fn completed(&self, module: Module, at: OffsetDateTime) -> Option<Learner> {
        let slot = self.completions[module.index()];
        if slot.is_some_and(|earlier| earlier <= at) {
            return None;
        }
        let mut next = self.clone();
        next.completions[module.index()] = Some(at);
        next.version += 1;
        Some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::{date, datetime};

    fn learner() -> Learner {
        Learner {
            learner_id: "L1".into(),
            agency_id: AgencyCode::parse("TX-DOB").unwrap(),
            first_name: PersonName::parse("Avery").unwrap(),
            last_name: PersonName::parse("Quinn").unwrap(),
            email: Email::parse("avery.quinn@tx-dob.example").unwrap(),
            enrolled_on: date!(2026 - 12 - 01),
            enrolled_by: EnrolledBy::Myself,
            completions: [None; Module::COUNT],
            version: 1,
        }
    }

    #[test]
    fn status_follows_the_completions_and_the_last_one_dates_the_whole() {
        let l = learner();
        assert_eq!(l.status(), LearnerStatus::NotStarted);
        let m = |n| Module::new(n).unwrap();
        let l = l.completed(m(2), datetime!(2026-12-02 10:00 UTC)).unwrap();
        assert_eq!(l.status(), LearnerStatus::InProgress);
        assert_eq!(l.completed_on(), None);
        let l = l.completed(m(1), datetime!(2026-12-03 23:30 -05:00)).unwrap();
        let l = l.completed(m(4), datetime!(2026-12-02 11:00 UTC)).unwrap();
        let l = l.completed(m(3), datetime!(2026-12-02 12:00 UTC)).unwrap();
        assert_eq!(l.status(), LearnerStatus::Completed);
        assert_eq!(
            l.completed_on(),
            Some(date!(2026 - 12 - 04)),
            "the UTC date of the last"
        );
        assert_eq!(l.version, 5);
        assert_eq!(
            serde_json::to_value(EnrolledBy::Myself).unwrap(),
            serde_json::json!("self")
        );
    }

    proptest! {
        /// Reports in any order and with repeats leave each module at its earliest completion,
        /// and a report that changes nothing is told apart.
        #[test]
        fn the_earliest_completion_stands(reports in prop::collection::vec((1u64..=4, 0i64..10_000), 0..40)) {
            let start = datetime!(2026-12-01 00:00 UTC);
            let mut l = learner();
            for (n, minutes) in &reports {
                let at = start + time::Duration::minutes(*minutes);
                match l.completed(Module::new(*n).unwrap(), at) {
                    Some(next) => {
                        prop_assert_eq!(next.version, l.version + 1);
                        l = next;
                    }
                    None => prop_assert!(l.completions[(*n - 1) as usize].is_some_and(|t| t <= at)),
                }
            }
            for m in Module::ALL {
                let earliest = reports
                    .iter()
                    .filter(|(n, _)| *n == u64::from(m.number()))
                    .map(|(_, minutes)| start + time::Duration::minutes(*minutes))
                    .min();
                prop_assert_eq!(l.completions[m.index()], earliest);
            }
            prop_assert_eq!(l.status() == LearnerStatus::Completed, l.completed_on().is_some());
        }
    }
}
