//! Lambda entry point of `information-request-reminders` (EventBridge schedule, daily):
//! configuration, adapters, and the reminders run.

use lambda_runtime::{service_fn, LambdaEvent};
use ses_edge::aws::{app_state, FunctionConfig};
use ses_edge::runtime::init_logging;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    init_logging();
    let (_, state) = app_state(&FunctionConfig::paging()?).await;
    let state = &state;
    lambda_runtime::run(service_fn(move |_: LambdaEvent<serde_json::Value>| async move {
        let run = complaint_intake::reminders::run(state)
            .await
            .map_err(|e| lambda_runtime::Error::from(e.to_string()))?;
        tracing::info!(
            due_soon = run.due_soon.len(),
            overdue = run.overdue.len(),
            skipped = run.skipped.len(),
            failed = run.failed.len(),
            "information request reminders run"
        );
        if !run.failed.is_empty() {
            // Failing the invocation has the schedule retry it; what was sent is not sent again.
            return Err(lambda_runtime::Error::from(format!(
                "{} reminder(s) could not be sent: {:?}",
                run.failed.len(),
                run.failed
            )));
        }
        Ok::<_, lambda_runtime::Error>(serde_json::json!({ "job": "information-request-reminders", "summary": run }))
    }))
    .await
}
