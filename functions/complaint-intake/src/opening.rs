//! The opening every complaint route shares, in one order: the complaint's id from the path,
//! the `If-Match` version (for commands held to the version last read), the complaint loaded
//! (alone, or with its requests and documents), how the caller sees it, whether they may do
//! what they intend, a retry's first answer (idempotent commands), and the version checked.

use axum::http::HeaderMap;
use axum::response::Response;
use ses_domain::complaint::{Complaint, Intent, Viewer};
use ses_domain::ComplaintId;
use ses_domain::Principal;
use ses_edge::version::{check_version, if_match};
use ses_edge::{ApiResult, AppState, Idempotency, PathParams};
use ses_services::complaint::{load, load_all, viewer, Loaded};

/// How an idempotent command begins.
pub enum Begun {
    /// A retry of a command already done: its first answer, sent again.
    Replay(Response),
    /// A new command on the complaint as loaded, seen by the caller as the `Viewer`.
    Fresh(Box<Loaded>, Viewer),
}

/// What a route reads of the complaint before it decides.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reads {
    /// The complaint alone (one read); `Loaded` then holds no requests or documents.
    Complaint,
    /// The complaint with its information requests and documents (one query).
    WithRequestsAndDocuments,
}

/// The opening of one route's call.
pub struct Opening<'a> {
    state: &'a AppState,
    caller: &'a Principal,
    path: &'a PathParams,
    intent: Intent,
    reads: Reads,
    if_match: Option<&'a HeaderMap>,
}

impl<'a> Opening<'a> {
    pub fn new(state: &'a AppState, caller: &'a Principal, path: &'a PathParams, intent: Intent) -> Opening<'a> {
        Opening {
            state,
            caller,
            path,
            intent,
            reads: Reads::Complaint,
            if_match: None,
        }
    }

    /// The command needs the complaint's requests and documents too.
    pub fn with_requests_and_documents(mut self) -> Opening<'a> {
        self.reads = Reads::WithRequestsAndDocuments;
        self
    }

    /// The command is held to the version in `If-Match`, when sent.
    pub fn held_to(mut self, headers: &'a HeaderMap) -> Opening<'a> {
        self.if_match = Some(headers);
        self
    }

    /// Everything before the replay: the expected version, the complaint, the viewer.
    async fn checked(&self) -> ApiResult<(Option<u64>, Loaded, Viewer)> {
        let id = self.path.parse("complaintId", ComplaintId::parse)?;
        let expected = match self.if_match {
            Some(headers) => if_match(headers)?,
            None => None,
        };
        let loaded = match self.reads {
            Reads::Complaint => Loaded::complaint_only(load(self.state, &id).await?),
            Reads::WithRequestsAndDocuments => load_all(self.state, &id).await?,
        };
        let v = viewer(self.state, self.caller, &loaded.complaint).await?;
        Complaint::may(self.intent, v, self.caller)?;
        Ok((expected, loaded, v))
    }

    /// A route that never replays (a read, or a command without `Idempotency-Key`).
    pub async fn open(self) -> ApiResult<(Loaded, Viewer)> {
        let (expected, loaded, v) = self.checked().await?;
        check_version(expected, Some(loaded.complaint.version))?;
        Ok((loaded, v))
    }

    /// An idempotent command: a retry is answered with the first answer, before the version
    /// is checked (the first call moved it on).
    pub async fn begin(self, idempotency: &Idempotency) -> ApiResult<Begun> {
        let (expected, loaded, v) = self.checked().await?;
        if let Some(first_answer) = idempotency.replay(self.state, self.caller).await? {
            return Ok(Begun::Replay(first_answer));
        }
        check_version(expected, Some(loaded.complaint.version))?;
        Ok(Begun::Fresh(Box::new(loaded), v))
    }
}

/// Opens an idempotent command: the complaint (boxed) and how the caller sees it, or — for a
/// retry — returns the first answer from the handler.
macro_rules! begin_or_replay {
    ($opening:expr, $idempotency:expr) => {
        match $opening.begin($idempotency).await? {
            $crate::opening::Begun::Fresh(loaded, viewer) => (loaded, viewer),
            $crate::opening::Begun::Replay(first_answer) => return Ok(first_answer),
        }
    };
}

pub(crate) use begin_or_replay;
