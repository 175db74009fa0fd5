//! `Idempotency-Key` through a real router, table and outbox: a retry gets the first answer
//! and causes nothing twice; another body with the same key is 422; racing retries commit once.

use crate::support;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use serde_json::{json, Value};
use ses_domain::{Email, MailMessage};
use ses_edge::{ApiResult, AppState, Caller, IdempotentJson};
use ses_store::outbox::enqueue;
use ses_store::{Condition, Item, Key, Query, Write};

/// A command that creates a note and emails about it.
async fn create_note(
    State(state): State<AppState>,
    Caller(p): Caller,
    IdempotentJson(idem, body): IdempotentJson,
) -> ApiResult<Response> {
    if let Some(replay) = idem.replay(&state, &p).await? {
        return Ok(replay);
    }
    let id = ulid::Ulid::new().to_string();
    let note = Item::new(Key::new("NOTES", format!("NOTE#{id}")), "note", 1, body.clone());
    let mail = MailMessage {
        to: vec![Email::parse("reader@agency.example").unwrap()],
        cc: vec![],
        subject: format!("note {id}"),
        text: "t".into(),
        html: "h".into(),
    };
    let writes = vec![Write::put(note, Condition::NotExists), enqueue(mail, state.now())?];
    idem.commit(
        &state,
        &p,
        writes,
        StatusCode::CREATED,
        json!({ "noteId": id, "text": body["text"] }),
    )
    .await
}

struct Fixture {
    base: String,
    state: AppState,
    _dir: tempfile::TempDir,
}

async fn fixture() -> Fixture {
    let (table, dir) = support::embedded_table();
    let (api, state) = support::serve(table, |state, _| {
        Router::new().route("/notes", post(create_note)).with_state(state)
    })
    .await;
    Fixture {
        base: api.base,
        state,
        _dir: dir,
    }
}

async fn notes(state: &AppState) -> usize {
    state
        .table
        .query(Query::partition("NOTES").limit(100))
        .await
        .unwrap()
        .items
        .len()
}

async fn pending_mail(state: &AppState) -> usize {
    ses_store::outbox::pending(&state.table, 100).await.unwrap().len()
}

async fn post_note(f: &Fixture, token: &str, key: Option<&str>, body: Value) -> reqwest::Response {
    let mut r = reqwest::Client::new()
        .post(format!("{}/notes", f.base))
        .bearer_auth(token)
        .json(&body);
    if let Some(k) = key {
        r = r.header("idempotency-key", k);
    }
    r.send().await.unwrap()
}

#[tokio::test]
async fn a_retry_gets_the_first_answer_and_changes_nothing_more() {
    let f = fixture().await;
    let alice = support::csbs_admin();
    let first = post_note(&f, &alice, Some("k-1"), json!({ "text": "hello" })).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let again = post_note(&f, &alice, Some("k-1"), json!({ "text": "hello" })).await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    assert_eq!(notes(&f.state).await, 1);
    assert_eq!(
        pending_mail(&f.state).await,
        1,
        "one email for the command, not one per retry"
    );

    // Keys are the caller's own: another caller's same key is a new command.
    let bob = support::agency_user("TX-DOB", &["examiner"], "bob@tx-dob.example");
    assert_eq!(
        post_note(&f, &bob, Some("k-1"), json!({ "text": "hello" }))
            .await
            .status(),
        201
    );
    assert_eq!(notes(&f.state).await, 2);
    // Without a key, each POST is its own command.
    post_note(&f, &alice, None, json!({ "text": "x" })).await;
    post_note(&f, &alice, None, json!({ "text": "x" })).await;
    assert_eq!(notes(&f.state).await, 4);
}

#[tokio::test]
async fn the_same_key_with_another_body_is_refused() {
    let f = fixture().await;
    let alice = support::csbs_admin();
    assert_eq!(
        post_note(&f, &alice, Some("k-2"), json!({ "text": "one" }))
            .await
            .status(),
        201
    );
    let r = post_note(&f, &alice, Some("k-2"), json!({ "text": "two" })).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert!(body["type"].as_str().unwrap().ends_with("/idempotency-key-reuse"));
    assert_eq!(notes(&f.state).await, 1);
    let bad = post_note(&f, &alice, Some(&"x".repeat(300)), json!({})).await;
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn racing_retries_commit_once_and_answer_alike() {
    let f = fixture().await;
    let alice = support::csbs_admin();
    let mut handles = Vec::new();
    for _ in 0..8 {
        let (base, alice) = (f.base.clone(), alice.clone());
        handles.push(tokio::spawn(async move {
            let r = reqwest::Client::new()
                .post(format!("{base}/notes"))
                .bearer_auth(alice)
                .header("idempotency-key", "race")
                .json(&json!({ "text": "once" }))
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }));
    }
    let mut answers = Vec::new();
    for h in handles {
        answers.push(h.await.unwrap());
    }
    assert!(answers.iter().all(|a| a == &answers[0]), "{answers:?}");
    assert_eq!(answers[0].0, 201);
    assert_eq!(notes(&f.state).await, 1);
    assert_eq!(pending_mail(&f.state).await, 1);
}
