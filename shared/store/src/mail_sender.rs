//! The mail sender port (used only by the outbox dispatcher) and its adapters: the email
//! service (SES v2) and, in `ses-local`, a local mail drop that keeps every message sent.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use ses_domain::MailMessage;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Mutex;
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    #[error("the email service refused the message: {0}")]
    Rejected(String),
    #[error("the email service failed: {0}")]
    Transient(String),
}

#[async_trait]
pub trait MailSender: Send + Sync {
    /// Sends one message; answers the email service's message id.
    async fn send(&self, outbox_id: &str, message: &MailMessage) -> Result<String, MailError>;
}

/// A message as the local mail drop keeps it (`GET /_local/outbox`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveredMail {
    pub message_id: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
    #[serde(with = "time::serde::rfc3339")]
    pub sent_at: OffsetDateTime,
}

/// Appends every message to `sent.jsonl` in a folder of the data directory.
pub struct LocalMailDrop {
    path: PathBuf,
    lock: Mutex<()>,
}

impl LocalMailDrop {
    pub fn open(dir: PathBuf) -> std::io::Result<LocalMailDrop> {
        std::fs::create_dir_all(&dir)?;
        Ok(LocalMailDrop {
            path: dir.join("sent.jsonl"),
            lock: Mutex::new(()),
        })
    }

    /// Every message delivered, oldest first.
    pub fn delivered(&self) -> std::io::Result<Vec<DeliveredMail>> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
            Err(e) => return Err(e),
        };
        Ok(text.lines().filter_map(|l| serde_json::from_str(l).ok()).collect())
    }
}

#[async_trait]
impl MailSender for LocalMailDrop {
    async fn send(&self, outbox_id: &str, m: &MailMessage) -> Result<String, MailError> {
        let delivered = DeliveredMail {
            message_id: format!("local-{outbox_id}"),
            to: m.to.iter().map(|e| e.to_string()).collect(),
            cc: m.cc.iter().map(|e| e.to_string()).collect(),
            subject: m.subject.clone(),
            text: m.text.clone(),
            html: m.html.clone(),
            sent_at: OffsetDateTime::now_utc(),
        };
        let mut line = serde_json::to_string(&delivered).map_err(|e| MailError::Rejected(e.to_string()))?;
        line.push('\n');
        let _guard = self.lock.lock().map_err(|e| MailError::Transient(e.to_string()))?;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| MailError::Transient(e.to_string()))?;
        f.write_all(line.as_bytes())
            .map_err(|e| MailError::Transient(e.to_string()))?;
        Ok(delivered.message_id)
    }
}

#[cfg(feature = "aws-mail")]
pub use aws::EmailServiceSender;

#[cfg(feature = "aws-mail")]
mod aws {
    use super::{MailError, MailSender};
    use async_trait::async_trait;
    use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message, MessageTag};
    use aws_sdk_sesv2::Client;
    use ses_domain::MailMessage;

    /// Sends through the email service (SES v2) from one verified address, tagging each
    /// message with its outbox id so bounce notifications can be traced back.
    pub struct EmailServiceSender {
        client: Client,
        from: String,
        configuration_set: Option<String>,
    }

    impl EmailServiceSender {
        pub fn new(client: Client, from: String, configuration_set: Option<String>) -> Self {
            EmailServiceSender {
                client,
                from,
                configuration_set,
            }
        }

        pub fn from_conf(conf: &aws_config::SdkConfig, from: String, configuration_set: Option<String>) -> Self {
            EmailServiceSender::new(Client::new(conf), from, configuration_set)
        }
    }

    fn content(data: &str) -> Result<Content, MailError> {
        Content::builder()
            .data(data)
            .charset("UTF-8")
            .build()
            .map_err(|e| MailError::Rejected(e.to_string()))
    }

    #[async_trait]
    impl MailSender for EmailServiceSender {
        async fn send(&self, outbox_id: &str, m: &MailMessage) -> Result<String, MailError> {
            let destination = Destination::builder()
                .set_to_addresses(Some(m.to.iter().map(|e| e.to_string()).collect()))
                .set_cc_addresses(Some(m.cc.iter().map(|e| e.to_string()).collect()))
                .build();
            let message = Message::builder()
                .subject(content(&m.subject)?)
                .body(Body::builder().text(content(&m.text)?).html(content(&m.html)?).build())
                .build();
            let tag = MessageTag::builder()
                .name("outbox_id")
                .value(outbox_id)
                .build()
                .map_err(|e| MailError::Rejected(e.to_string()))?;
            let out = self
                .client
                .send_email()
                .from_email_address(&self.from)
                .destination(destination)
                .content(EmailContent::builder().simple(message).build())
                .email_tags(tag)
                .set_configuration_set_name(self.configuration_set.clone())
                .send()
                .await
                .map_err(|e| {
                    let text = aws_sdk_sesv2::error::DisplayErrorContext(&e).to_string();
                    match e.as_service_error() {
                        Some(s) if s.is_message_rejected() || s.is_bad_request_exception() => MailError::Rejected(text),
                        _ => MailError::Transient(text),
                    }
                })?;
            Ok(out.message_id.unwrap_or_default())
        }
    }
}
