//! `ses-local`'s settings, read once from the command line and the environment.

use ses_services::enrollment::EnrollmentConfig;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Backend {
    /// redb in the data directory, documents and mail in folders beside it.
    Embedded,
    /// The AWS adapters (DynamoDB, S3, SES v2), from the environment (`AWS_ENDPOINT_URL` honoured).
    Aws,
}

#[derive(Debug, Clone)]
pub struct LocalConfig {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    pub training_data: bool,
    pub backend: Backend,
    /// HS256 secret of local tokens (`SES_LOCAL_JWT_SECRET`).
    pub jwt_secret: String,
    /// Base of links in emails; defaults to this server's address.
    pub public_base_url: String,
    pub cursor_secret: String,
    /// With `--backend aws`: the table name and the sender address.
    pub table_name: Option<String>,
    pub mail_from: String,
    /// With `--backend aws`: the document bucket (`DOCUMENT_BUCKET`); documents stay in the
    /// data directory without it.
    pub document_bucket: Option<String>,
    /// Enrollment settings, read from the environment exactly as the functions read them.
    pub enrollment: EnrollmentConfig,
}

pub const DEFAULT_JWT_SECRET: &str = "ses-local-dev-secret";
