//! Staff training (SPEC.md §3): the four modules, a learner's progress as the LMS reports it,
//! and the 14-day periods of the progress report. The courses live in the LMS; SES keeps
//! enrollment and progress.

pub mod bulk;
mod learner;
mod module;
mod period;

pub use learner::{EnrolledBy, Learner, LearnerStatus};
pub use module::Module;
pub use period::ReportPeriod;
