//! Start-up shared by the function binaries: JSON logs, configuration from the environment
//! (read once, with a clear message for what is missing), the AWS SDK configuration.

pub use ses_services::config::{optional_env, required_env, ConfigError};

/// JSON logs (one object per line, with the span's request id) in Lambda; readable text
/// elsewhere. `RUST_LOG` filters.
pub fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let in_lambda = std::env::var("AWS_LAMBDA_FUNCTION_NAME").is_ok();
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let result = if in_lambda {
        builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .without_time()
            .try_init()
    } else {
        builder.try_init()
    };
    // A second initialisation (tests) keeps the first subscriber.
    drop(result);
}
