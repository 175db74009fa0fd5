//! The adapters on the real peers: the table contract on both backends (embedded and
//! DynamoDB on moto), the document store on both, the outbox through aws-ses-v2-local, and
//! the enrollment and complaint flows on DynamoDB and S3. One test binary, a module per area.

#[path = "../support/mod.rs"]
mod support;

mod complaints;
mod documents_contract;
mod enrollment;
mod outbox_mail;
mod table_contract;
