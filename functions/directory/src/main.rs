//! Lambda entry point of the `directory` function: configuration, adapters, router.

use ses_edge::aws::{app_state, FunctionConfig};
use ses_edge::runtime::init_logging;
use ses_edge::Verifier;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_logging();
    let (_, state) = app_state(&FunctionConfig::paging()?).await;
    let app = ses_edge::stack::stack(directory::router(state), Verifier::ApiGateway);
    lambda_http::run(app).await
}
