//! Lambda entry point of `mail-events` (SNS from the email configuration set): wiring only.

use aws_lambda_events::event::sns::SnsEvent;
use lambda_runtime::{service_fn, LambdaEvent};
use ses_edge::aws::{app_state, FunctionConfig};
use ses_edge::runtime::init_logging;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    init_logging();
    let (_, state) = app_state(&FunctionConfig::without_paging()?).await;
    let state = &state;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SnsEvent>| async move {
        mail_events::handle(state, event.payload)
            .await
            .map_err(lambda_runtime::Error::from)
    }))
    .await
}
