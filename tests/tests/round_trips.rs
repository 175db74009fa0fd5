//! Table round trips per route (ARCHITECTURE.md's bar: one for the data, one cached for the
//! caller's context, one transactional write for a command), counted on the table port
//! through `ses-local` and printed as a table; each count is held to its budget.

mod support;

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
    local
        .http
        .get(local.url("/companies/900001"))
        .bearer_auth(&examiner)
        .send()
        .await
        .unwrap();
    local
        .http
        .get(local.url("/companies/900001"))
        .bearer_auth(&dana)
        .send()
        .await
        .unwrap();
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
