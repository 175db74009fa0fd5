//! Lambda entry point of `enrollment-expiry` (EventBridge schedule, daily): wiring only.

use lambda_runtime::{service_fn, LambdaEvent};
use ses_edge::aws::{app_state, FunctionConfig};
use ses_edge::runtime::init_logging;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    init_logging();
    let (_, state) = app_state(&FunctionConfig::paging()?).await;
    let state = &state;
    lambda_runtime::run(service_fn(move |_: LambdaEvent<serde_json::Value>| async move {
        enrollment_expiry::handle(state)
            .await
            .map_err(lambda_runtime::Error::from)
    }))
    .await
}
