//! `ses-local`: every function's routes on one port, on the embedded store (or the AWS
//! adapters), with the event functions run in-process: the outbox is dispatched right after
//! each commit.

pub mod complaint_generator;
pub mod config;
mod documents_routes;
mod local_routes;
mod sign_in;
pub mod training_data;

use axum::Router;
use config::{Backend, LocalConfig};
use ses_edge::{ApiError, ApiResult, AppState, EdgeConfig, LocalTokens, Verifier};
use ses_store::clock::{Clock, SystemClock};
use ses_store::documents::{DocumentStore, LocalDocuments, S3Documents};
use ses_store::dynamodb::{ensure_table, DynamoTable};
use ses_store::embedded::EmbeddedTable;
use ses_store::mail_sender::EmailServiceSender;
use ses_store::mail_sender::{DeliveredMail, LocalMailDrop, MailSender};
use ses_store::{outbox, Table};
use std::sync::Arc;
use tokio::sync::Notify;

#[derive(Clone)]
pub struct LocalState {
    pub app: AppState,
    pub clock: Arc<SystemClock>,
    pub mail_drop: Arc<LocalMailDrop>,
    sender: Arc<dyn MailSender>,
    /// The table as the dispatcher sees it (its own round-trip counter).
    dispatch_table: Table,
    /// Where documents go: a folder served by `/_local/documents`, or S3 (`--backend aws`).
    pub documents: Arc<dyn DocumentStore>,
    dispatching: Arc<tokio::sync::Mutex<()>>,
    /// Signs the tokens of the local sign-in page.
    pub tokens: Arc<LocalTokens>,
    /// The folder store, when documents are local (its URLs are verified here).
    pub local_documents: Option<Arc<LocalDocuments>>,
}

impl LocalState {
    pub fn delivered(&self) -> ApiResult<Vec<DeliveredMail>> {
        self.mail_drop.delivered().map_err(ApiError::internal)
    }

    /// Sends every pending outbox message now.
    pub async fn dispatch_outbox(&self) -> ApiResult<outbox::Drained> {
        // One dispatcher at a time in this process (the background one and `/_local/jobs`),
        // so a message is not sent twice by two of them racing.
        let _one_at_a_time = self.dispatching.lock().await;
        Ok(outbox::drain(&self.dispatch_table, self.sender.as_ref(), self.clock.now()).await?)
    }
}

/// Sends through the email service and keeps a copy in the local mail drop (`--backend aws`).
struct CopyingSender {
    primary: Box<dyn MailSender>,
    copy: Arc<LocalMailDrop>,
}

