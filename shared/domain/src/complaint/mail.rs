//! The emails of a complaint's life (API.md "Notifications"). What reaches a company names
//! the complaint, its product and issue and the requests, never the consumer's contact
//! details, the desired resolution, notes, the assignee or the sharing.

use crate::complaint::information_request::{InformationRequest, Reminder};
use crate::complaint::Complaint;
use crate::mail::{MailMessage, Notice};
use crate::{Actor, Agency, Company, CompanyUser, Email};

fn link(base_url: &str, c: &Complaint) -> String {
    format!("{}/complaints/{}", base_url.trim_end_matches('/'), c.complaint_id)
}

fn dedup(mut to: Vec<Email>) -> Vec<Email> {
    let mut seen = std::collections::BTreeSet::new();
    to.retain(|e| seen.insert(e.clone()));
    to
}

/// The company's Complaints Contact and its current admins.
pub fn company_recipients(company: &Company, users: &[CompanyUser]) -> Vec<Email> {
    let mut to: Vec<Email> = company.complaints_contact.iter().map(|p| p.email.clone()).collect();
    to.extend(
        users
            .iter()
            .filter(|u| u.admin && u.is_current())
            .map(|u| u.email().clone()),
    );
    dedup(to)
}

fn actor_email(a: &Actor) -> Option<Email> {
    a.email.as_deref().and_then(|e| Email::parse(e).ok())
}

fn to_company(
    subject: String,
    paragraphs: Vec<String>,
    c: &Complaint,
    to: Vec<Email>,
    base_url: &str,
) -> Option<MailMessage> {
    if to.is_empty() {
        return None;
    }
    Some(
        Notice {
            subject,
            reader_name: None,
            paragraphs,
            link: Some(link(base_url, c)),
        }
        .message(to, vec![]),
    )
}

fn about(c: &Complaint) -> String {
    format!(
        "Complaint {} against {} (NMLS {}): {} — {}.",
        c.complaint_number, c.company_name, c.details.nmls_id, c.details.product, c.details.issue
    )
}

/// The most characters of questions an email repeats (the rest is read in SES).
const QUESTIONS_IN_MAIL: usize = 6000;

fn questions(r: &InformationRequest) -> String {
    let all = r
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| format!("{}. {q}", i + 1))
        .collect::<Vec<_>>()
        .join("\n");
    if all.chars().count() <= QUESTIONS_IN_MAIL {
        return all;
    }
    let shown: String = all.chars().take(QUESTIONS_IN_MAIL).collect();
    format!("{shown}…\n(the questions go on; read them all in SES)")
}

/// A new complaint against the company.
pub fn filed(c: &Complaint, agency_name: &str, to: Vec<Email>, base_url: &str) -> Option<MailMessage> {
    to_company(
        format!("New complaint {} against {}", c.complaint_number, c.company_name),
        vec![
            format!("{agency_name} entered a consumer complaint against your company in SES."),
            about(c),
            "The agency may send you information requests about it; you will be told when it does.".into(),
        ],
        c,
        to,
        base_url,
    )
}

pub fn request_sent(
    c: &Complaint,
    r: &InformationRequest,
    agency_name: &str,
    to: Vec<Email>,
    base_url: &str,
) -> Option<MailMessage> {
    to_company(
        format!(
            "Information request on complaint {} — due {}",
            c.complaint_number, r.terms.due_on
        ),
        vec![
            format!(
                "{agency_name} asks for information on a complaint against your company, due {}.",
                r.terms.due_on
            ),
            about(c),
            format!("Questions:\n{}", questions(r)),
            "A user of your company answers in SES, with documents if needed.".into(),
        ],
        c,
        to,
        base_url,
    )
}

pub fn request_extended(
    c: &Complaint,
    r: &InformationRequest,
    reason: Option<&str>,
    to: Vec<Email>,
    base_url: &str,
) -> Option<MailMessage> {
    let mut p = vec![
        format!(
            "The due date of an information request was extended to {} (first due {}).",
            r.terms.due_on, r.terms.original_due_on
        ),
        about(c),
    ];
    if let Some(reason) = reason {
        p.push(format!("Reason given: {reason}"));
    }
    to_company(
        format!(
            "Information request on complaint {} now due {}",
            c.complaint_number, r.terms.due_on
        ),
        p,
        c,
        to,
        base_url,
    )
}

