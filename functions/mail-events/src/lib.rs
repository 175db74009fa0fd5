//! The `mail-events` handler (SNS notifications from the email service's configuration set):
//! bounces and complaints go to the suppression list, and a bounced invitation ends its
//! enrollment as undeliverable.

use aws_lambda_events::event::sns::SnsEvent;
use ses_edge::AppState;
use ses_services::mail_feedback::{handle as record, parse_notification};

/// Handles an SNS event; an error makes SNS retry the delivery (handling is idempotent).
pub async fn handle(state: &AppState, event: SnsEvent) -> Result<serde_json::Value, String> {
    let mut results = Vec::new();
    for sns_record in event.records {
        let notification: serde_json::Value = match serde_json::from_str(&sns_record.sns.message) {
            Ok(v) => v,
            Err(e) => {
                tracing::warn!(error = %e, "an SNS message that is not an email-service notification; ignored");
                continue;
            }
        };
        let Some(feedback) = parse_notification(&notification) else {
            continue;
        };
        let handled = record(state, &feedback).await.map_err(|e| e.to_string())?;
        tracing::info!(suppressed = handled.suppressed.len(), undeliverable = ?handled.undeliverable_enrollment, "mail feedback recorded");
        results.push(handled);
    }
    Ok(serde_json::json!({ "handled": results }))
}
