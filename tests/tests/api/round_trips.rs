//! Table round trips per route (ARCHITECTURE.md's bar: one for the data, one cached for the
//! caller's context, one transactional write for a command), counted on the table port
//! through `ses-local` and printed as a table; each count is held to its budget.

use crate::support;

use serde_json::{json, Value};
use support::{agency_user, company_user, Local};

struct Counter<'a> {
    local: &'a Local,
    rows: Vec<(String, u64, u64, u64)>,
}

impl Counter<'_> {
    fn snapshot(&self) -> (u64, u64, u64) {
        use std::sync::atomic::Ordering::Relaxed;
        let t = self.local.table().round_trips();
        (
            t.gets.load(Relaxed),
            t.queries.load(Relaxed),
            t.transactions.load(Relaxed),
        )
    }

    /// Runs a request and records its round trips; a warm-up call first fills the caller cache.
    async fn count(&mut self, label: &str, request: impl Fn() -> reqwest::RequestBuilder, expect: u16) -> Value {
        let before = self.snapshot();
        let r = request().send().await.unwrap();
        assert_eq!(r.status().as_u16(), expect, "{label}");
        let after = self.snapshot();
        self.rows.push((
            label.to_string(),
            after.0 - before.0,
            after.1 - before.1,
            after.2 - before.2,
        ));
        r.json().await.unwrap_or(Value::Null)
    }
}

