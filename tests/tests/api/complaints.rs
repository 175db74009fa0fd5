//! Complaints end to end through `ses-local` (SPEC.md §2, API.md "Complaints"): intake, the
//! information request exchange, documents, processing, history, sharing, and what a company
//! sees.

use crate::support;

use serde_json::{json, Value};
use support::complaints::*;
use support::{problem, Local};

fn actions(history: &Value) -> Vec<String> {
    history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_complaint_goes_from_intake_through_the_exchange_to_closed_and_reopened() {
    let local = Local::start(true).await;
    let api = Api::new(&local);
    api.examiner_seen().await;
    let c = api.file("900001").await;
    assert_eq!(c["status"], "received");
    assert!(c["complaintNumber"].as_str().unwrap().starts_with("TX-DOB-20"), "{c}");
    assert_eq!(c["consumer"]["phone"], "+15125550111");
    assert_eq!(c["companyName"], "Acorn Ridge Mortgage");
    assert_eq!(c["shared"], false);
    assert_eq!(c["version"], 1);
    let cid = id(&c, "complaintId");
    let second = api.file("900001").await;
    let n1 = c["complaintNumber"].as_str().unwrap();
    let n2 = second["complaintNumber"].as_str().unwrap();
    assert_eq!(&n1[..n1.len() - 6], &n2[..n2.len() - 6]);
    assert_eq!(
        n2[n2.len() - 6..].parse::<u64>().unwrap(),
        n1[n1.len() - 6..].parse::<u64>().unwrap() + 1
    );

    let mail = api.mail().await;
    let filed = mail
        .iter()
        .find(|m| m["subject"].as_str().unwrap().contains(n1))
        .expect("the company is told of the new complaint");
    assert_eq!(filed["to"], json!([ACORN_ADMIN]));

    // Review, assign, note.
    let (s, reviewed) = api
        .post(
            &format!("/complaints/{cid}/status"),
            &director(),
            json!({ "status": "in_review" }),
        )
        .await;
    assert_eq!(s, 200, "{reviewed}");
    assert_eq!(reviewed["status"], "in_review");
    let (s, assigned) = api
        .post(
            &format!("/complaints/{cid}/assignment"),
            &director(),
            json!({ "assigneeEmail": EXAMINER }),
        )
        .await;
    assert_eq!(s, 200, "{assigned}");
    assert_eq!(assigned["assignee"]["email"], EXAMINER);
    let (s, note) = api
        .post(
            &format!("/complaints/{cid}/notes"),
            &examiner(),
            json!({ "text": "INTERNAL-NOTE call the lender" }),
        )
        .await;
    assert_eq!(s, 201, "{note}");
    assert_eq!(note["action"], "note_added");

    // The exchange: send, the company answers with a document, the agency accepts.
    let today = time::OffsetDateTime::now_utc().date();
    let due = today + time::Duration::days(10);
    let (s, r) = api
        .post(
            &format!("/complaints/{cid}/information-requests"),
            &examiner(),
            json!({ "questions": ["Why was the escrow overcharged?", "What will you refund?"], "dueOn": due.to_string() }),
        )
        .await;
    assert_eq!(s, 201, "{r}");
    assert_eq!(r["status"], "open");
    assert_eq!(r["originalDueOn"], due.to_string());
    let rid = id(&r, "requestId");
    let (_, now) = api.get(&format!("/complaints/{cid}"), &director()).await;
    assert_eq!(now["status"], "awaiting_company");

    let later = due + time::Duration::days(5);
    let (s, extended) = api
        .post(
            &format!("/complaints/{cid}/information-requests/{rid}/extend"),
            &examiner(),
            json!({ "dueOn": later.to_string(), "reason": "the company asked" }),
        )
        .await;
    assert_eq!(s, 200, "{extended}");
    assert_eq!(extended["dueOn"], later.to_string());
    assert_eq!(extended["originalDueOn"], due.to_string());

    let doc = api.upload(&cid, &acorn(), b"escrow statement", false).await;
    let (s, answered) = api
        .post(
            &format!("/complaints/{cid}/information-requests/{rid}/responses"),
            &acorn(),
            json!({ "text": "We refunded the overcharge.", "documentIds": [doc] }),
        )
        .await;
    assert_eq!(s, 201, "{answered}");
    assert_eq!(answered["status"], "responded");
    assert_eq!(answered["responses"][0]["documentIds"], json!([doc]));
    let (_, now) = api.get(&format!("/complaints/{cid}"), &director()).await;
    assert_eq!(now["status"], "company_responded");
    let mail = api.mail().await;
    let told = mail
        .iter()
        .find(|m| {
            m["subject"]
                .as_str()
                .unwrap()
                .contains("answered an information request")
        })
        .expect("the agency is told of the answer");
    assert_eq!(told["to"], json!([EXAMINER]), "the sender, who is also the assignee");

    let (s, again) = api
        .post(
            &format!("/complaints/{cid}/information-requests/{rid}/responses"),
            &acorn(),
            json!({ "text": "more" }),
        )
        .await;
    assert_eq!(s, 409, "only an open request is answered: {again}");
    let (s, accepted) = api
        .post(
            &format!("/complaints/{cid}/information-requests/{rid}/accept"),
            &examiner(),
            json!({}),
        )
        .await;
    assert_eq!(s, 200, "{accepted}");
    assert_eq!(accepted["status"], "accepted");

    // A follow-up, then closing cancels it and tells the company.
    let (s, follow) = api
        .post(
            &format!("/complaints/{cid}/information-requests"),
            &examiner(),
            json!({ "questions": ["Send the refund receipt."], "dueOn": today.to_string(), "followUpOf": rid }),
        )
        .await;
    assert_eq!(s, 201, "{follow}");
    let follow_id = id(&follow, "requestId");
    let (s, body) = api
        .post(
            &format!("/complaints/{cid}/status"),
            &examiner(),
            json!({ "status": "closed" }),
        )
        .await;
    assert_eq!(s, 422, "closing needs a resolution: {body}");
    assert_eq!(body["errors"][0]["field"], "resolution");
    let (s, closed) = api
        .post(
            &format!("/complaints/{cid}/status"),
            &examiner(),
            json!({ "status": "closed", "resolution": { "kind": "monetary_relief", "summary": "Refunded", "amount": "400.00", "reliefOn": today.to_string() } }),
        )
        .await;
    assert_eq!(s, 200, "{closed}");
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["resolution"]["amount"], "400.00");
    let (_, requests) = api
        .get(&format!("/complaints/{cid}/information-requests"), &director())
        .await;
    let follow_now = requests["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["requestId"] == follow_id.as_str())
        .unwrap()
        .clone();
    assert_eq!(follow_now["status"], "cancelled");
    assert_eq!(follow_now["followUpOf"], rid.as_str());
    let mail = api.mail().await;
    assert!(mail
        .iter()
        .any(|m| m["subject"].as_str().unwrap().contains("cancelled") && m["to"] == json!([ACORN_ADMIN])));

    let (s, body) = api
        .post(
            &format!("/complaints/{cid}/information-requests"),
            &examiner(),
            json!({ "questions": ["q"], "dueOn": today.to_string() }),
        )
        .await;
    assert_eq!(s, 409, "{body}");
    assert!(body["type"].as_str().unwrap().ends_with("/invalid-transition"));

    // Reopen: a staff director, with a reason.
    let (s, _) = api
        .post(
            &format!("/complaints/{cid}/status"),
            &examiner(),
            json!({ "status": "in_review", "reason": "new facts" }),
        )
        .await;
    assert_eq!(s, 403);
    let (s, body) = api
        .post(
            &format!("/complaints/{cid}/status"),
            &director(),
            json!({ "status": "in_review" }),
        )
        .await;
    assert_eq!(s, 422, "{body}");
    assert_eq!(body["errors"][0]["field"], "reason");
    let (s, reopened) = api
        .post(
            &format!("/complaints/{cid}/status"),
            &director(),
            json!({ "status": "in_review", "reason": "new facts" }),
        )
        .await;
    assert_eq!(s, 200, "{reopened}");
    assert_eq!(reopened["status"], "in_review");

    let (_, history) = api
        .get(&format!("/complaints/{cid}/history?limit=100"), &director())
        .await;
    assert_eq!(
        actions(&history),
        [
            "created",
            "status_changed",
            "assigned",
            "note_added",
            "information_request_sent",
            "information_request_extended",
            "document_added",
            "information_request_responded",
            "information_request_accepted",
            "information_request_sent",
            "status_changed",
            "information_request_cancelled",
            "status_changed"
        ]
    );
    let (_, page) = api
        .get(&format!("/complaints/{cid}/history?limit=5"), &director())
        .await;
    assert_eq!(actions(&page).len(), 5);
    let (_, rest) = api
        .get(
            &format!(
                "/complaints/{cid}/history?limit=100&cursor={}",
                page["nextCursor"].as_str().unwrap()
            ),
            &director(),
        )
        .await;
    assert_eq!(actions(&rest).len(), 8, "the next page goes on, oldest first");
}

#[tokio::test]
async fn a_company_user_never_sees_contact_details_wishes_notes_assignee_or_sharing() {
    let local = Local::start(true).await;
    let api = Api::new(&local);
    api.examiner_seen().await;
    let c = api.file("900001").await;
    let cid = id(&c, "complaintId");
    api.post(
        &format!("/complaints/{cid}/assignment"),
        &director(),
        json!({ "assigneeEmail": EXAMINER }),
    )
    .await;
    api.post(
        &format!("/complaints/{cid}/notes"),
        &director(),
        json!({ "text": "INTERNAL-NOTE" }),
    )
    .await;
    let (s, _) = api
        .post(
            &format!("/complaints/{cid}/shares"),
            &director(),
            json!({ "agencyId": "NY-DFS" }),
        )
        .await;
    assert_eq!(s, 201);
    let (s, _) = api
        .patch(
            &format!("/complaints/{cid}"),
            &director(),
            json!({ "consumer": { "firstName": "Maria", "lastName": "Lopez", "email": "new.secret@consumer.example", "state": "TX" }, "desiredResolution": "SECRET-WISH two" }),
        )
        .await;
    assert_eq!(s, 200);
    let hidden_doc = api.upload(&cid, &director(), b"agency only", false).await;
    let shown_doc = api.upload(&cid, &director(), b"for the company", true).await;
    let today = time::OffsetDateTime::now_utc().date();
    api.post(
        &format!("/complaints/{cid}/information-requests"),
        &director(),
        json!({ "questions": ["q?"], "dueOn": today.to_string() }),
    )
    .await;

    let (s, seen) = api.get(&format!("/complaints/{cid}"), &acorn()).await;
    assert_eq!(s, 200, "{seen}");
    for absent in ["desiredResolution", "assignee", "sharedWith", "shared"] {
        assert!(seen.get(absent).is_none(), "{absent} in {seen}");
    }
    assert!(
        seen["consumer"].get("email").is_none() && seen["consumer"].get("phone").is_none(),
        "{seen}"
    );
    assert_eq!(seen["consumer"]["lastName"], "Lopez");

    let (_, list) = api.get("/complaints", &acorn()).await;
    let entry = &list["items"][0];
    assert_eq!(entry["complaintId"], cid.as_str());
    assert!(
        entry.get("assignee").is_none() && entry.get("shared").is_none(),
        "{entry}"
    );

    let (_, history) = api.get(&format!("/complaints/{cid}/history"), &acorn()).await;
    let text = history.to_string();
    for secret in [
        "INTERNAL-NOTE",
        "SECRET-WISH",
        "new.secret",
        "note_added",
        "assigned",
        "shared",
        EXAMINER,
    ] {
        assert!(!text.contains(secret), "{secret} reached the company: {text}");
    }
    assert!(actions(&history).contains(&"information_request_sent".to_string()));

    let (_, docs) = api.get(&format!("/complaints/{cid}/documents"), &acorn()).await;
    let ids: Vec<&str> = docs["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["documentId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [shown_doc.as_str()]);
    let (s, _) = api
        .get(&format!("/complaints/{cid}/documents/{hidden_doc}"), &acorn())
        .await;
    assert_eq!(s, 404);

    for m in api.mail().await {
        if m["to"].as_array().unwrap().iter().any(|t| t == ACORN_ADMIN) {
            let all = format!("{}{}{}", m["subject"], m["text"], m["html"]);
            for secret in [
                "maria.lopez@consumer",
                "SECRET-WISH",
                "5550111",
                "INTERNAL-NOTE",
                EXAMINER,
                "NY-DFS",
            ] {
                assert!(!all.contains(secret), "{secret} reached the company by email: {all}");
            }
        }
    }
}

#[tokio::test]
async fn documents_upload_and_download_through_signed_local_urls() {
    let local = Local::start(true).await;
    let api = Api::new(&local);
    let c = api.file("900001").await;
    let cid = id(&c, "complaintId");
    let (s, d) = api
        .post(
            &format!("/complaints/{cid}/documents"),
            &director(),
            json!({ "fileName": "a.pdf", "contentType": "application/pdf", "size": 4 }),
        )
        .await;
    assert_eq!(s, 201);
    let did = id(&d, "documentId");
    assert!(
        !d["uploadUrl"].as_str().unwrap().contains("a.pdf"),
        "no file name in the key"
    );
    let r = api
        .local
        .http
        .get(api.local.url(&format!("/complaints/{cid}/documents/{did}")))
        .bearer_auth(director())
        .send()
        .await
        .unwrap();
    problem(r, reqwest::StatusCode::CONFLICT, "conflict").await;
    let r = api
        .local
        .http
        .put(d["uploadUrl"].as_str().unwrap())
        .header("content-type", "application/pdf")
        .body(b"%PDF".to_vec())
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let (s, got) = api
        .get(&format!("/complaints/{cid}/documents/{did}"), &director())
        .await;
    assert_eq!(s, 200, "{got}");
    assert_eq!(got["status"], "available");
    let bytes = api
        .local
        .http
        .get(got["downloadUrl"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&bytes[..], b"%PDF");
    let unsigned = got["downloadUrl"]
        .as_str()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let r = api.local.http.get(unsigned).send().await.unwrap();
    problem(r, reqwest::StatusCode::FORBIDDEN, "forbidden").await;

    let declare = |t: &str, size: u64| json!({ "fileName": "x", "contentType": t, "size": size });
    let r = api
        .local
        .http
        .post(api.local.url(&format!("/complaints/{cid}/documents")))
        .bearer_auth(director())
        .json(&declare("application/x-msdownload", 10))
        .send()
        .await
        .unwrap();
    problem(r, reqwest::StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type").await;
    let r = api
        .local
        .http
        .post(api.local.url(&format!("/complaints/{cid}/documents")))
        .bearer_auth(director())
        .json(&declare("application/pdf", 1_073_741_825))
        .send()
        .await
        .unwrap();
    problem(r, reqwest::StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large").await;
    let (s, _) = api
        .post(
            &format!("/complaints/{cid}/documents"),
            &director(),
            declare("application/pdf", 1_073_741_824),
        )
        .await;
    assert_eq!(s, 201, "1 GiB is allowed");
}

#[tokio::test]
async fn overdue_follows_the_business_clock_and_reminders_go_out_once() {
    let local = Local::start(true).await;
    let api = Api::new(&local);
    let c = api.file("900001").await;
    let cid = id(&c, "complaintId");
    let calm = api.file("900001").await;
    let today = time::OffsetDateTime::now_utc().date();
    let due = today + time::Duration::days(3);
    let (_, r) = api
        .post(
            &format!("/complaints/{cid}/information-requests"),
            &director(),
            json!({ "questions": ["q?"], "dueOn": due.to_string() }),
        )
        .await;
    let rid = id(&r, "requestId");
    let (_, yesterday) = api
        .post(
            &format!("/complaints/{cid}/information-requests"),
            &director(),
            json!({ "questions": ["q?"], "dueOn": (today - time::Duration::days(1)).to_string() }),
        )
        .await;
    assert_eq!(yesterday["errors"][0]["field"], "dueOn", "{yesterday}");

    assert_eq!(api.run_job("information-request-reminders").await["dueSoon"], json!([]));
    api.advance_days(1).await;
    assert_eq!(
        api.run_job("information-request-reminders").await["dueSoon"],
        json!([rid])
    );
    assert_eq!(
        api.run_job("information-request-reminders").await["dueSoon"],
        json!([]),
        "once"
    );
    api.advance_days(2).await;
    let (_, r) = api
        .get(&format!("/complaints/{cid}/information-requests"), &director())
        .await;
    assert_eq!(r["items"][0]["overdue"], false, "due today is not overdue");
    api.advance_days(1).await;
    let (_, r) = api
        .get(&format!("/complaints/{cid}/information-requests"), &director())
        .await;
    assert_eq!(r["items"][0]["overdue"], true);
    let (_, list) = api.get("/complaints?overdue=true", &director()).await;
    let ids: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["complaintId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [cid.as_str()], "only the overdue one, not {}", calm["complaintId"]);
    assert_eq!(list["items"][0]["overdue"], true);
    let (_, company_list) = api.get("/complaints?overdue=true", &acorn()).await;
    assert_eq!(company_list["items"].as_array().unwrap().len(), 1);
    let run = api.run_job("information-request-reminders").await;
    assert_eq!(run["overdue"], json!([rid]));
    assert_eq!(
        api.run_job("information-request-reminders").await["overdue"],
        json!([]),
        "once"
    );
    let mail = api.mail().await;
    let subjects: Vec<&str> = mail
        .iter()
        .filter(|m| m["to"] == json!([ACORN_ADMIN]))
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects.iter().filter(|s| s.starts_with("Reminder:")).count(),
        1,
        "{subjects:?}"
    );
    assert_eq!(
        subjects.iter().filter(|s| s.starts_with("Overdue:")).count(),
        1,
        "{subjects:?}"
    );
    let (_, c_now) = api.get(&format!("/complaints/{cid}"), &director()).await;
    assert!(
        c_now["daysOpen"].as_i64().unwrap() >= 4 + 21 - 1,
        "days open follow the clock: {c_now}"
    );
}

#[tokio::test]
async fn lists_filter_by_status_company_assignee_and_page_newest_first() {
    let local = Local::start(true).await;
    let api = Api::new(&local);
    api.examiner_seen().await;
    let mut ids = vec![];
    for nmls in ["900001", "900002", "900001", "900002", "900001"] {
        ids.push(id(&api.file(nmls).await, "complaintId"));
    }
    api.post(
        &format!("/complaints/{}/status", ids[0]),
        &director(),
        json!({ "status": "in_review" }),
    )
    .await;
    api.post(
        &format!("/complaints/{}/assignment", ids[1]),
        &director(),
        json!({ "assigneeEmail": EXAMINER }),
    )
    .await;

    let list = |q: &'static str, token: String| {
        let api = &api;
        async move {
            let (s, b) = api.get(&format!("/complaints{q}"), &token).await;
            assert_eq!(s, 200, "{q}: {b}");
            b["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["complaintId"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    let newest_first: Vec<String> = ids.iter().rev().cloned().collect();
    assert_eq!(list("", director()).await, newest_first);
    assert_eq!(list("?status=in_review", director()).await, [ids[0].clone()]);
    assert_eq!(
        list("?status=received&nmlsId=900001", director()).await,
        [ids[4].clone(), ids[2].clone()]
    );
    assert_eq!(
        list("?nmlsId=900002", director()).await,
        [ids[3].clone(), ids[1].clone()]
    );
    assert_eq!(list("?assignee=me", examiner()).await, [ids[1].clone()]);
    assert_eq!(list("?assignee=me", director()).await, Vec::<String>::new());
    assert_eq!(list("", bluebonnet()).await, [ids[3].clone(), ids[1].clone()]);
    assert_eq!(list("", other_agency()).await, Vec::<String>::new());

    let (_, first) = api.get("/complaints?limit=2", &director()).await;
    let cursor = first["nextCursor"].as_str().unwrap();
    let (_, second) = api
        .get(&format!("/complaints?limit=2&cursor={cursor}"), &director())
        .await;
    assert_eq!(second["items"][0]["complaintId"], ids[2].as_str());
    let (s, _) = api
        .get(&format!("/complaints?limit=2&cursor={cursor}x"), &director())
        .await;
    assert_eq!(s, 400);
    for bad in ["?status=open", "?assignee=bob", "?overdue=yes", "?nmlsId=abc"] {
        let r = api
            .local
            .http
            .get(api.local.url(&format!("/complaints{bad}")))
            .bearer_auth(director())
            .send()
            .await
            .unwrap();
        problem(r, reqwest::StatusCode::BAD_REQUEST, "malformed-request").await;
    }
}

#[tokio::test]
async fn a_shared_agency_reads_and_lists_the_complaint_but_never_writes_until_revoked() {
    let local = Local::start(true).await;
    let api = Api::new(&local);
    let c = api.file("900001").await;
    let cid = id(&c, "complaintId");
    let (s, share) = api
        .post(
            &format!("/complaints/{cid}/shares"),
            &director(),
            json!({ "agencyId": "NY-DFS" }),
        )
        .await;
    assert_eq!(s, 201, "{share}");
    assert_eq!(share["agencyId"], "NY-DFS");
    let (s, _) = api
        .post(
            &format!("/complaints/{cid}/shares"),
            &director(),
            json!({ "agencyId": "NY-DFS" }),
        )
        .await;
    assert_eq!(s, 409, "already shared");
    let (s, body) = api
        .post(
            &format!("/complaints/{cid}/shares"),
            &director(),
            json!({ "agencyId": "ZZ-NOPE" }),
        )
        .await;
    assert_eq!(s, 422, "{body}");
    let mail = api.mail().await;
    assert!(
        mail.iter()
            .any(|m| m["subject"].as_str().unwrap().contains("shared complaint")),
        "the other agency is told"
    );

    let (_, listed) = api.get("/complaints", &other_agency()).await;
    assert_eq!(listed["items"][0]["complaintId"], cid.as_str());
    assert_eq!(listed["items"][0]["shared"], true);
    let (s, seen) = api.get(&format!("/complaints/{cid}"), &other_agency()).await;
    assert_eq!(s, 200);
    assert_eq!(seen["shared"], true);
    let (_, owner_view) = api.get(&format!("/complaints/{cid}"), &director()).await;
    assert_eq!(owner_view["sharedWith"], json!(["NY-DFS"]));
    let (s, _) = api.get(&format!("/complaints/{cid}/history"), &other_agency()).await;
    assert_eq!(s, 200);
    let (s, _) = api
        .post(
            &format!("/complaints/{cid}/notes"),
            &other_agency(),
            json!({ "text": "mine" }),
        )
        .await;
    assert_eq!(s, 403, "read-only");
    let (s, _) = api
        .patch(
            &format!("/complaints/{cid}"),
            &other_agency(),
            json!({ "product": "Auto" }),
        )
        .await;
    assert_eq!(s, 403);

    let (s, _) = api
        .delete(&format!("/complaints/{cid}/shares/NY-DFS"), &director())
        .await;
    assert_eq!(s, 204);
    let (s, _) = api.get(&format!("/complaints/{cid}"), &other_agency()).await;
    assert_eq!(s, 404);
    let (_, listed) = api.get("/complaints", &other_agency()).await;
    assert_eq!(listed["items"], json!([]));
    let (s, _) = api
        .delete(&format!("/complaints/{cid}/shares/NY-DFS"), &director())
        .await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn bad_bodies_name_each_field_and_change_nothing() {
    let local = Local::start(true).await;
    let api = Api::new(&local);
    let (s, body) = api
        .post(
            "/complaints",
            &director(),
            json!({ "nmlsId": "900001", "consumer": { "firstName": "", "lastName": "L", "state": "XX", "email": "nope" },
                    "product": "", "issue": "i", "narrative": "x".repeat(20_001), "receivedOn": "2999-01-01", "channel": "fax" }),
        )
        .await;
    assert_eq!(s, 422, "{body}");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in [
        "consumer.firstName",
        "consumer.email",
        "consumer.state",
        "product",
        "narrative",
        "receivedOn",
        "channel",
    ] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    let r = api
        .local
        .http
        .post(api.local.url("/complaints"))
        .bearer_auth(director())
        .json(&new_complaint("900003"))
        .send()
        .await
        .unwrap();
    problem(r, reqwest::StatusCode::CONFLICT, "company-not-enrolled").await;
    let (s, body) = api.post("/complaints", &director(), new_complaint("999999999")).await;
    assert_eq!(s, 422, "{body}");
    let (_, list) = api.get("/complaints", &director()).await;
    assert_eq!(list["items"], json!([]), "nothing was written");

    let c = api.file("900001").await;
    let cid = id(&c, "complaintId");
    let (s, body) = api
        .patch(
            &format!("/complaints/{cid}"),
            &director(),
            json!({ "nmlsId": "900002", "narrative": "" }),
        )
        .await;
    assert_eq!(s, 422, "{body}");
    let (s, body) = api
        .post(
            &format!("/complaints/{cid}/information-requests"),
            &director(),
            json!({ "questions": [], "dueOn": "someday" }),
        )
        .await;
    assert_eq!(s, 422, "{body}");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["questions", "dueOn"]);
    let (s, body) = api
        .post(
            &format!("/complaints/{cid}/information-requests"),
            &director(),
            json!({ "questions": ["ok", ""], "dueOn": "2999-01-01" }),
        )
        .await;
    assert_eq!(s, 422);
    assert_eq!(body["errors"][0]["field"], "questions[1]");
    let (s, body) = api
        .post(
            &format!("/complaints/{cid}/status"),
            &director(),
            json!({ "status": "company_responded" }),
        )
        .await;
    assert_eq!(s, 409, "{body}");
    assert!(body["type"].as_str().unwrap().ends_with("/invalid-transition"));
    let (s, body) = api
        .post(
            &format!("/complaints/{cid}/status"),
            &director(),
            json!({ "status": "paused" }),
        )
        .await;
    assert_eq!(s, 422, "{body}");
    let (s, body) = api
        .post(
            &format!("/complaints/{cid}/notes"),
            &director(),
            json!({ "text": "x".repeat(10_001) }),
        )
        .await;
    assert_eq!(s, 422, "{body}");
    let (s, body) = api
        .post(
            &format!("/complaints/{cid}/assignment"),
            &director(),
            json!({ "assigneeEmail": "nobody@dob.texas.example" }),
        )
        .await;
    assert_eq!(s, 422, "{body}");
    assert_eq!(body["errors"][0]["field"], "assigneeEmail");
    let (_, history) = api.get(&format!("/complaints/{cid}/history"), &director()).await;
    assert_eq!(actions(&history), ["created"], "no bad body changed anything");
}

#[tokio::test]
async fn racing_status_changes_one_wins_the_other_gets_version_conflict() {
    let local = Local::start(true).await;
    let api = Api::new(&local);
    let c = api.file("900001").await;
    let cid = id(&c, "complaintId");
    let send = |body: Value| {
        let req = api
            .local
            .http
            .post(api.local.url(&format!("/complaints/{cid}/status")))
            .bearer_auth(director())
            .header("if-match", "1")
            .json(&body);
        async move { req.send().await.unwrap().status().as_u16() }
    };
    let closing = json!({ "status": "closed", "resolution": { "kind": "duplicate", "summary": "dup" } });
    let (a, b) = tokio::join!(send(json!({ "status": "in_review" })), send(closing.clone()));
    let mut statuses = [a, b];
    statuses.sort();
    assert_eq!(statuses, [200, 409]);
    let r = api
        .local
        .http
        .post(api.local.url(&format!("/complaints/{cid}/status")))
        .bearer_auth(director())
        .header("if-match", "1")
        .json(&closing)
        .send()
        .await
        .unwrap();
    problem(r, reqwest::StatusCode::CONFLICT, "version-conflict").await;
    let due = time::OffsetDateTime::now_utc().date().to_string();
    for (path, body) in [
        (
            format!("/complaints/{cid}/information-requests"),
            json!({ "questions": ["q"], "dueOn": due }),
        ),
        (format!("/complaints/{cid}/shares"), json!({ "agencyId": "NY-DFS" })),
    ] {
        let r = api
            .local
            .http
            .post(api.local.url(&path))
            .bearer_auth(director())
            .header("if-match", "\"1\"")
            .json(&body)
            .send()
            .await
            .unwrap();
        problem(r, reqwest::StatusCode::CONFLICT, "version-conflict").await;
    }
}
