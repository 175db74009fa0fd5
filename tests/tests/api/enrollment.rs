//! Company enrollment through `ses-local`: invite, the link's page, decline, confirm,
//! withdraw, resend, expiry, the rules and their problems, idempotent retries and races.

use crate::support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{agency_user, company_user, problem, token, Local};

fn invitee(email: &str) -> Value {
    json!({ "firstName": "Pat", "lastName": "Lee", "email": email, "phone": "214-555-0199", "message": "Hello <b>Pat</b> & co" })
}

fn examiner() -> String {
    agency_user("TX-DOB", &["examiner"], "avery.quinn@tx-dob.example")
}

/// The response link of the newest invitation to `email`.
async fn link_for(local: &Local, email: &str) -> String {
    let all = local.mail().await;
    let m = all
        .iter()
        .rev()
        .find(|m| m["to"][0] == email && m["text"].as_str().unwrap().contains("/enrollment-responses/"))
        .expect("an invitation");
    let text = m["text"].as_str().unwrap();
    let start = text.find(&local.base).unwrap();
    text[start..].split_whitespace().next().unwrap().to_string()
}

#[tokio::test]
async fn an_invitee_declines_from_the_link_and_the_agency_is_told() {
    let local = Local::start(true).await;
    let r = local
        .post(
            "/companies/900003/enrollments",
            &examiner(),
            &invitee("Pat.Lee@Cedar.example"),
        )
        .await;
    assert_eq!(r.status(), 201);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["status"], "pending");
    assert_eq!(e["invitee"]["email"], "pat.lee@cedar.example");
    assert_eq!(e["invitee"]["phone"], "+12145550199");
    assert!(
        e.get("token").is_none() && !e.to_string().contains("enrollment-responses"),
        "the token is only in the email"
    );
    let company = local.get_json("/companies/900003", &examiner()).await;
    assert_eq!(company["enrollmentStatus"], "pending");

    let invitation = local
        .mail()
        .await
        .into_iter()
        .find(|m| m["to"][0] == "pat.lee@cedar.example")
        .unwrap();
    assert!(invitation["subject"].as_str().unwrap().contains("Cedar Hollow Lending"));
    let html = invitation["html"].as_str().unwrap();
    assert!(!html.contains("<b>Pat</b>"), "the agency's message is escaped");
    assert!(html.contains("safe senders"));
    let link = link_for(&local, "pat.lee@cedar.example").await;

    // Looking at the link (a mail scanner, say) changes nothing.
    for _ in 0..2 {
        let page = local.http.get(&link).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert_eq!(page.headers()["referrer-policy"], "no-referrer");
        assert_eq!(page.headers()["cache-control"], "no-store");
        let body = page.text().await.unwrap();
        assert!(body.contains("Texas Department of Banking (training)") && body.contains("Cedar Hollow Lending"));
        assert!(body.contains("SA Contact") && body.contains("<form method=\"post\""));
    }
    let list = local.get_json("/companies/900003/enrollments", &examiner()).await;
    assert_eq!(list["items"][0]["status"], "pending");

    let declined = local
        .http
        .post(format!("{link}/decline"))
        .header("accept", "text/html,application/xhtml+xml")
        .form(&[("reason", "Not me: ask Sam <Ortiz>")])
        .send()
        .await
        .unwrap();
    assert_eq!(declined.status(), 200);
    assert!(declined.text().await.unwrap().contains("You declined the enrollment"));

    let notices = local.mail().await;
    let notice = notices
        .iter()
        .find(|m| m["subject"].as_str().unwrap().contains("declined"))
        .expect("the agency is told");
    assert_eq!(notice["to"], json!(["avery.quinn@tx-dob.example"]));
    assert_eq!(
        notice["cc"],
        json!(["rosa.delgado@tx-dob.example", "marcus.whitfield@tx-dob.example"])
    );
    assert!(notice["text"].as_str().unwrap().contains("Not me: ask Sam <Ortiz>"));
    assert!(!notice["html"].as_str().unwrap().contains("<Ortiz>"));

    // The link is used: the same 410 as an unknown one, as a page and as a problem.
    assert_eq!(local.http.get(&link).send().await.unwrap().status(), 410);
    let unknown = format!("{}/enrollment-responses/not-a-real-token", local.base);
    assert_eq!(local.http.get(&unknown).send().await.unwrap().status(), 410);
    problem(
        local
            .http
            .post(format!("{link}/decline"))
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
        StatusCode::GONE,
        "gone",
    )
    .await;
    problem(
        local
            .http
            .post(format!("{unknown}/decline"))
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
        StatusCode::GONE,
        "gone",
    )
    .await;

    let e = &local.get_json("/companies/900003/enrollments", &examiner()).await["items"][0];
    assert_eq!(e["status"], "declined");
    assert_eq!(e["declineReason"], "Not me: ask Sam <Ortiz>");
    assert_eq!(
        local.get_json("/companies/900003", &examiner()).await["enrollmentStatus"],
        "not_enrolled"
    );
    // Re-enrollment after a decline.
    assert_eq!(
        local
            .post(
                "/companies/900003/enrollments",
                &examiner(),
                &invitee("sam@cedar.example")
            )
            .await
            .status(),
        201
    );
}

