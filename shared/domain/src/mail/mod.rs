//! Email messages and their typed templates. Every message has a text and an HTML part;
//! the HTML templates escape every value (askama escapes `.html` templates by default).

mod message;
mod notice;

pub use message::MailMessage;
pub use notice::Notice;

use askama::Template;

/// A template rendered, or a line saying it could not be (never a failed send).
pub(crate) fn render(t: &impl Template) -> String {
    t.render()
        .unwrap_or_else(|e| format!("(this part could not be rendered: {e})"))
}
