//! Lambda entry point of `enrollment-expiry` (EventBridge schedule, daily): configuration,
//! adapters, and the enrollment service's expiry run.

use lambda_runtime::{service_fn, LambdaEvent};
use ses_edge::aws::{app_state, FunctionConfig};
use ses_edge::runtime::init_logging;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    init_logging();
    let (_, state) = app_state(&FunctionConfig::paging()?).await;
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
