//! Lambda entry point of the `enrollment-response` function: configuration, adapters, router.

use enrollment_response::ResponseConfig;
use ses_edge::runtime::{init_logging, required_env};
use ses_edge::{AppState, EdgeConfig, Verifier};
use ses_store::clock::SystemClock;
use ses_store::dynamodb::DynamoTable;
use ses_store::Table;
use std::sync::Arc;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_logging();
    let table_name = required_env("TABLE_NAME")?;
    let cursor_secret = required_env("CURSOR_SECRET")?;
    let public_base_url = required_env("PUBLIC_BASE_URL")?;
    let sign_in_url = required_env("SIGN_IN_URL")?;
    let aws = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let table = Table::new(
        Arc::new(DynamoTable::from_conf(&aws, table_name)),
        cursor_secret.as_bytes(),
    );
    table.warm().await;
    let state = AppState::new(table, Arc::new(SystemClock::default()), EdgeConfig { public_base_url });
    let app = ses_edge::stack::stack(
        enrollment_response::router(state, ResponseConfig { sign_in_url }),
        Verifier::ApiGateway,
    );
    lambda_http::run(app).await
}
