//! The outbox end to end on the real peers: a command's transaction on DynamoDB (moto), the
//! table's stream read through the streams API, `mail-dispatch`'s handler, and the email
//! service (aws-ses-v2-local, read back from its `/store`). At least once, never lost,
//! never twice for a redelivered record.

use crate::support;

use serde_json::{json, Value};
use ses_domain::{Email, MailMessage};
use ses_store::mail_sender::{EmailServiceSender, MailSender};
use ses_store::outbox::{enqueue, OutboxMessage, OutboxStatus};
use ses_store::{Condition, Item, Key, Table, Write};
use support::stream::{peer_mail, TableStream};

/// Every record of the table's stream so far, as the Lambda event the stream would deliver.
async fn stream_event(table_name: &str) -> aws_lambda_events::event::dynamodb::Event {
    TableStream::open(table_name).await.all_event().await
}

async fn sender() -> EmailServiceSender {
    let conf = support::aws_conf().await;
    let mail_conf = aws_sdk_sesv2::config::Builder::from(&conf)
        .endpoint_url(support::mail_endpoint())
        .build();
    EmailServiceSender::new(
        aws_sdk_sesv2::Client::from_conf(mail_conf),
        "no-reply@ses.example".into(),
        None,
    )
}

/// The messages the email peer holds with this subject.
async fn delivered(subject: &str) -> Vec<Value> {
    peer_mail()
        .await
        .into_iter()
        .filter(|e| e["subject"] == subject)
        .collect()
}

fn message(subject: &str) -> MailMessage {
    MailMessage {
        to: vec![Email::parse("reader@agency.example").unwrap()],
        cc: vec![],
        subject: subject.into(),
        text: "Plain & simple".into(),
        html: "<p>Plain &amp; simple</p>".into(),
    }
}

async fn outbox_status(table: &Table, id: &str) -> OutboxStatus {
    let item = table.get(&ses_store::layout::outbox_key(id)).await.unwrap().unwrap();
    item.entity::<OutboxMessage>().unwrap().status
}

fn message_id(w: &Write) -> String {
    w.key().pk.trim_start_matches("OUTBOX#").to_string()
}

#[tokio::test]
async fn a_committed_message_is_sent_once_even_when_its_record_is_redelivered() {
    let (table, name, _) = support::dynamo_table().await;
    let subject = support::unique("welcome");
    let now = time::OffsetDateTime::now_utc();
    let state = Item::new(Key::new("THING#1", "THING"), "thing", 1, json!({ "x": 1 }));
    let mail = enqueue(message(&subject), now).unwrap();
    let id = message_id(&mail);
    table
        .transact(vec![Write::put(state, Condition::NotExists), mail])
        .await
        .unwrap();

    let sender = sender().await;
    let event = stream_event(&name).await;
    let response = mail_dispatch::handle(&table, &sender, event.clone()).await;
    assert!(response.batch_item_failures.is_empty());
    let sent = delivered(&subject).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["destination"]["to"], json!(["reader@agency.example"]));
    assert_eq!(sent[0]["body"]["text"], "Plain & simple");
    assert_eq!(sent[0]["body"]["html"], "<p>Plain &amp; simple</p>");
    assert_eq!(outbox_status(&table, &id).await, OutboxStatus::Sent);

    // The stream delivers the same records again (and the MODIFY of the mark): nothing more is sent.
    mail_dispatch::handle(&table, &sender, event).await;
    mail_dispatch::handle(&table, &sender, stream_event(&name).await).await;
    assert_eq!(delivered(&subject).await.len(), 1);
}

#[tokio::test]
async fn a_crash_between_send_and_mark_sends_again_and_loses_nothing() {
    let (table, name, _) = support::dynamo_table().await;
    let subject = support::unique("crash");
    let mail = enqueue(message(&subject), time::OffsetDateTime::now_utc()).unwrap();
    let id = message_id(&mail);
    table.transact(vec![mail]).await.unwrap();
    let sender = sender().await;

    // The first attempt sends, then dies before marking the message sent.
    sender.send(&id, &message(&subject)).await.unwrap();
    assert_eq!(outbox_status(&table, &id).await, OutboxStatus::Pending);

    // The record is retried: the message goes out again (at least once) and is marked.
    let response = mail_dispatch::handle(&table, &sender, stream_event(&name).await).await;
    assert!(response.batch_item_failures.is_empty());
    assert_eq!(delivered(&subject).await.len(), 2);
    assert_eq!(outbox_status(&table, &id).await, OutboxStatus::Sent);
    mail_dispatch::handle(&table, &sender, stream_event(&name).await).await;
    assert_eq!(delivered(&subject).await.len(), 2);
}

#[tokio::test]
async fn a_send_that_fails_is_reported_for_retry_and_stays_pending() {
    struct Down;
    #[async_trait::async_trait]
    impl MailSender for Down {
        async fn send(&self, _: &str, _: &MailMessage) -> Result<String, ses_store::mail_sender::MailError> {
            Err(ses_store::mail_sender::MailError::Transient("throttled".into()))
        }
    }
    let (table, name, _) = support::dynamo_table().await;
    let mail = enqueue(message("never"), time::OffsetDateTime::now_utc()).unwrap();
    let id = message_id(&mail);
    table.transact(vec![mail]).await.unwrap();
    let event = stream_event(&name).await;
    let sequence = event.records[0].change.sequence_number.clone();
    let response = mail_dispatch::handle(&table, &Down, event).await;
    assert_eq!(response.batch_item_failures.len(), 1);
    assert_eq!(response.batch_item_failures[0].item_identifier, sequence);
    assert_eq!(outbox_status(&table, &id).await, OutboxStatus::Pending);
}

#[tokio::test]
async fn a_message_the_email_service_refuses_is_marked_rejected_and_not_retried() {
    struct Refuses;
    #[async_trait::async_trait]
    impl MailSender for Refuses {
        async fn send(&self, _: &str, _: &MailMessage) -> Result<String, ses_store::mail_sender::MailError> {
            Err(ses_store::mail_sender::MailError::Rejected("Illegal address".into()))
        }
    }
    let (table, name, _) = support::dynamo_table().await;
    let mail = enqueue(message("refused"), time::OffsetDateTime::now_utc()).unwrap();
    let id = message_id(&mail);
    table.transact(vec![mail]).await.unwrap();
    let response = mail_dispatch::handle(&table, &Refuses, stream_event(&name).await).await;
    assert!(
        response.batch_item_failures.is_empty(),
        "a refusal is final, not retried"
    );
    assert_eq!(outbox_status(&table, &id).await, OutboxStatus::Rejected);
    assert!(ses_store::outbox::pending(&table, 10).await.unwrap().is_empty());
}
