//! Lambda entry point of the `enrollment` function: configuration, adapters, router.

use enrollment::service::EnrollmentConfig;
use ses_edge::runtime::{init_logging, optional_env, required_env};
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
    let public_base_url = optional_env("PUBLIC_BASE_URL").unwrap_or_default();
    let config = EnrollmentConfig::from_env()?;
    let aws = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let table = Table::new(
        Arc::new(DynamoTable::from_conf(&aws, table_name)),
        cursor_secret.as_bytes(),
    );
    table.warm().await;
    let state = AppState::new(table, Arc::new(SystemClock::default()), EdgeConfig { public_base_url });
    let app = ses_edge::stack::stack(enrollment::router(state, config), Verifier::ApiGateway);
    lambda_http::run(app).await
}
