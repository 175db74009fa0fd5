//! Lambda entry point of `mail-events` (SNS notifications from the email service's
//! configuration set): configuration, adapters, and the enrollment service's feedback handling.

use aws_lambda_events::event::sns::SnsEvent;
use enrollment::mail_events::{handle, parse_notification};
use lambda_runtime::{service_fn, LambdaEvent};
use ses_edge::runtime::{init_logging, optional_env, required_env};
use ses_edge::{AppState, EdgeConfig};
use ses_store::clock::SystemClock;
use ses_store::dynamodb::DynamoTable;
use ses_store::Table;
use std::sync::Arc;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    init_logging();
    let table_name = required_env("TABLE_NAME")?;
    let public_base_url = optional_env("PUBLIC_BASE_URL").unwrap_or_default();
    let aws = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    // This function never pages, so no cursor secret is needed.
    let table = Table::new(Arc::new(DynamoTable::from_conf(&aws, table_name)), b"unused");
    table.warm().await;
    let state = AppState::new(table, Arc::new(SystemClock::default()), EdgeConfig { public_base_url });
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
