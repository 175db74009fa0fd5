//! Lambda entry point of `enrollment-expiry` (EventBridge schedule, daily): configuration,
//! adapters, and the enrollment service's expiry run.

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
    let cursor_secret = required_env("CURSOR_SECRET")?;
    let public_base_url = optional_env("PUBLIC_BASE_URL").unwrap_or_default();
    let aws = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let table = Table::new(
        Arc::new(DynamoTable::from_conf(&aws, table_name)),
        cursor_secret.as_bytes(),
    );
    table.warm().await;
    let state = AppState::new(table, Arc::new(SystemClock::default()), EdgeConfig { public_base_url });
    let state = &state;
    lambda_runtime::run(service_fn(move |_: LambdaEvent<serde_json::Value>| async move {
        let run = enrollment::service::expire_due(state)
            .await
            .map_err(|e| lambda_runtime::Error::from(e.to_string()))?;
        tracing::info!(
            expired = run.expired.len(),
            skipped = run.skipped.len(),
            "enrollment expiry run"
        );
        Ok::<_, lambda_runtime::Error>(serde_json::json!({ "job": "enrollment-expiry", "summary": run }))
    }))
    .await
}
