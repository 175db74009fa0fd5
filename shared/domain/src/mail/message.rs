//! A rendered email, ready for the outbox.

use crate::Email;
use serde::{Deserialize, Serialize};

/// A rendered message, ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MailMessage {
    pub to: Vec<Email>,
    #[serde(default)]
    pub cc: Vec<Email>,
    pub subject: String,
    pub text: String,
    pub html: String,
}
