//! Bounces and complaints reported by the email service (through its configuration set's SNS
//! topic in AWS, `POST /_local/bounce` in `ses-local`): the addresses go on the suppression
//! list, and a bounced enrollment invitation makes its enrollment `undeliverable` and tells
//! the enrolling agency user.

use crate::enrollment::{history, load_company, load_enrollment, writes};
use crate::{AppState, ServiceResult};
use serde::Serialize;
use ses_domain::enrollment::mail as enrollment_mail;
use ses_domain::{enrollment, Actor, Email, NmlsId};
use ses_store::layout::{outbox_key, EnrollmentRecord};
use ses_store::outbox::{suppress, MailAbout, OutboxMessage, Suppression};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feedback {
    /// A permanent bounce.
    Bounce,
    Complaint,
}

impl Feedback {
    fn as_str(self) -> &'static str {
        match self {
            Feedback::Bounce => "bounce",
            Feedback::Complaint => "complaint",
        }
    }
}

/// A notification from the email service, reduced to what SES acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailFeedback {
    pub feedback: Feedback,
    pub recipients: Vec<Email>,
    /// The outbox id the message was tagged with when sent.
    pub outbox_id: Option<String>,
}

/// Reads an email-service notification (event publishing `eventType`, or the older
/// `notificationType`). Transient bounces and other events are `None`: nothing to do.
pub fn parse_notification(v: &serde_json::Value) -> Option<MailFeedback> {
    let kind = v
        .get("eventType")
        .or_else(|| v.get("notificationType"))
        .and_then(|k| k.as_str())?;
    let (feedback, list, field) = match kind {
        "Bounce" => {
            if v["bounce"]["bounceType"].as_str() != Some("Permanent") {
                return None;
            }
            (Feedback::Bounce, &v["bounce"]["bouncedRecipients"], "emailAddress")
        }
        "Complaint" => (
            Feedback::Complaint,
            &v["complaint"]["complainedRecipients"],
            "emailAddress",
        ),
        _ => return None,
    };
    let recipients = list
        .as_array()?
        .iter()
        .filter_map(|r| r[field].as_str())
        .filter_map(|e| Email::parse(e).ok())
        .collect();
    let outbox_id = v["mail"]["tags"]["outbox_id"][0].as_str().map(str::to_string);
    Some(MailFeedback {
        feedback,
        recipients,
        outbox_id,
    })
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackHandled {
    pub suppressed: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undeliverable_enrollment: Option<ses_domain::EnrollmentId>,
}

/// Records a bounce or complaint, in one transaction.
pub async fn handle(state: &AppState, f: &MailFeedback) -> ServiceResult<FeedbackHandled> {
    let now = state.now();
    let mut handled = FeedbackHandled::default();
    let mut w = Vec::new();
    for email in &f.recipients {
        w.push(suppress(&Suppression {
            email: email.clone(),
            reason: f.feedback.as_str().into(),
            at: now,
        })?);
        handled.suppressed.push(email.to_string());
    }
    let about = match (&f.outbox_id, f.feedback) {
        (Some(id), Feedback::Bounce) => match state.table.get(&outbox_key(id)).await? {
            Some(item) => item.entity::<OutboxMessage>()?.about,
            None => None,
        },
        _ => None,
    };
    if let Some(MailAbout::EnrollmentInvitation { nmls_id, enrollment_id }) = about {
        let nmls_id = NmlsId::parse(&nmls_id).map_err(crate::ServiceError::internal)?;
        let record = load_enrollment(state, &nmls_id, &enrollment_id).await?;
        let company = load_company(state, &nmls_id).await?;
        let invitee_bounced = f.recipients.contains(&record.enrollment.invitee.email);
        if let Some(ended) = enrollment::undeliverable(&record.enrollment, &company, now).filter(|_| invitee_bounced) {
            let mail = enrollment_mail::undeliverable(&ended.enrollment, &company, &state.config.public_base_url);
            let updated = EnrollmentRecord {
                enrollment: ended.enrollment.clone(),
                token_hash: record.token_hash,
            };
            w.extend(writes(
                &updated,
                ended.company.as_ref(),
                mail.into_iter().collect(),
                now,
            )?);
            let system = Actor {
                sub: "mail-events".into(),
                email: None,
                name: "SES".into(),
                agency_id: None,
            };
            let details =
                serde_json::json!({ "enrollmentId": enrollment_id, "email": record.enrollment.invitee.email });
            w.push(history(&nmls_id, system, "enrollment_undeliverable", details, now)?);
            handled.undeliverable_enrollment = Some(enrollment_id);
        }
    }
    if !w.is_empty() {
        state.table.transact(w).await?;
    }
    Ok(handled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_permanent_bounces_and_complaints_only() {
        let bounce = json!({ "eventType": "Bounce", "bounce": { "bounceType": "Permanent", "bouncedRecipients": [{ "emailAddress": "Gone@Example.com" }] },
            "mail": { "messageId": "x", "tags": { "outbox_id": ["01ABC"] } } });
        let f = parse_notification(&bounce).unwrap();
        assert_eq!(f.feedback, Feedback::Bounce);
        assert_eq!(f.recipients[0].as_str(), "gone@example.com");
        assert_eq!(f.outbox_id.as_deref(), Some("01ABC"));
        let transient =
            json!({ "eventType": "Bounce", "bounce": { "bounceType": "Transient", "bouncedRecipients": [] } });
        assert!(parse_notification(&transient).is_none());
        let complaint = json!({ "notificationType": "Complaint", "complaint": { "complainedRecipients": [{ "emailAddress": "a@b.example" }] }, "mail": {} });
        assert_eq!(parse_notification(&complaint).unwrap().feedback, Feedback::Complaint);
        assert!(parse_notification(&json!({ "eventType": "Delivery" })).is_none());
        assert!(parse_notification(&json!("garbage")).is_none());
    }
}
