//! Lambda entry point of `mail-events` (SNS notifications from the email service's
//! configuration set): configuration, adapters, and the enrollment service's feedback handling.

use aws_lambda_events::event::sns::SnsEvent;
use enrollment::mail_events::{handle, parse_notification};
use lambda_runtime::{service_fn, LambdaEvent};
use ses_edge::aws::{app_state, FunctionConfig};
use ses_edge::runtime::init_logging;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    init_logging();
    let (_, state) = app_state(&FunctionConfig::without_paging()?).await;
    let state = &state;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SnsEvent>| async move {
        let mut results = Vec::new();
        for record in event.payload.records {
            let notification: serde_json::Value = match serde_json::from_str(&record.sns.message) {
                Ok(v) => v,
                Err(e) => {
                    tracing::warn!(error = %e, "an SNS message that is not an email-service notification; ignored");
                    continue;
                }
            };
            let Some(feedback) = parse_notification(&notification) else { continue };
            // A failure is returned so SNS retries the delivery; handling is idempotent.
            let handled = handle(state, &feedback).await.map_err(|e| lambda_runtime::Error::from(e.to_string()))?;
            tracing::info!(suppressed = handled.suppressed.len(), undeliverable = ?handled.undeliverable_enrollment, "mail feedback recorded");
            results.push(handled);
        }
        Ok::<_, lambda_runtime::Error>(serde_json::json!({ "handled": results }))
    }))
    .await
}