#[async_trait::async_trait]
impl MailSender for CopyingSender {
    async fn send(&self, id: &str, m: &ses_domain::MailMessage) -> Result<String, ses_store::mail_sender::MailError> {
        let provider_id = self.primary.send(id, m).await?;
        self.copy.send(id, m).await?;
        Ok(provider_id)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot open the store: {0}")]
    Store(#[from] ses_store::StoreError),
    #[error("cannot use the data directory: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Config(String),
}

pub struct LocalApp {
    pub state: LocalState,
    pub enrollment: ses_services::enrollment::EnrollmentConfig,
    pub response: enrollment_response::ResponseConfig,
    pub complaints: ses_services::complaint::ComplaintsConfig,
    pub tokens: Arc<LocalTokens>,
    commits: Option<Arc<Notify>>,
}

impl LocalApp {
    pub async fn build(config: &LocalConfig) -> Result<LocalApp, StartError> {
        std::fs::create_dir_all(&config.data_dir)?;
        let mail_drop = Arc::new(LocalMailDrop::open(config.data_dir.join("mail"))?);
        let documents_secret = format!("documents:{}", config.cursor_secret);
        let folder = Arc::new(LocalDocuments::open(
            config.data_dir.join("documents"),
            &config.public_base_url,
            documents_secret.as_bytes(),
        )?);
        let (table, sender, commits, documents, local_documents) = match config.backend {
            Backend::Embedded => {
                let embedded = EmbeddedTable::open(&config.data_dir.join("ses.redb"))?;
                let commits = embedded.commits();
                let table = Table::new(Arc::new(embedded), config.cursor_secret.as_bytes());
                let sender: Arc<dyn MailSender> = mail_drop.clone();
                let documents: Arc<dyn DocumentStore> = folder.clone();
                (table, sender, Some(commits), documents, Some(folder))
            }
            Backend::Aws => {
                let table_name = config
                    .table_name
                    .clone()
                    .ok_or_else(|| StartError::Config("set TABLE_NAME for --backend aws".into()))?;
                let aws = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
                let dynamo = DynamoTable::from_conf(&aws, &table_name);
                ensure_table(dynamo.client(), &table_name).await?;
                let table = Table::new(Arc::new(dynamo), config.cursor_secret.as_bytes());
                let primary = Box::new(EmailServiceSender::from_conf(&aws, config.mail_from.clone(), None));
                let sender: Arc<dyn MailSender> = Arc::new(CopyingSender {
                    primary,
                    copy: mail_drop.clone(),
                });
                let (documents, local_documents): (Arc<dyn DocumentStore>, _) = match &config.document_bucket {
                    Some(bucket) => (Arc::new(S3Documents::from_conf(&aws, bucket)), None),
                    None => (folder.clone(), Some(folder)),
                };
                (table, sender, None, documents, local_documents)
            }
        };
        let clock = Arc::new(SystemClock::default());
        let edge = EdgeConfig {
            public_base_url: config.public_base_url.clone(),
        };
        let app = AppState::new(table, clock.clone(), edge);
        if config.training_data {
            let added = training_data::load(&app.table, clock.now()).await?;
            tracing::info!(added, "training data loaded");
        }
        let dispatch_table = app.table.with_own_counter();
        let tokens = Arc::new(LocalTokens::new(&config.jwt_secret));
        let state = LocalState {
            app,
            clock,
            mail_drop,
            sender,
            dispatch_table,
            documents,
            local_documents,
            tokens: tokens.clone(),
            dispatching: Arc::new(tokio::sync::Mutex::new(())),
        };
        let enrollment = config.enrollment.clone();
        // The local sign-in page stands in for Okta on the Confirm path.
        let sign_in_url = format!("{}/_local/sign-in", config.public_base_url.trim_end_matches('/'));
        let response = enrollment_response::ResponseConfig { sign_in_url };
        let complaints = ses_services::complaint::ComplaintsConfig::new(state.documents.clone());
        Ok(LocalApp {
            state,
            enrollment,
            response,
            complaints,
            tokens,
            commits,
        })
    }

    /// Every route on one router, with the common layers and local token verification.
    pub fn router(&self) -> Router {
        let functions = directory::router(self.state.app.clone())
            .merge(enrollment::router(self.state.app.clone(), self.enrollment.clone()))
            .merge(enrollment_response::router(
                self.state.app.clone(),
                self.response.clone(),
            ))
            .merge(complaint_intake::router(
                self.state.app.clone(),
                self.complaints.clone(),
            ));
        let local = local_routes::routes().with_state(self.state.clone());
        ses_edge::stack::stack(functions.merge(local), Verifier::LocalHs256(self.tokens.clone()))
    }

    /// The in-process stand-in for the table stream → `mail-dispatch`: the outbox is sent
    /// right after each commit (and swept every second, for `--backend aws`).
    pub fn spawn_dispatcher(&self) -> tokio::task::JoinHandle<()> {
        let state = self.state.clone();
        let commits = self.commits.clone();
        tokio::spawn(async move {
            loop {
                match &commits {
                    Some(n) => {
                        let _ = tokio::time::timeout(std::time::Duration::from_secs(1), n.notified()).await;
                    }
                    None => tokio::time::sleep(std::time::Duration::from_secs(1)).await,
                }
                match state.dispatch_outbox().await {
                    Ok(done) => {
                        if !done.failures.is_empty() {
                            tracing::warn!(failures = ?done.failures, "some outbox messages were not sent; retrying");
                        }
                        if !done.rejected.is_empty() {
                            tracing::error!(rejected = ?done.rejected, "the email service refused some messages");
                        }
                    }
                    Err(e) => tracing::warn!(error = ?e, "outbox dispatch failed; retrying"),
                }
            }
        })
    }
}

/// The OpenAPI 3.1 document of every function's routes.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = directory::api().1;
    doc.merge(enrollment::api().1);
    doc.merge(enrollment_response::api().1);
    doc.merge(complaint_intake::api().1);
    ses_edge::schema::complete_error_answers(&mut doc);
    ses_edge::schema::link_created_ids(
        &mut doc,
        &[
            ("create_complaint", "201", "complaintId"),
            ("send_information_request", "201", "requestId"),
            ("declare_complaint_document", "201", "documentId"),
        ],
    );
    doc
}

/// The OpenAPI document as pretty JSON. Link objects are written with OpenAPI's own field names
/// (`operationId`, `operationRef`, `requestBody`): the generator's link type writes them in
/// snake case.
pub fn openapi_json() -> Result<String, serde_json::Error> {
    fn fix_links(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Object(links)) = map.get_mut("links") {
                    for link in links.values_mut() {
                        if let serde_json::Value::Object(l) = link {
                            for (from, to) in [
                                ("operation_id", "operationId"),
                                ("operation_ref", "operationRef"),
                                ("request_body", "requestBody"),
                            ] {
                                if let Some(x) = l.remove(from) {
                                    l.insert(to.into(), x);
                                }
                            }
                        }
                    }
                }
                map.values_mut().for_each(fix_links);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(fix_links),
            _ => {}
        }
    }
    let mut doc = serde_json::to_value(openapi())?;
    fix_links(&mut doc);
    serde_json::to_string_pretty(&doc)
}
