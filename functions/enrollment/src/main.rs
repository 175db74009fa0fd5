//! Lambda entry point of the `enrollment` function: configuration, adapters, router.

use ses_edge::aws::{app_state, FunctionConfig};
use ses_edge::runtime::init_logging;
use ses_edge::Verifier;
use ses_services::enrollment::EnrollmentConfig;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_logging();
    let config = FunctionConfig::paging()?;
    let enrollment = EnrollmentConfig::from_env()?;
    let (_, state) = app_state(&config).await;
    let app = ses_edge::stack::stack(enrollment::router(state, enrollment), Verifier::ApiGateway);
    lambda_http::run(app).await
}
