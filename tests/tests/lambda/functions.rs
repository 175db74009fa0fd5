//! The function binaries as Lambda runs them: started against a Runtime API endpoint, fed
//! the events in `events/`, their answers checked. DynamoDB and email are the real peers.

use crate::support;

use serde_json::{json, Value};
use ses_store::outbox::{OutboxMessage, OutboxStatus};
use ses_store::{Condition, Item, Write};
use support::runtime_api::{spawn, Outcome, RuntimeApi};

fn event(path: &str) -> Value {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../events")
            .join(path),
    )
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn response(outcome: Outcome) -> (u16, Value, Value) {
    let Outcome::Response(r) = outcome else {
        panic!("the function failed: {outcome:?}")
    };
    let body: Value = serde_json::from_str(r["body"].as_str().unwrap_or("null")).unwrap_or(Value::Null);
    (r["statusCode"].as_u64().unwrap() as u16, r["headers"].clone(), body)
}

#[tokio::test]
async fn directory_answers_api_gateway_events_with_jwt_claims() {
    let (table, name, _) = support::dynamo_table().await;
    ses_local::training_data::load(&table, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let api = RuntimeApi::start().await;
    let _f = spawn(
        &support::binary("directory"),
        &api,
        &[
            ("TABLE_NAME", name.clone()),
            ("CURSOR_SECRET", "s".into()),
            ("AWS_ENDPOINT_URL", support::moto_endpoint()),
            ("PUBLIC_BASE_URL", "https://app.ses.example".into()),
        ],
    );
    let cases = [
        ("directory/get-company.json", 200),
        ("directory/search-companies.json", 200),
        ("directory/get-me.json", 200),
        ("directory/put-company.json", 201),
        ("directory/put-company-invalid.json", 422),
        ("directory/get-health.json", 200),
        ("directory/get-agency.json", 200),
        ("directory/put-agency.json", 201),
        ("directory/put-agency-contacts.json", 200),
        ("directory/list-agency-users.json", 200),
    ];
    for (i, (file, status)) in cases.iter().enumerate() {
        let id = format!("req-{i}");
        api.push(&id, event(file));
        let (got, headers, body) = response(api.outcome(&id).await);
        assert_eq!(got, *status, "{file}: {body}");
        assert!(headers.get("x-request-id").is_some(), "{file}");
        match *file {
            "directory/get-company.json" => assert_eq!(body["nmlsId"], "900001"),
            "directory/search-companies.json" => {
                assert_eq!(body["items"][0]["name"], "Lone Star Prairie Lending")
            }
            "directory/get-me.json" => {
                assert_eq!(
                    body["roles"],
                    json!(["staff_user", "examiner"]),
                    "API Gateway's flattened array claim"
                );
                assert_eq!(body["agencyId"], "TX-DOB");
            }
            "directory/put-company.json" => {
                assert_eq!(body["nmlsContact"]["phone"], "+12145550101")
            }
            "directory/put-company-invalid.json" => {
                assert_eq!(headers["content-type"], "application/problem+json")
            }
            _ => {}
        }
    }
    // The Lambda request id is the request id.
    api.push("req-last", event("directory/get-me.json"));
    let (_, headers, _) = response(api.outcome("req-last").await);
    assert_eq!(headers["x-request-id"], "Dir-me=");
}

#[tokio::test]
async fn mail_dispatch_sends_the_outbox_message_of_a_stream_record() {
    let (table, name, _) = support::dynamo_table().await;
    let id = "01KAEVENTSOUTBOX0000000001";
    let subject = support::unique("from-the-stream");
    let message = OutboxMessage {
        message_id: id.into(),
        status: OutboxStatus::Pending,
        created_at: time::OffsetDateTime::now_utc(),
        sent_at: None,
        provider_message_id: None,
        rejection: None,
        about: None,
        message: ses_domain::MailMessage {
            to: vec![ses_domain::Email::parse("someone@agency.example").unwrap()],
            cc: vec![],
            subject: subject.clone(),
            text: "t".into(),
            html: "<p>h</p>".into(),
        },
    };
    let item = Item::new(
        ses_store::layout::outbox_key(id),
        "outbox",
        1,
        serde_json::to_value(&message).unwrap(),
    );
    table
        .transact(vec![Write::put(item, Condition::NotExists)])
        .await
        .unwrap();

    let api = RuntimeApi::start().await;
    let _f = spawn(
        &support::binary("mail-dispatch"),
        &api,
        &[
            ("TABLE_NAME", name),
            ("MAIL_FROM", "no-reply@ses.example".into()),
            ("AWS_ENDPOINT_URL", support::moto_endpoint()),
            ("AWS_ENDPOINT_URL_SESV2", support::mail_endpoint()),
        ],
    );
    api.push("stream-1", event("mail-dispatch/outbox-insert.json"));
    let Outcome::Response(r) = api.outcome("stream-1").await else {
        panic!("mail-dispatch failed")
    };
    assert_eq!(r["batchItemFailures"], json!([]));
    api.push("stream-2", event("mail-dispatch/outbox-insert.json"));
    api.outcome("stream-2").await;
    let store: Value = reqwest::get(format!("{}/store", support::mail_endpoint()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let sent: Vec<&Value> = store["emails"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["subject"] == subject.as_str())
        .collect();
    assert_eq!(sent.len(), 1, "sent once, though delivered twice");
    let stored = table.get(&ses_store::layout::outbox_key(id)).await.unwrap().unwrap();
    assert_eq!(stored.entity::<OutboxMessage>().unwrap().status, OutboxStatus::Sent);
}

#[tokio::test]
async fn a_function_without_its_configuration_reports_an_init_error() {
    let api = RuntimeApi::start().await;
    let mut f = spawn(&support::binary("directory"), &api, &[]);
    let status = f.child.wait().unwrap();
    assert!(!status.success(), "it exits rather than serving without TABLE_NAME");
}

#[tokio::test]
async fn the_enrollment_functions_answer_their_events() {
    let (table, name, _) = support::dynamo_table().await;
    ses_local::training_data::load(&table, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let env = |extra: &[(&'static str, String)]| {
        let mut env = vec![
            ("TABLE_NAME", name.clone()),
            ("CURSOR_SECRET", "s".to_string()),
            ("AWS_ENDPOINT_URL", support::moto_endpoint()),
            ("PUBLIC_BASE_URL", "https://app.ses.example".to_string()),
        ];
        env.extend_from_slice(extra);
        env
    };

    let api = RuntimeApi::start().await;
    let _enrollment = spawn(&support::binary("enrollment"), &api, &env(&[]));
    api.push("create", event("enrollment/create.json"));
    let (status, _, body) = response(api.outcome("create").await);
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["status"], "pending");
    assert_eq!(body["createdBy"]["email"], "avery.quinn@tx-dob.example");
    api.push("list", event("enrollment/list-company.json"));
    let (status, _, body) = response(api.outcome("list").await);
    assert_eq!(status, 200);
    assert_eq!(body["items"].as_array().unwrap().len(), 1);

    let api = RuntimeApi::start().await;
    let _response = spawn(
        &support::binary("enrollment-response"),
        &api,
        &env(&[("SIGN_IN_URL", "https://app.ses.example/sign-in".into())]),
    );
    api.push("page", event("enrollment-response/get-page-unknown-token.json"));
    let Outcome::Response(r) = api.outcome("page").await else {
        panic!("failed")
    };
    assert_eq!(r["statusCode"], 410);
    assert_eq!(r["headers"]["referrer-policy"], "no-referrer");
    assert!(r["headers"]["content-type"].as_str().unwrap().starts_with("text/html"));
    api.push("decline", event("enrollment-response/decline-unknown-token.json"));
    let (status, headers, _) = response(api.outcome("decline").await);
    assert_eq!(status, 410);
    assert_eq!(headers["content-type"], "application/problem+json");

    let api = RuntimeApi::start().await;
    let _expiry = spawn(&support::binary("enrollment-expiry"), &api, &env(&[]));
    api.push("daily", event("enrollment-expiry/daily-schedule.json"));
    let Outcome::Response(r) = api.outcome("daily").await else {
        panic!("enrollment-expiry failed")
    };
    assert_eq!(r["job"], "enrollment-expiry");
    assert_eq!(r["summary"]["expired"], json!([]), "nothing is due yet");
}

#[tokio::test]
async fn mail_events_puts_a_bounced_address_on_the_suppression_list() {
    let (table, name, _) = support::dynamo_table().await;
    let api = RuntimeApi::start().await;
    let _f = spawn(
        &support::binary("mail-events"),
        &api,
        &[("TABLE_NAME", name), ("AWS_ENDPOINT_URL", support::moto_endpoint())],
    );
    api.push("bounce", event("mail-events/bounce.json"));
    let Outcome::Response(r) = api.outcome("bounce").await else {
        panic!("mail-events failed")
    };
    assert_eq!(r["handled"][0]["suppressed"], json!(["typo@maple-crest.example"]));
    let email = ses_domain::Email::parse("typo@maple-crest.example").unwrap();
    assert!(ses_store::outbox::is_suppressed(&table, &email).await.unwrap());
}

/// An event of `events/` with its placeholders filled in.
fn event_with(path: &str, fill: &[(&str, &str)]) -> Value {
    let mut text = event(path).to_string();
    for (from, to) in fill {
        text = text.replace(from, to);
    }
    serde_json::from_str(&text).unwrap()
}

#[tokio::test]
async fn the_complaint_functions_take_a_document_from_presigned_upload_to_download_on_s3() {
    let (table, name, _) = support::dynamo_table().await;
    ses_local::training_data::load(&table, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let conf = support::aws_conf().await;
    let bucket = support::unique("ses-docs");
    ses_store::documents::S3Documents::from_conf(&conf, bucket.clone())
        .client()
        .create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .unwrap();
    let env = vec![
        ("TABLE_NAME", name.clone()),
        ("CURSOR_SECRET", "s".to_string()),
        ("AWS_ENDPOINT_URL", support::moto_endpoint()),
        ("PUBLIC_BASE_URL", "https://app.ses.example".to_string()),
        ("DOCUMENT_BUCKET", bucket.clone()),
    ];

    let api = RuntimeApi::start().await;
    let _intake = spawn(&support::binary("complaint-intake"), &api, &env);
    api.push("create", event("complaint-intake/create.json"));
    let (status, _, complaint) = response(api.outcome("create").await);
    assert_eq!(status, 201, "{complaint}");
    assert_eq!(complaint["consumer"]["phone"], "+15125550111");
    let cid = complaint["complaintId"].as_str().unwrap().to_string();
    api.push("list", event("complaint-intake/list.json"));
    let (status, _, list) = response(api.outcome("list").await);
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["items"][0]["complaintId"], cid.as_str());
    api.push(
        "get",
        event_with("complaint-intake/get.json", &[("COMPLAINT_ID", &cid)]),
    );
    let (status, headers, _) = response(api.outcome("get").await);
    assert_eq!(status, 200);
    assert_eq!(headers["etag"], "\"1\"");

    api.push(
        "declare",
        event_with("complaint-intake/declare-document.json", &[("COMPLAINT_ID", &cid)]),
    );
    let (status, _, upload) = response(api.outcome("declare").await);
    assert_eq!(status, 201, "{upload}");
    let did = upload["documentId"].as_str().unwrap().to_string();
    let url = upload["uploadUrl"].as_str().unwrap();
    assert!(url.starts_with(&support::moto_endpoint()), "a presigned S3 URL: {url}");
    assert!(!url.contains("escrow-statement"), "no file name in the key: {url}");
    let mut put = reqwest::Client::new().put(url).body(b"hello world".to_vec());
    for (k, v) in upload["uploadHeaders"].as_object().unwrap() {
        put = put.header(k, v.as_str().unwrap());
    }
    let r = put.send().await.unwrap();
    assert!(r.status().is_success(), "PUT to the presigned URL: {}", r.status());
    let get_doc = event_with(
        "complaint-intake/get-document.json",
        &[("COMPLAINT_ID", &cid), ("DOCUMENT_ID", &did)],
    );
    api.push("pending", get_doc.clone());
    let (status, _, _) = response(api.outcome("pending").await);
    assert_eq!(status, 409, "not available before the upload is seen");

    let events = RuntimeApi::start().await;
    let _document_events = spawn(&support::binary("document-events"), &events, &env);
    let created = event_with(
        "document-events/object-created.json",
        &[
            ("COMPLAINT_KEY", &cid.to_ascii_lowercase()),
            ("DOCUMENT_KEY", &did.to_ascii_lowercase()),
        ],
    );
    events.push("uploaded", created.clone());
    let Outcome::Response(r) = events.outcome("uploaded").await else {
        panic!("document-events failed")
    };
    assert_eq!(r["outcomes"][0]["outcome"], "available", "{r}");
    events.push("again", created);
    let Outcome::Response(r) = events.outcome("again").await else {
        panic!("document-events failed")
    };
    assert_eq!(
        r["outcomes"][0]["outcome"], "unchanged",
        "a repeated notification changes nothing"
    );

    api.push("available", get_doc);
    let (status, _, doc) = response(api.outcome("available").await);
    assert_eq!(status, 200, "{doc}");
    let bytes = reqwest::get(doc["downloadUrl"].as_str().unwrap())
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&bytes[..], b"hello world");

    let jobs = RuntimeApi::start().await;
    let _reminders = spawn(&support::binary("information-request-reminders"), &jobs, &env);
    jobs.push("daily", event("information-request-reminders/daily-schedule.json"));
    let Outcome::Response(r) = jobs.outcome("daily").await else {
        panic!("information-request-reminders failed")
    };
    assert_eq!(r["job"], "information-request-reminders");
    assert_eq!(r["summary"]["overdue"], json!([]));
}
