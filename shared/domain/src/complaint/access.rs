//! Who may do what with a complaint (API.md "Who writes"), given how they see it (`Viewer`).

use crate::complaint::{Complaint, ComplaintRefused, Viewer};
use crate::{NmlsId, Principal, Role};

/// The roles that work complaints (API.md "Who writes").
pub const COMPLAINT_ROLES: [Role; 4] = [
    Role::StaffUser,
    Role::StaffDirector,
    Role::Examiner,
    Role::ComplaintsLead,
];

/// May the caller enter complaints at all (`POST /complaints`)?
pub fn may_file(p: &Principal) -> Result<(), ComplaintRefused> {
    if p.is_agency_user() && p.has_any_role(&COMPLAINT_ROLES) {
        Ok(())
    } else {
        Err(ComplaintRefused::Forbidden(
            "only agency users with a complaint role (staff_user, staff_director, examiner, complaints_lead) enter complaints",
        ))
    }
}

/// May the caller list complaints (agency users and company users)?
pub fn may_list(p: &Principal) -> Result<(), ComplaintRefused> {
    if p.is_agency_user() || p.is_company_user() {
        Ok(())
    } else {
        Err(ComplaintRefused::Forbidden(
            "only agency and company users list complaints",
        ))
    }
}

impl Complaint {
    /// How `p` sees this complaint; `member_of` tells whether a company user is a current
    /// user of a company. A caller who may not know it exists gets `NotFound`.
    pub fn viewer(&self, p: &Principal, member_of: impl Fn(&NmlsId) -> bool) -> Result<Viewer, ComplaintRefused> {
        if p.is_agency_user() {
            if let Some(agency) = &p.agency {
                if agency == &self.agency_id {
                    return Ok(Viewer::Owner);
                }
                if self.is_shared_with(agency) {
                    return Ok(Viewer::SharedAgency);
                }
            }
        }
        if p.is_company_user() && member_of(self.nmls_id()) {
            return Ok(Viewer::Company);
        }
        Err(ComplaintRefused::NotFound)
    }

    /// The owning agency works the complaint: its users with a complaint role.
    pub fn may_work(viewer: Viewer, p: &Principal) -> Result<(), ComplaintRefused> {
        match viewer {
            Viewer::Owner if p.has_any_role(&COMPLAINT_ROLES) => Ok(()),
            Viewer::Owner => Err(ComplaintRefused::Forbidden(
                "without a complaint role you read this agency's complaints but do not change them",
            )),
            Viewer::SharedAgency => Err(ComplaintRefused::Forbidden(
                "this complaint is shared with your agency read-only",
            )),
            Viewer::Company => Err(ComplaintRefused::Forbidden("only the agency works the complaint")),
        }
    }

    /// Assignment: the owning agency's staff director or complaints lead.
    pub fn may_assign(viewer: Viewer, p: &Principal) -> Result<(), ComplaintRefused> {
        Complaint::may_work(viewer, p)?;
        if p.has_any_role(&[Role::StaffDirector, Role::ComplaintsLead]) {
            Ok(())
        } else {
            Err(ComplaintRefused::Forbidden(
                "only a staff director or complaints lead assigns complaints",
            ))
        }
    }

    /// Documents: the owning agency's workers and the company's users.
    pub fn may_add_document(viewer: Viewer, p: &Principal) -> Result<(), ComplaintRefused> {
        match viewer {
            Viewer::Company => Ok(()),
            _ => Complaint::may_work(viewer, p),
        }
    }
}

/// What a caller wants to do with a complaint, for [`Complaint::may`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// Read it (anyone who sees it).
    Read,
    /// Change it: notes, status, requests, corrections, sharing.
    Work,
    /// Assign it to an examiner.
    Assign,
    /// Add a document.
    AddDocument,
    /// Answer its information requests (the company's side).
    AnswerRequests,
}

impl Complaint {
    /// Whether a caller who sees the complaint as `viewer` may do what they intend.
    pub fn may(intent: Intent, viewer: Viewer, p: &Principal) -> Result<(), ComplaintRefused> {
        match intent {
            Intent::Read => Ok(()),
            Intent::Work => Complaint::may_work(viewer, p),
            Intent::Assign => Complaint::may_assign(viewer, p),
            Intent::AddDocument => Complaint::may_add_document(viewer, p),
            Intent::AnswerRequests if viewer == Viewer::Company => Ok(()),
            Intent::AnswerRequests => Err(ComplaintRefused::Forbidden(
                "only users of the company answer its information requests",
            )),
        }
    }
}
