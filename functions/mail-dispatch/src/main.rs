//! Lambda entry point of `mail-dispatch`: configuration, adapters, handler.

use aws_lambda_events::event::dynamodb::Event;
use lambda_runtime::{service_fn, LambdaEvent};
use ses_edge::runtime::{init_logging, optional_env, required_env};
use ses_store::dynamodb::DynamoTable;
use ses_store::mail_sender::EmailServiceSender;
use ses_store::Table;
use std::sync::Arc;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    init_logging();
    let table_name = required_env("TABLE_NAME")?;
    let from = required_env("MAIL_FROM")?;
    let configuration_set = optional_env("MAIL_CONFIGURATION_SET");
    let aws = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    // The cursor secret is not used here: this function never pages.
    let table = Table::new(Arc::new(DynamoTable::from_conf(&aws, table_name)), b"unused");
    table.warm().await;
    let sender = EmailServiceSender::from_conf(&aws, from, configuration_set);
    let (table, sender) = (&table, &sender);
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Event>| async move {
        Ok::<_, lambda_runtime::Error>(mail_dispatch::handle(table, sender, event.payload).await)
    }))
    .await
}
