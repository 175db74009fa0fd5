//! The `document-events` handler: each `ObjectCreated` record of the document bucket is an
//! upload to check against its declaration. A record that fails is reported, so Lambda
//! retries the event; a repeated record changes nothing.

use aws_lambda_events::event::s3::S3Event;
use ses_edge::AppState;
use ses_services::complaint::uploads::{object_created, UploadOutcome};
use ses_store::documents::DocumentStore;

/// Handles an S3 event; an error when any record could not be handled (Lambda retries).
pub async fn handle(
    state: &AppState,
    documents: &dyn DocumentStore,
    event: S3Event,
) -> Result<Vec<UploadOutcome>, String> {
    let mut outcomes = Vec::with_capacity(event.records.len());
    for record in event.records {
        let Some(raw) = record.s3.object.key.as_deref() else {
            continue;
        };
        // S3 event keys are URL-encoded (a space as `+`); document keys never need it, so a
        // key that changes under decoding is not a document's.
        if raw.contains('%') || raw.contains('+') {
            outcomes.push(UploadOutcome::Ignored);
            continue;
        }
        let outcome = object_created(state, documents, raw)
            .await
            .map_err(|e| format!("document upload {raw}: {e}"))?;
        tracing::info!(?outcome, "document upload checked");
        outcomes.push(outcome);
    }
    Ok(outcomes)
}