#[tokio::test]
async fn the_invitee_confirms_with_the_contacts_and_becomes_the_first_admin() {
    let local = Local::start(true).await;
    assert_eq!(
        local
            .post(
                "/companies/900004/enrollments",
                &examiner(),
                &invitee("dana@driftwood.example")
            )
            .await
            .status(),
        201
    );
    let link = link_for(&local, "dana@driftwood.example").await;
    let person = json!({ "firstName": "Dana", "lastName": "Ruiz", "email": "DANA@driftwood.example", "phone": "(214) 555-0111" });
    let body = json!({ "saContact": person, "complaintsContact": { "firstName": "Lee", "lastName": "Chan", "email": "lee@driftwood.example", "phone": "2145550112" } });
    let confirm = |tok: String| {
        let (http, url, body) = (local.http.clone(), format!("{link}/confirm"), body.clone());
        async move { http.post(url).bearer_auth(tok).json(&body).send().await.unwrap() }
    };
    problem(
        confirm(company_user("someone.else@driftwood.example")).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let unverified =
        token(json!({ "sub": "u", "email": "dana@driftwood.example", "ses_type": "company", "email_verified": false }));
    problem(confirm(unverified).await, StatusCode::FORBIDDEN, "forbidden").await;
    problem(confirm(examiner()).await, StatusCode::FORBIDDEN, "forbidden").await;
    let bad = local
        .http
        .post(format!("{link}/confirm"))
        .bearer_auth(company_user("dana@driftwood.example"))
        .json(&json!({ "saContact": { "email": "x" } }))
        .send()
        .await
        .unwrap();
    let bad = problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    assert!(bad["errors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["field"] == "saContact.email"));

    let dana = company_user("Dana@Driftwood.example");
    let r = confirm(dana.clone()).await;
    assert_eq!(r.status(), 200);
    let answer: Value = r.json().await.unwrap();
    assert_eq!(answer["status"], "confirmed");
    assert_eq!(answer["company"]["enrollmentStatus"], "enrolled");
    assert_eq!(answer["company"]["saContact"]["email"], "dana@driftwood.example");
    assert_eq!(answer["company"]["complaintsContact"]["phone"], "+12145550112");
    assert_eq!(answer["company"]["enrolledByAgencyId"], "TX-DOB");

    let me = local.get_json("/me", &dana).await;
    assert_eq!(
        me["companies"],
        json!([{ "nmlsId": "900004", "name": "Driftwood Capital Funding", "admin": true }])
    );
    let history = local.get_json("/companies/900004/history", &dana).await;
    let actions: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "enrollment_started",
            "enrollment_confirmed",
            "user_added",
            "user_activated",
            "contacts_changed"
        ]
    );
    let notices = local.mail().await;
    assert!(notices
        .iter()
        .any(|m| m["to"][0] == "avery.quinn@tx-dob.example" && m["subject"].as_str().unwrap().contains("confirmed")));
    problem(confirm(dana).await, StatusCode::GONE, "gone").await;
    let again = local
        .post(
            "/companies/900004/enrollments",
            &agency_user("NY-DFS", &["staff_user"], "x@ny-dfs.example"),
            &invitee("a@b.example"),
        )
        .await;
    problem(again, StatusCode::CONFLICT, "already-enrolled").await;
}

#[tokio::test]
async fn the_rules_of_who_may_enroll_and_bad_input_are_problems_that_change_nothing() {
    let local = Local::start(true).await;
    let lead = agency_user("TX-DOB", &["complaints_lead"], "lead@tx-dob.example");
    problem(
        local
            .post("/companies/900005/enrollments", &lead, &invitee("p@f.example"))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let unregistered = agency_user("OK-DOB", &["examiner"], "x@ok-dob.example");
    problem(
        local
            .post("/companies/900005/enrollments", &unregistered, &invitee("p@f.example"))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        local
            .post("/companies/12345/enrollments", &examiner(), &invitee("p@f.example"))
            .await,
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
    problem(
        local
            .post("/companies/abc/enrollments", &examiner(), &invitee("p@f.example"))
            .await,
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
    let invalid = json!({ "firstName": "", "lastName": "Lee", "email": "not-an-email", "phone": "555" });
    let body = problem(
        local.post("/companies/900005/enrollments", &examiner(), &invalid).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["firstName", "email", "phone"]);
    let r = local
        .http
        .post(local.url("/companies/900005/enrollments"))
        .bearer_auth(examiner())
        .header("content-type", "application/json")
        .body("{oops")
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::BAD_REQUEST, "malformed-request").await;
    let r = local
        .http
        .post(local.url("/companies/900005/enrollments"))
        .bearer_auth(examiner())
        .header("content-type", "text/plain")
        .body("hi")
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type").await;
    assert!(local.mail().await.is_empty(), "nothing was sent");
    assert_eq!(
        local.get_json("/companies/900005", &examiner()).await["enrollmentStatus"],
        "not_enrolled"
    );

    assert_eq!(
        local
            .post("/companies/900005/enrollments", &examiner(), &invitee("p@f.example"))
            .await
            .status(),
        201
    );
    let ny = agency_user("NY-DFS", &["examiner"], "ex@ny-dfs.example");
    problem(
        local
            .post("/companies/900005/enrollments", &ny, &invitee("q@f.example"))
            .await,
        StatusCode::CONFLICT,
        "enrollment-pending",
    )
    .await;
    let company_reader = company_user("dana.fletcher@acorn-ridge.example");
    problem(
        local.get("/companies/900005/enrollments", &company_reader).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        local.get("/agencies/TX-DOB/enrollments", &ny).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        local
            .get("/agencies/TX-DOB/enrollments?status=bogus", &examiner())
            .await,
        StatusCode::BAD_REQUEST,
        "malformed-request",
    )
    .await;
}

#[tokio::test]
async fn withdrawing_and_resending_end_the_old_link() {
    let local = Local::start(true).await;
    let e: Value = local
        .post(
            "/companies/900006/enrollments",
            &examiner(),
            &invitee("wrong@foxglove.example"),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = e["enrollmentId"].as_str().unwrap();
    let first = link_for(&local, "wrong@foxglove.example").await;
    let ny = agency_user("NY-DFS", &["examiner"], "ex@ny-dfs.example");
    problem(
        local
            .post(&format!("/companies/900006/enrollments/{id}/withdraw"), &ny, &json!({}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let r = local
        .http
        .post(local.url(&format!("/companies/900006/enrollments/{id}/resend")))
        .bearer_auth(examiner())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let resent: Value = r.json().await.unwrap();
    assert!(
        resent["expiresAt"].as_str().unwrap() > e["expiresAt"].as_str().unwrap(),
        "the expiry restarts"
    );
    let second = link_for(&local, "wrong@foxglove.example").await;
    assert_ne!(first, second);
    assert_eq!(
        local.http.get(&first).send().await.unwrap().status(),
        410,
        "the old link stops working"
    );
    assert_eq!(local.http.get(&second).send().await.unwrap().status(), 200);

    let r = local
        .post(
            &format!("/companies/900006/enrollments/{id}/withdraw"),
            &examiner(),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "withdrawn");
    assert_eq!(local.http.get(&second).send().await.unwrap().status(), 410);
    let told = local
        .mail()
        .await
        .into_iter()
        .any(|m| m["to"][0] == "wrong@foxglove.example" && m["text"].as_str().unwrap().contains("no longer works"));
    assert!(told, "the invitee is told the link no longer works");
    problem(
        local
            .post(
                &format!("/companies/900006/enrollments/{id}/withdraw"),
                &examiner(),
                &json!({}),
            )
            .await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    problem(
        local
            .post("/companies/900006/enrollments/NOSUCH/withdraw", &examiner(), &json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
    assert_eq!(
        local
            .post(
                "/companies/900006/enrollments",
                &examiner(),
                &invitee("right@foxglove.example")
            )
            .await
            .status(),
        201
    );
}

#[tokio::test]
async fn an_unanswered_enrollment_expires_and_the_agency_is_told_once() {
    let local = Local::start(true).await;
    assert_eq!(
        local
            .post(
                "/companies/900007/enrollments",
                &examiner(),
                &invitee("late@granite.example")
            )
            .await
            .status(),
        201
    );
    let link = link_for(&local, "late@granite.example").await;
    let r = local
        .http
        .post(local.url("/_local/clock"))
        .json(&json!({ "advanceDays": 14 }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // It reads as expired before the job runs.
    assert_eq!(
        local.get_json("/companies/900007/enrollments", &examiner()).await["items"][0]["status"],
        "expired"
    );
    assert_eq!(
        local.get_json("/companies/900007", &examiner()).await["enrollmentStatus"],
        "not_enrolled"
    );
    assert_eq!(local.http.get(&link).send().await.unwrap().status(), 410);

    let run: Value = local
        .http
        .post(local.url("/_local/jobs/enrollment-expiry"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(run["summary"]["expired"].as_array().unwrap().len(), 1);
    let again: Value = local
        .http
        .post(local.url("/_local/jobs/enrollment-expiry"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again["summary"]["expired"], json!([]));
    let expired: Vec<Value> = local
        .mail()
        .await
        .into_iter()
        .filter(|m| m["subject"].as_str().unwrap().contains("expired"))
        .collect();
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0]["to"], json!(["avery.quinn@tx-dob.example"]));
    let listed = local
        .get_json("/agencies/TX-DOB/enrollments?status=expired", &examiner())
        .await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_retried_post_returns_the_first_answer_and_sends_one_email() {
    let local = Local::start(true).await;
    let send = || {
        local
            .http
            .post(local.url("/companies/900008/enrollments"))
            .bearer_auth(examiner())
            .header("idempotency-key", "enroll-900008")
            .json(&invitee("once@harborlight.example"))
            .send()
    };
    let first = send().await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let second = send().await.unwrap();
    assert_eq!(second.status(), 201);
    assert_eq!(second.json::<Value>().await.unwrap(), first);
    let invitations = local
        .mail()
        .await
        .into_iter()
        .filter(|m| m["to"][0] == "once@harborlight.example")
        .count();
    assert_eq!(invitations, 1);
    let other = local
        .http
        .post(local.url("/companies/900008/enrollments"))
        .bearer_auth(examiner())
        .header("idempotency-key", "enroll-900008")
        .json(&invitee("other@harborlight.example"))
        .send()
        .await
        .unwrap();
    problem(other, StatusCode::UNPROCESSABLE_ENTITY, "idempotency-key-reuse").await;
}

#[tokio::test]
async fn of_two_agencies_enrolling_at_the_same_moment_exactly_one_wins() {
    let local = Local::start(true).await;
    let callers = [
        agency_user("TX-DOB", &["examiner"], "a@tx-dob.example"),
        agency_user("NY-DFS", &["examiner"], "b@ny-dfs.example"),
        agency_user("CA-DFPI", &["staff_user"], "c@ca-dfpi.example"),
        agency_user("TX-DOB", &["staff_director"], "d@tx-dob.example"),
    ];
    let mut handles = Vec::new();
    for (i, caller) in callers.into_iter().enumerate() {
        let (http, url) = (local.http.clone(), local.url("/companies/900009/enrollments"));
        handles.push(tokio::spawn(async move {
            http.post(url)
                .bearer_auth(caller)
                .json(&invitee(&format!("p{i}@ironwood.example")))
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    let mut statuses = Vec::new();
    for h in handles {
        statuses.push(h.await.unwrap().as_u16());
    }
    statuses.sort();
    assert_eq!(statuses, [201, 409, 409, 409]);
    assert_eq!(
        local.get_json("/companies/900009/enrollments", &examiner()).await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn a_bounced_invitation_makes_the_enrollment_undeliverable_and_the_address_is_not_mailed_again() {
    let local = Local::start(true).await;
    assert_eq!(
        local
            .post(
                "/companies/900013/enrollments",
                &examiner(),
                &invitee("typo@maple-crest.example")
            )
            .await
            .status(),
        201
    );
    let _ = link_for(&local, "typo@maple-crest.example").await;
    let r = local
        .http
        .post(local.url("/_local/bounce"))
        .json(&json!({ "email": "typo@maple-crest.example" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let bounced: Value = r.json().await.unwrap();
    assert!(bounced["handled"]["undeliverableEnrollment"].is_string(), "{bounced}");
    let e = &local.get_json("/companies/900013/enrollments", &examiner()).await["items"][0];
    assert_eq!(e["status"], "undeliverable");
    let told = local.mail().await.into_iter().any(|m| {
        m["to"][0] == "avery.quinn@tx-dob.example" && m["subject"].as_str().unwrap().contains("could not be delivered")
    });
    assert!(told, "the enrolling agency user is told");
    // The address is suppressed: enrolling it again is refused, another address works.
    let again = local
        .post(
            "/companies/900013/enrollments",
            &examiner(),
            &invitee("typo@maple-crest.example"),
        )
        .await;
    let body = problem(again, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    assert_eq!(body["errors"][0]["field"], "email");
    assert_eq!(
        local
            .post(
                "/companies/900013/enrollments",
                &examiner(),
                &invitee("right@maple-crest.example")
            )
            .await
            .status(),
        201
    );
    let unknown = local
        .http
        .post(local.url("/_local/bounce"))
        .json(&json!({ "email": "never@mailed.example" }))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 422);
}
