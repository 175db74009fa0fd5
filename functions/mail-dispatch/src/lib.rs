//! The `mail-dispatch` function: the table's stream delivers each new outbox item; each is
//! sent through the email service and marked sent with a version condition, so a redelivered
//! record sends nothing twice. Records that fail are reported as partial batch failures and
//! retried (then sent to the failure queue).

use aws_lambda_events::event::dynamodb::{Event, EventRecord};
use aws_lambda_events::event::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use ses_store::mail_sender::MailSender;
use ses_store::outbox::{dispatch, Dispatched};
use ses_store::Table;
use time::OffsetDateTime;

/// The outbox message id of a stream record, when it is a newly written outbox item.
pub fn outbox_message_id(record: &EventRecord) -> Option<String> {
    if record.event_name != "INSERT" {
        return None;
    }
    let pk = record.change.keys.get("pk")?;
    let pk: String = serde_dynamo::from_attribute_value(pk.clone()).ok()?;
    pk.strip_prefix(ses_store::layout::OUTBOX_PREFIX).map(str::to_string)
}

/// Handles one batch of stream records.
pub async fn handle(table: &Table, sender: &dyn MailSender, event: Event) -> DynamoDbEventResponse {
    let mut failures = Vec::new();
    for record in &event.records {
        let Some(id) = outbox_message_id(record) else {
            continue;
        };
        match dispatch(table, sender, &id, OffsetDateTime::now_utc()).await {
            Ok(Dispatched::Sent { provider_message_id }) => {
                tracing::info!(message_id = %id, %provider_message_id, "sent")
            }
            Ok(Dispatched::Rejected { reason }) => {
                tracing::error!(message_id = %id, %reason, "the email service refused the message; marked rejected")
            }
            Ok(outcome) => tracing::info!(message_id = %id, ?outcome, "nothing to send"),
            Err(e) => {
                tracing::error!(message_id = %id, error = %e, "send failed; the record will be retried");
                let mut failure = DynamoDbBatchItemFailure::default();
                failure.item_identifier = record.change.sequence_number.clone();
                failures.push(failure);
            }
        }
    }
    let mut response = DynamoDbEventResponse::default();
    response.batch_item_failures = failures;
    response
}
