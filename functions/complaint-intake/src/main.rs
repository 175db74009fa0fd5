//! Lambda entry point of the `complaint-intake` function: configuration, adapters, router.

use ses_edge::aws::{app_state, FunctionConfig};
use ses_edge::runtime::{init_logging, required_env};
use ses_edge::Verifier;
use ses_services::complaint::ComplaintsConfig;
use ses_store::documents::S3Documents;
use std::sync::Arc;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    init_logging();
    let config = FunctionConfig::paging()?;
    let bucket = required_env("DOCUMENT_BUCKET")?;
    let (aws, state) = app_state(&config).await;
    let complaints = ComplaintsConfig::new(Arc::new(S3Documents::from_conf(&aws, bucket)));
    let app = ses_edge::stack::stack(complaint_intake::router(state, complaints), Verifier::ApiGateway);
    lambda_http::run(app).await
}