pub fn request_cancelled(
    c: &Complaint,
    r: &InformationRequest,
    reason: Option<&str>,
    to: Vec<Email>,
    base_url: &str,
) -> Option<MailMessage> {
    let mut p = vec![
        format!(
            "An information request sent on {} (due {}) was cancelled; no answer is needed.",
            r.sent_at.date(),
            r.terms.due_on
        ),
        about(c),
    ];
    if let Some(reason) = reason {
        p.push(format!("Reason given: {reason}"));
    }
    to_company(
        format!("Information request on complaint {} cancelled", c.complaint_number),
        p,
        c,
        to,
        base_url,
    )
}

pub fn reminder(
    c: &Complaint,
    r: &InformationRequest,
    which: Reminder,
    to: Vec<Email>,
    base_url: &str,
) -> Option<MailMessage> {
    let (subject, first) = match which {
        Reminder::DueSoon => (
            format!(
                "Reminder: information request on complaint {} due {}",
                c.complaint_number, r.terms.due_on
            ),
            format!(
                "An information request on a complaint against your company is due {}.",
                r.terms.due_on
            ),
        ),
        Reminder::Overdue => (
            format!("Overdue: information request on complaint {}", c.complaint_number),
            format!(
                "An information request on a complaint against your company was due {} and is now overdue.",
                r.terms.due_on
            ),
        ),
    };
    to_company(
        subject,
        vec![first, about(c), format!("Questions:\n{}", questions(r))],
        c,
        to,
        base_url,
    )
}

/// To the agency user who sent the request and the assignee: the company answered.
pub fn response_received(c: &Complaint, r: &InformationRequest, base_url: &str) -> Option<MailMessage> {
    let mut to: Vec<Email> = actor_email(&r.sent_by).into_iter().collect();
    if let Some(a) = c.assignee.as_ref().and_then(actor_email) {
        to.push(a);
    }
    let to = dedup(to);
    if to.is_empty() {
        return None;
    }
    Some(
        Notice {
            subject: format!(
                "{} answered an information request on complaint {}",
                c.company_name, c.complaint_number
            ),
            reader_name: None,
            paragraphs: vec![
                format!(
                    "{} answered the information request sent on {}. Accept the answer or send a follow-up request.",
                    c.company_name,
                    r.sent_at.date()
                ),
                about(c),
            ],
            link: Some(link(base_url, c)),
        }
        .message(to, vec![]),
    )
}

/// To the examiner the complaint was assigned to.
pub fn assigned(c: &Complaint, assignee: &Actor, by: &Actor, base_url: &str) -> Option<MailMessage> {
    let to = actor_email(assignee)?;
    Some(
        Notice {
            subject: format!("Complaint {} is assigned to you", c.complaint_number),
            reader_name: Some(assignee.name.clone()),
            paragraphs: vec![format!("{} assigned a complaint to you.", by.name), about(c)],
            link: Some(link(base_url, c)),
        }
        .message(vec![to], vec![]),
    )
}

/// To the SES contacts of the agency the complaint is shared with.
pub fn shared(c: &Complaint, owner_name: &str, with: &Agency, by: &Actor, base_url: &str) -> Option<MailMessage> {
    let to: Vec<Email> = [&with.primary_contact, &with.secondary_contact]
        .into_iter()
        .flatten()
        .map(|contact| contact.email.clone())
        .collect();
    let to = dedup(to);
    if to.is_empty() {
        return None;
    }
    Some(
        Notice {
            subject: format!("{owner_name} shared complaint {} with {}", c.complaint_number, with.name),
            reader_name: None,
            paragraphs: vec![
                format!(
                    "{} of {owner_name} shared a complaint with {} in SES. Your agency can read it, its history and its documents.",
                    by.name, with.name
                ),
                about(c),
            ],
            link: Some(link(base_url, c)),
        }
        .message(to, vec![]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedup_keeps_the_first_of_each_address() {
        let a = Email::parse("a@x.example").unwrap();
        let b = Email::parse("b@x.example").unwrap();
        assert_eq!(dedup(vec![a.clone(), b.clone(), a.clone()]), vec![a, b]);
    }
}
