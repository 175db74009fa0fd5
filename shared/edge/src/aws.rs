//! Start-up of a function on the AWS adapters: configuration from the environment (read once),
//! the SDK configuration, the table (its connection warmed), the shared state.

use crate::runtime::{optional_env, required_env, ConfigError};
use crate::{AppState, EdgeConfig};
use ses_store::clock::SystemClock;
use ses_store::dynamodb::DynamoTable;
use ses_store::Table;
use std::sync::Arc;

/// What every function on the table reads from its environment.
#[derive(Debug, Clone)]
pub struct FunctionConfig {
    /// `TABLE_NAME`.
    pub table_name: String,
    /// `CURSOR_SECRET`; functions that never page may go without (`None`).
    pub cursor_secret: Option<String>,
    /// `PUBLIC_BASE_URL`, the base of links in emails.
    pub public_base_url: String,
}

impl FunctionConfig {
    /// For a function that pages (needs `CURSOR_SECRET`).
    pub fn paging() -> Result<FunctionConfig, ConfigError> {
        Ok(FunctionConfig {
            table_name: required_env("TABLE_NAME")?,
            cursor_secret: Some(required_env("CURSOR_SECRET")?),
            public_base_url: optional_env("PUBLIC_BASE_URL").unwrap_or_default(),
        })
    }

    /// For a function whose pages or emails carry links: `PUBLIC_BASE_URL` must be set.
    pub fn with_links(self) -> Result<FunctionConfig, ConfigError> {
        if self.public_base_url.trim().is_empty() {
            Err(ConfigError("set the environment variable PUBLIC_BASE_URL".into()))
        } else {
            Ok(self)
        }
    }

    /// For a function that never pages.
    pub fn without_paging() -> Result<FunctionConfig, ConfigError> {
        Ok(FunctionConfig {
            table_name: required_env("TABLE_NAME")?,
            cursor_secret: None,
            public_base_url: optional_env("PUBLIC_BASE_URL").unwrap_or_default(),
        })
    }
}

/// The SDK configuration from the environment (`AWS_ENDPOINT_URL` honoured), the table with
/// its connection warmed, and the state handlers share.
pub async fn app_state(config: &FunctionConfig) -> (aws_config::SdkConfig, AppState) {
    let aws = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let secret = config.cursor_secret.as_deref().unwrap_or("this function never pages");
    let table = Table::new(
        Arc::new(DynamoTable::from_conf(&aws, &config.table_name)),
        secret.as_bytes(),
    );
    table.warm().await;
    let edge = EdgeConfig {
        public_base_url: config.public_base_url.clone(),
    };
    (aws, AppState::new(table, Arc::new(SystemClock::default()), edge))
}
