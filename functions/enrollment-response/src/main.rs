//! Lambda entry point of the `enrollment-response` function: configuration, adapters, router.

use enrollment_response::ResponseConfig;
use ses_edge::aws::{app_state, FunctionConfig};
use ses_edge::runtime::{init_logging, required_env};
use ses_edge::Verifier;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_logging();
    let config = FunctionConfig::paging()?.with_links()?;
    let response = ResponseConfig {
        sign_in_url: required_env("SIGN_IN_URL")?,
    };
    let (_, state) = app_state(&config).await;
    let app = ses_edge::stack::stack(enrollment_response::router(state, response), Verifier::ApiGateway);
    lambda_http::run(app).await
}
