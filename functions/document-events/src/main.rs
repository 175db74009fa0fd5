//! Lambda entry point of `document-events` (S3 `ObjectCreated` on the document bucket).

use aws_lambda_events::event::s3::S3Event;
use lambda_runtime::{service_fn, LambdaEvent};
use ses_edge::aws::{app_state, FunctionConfig};
use ses_edge::runtime::{init_logging, required_env};
use ses_store::documents::S3Documents;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    init_logging();
    let config = FunctionConfig::without_paging()?;
    let bucket = required_env("DOCUMENT_BUCKET")?;
    let (aws, state) = app_state(&config).await;
    let documents = S3Documents::from_conf(&aws, bucket);
    let (state, documents) = (&state, &documents);
    lambda_runtime::run(service_fn(move |event: LambdaEvent<S3Event>| async move {
        let outcomes = document_events::handle(state, documents, event.payload)
            .await
            .map_err(lambda_runtime::Error::from)?;
        Ok::<_, lambda_runtime::Error>(serde_json::json!({ "outcomes": outcomes }))
    }))
    .await
}
