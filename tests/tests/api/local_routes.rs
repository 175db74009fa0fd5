//! `ses-local`'s own routes: the mail page and outbox, jobs, the movable clock; and
//! `--backend aws` against the real peers.

use crate::support;

use serde_json::{json, Value};
use std::process::{Command, Stdio};
use support::{csbs_admin, Local};

#[tokio::test]
async fn the_mail_page_shows_each_message_with_clickable_links_and_escaped_values() {
    let local = Local::start(false).await;
    let body = json!({
        "name": "Banks & <Trusts>", "state": "TX",
        "primaryContact": { "name": "Ana <b>Ruiz</b>", "email": "ana@tx-dob.example" }, "secondaryContact": null
    });
    let r = local
        .http
        .put(local.url("/agencies/TX-DOB"))
        .bearer_auth(csbs_admin())
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let r = local
        .http
        .post(local.url("/_local/jobs/mail-dispatch"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["job"], "mail-dispatch");
    let mut page = String::new();
    for _ in 0..50 {
        page = local
            .http
            .get(local.url("/_local/mail"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if page.contains("primary contact") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        page.contains("You are now the SES primary contact for Banks &amp; &lt;Trusts&gt;")
            || page.contains("Banks &#38; &#60;Trusts&#62;"),
        "{page}"
    );
    assert!(!page.contains("<b>Ruiz</b>"), "user values are escaped");
    assert!(
        page.contains(&format!("<a href=\"{}/agencies/TX-DOB\">", local.base)),
        "links are clickable"
    );
    let outbox: Value = local
        .http
        .get(local.url("/_local/outbox"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let item = &outbox["items"][0];
    assert_eq!(item["to"], json!(["ana@tx-dob.example"]));
    for field in ["cc", "subject", "text", "html", "sentAt"] {
        assert!(!item[field].is_null(), "{field}");
    }
}

#[tokio::test]
async fn the_clock_moves_forward_by_whole_days_only() {
    let local = Local::start(false).await;
    let before: Value = local
        .http
        .get(local.url("/_local/clock"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let r = local
        .http
        .post(local.url("/_local/clock"))
        .json(&json!({ "advanceDays": 14 }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let after: Value = r.json().await.unwrap();
    let parse = |v: &Value| {
        time::OffsetDateTime::parse(
            v["now"].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap()
    };
    let moved = parse(&after) - parse(&before);
    assert!(moved >= time::Duration::days(14) && moved < time::Duration::days(14) + time::Duration::minutes(1));
    for bad in [
        json!({ "advanceDays": 0 }),
        json!({ "advanceDays": -1 }),
        json!({ "advanceDays": 1.5 }),
        json!({}),
    ] {
        let r = local
            .http
            .post(local.url("/_local/clock"))
            .json(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "{bad}");
    }
    let unknown = local
        .http
        .post(local.url("/_local/jobs/no-such-job"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn with_backend_aws_it_serves_from_dynamodb_and_mails_through_the_email_service() {
    let port = support::free_port();
    let table = support::unique("ses-local-aws");
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(support::binary("ses-local"))
        .args([
            "serve",
            "--backend",
            "aws",
            "--training-data",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(data.path())
        .env("SES_LOCAL_JWT_SECRET", support::JWT_SECRET)
        .env("TABLE_NAME", &table)
        .env("AWS_ENDPOINT_URL", support::moto_endpoint())
        .env("AWS_ENDPOINT_URL_SESV2", support::mail_endpoint())
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "us-east-1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let mut up = false;
    for _ in 0..200 {
        if http.get(format!("{base}/health")).send().await.is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(up, "ses-local --backend aws did not start");
    let examiner = support::agency_user("TX-DOB", &["examiner"], "ex@tx-dob.example");
    let c: Value = http
        .get(format!("{base}/companies/900001"))
        .bearer_auth(&examiner)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(c["name"], "Acorn Ridge Mortgage");
    let director = support::agency_user("TX-DOB", &["staff_director"], "dir@tx-dob.example");
    let email = format!("{}@tx-dob.example", support::unique("contact"));
    let body = json!({ "primaryContact": { "name": "New Contact", "email": email }, "secondaryContact": null });
    let r = http
        .put(format!("{base}/agencies/TX-DOB/contacts"))
        .bearer_auth(&director)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let mut found = false;
    for _ in 0..100 {
        let store: Value = reqwest::get(format!("{}/store", support::mail_endpoint()))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if store["emails"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["destination"]["to"][0] == email.as_str())
        {
            found = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(found, "the email service received the message");
}