#[tokio::test]
async fn each_route_stays_within_its_round_trip_budget() {
    let local = Local::start(true).await;
    let examiner = agency_user("TX-DOB", &["examiner"], "avery.quinn@tx-dob.example");
    let dana = company_user("dana.fletcher@acorn-ridge.example");
    // Fill the caller caches (agency registration, company links) as a running instance has.
    local.get("/companies/900001", &examiner).await;
    local.get("/companies/900001", &dana).await;
    let mut c = Counter {
        local: &local,
        rows: vec![],
    };
    let h = &local.http;

    c.count(
        "GET /companies/{nmlsId}",
        || h.get(local.url("/companies/900001")).bearer_auth(&examiner),
        200,
    )
    .await;
    c.count(
        "GET /companies?q=",
        || h.get(local.url("/companies?q=acorn")).bearer_auth(&examiner),
        200,
    )
    .await;
    c.count(
        "GET /agencies/{agencyId}",
        || h.get(local.url("/agencies/TX-DOB")).bearer_auth(&examiner),
        200,
    )
    .await;
    let body = json!({ "firstName": "Jo", "lastName": "Park", "email": "jo@cedar.example", "phone": "469-555-0100" });
    let e = c
        .count(
            "POST /companies/{nmlsId}/enrollments",
            || {
                h.post(local.url("/companies/900003/enrollments"))
                    .bearer_auth(&examiner)
                    .json(&body)
            },
            201,
        )
        .await;
    let id = e["enrollmentId"].as_str().unwrap().to_string();
    c.count(
        "GET /companies/{nmlsId}/enrollments",
        || h.get(local.url("/companies/900003/enrollments")).bearer_auth(&examiner),
        200,
    )
    .await;
    c.count(
        "GET /agencies/{agencyId}/enrollments",
        || h.get(local.url("/agencies/TX-DOB/enrollments")).bearer_auth(&examiner),
        200,
    )
    .await;
    c.count(
        "GET /companies/{nmlsId}/history",
        || h.get(local.url("/companies/900003/history")).bearer_auth(&examiner),
        200,
    )
    .await;
    let resend = format!("/companies/900003/enrollments/{id}/resend");
    c.count(
        "POST .../enrollments/{id}/resend",
        || h.post(local.url(&resend)).bearer_auth(&examiner),
        200,
    )
    .await;
    local.app.state.dispatch_outbox().await.unwrap();
    let out: Value = h
        .get(local.url("/_local/outbox"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let text = out["items"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|m| m["to"][0] == "jo@cedar.example")
        .unwrap()["text"]
        .as_str()
        .unwrap()
        .to_string();
    let link = text[text.find(&local.base).unwrap()..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    c.count("GET /enrollment-responses/{token}", || h.get(&link), 200).await;
    c.count(
        "POST /enrollment-responses/{token}/decline",
        || h.post(format!("{link}/decline")).json(&json!({})),
        200,
    )
    .await;
    c.count("GET /enrollment-responses/{token} (used)", || h.get(&link), 410)
        .await;
    c.count(
        "GET /companies/{nmlsId}/users",
        || h.get(local.url("/companies/900001/users")).bearer_auth(&dana),
        200,
    )
    .await;

    println!("{:<46} {:>5} {:>7} {:>12}", "route", "gets", "queries", "transactions");
    for (label, g, q, t) in &c.rows {
        println!("{label:<46} {g:>5} {q:>7} {t:>12}");
    }
    // Budgets: (gets, queries, transactions) with the caller's context already cached.
    let budget = |label: &str| -> (u64, u64, u64) {
        match label {
            "GET /companies/{nmlsId}" | "GET /agencies/{agencyId}" => (1, 0, 0),
            "GET /companies?q="
            | "GET /companies/{nmlsId}/enrollments"
            | "GET /agencies/{agencyId}/enrollments"
            | "GET /companies/{nmlsId}/history" => (0, 1, 0),
            // The company, and whether the invitee's address is suppressed.
            "POST /companies/{nmlsId}/enrollments" => (2, 0, 1),
            // The enrollment and the company.
            "POST .../enrollments/{id}/resend" => (2, 0, 1),
            // Token, enrollment, company: the same reads whether or not the token is known.
            "GET /enrollment-responses/{token}" | "GET /enrollment-responses/{token} (used)" => (3, 0, 0),
            "POST /enrollment-responses/{token}/decline" => (3, 0, 1),
            "GET /companies/{nmlsId}/users" => (0, 1, 0),
            other => panic!("no budget for {other}"),
        }
    };
    for (label, g, q, t) in &c.rows {
        assert_eq!((*g, *q, *t), budget(label), "{label}");
    }
}

#[tokio::test]
async fn each_complaint_route_stays_within_its_round_trip_budget() {
    use support::complaints::*;
    let local = Local::start(true).await;
    let api = Api::new(&local);
    api.examiner_seen().await;
    // Warm the caller caches and this process's complaint numbers, as a running instance has.
    let warm = api.file("900001").await;
    api.get("/complaints", &acorn()).await;
    api.get("/complaints", &other_agency()).await;
    let _ = warm;
    let mut c = Counter {
        local: &local,
        rows: vec![],
    };
    let h = &local.http;
    let dir = director();
    let company = acorn();
    let created = c
        .count(
            "POST /complaints",
            || {
                h.post(local.url("/complaints"))
                    .bearer_auth(&dir)
                    .json(&new_complaint("900001"))
            },
            201,
        )
        .await;
    let cid = created["complaintId"].as_str().unwrap().to_string();
    let at = |p: &str| local.url(&format!("/complaints/{cid}{p}"));
    c.count(
        "GET /complaints",
        || h.get(local.url("/complaints")).bearer_auth(&dir),
        200,
    )
    .await;
    c.count(
        "GET /complaints?status=",
        || h.get(local.url("/complaints?status=received")).bearer_auth(&dir),
        200,
    )
    .await;
    c.count(
        "GET /complaints?nmlsId=",
        || h.get(local.url("/complaints?nmlsId=900001")).bearer_auth(&dir),
        200,
    )
    .await;
    c.count(
        "GET /complaints?assignee=me",
        || h.get(local.url("/complaints?assignee=me")).bearer_auth(&dir),
        200,
    )
    .await;
    c.count(
        "GET /complaints?overdue=true",
        || h.get(local.url("/complaints?overdue=true")).bearer_auth(&dir),
        200,
    )
    .await;
    c.count(
        "GET /complaints (company user)",
        || h.get(local.url("/complaints")).bearer_auth(&company),
        200,
    )
    .await;
    c.count("GET /complaints/{id}", || h.get(at("")).bearer_auth(&dir), 200)
        .await;
    c.count(
        "PATCH /complaints/{id}",
        || h.patch(at("")).bearer_auth(&dir).json(&json!({ "product": "HELOC" })),
        200,
    )
    .await;
    c.count(
        "POST .../notes",
        || h.post(at("/notes")).bearer_auth(&dir).json(&json!({ "text": "n" })),
        201,
    )
    .await;
    c.count(
        "POST .../assignment",
        || {
            h.post(at("/assignment"))
                .bearer_auth(&dir)
                .json(&json!({ "assigneeEmail": EXAMINER }))
        },
        200,
    )
    .await;
    c.count(
        "POST .../status",
        || {
            h.post(at("/status"))
                .bearer_auth(&dir)
                .json(&json!({ "status": "in_review" }))
        },
        200,
    )
    .await;
    let due = (time::OffsetDateTime::now_utc().date() + time::Duration::days(7)).to_string();
    let r = c
        .count(
            "POST .../information-requests",
            || {
                h.post(at("/information-requests"))
                    .bearer_auth(&dir)
                    .json(&json!({ "questions": ["q"], "dueOn": due }))
            },
            201,
        )
        .await;
    let rid = r["requestId"].as_str().unwrap().to_string();
    let later = (time::OffsetDateTime::now_utc().date() + time::Duration::days(9)).to_string();
    c.count(
        "POST .../information-requests/{id}/extend",
        || {
            h.post(at(&format!("/information-requests/{rid}/extend")))
                .bearer_auth(&dir)
                .json(&json!({ "dueOn": later }))
        },
        200,
    )
    .await;
    c.count(
        "GET .../information-requests",
        || h.get(at("/information-requests")).bearer_auth(&company),
        200,
    )
    .await;
    c.count(
        "POST .../information-requests/{id}/responses",
        || {
            h.post(at(&format!("/information-requests/{rid}/responses")))
                .bearer_auth(&company)
                .json(&json!({ "text": "t" }))
        },
        201,
    )
    .await;
    c.count(
        "POST .../information-requests/{id}/accept",
        || {
            h.post(at(&format!("/information-requests/{rid}/accept")))
                .bearer_auth(&dir)
        },
        200,
    )
    .await;
    let d = c
        .count(
            "POST .../documents",
            || {
                h.post(at("/documents"))
                    .bearer_auth(&dir)
                    .json(&json!({ "fileName": "a.txt", "contentType": "text/plain", "size": 1 }))
            },
            201,
        )
        .await;
    let did = d["documentId"].as_str().unwrap().to_string();
    c.count("GET .../documents", || h.get(at("/documents")).bearer_auth(&dir), 200)
        .await;
    c.count(
        "GET .../documents/{id} (pending)",
        || h.get(at(&format!("/documents/{did}"))).bearer_auth(&dir),
        409,
    )
    .await;
    c.count(
        "POST .../shares",
        || {
            h.post(at("/shares"))
                .bearer_auth(&dir)
                .json(&json!({ "agencyId": "NY-DFS" }))
        },
        201,
    )
    .await;
    c.count("GET .../history", || h.get(at("/history")).bearer_auth(&dir), 200)
        .await;
    c.count(
        "DELETE .../shares/{agencyId}",
        || h.delete(at("/shares/NY-DFS")).bearer_auth(&dir),
        204,
    )
    .await;
    c.count(
        "POST .../status (close)",
        || {
            h.post(at("/status"))
                .bearer_auth(&dir)
                .json(&json!({ "status": "closed", "resolution": { "kind": "explanation", "summary": "s" } }))
        },
        200,
    )
    .await;

    println!("{:<46} {:>5} {:>7} {:>12}", "route", "gets", "queries", "transactions");
    for (label, g, q, t) in &c.rows {
        println!("{label:<46} {g:>5} {q:>7} {t:>12}");
    }
    // Budgets: (gets, queries, transactions) with the caller's context already cached.
    let budget = |label: &str| -> (u64, u64, u64) {
        match label {
            // The company with its users (one query): enrolled?, and who is told.
            "POST /complaints" => (0, 1, 1),
            // One index or entry partition per list, whatever the filter.
            l if l.starts_with("GET /complaints") && !l.starts_with("GET /complaints/") => (0, 1, 0),
            "GET /complaints/{id}" => (1, 0, 0),
            "PATCH /complaints/{id}"
            | "POST .../notes"
            | "POST .../documents"
            | "POST .../shares"
            | "DELETE .../shares/{agencyId}" => (1, 0, 1),
            // The complaint decides access; then the list itself.
            "GET .../information-requests" | "GET .../documents" | "GET .../history" => (1, 1, 0),
            // The complaint, then the document.
            "GET .../documents/{id} (pending)" => (2, 0, 0),
            // The complaint, and the agency's users seen through /me (is the assignee an examiner?).
            "POST .../assignment" => (1, 1, 1),
            // The complaint with its requests and documents (one query).
            "POST .../status"
            | "POST .../status (close)"
            | "POST .../information-requests/{id}/responses"
            | "POST .../information-requests/{id}/accept" => (0, 1, 1),
            // ... and the company with its users, who are told.
            "POST .../information-requests" | "POST .../information-requests/{id}/extend" => (0, 2, 1),
            other => panic!("no budget for {other}"),
        }
    };
    for (label, g, q, t) in &c.rows {
        assert_eq!((*g, *q, *t), budget(label), "{label}");
    }
}
