//! Lambda entry point of `mail-dispatch`: configuration, adapters, handler.

use aws_lambda_events::event::dynamodb::Event;
use lambda_runtime::{service_fn, LambdaEvent};
use ses_edge::aws::{app_state, FunctionConfig};
use ses_edge::runtime::{init_logging, optional_env, required_env};
use ses_store::mail_sender::EmailServiceSender;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    init_logging();
    let from = required_env("MAIL_FROM")?;
    let configuration_set = optional_env("MAIL_CONFIGURATION_SET");
    let (aws, state) = app_state(&FunctionConfig::without_paging()?).await;
    let table = state.table.clone();
    let sender = EmailServiceSender::from_conf(&aws, from, configuration_set);
    let (table, sender) = (&table, &sender);
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Event>| async move {
        Ok::<_, lambda_runtime::Error>(mail_dispatch::handle(table, sender, event.payload).await)
    }))
    .await
}
