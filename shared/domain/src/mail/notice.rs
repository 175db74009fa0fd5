//! The plain notice template most workflow emails use.

use crate::mail::{render, MailMessage};
use crate::Email;
use askama::Template;

/// A plain notice: a greeting, paragraphs of what happened, and a link into SES. The
/// complaint workflow's emails are notices.
pub struct Notice {
    pub subject: String,
    pub reader_name: Option<String>,
    pub paragraphs: Vec<String>,
    pub link: Option<String>,
}

#[derive(Template)]
#[template(path = "mail/notice.txt")]
struct NoticeText<'a> {
    m: &'a Notice,
}

#[derive(Template)]
#[template(path = "mail/notice.html")]
struct NoticeHtml<'a> {
    m: &'a Notice,
}

impl Notice {
    pub fn message(&self, to: Vec<Email>, cc: Vec<Email>) -> MailMessage {
        MailMessage {
            to,
            cc,
            subject: self.subject.clone(),
            text: render(&NoticeText { m: self }),
            html: render(&NoticeHtml { m: self }),
        }
    }
}
