//! The enrollment flow on the AWS adapters: DynamoDB and the table's stream on moto, the
//! `mail-dispatch` handler fed the stream's records, the email service played by
//! aws-ses-v2-local. The invitation is read back from the email peer, its link declined, and
//! the agency's notice found at the peer; two agencies racing on DynamoDB: one wins.

use crate::support;

use serde_json::{json, Value};
use ses_store::mail_sender::EmailServiceSender;
use support::stream::{peer_mail, TableStream};

/// Feeds the stream's new records to `mail-dispatch` until a message matching `wanted` has
/// reached the email peer (the stream, like Lambda's, delivers when it delivers).
async fn dispatch_until(
    stream: &mut TableStream,
    table: &ses_store::Table,
    sender: &EmailServiceSender,
    wanted: impl Fn(&Value) -> bool,
) -> Value {
    for _ in 0..50 {
        let response = mail_dispatch::handle(table, sender, stream.next_event().await).await;
        assert!(response.batch_item_failures.is_empty());
        if let Some(m) = peer_mail().await.into_iter().find(|m| wanted(m)) {
            return m;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the message never reached the email service");
}

#[tokio::test]
async fn an_enrollment_declined_through_the_aws_adapters_mails_through_the_stream() {
    let (table, name, _) = support::dynamo_table().await;
    ses_local::training_data::load(&table, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let mut stream = TableStream::open(&name).await;
    let _ = stream.next_event().await; // the training data's records
    let conf = support::aws_conf().await;
    let mail_conf = aws_sdk_sesv2::config::Builder::from(&conf)
        .endpoint_url(support::mail_endpoint())
        .build();
    let sender = EmailServiceSender::new(
        aws_sdk_sesv2::Client::from_conf(mail_conf),
        "no-reply@ses.example".into(),
        None,
    );

    let (api, _) = support::serve(table.clone(), |state, base| {
        enrollment::router(state.clone(), Default::default()).merge(enrollment_response::router(
            state,
            enrollment_response::ResponseConfig {
                sign_in_url: format!("{base}/sign-in"),
            },
        ))
    })
    .await;
    let base = api.base.clone();
    let http = reqwest::Client::new();
    let invitee = support::unique("invitee") + "@quarry-lane.example";

    // Two agencies at the same moment on DynamoDB: exactly one wins. (The race has its own
    // company: moto does not isolate concurrent transactions the way DynamoDB does, so the
    // flow below runs on another.)
    let mut racers = Vec::new();
    for (agency, email) in [
        ("TX-DOB", "avery.quinn@tx-dob.example"),
        ("NY-DFS", "sam.kowalski@ny-dfs.example"),
    ] {
        let (http, url, tok, invitee) = (
            http.clone(),
            format!("{base}/companies/900018/enrollments"),
            support::agency_user(agency, &["examiner"], email),
            format!("race-{email}"),
        );
        let body = json!({ "firstName": "Jo", "lastName": "Park", "email": invitee, "phone": "469-555-0100" });
        racers.push(tokio::spawn(async move {
            http.post(url)
                .bearer_auth(tok)
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut statuses = vec![racers.remove(0).await.unwrap(), racers.remove(0).await.unwrap()];
    statuses.sort();
    assert_eq!(statuses, [201, 409]);

    let examiner = support::agency_user("TX-DOB", &["examiner"], "avery.quinn@tx-dob.example");
    let body = json!({ "firstName": "Jo", "lastName": "Park", "email": invitee, "phone": "469-555-0100" });
    let r = http
        .post(format!("{base}/companies/900017/enrollments"))
        .bearer_auth(&examiner)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);

    // The invitation goes out through the stream and mail-dispatch, and arrives at the peer.
    let invitation = dispatch_until(&mut stream, &table, &sender, |m| {
        m["destination"]["to"][0] == invitee.as_str()
    })
    .await;
    let text = invitation["body"]["text"].as_str().unwrap();
    let link = text[text.find(&base).unwrap()..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();

    let page = http.get(&link).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let declined = http
        .post(format!("{link}/decline"))
        .json(&json!({ "reason": "wrong person" }))
        .send()
        .await
        .unwrap();
    assert_eq!(declined.status(), 200);
    assert_eq!(declined.json::<Value>().await.unwrap(), json!({ "status": "declined" }));

    let notice = dispatch_until(&mut stream, &table, &sender, |m| {
        m["subject"].as_str().unwrap_or("").contains("declined")
            && m["body"]["text"].as_str().unwrap_or("").contains(&invitee)
    })
    .await;
    assert_eq!(
        notice["destination"]["to"].as_array().unwrap().len(),
        1,
        "the enrolling agency user is told"
    );
}
