//! The directory routes through `ses-local` on a free port: identity, reference data, the
//! role rules, bad input, paging, the outbox, and the table round trips per route.

use crate::support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{agency_user, company_user, csbs_admin, problem, token, Local};

fn agency_body() -> Value {
    json!({
        "name": "Texas Department of Banking", "state": "TX",
        "primaryContact": { "name": "Ana Ruiz", "email": "Ana.Ruiz@TX-DOB.example", "phone": "(512) 555-0142" },
        "secondaryContact": null
    })
}

fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn health_and_openapi_are_public() {
    let local = Local::start(false).await;
    let r = local.http.get(local.url("/health")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().contains_key("x-request-id"));
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "ok");
    let doc: Value = local
        .http
        .get(local.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["paths"]["/companies/{nmlsId}"]["put"].is_object());
}

#[test]
fn the_committed_openapi_document_is_the_one_the_code_generates() {
    let generated = ses_local::openapi_json().unwrap();
    let committed = include_str!("../../../openapi/openapi.json");
    assert_eq!(
        generated.trim(),
        committed.trim(),
        "openapi/openapi.json is stale: run cargo run -p ses-local -- openapi > openapi/openapi.json"
    );
}

#[tokio::test]
async fn tokens_that_are_missing_bad_expired_or_unsigned_are_401() {
    let local = Local::start(false).await;
    problem(
        local.http.get(local.url("/me")).send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    problem(
        local.get("/me", "not-a-token").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    let expired = token(json!({ "sub": "x", "email": "a@b.example", "ses_type": "csbs", "exp": 1_000_000 }));
    problem(
        local.get("/me", &expired).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    let other_key = ses_edge::LocalTokens::new("another-secret")
        .sign(&json!({ "sub": "x", "email": "a@b.example", "ses_type": "csbs", "exp": 4_000_000_000u64 }))
        .unwrap();
    problem(
        local.get("/me", &other_key).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    // alg "none": header {"alg":"none","typ":"JWT"}, no signature.
    let unsigned = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4IiwiZW1haWwiOiJhQGIuZXhhbXBsZSIsInNlc190eXBlIjoiY3NicyIsImV4cCI6NDAwMDAwMDAwMH0.";
    problem(
        local.get("/me", unsigned).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    let no_type = token(json!({ "sub": "x", "email": "a@b.example" }));
    problem(
        local.get("/me", &no_type).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn me_describes_the_caller_and_records_agency_users() {
    let local = Local::start(true).await;
    let tok = agency_user("TX-DOB", &["examiner", "staff_user"], "New.Hire@TX-DOB.example");
    let me: Value = local.get("/me", &tok).await.json().await.unwrap();
    assert_eq!(me["email"], "new.hire@tx-dob.example");
    assert_eq!(me["type"], "agency");
    assert_eq!(me["agencyId"], "TX-DOB");
    assert_eq!(me["roles"], json!(["staff_user", "examiner"]));
    assert_eq!(me["companies"], json!([]));
    let users: Value = local
        .get("/agencies/TX-DOB/users?role=examiner&limit=100", &tok)
        .await
        .json()
        .await
        .unwrap();
    let emails: Vec<&str> = users["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert!(emails.contains(&"new.hire@tx-dob.example"), "{emails:?}");
    assert!(
        !emails.contains(&"jordan.pike@tx-dob.example"),
        "filtered by role: {emails:?}"
    );
    let other = agency_user("NY-DFS", &["examiner"], "x@ny-dfs.example");
    problem(
        local.get("/agencies/TX-DOB/users", &other).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    let company: Value = local
        .get("/me", &company_user("dana.fletcher@acorn-ridge.example"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(company["type"], "company");
    assert_eq!(
        company["companies"],
        json!([{ "nmlsId": "900001", "name": "Acorn Ridge Mortgage", "admin": true }])
    );
}

#[tokio::test]
async fn csbs_registers_agencies_and_only_csbs_admins_may() {
    let local = Local::start(false).await;
    let director = agency_user("TX-DOB", &["staff_director"], "dir@tx-dob.example");
    problem(
        local.put("/agencies/TX-DOB", &director, &agency_body()).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    // Until it is registered, its users may only read /me.
    let body = problem(
        local.get("/agencies/TX-DOB", &director).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert!(body["detail"].as_str().unwrap().contains("not registered"));
    assert_eq!(local.get("/me", &director).await.status(), 200);

    let admin = csbs_admin();
    let r = local.put("/agencies/TX-DOB", &admin, &agency_body()).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.headers()["etag"], "\"1\"");
    let agency: Value = r.json().await.unwrap();
    assert_eq!(agency["agencyId"], "TX-DOB");
    assert_eq!(agency["primaryContact"]["email"], "ana.ruiz@tx-dob.example");
    assert_eq!(agency["primaryContact"]["phone"], "+15125550142");
    assert_eq!(agency["secondaryContact"], Value::Null);
    assert!(agency["updatedAt"].is_string());

    let r = local.put("/agencies/TX-DOB", &admin, &agency_body()).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["version"], 2);
    let read: Value = local.get("/agencies/TX-DOB", &director).await.json().await.unwrap();
    assert_eq!(read["name"], "Texas Department of Banking");
    problem(
        local.get("/agencies/NY-DFS", &director).await,
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
    problem(
        local.get("/agencies/texas", &director).await,
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
    problem(
        local.get("/agencies/TX-DOB", &company_user("a@b.example")).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    // The named contact is told, once, through the outbox.
    let mail = wait_for_mail(&local, 1).await;
    assert_eq!(mail[0]["to"], json!(["ana.ruiz@tx-dob.example"]));
    assert!(mail[0]["subject"].as_str().unwrap().contains("primary contact"));
    assert!(mail[0]["html"]
        .as_str()
        .unwrap()
        .contains(&format!("{}/agencies/TX-DOB", local.base)));
}

async fn wait_for_mail(local: &Local, n: usize) -> Vec<Value> {
    for _ in 0..100 {
        let items = local.outbox().await;
        if items.len() >= n {
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            return local.outbox().await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("fewer than {n} messages arrived");
}

#[tokio::test]
async fn bad_bodies_are_problems_that_change_nothing() {
    let local = Local::start(false).await;
    let admin = csbs_admin();
    let r = local
        .http
        .put(local.url("/agencies/TX-DOB"))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::BAD_REQUEST, "malformed-request").await;
    let r = local
        .http
        .put(local.url("/agencies/TX-DOB"))
        .bearer_auth(&admin)
        .body(agency_body().to_string())
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type").await;
    let r = local
        .http
        .put(local.url("/agencies/TX-DOB"))
        .bearer_auth(&admin)
        .header("content-type", "text/plain")
        .body(agency_body().to_string())
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type").await;
    let invalid = json!({ "name": " ", "state": "NY", "primaryContact": { "name": "A", "email": "nope", "phone": "123" }, "secondaryContact": 5 });
    let body = problem(
        local.put("/agencies/TX-DOB", &admin, &invalid).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(
        fields(&body),
        [
            "name",
            "state",
            "primaryContact.email",
            "primaryContact.phone",
            "secondaryContact"
        ]
    );
    let body = problem(
        local.put("/agencies/TX-DOB", &admin, &json!([1, 2])).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(fields(&body), ["body"]);
    let huge = json!({ "name": "x".repeat(2 * 1024 * 1024) });
    problem(
        local.put("/agencies/TX-DOB", &admin, &huge).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload-too-large",
    )
    .await;
    problem(
        local.put("/agencies/TEXAS", &admin, &agency_body()).await,
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
    problem(
        local.get("/agencies/TX-DOB", &admin).await,
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
    let r = local.delete("/agencies/TX-DOB", &admin).await;
    problem(r, StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed").await;
    problem(
        local.get("/no/such/route", &admin).await,
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
    assert!(wait_for_mail_or_none(&local).await, "nothing was sent");
}

async fn wait_for_mail_or_none(local: &Local) -> bool {
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    local.outbox().await.is_empty()
}

#[tokio::test]
async fn if_match_guards_changes_and_directors_change_only_their_own_contacts() {
    let local = Local::start(false).await;
    let admin = csbs_admin();
    assert_eq!(
        local.put("/agencies/TX-DOB", &admin, &agency_body()).await.status(),
        201
    );
    let stale = local
        .http
        .put(local.url("/agencies/TX-DOB"))
        .bearer_auth(&admin)
        .header("if-match", "7")
        .json(&agency_body())
        .send()
        .await
        .unwrap();
    problem(stale, StatusCode::CONFLICT, "version-conflict").await;
    let director = agency_user("TX-DOB", &["staff_director"], "dir@tx-dob.example");
    let contacts = json!({
        "primaryContact": { "name": "Ana Ruiz", "email": "ana.ruiz@tx-dob.example" },
        "secondaryContact": { "name": "Bo Diaz", "email": "bo.diaz@tx-dob.example", "phone": "+1 214 555 0199" }
    });
    let r = local
        .http
        .put(local.url("/agencies/TX-DOB/contacts"))
        .bearer_auth(&director)
        .header("if-match", "\"1\"")
        .json(&contacts)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let agency: Value = r.json().await.unwrap();
    assert_eq!(agency["secondaryContact"]["phone"], "+12145550199");
    assert_eq!(agency["version"], 2);
    let examiner = agency_user("TX-DOB", &["examiner"], "ex@tx-dob.example");
    problem(
        local.put("/agencies/TX-DOB/contacts", &examiner, &contacts).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let ny_director = agency_user("NY-DFS", &["staff_director"], "dir@ny-dfs.example");
    problem(
        local.put("/agencies/TX-DOB/contacts", &ny_director, &contacts).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    // Only the newly named secondary contact is told.
    let mail = wait_for_mail(&local, 2).await;
    assert_eq!(mail.len(), 2);
    assert_eq!(mail[1]["to"], json!(["bo.diaz@tx-dob.example"]));
}

fn company_body(name: &str) -> Value {
    json!({ "name": name, "nmlsContact": { "name": "Pat Morgan", "email": "pat@acme.example", "phone": "2145550100" }, "nmlsComplaintsContact": null })
}

#[tokio::test]
async fn the_company_directory_is_kept_by_csbs_and_read_by_its_callers() {
    let local = Local::start(true).await;
    let admin = csbs_admin();
    let r = local
        .put("/companies/1234567", &admin, &company_body("Acme  Home Loans"))
        .await;
    assert_eq!(r.status(), 201);
    let c: Value = r.json().await.unwrap();
    assert_eq!(c["enrollmentStatus"], "not_enrolled");
    assert_eq!(c["saContact"], Value::Null);
    assert_eq!(c["nmlsContact"]["phone"], "+12145550100");
    assert_eq!(
        local
            .put("/companies/1234567", &admin, &company_body("Acme Home Loans LLC"))
            .await
            .status(),
        200
    );
    let examiner = agency_user("TX-DOB", &["examiner"], "ex@tx-dob.example");
    problem(
        local.put("/companies/1234567", &examiner, &company_body("X")).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let read: Value = local.get("/companies/1234567", &examiner).await.json().await.unwrap();
    assert_eq!(read["name"], "Acme Home Loans LLC");
    problem(
        local.get("/companies/12345678901", &examiner).await,
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
    problem(
        local.get("/companies/7654321", &examiner).await,
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
    let body = problem(
        local.put("/companies/1234567", &admin, &json!({ "name": "" })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(fields(&body), ["name", "nmlsContact", "nmlsComplaintsContact"]);

    // A company user reads their own company only.
    let dana = company_user("dana.fletcher@acorn-ridge.example");
    assert_eq!(local.get("/companies/900001", &dana).await.status(), 200);
    problem(
        local.get("/companies/900002", &dana).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        local.get("/companies?q=acorn", &dana).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let lms = token(json!({ "sub": "flex", "ses_type": "service", "ses_roles": ["lms"] }));
    problem(
        local.get("/companies/900001", &lms).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn searching_the_directory_pages_through_every_match_once() {
    let local = Local::start(true).await;
    let examiner = agency_user("TX-DOB", &["examiner"], "ex@tx-dob.example");
    let mut names = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/companies?limit=5&cursor={c}"),
            None => "/companies?limit=5".to_string(),
        };
        let page: Value = local.get(&path, &examiner).await.json().await.unwrap();
        for c in page["items"].as_array().unwrap() {
            names.push(c["name"].as_str().unwrap().to_string());
        }
        match page["nextCursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(names.len(), 24);
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted, "alphabetical, each once");

    let hits: Value = local
        .get("/companies?q=LONE%20%20star", &examiner)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(hits["items"][0]["name"], "Lone Star Prairie Lending");
    let by_id: Value = local.get("/companies?q=900005", &examiner).await.json().await.unwrap();
    assert_eq!(by_id["items"][0]["nmlsId"], "900005");
    let none: Value = local.get("/companies?q=zzz", &examiner).await.json().await.unwrap();
    assert_eq!(none, json!({ "items": [], "nextCursor": null }));

    problem(
        local.get("/companies?cursor=forged.cursor", &examiner).await,
        StatusCode::BAD_REQUEST,
        "malformed-request",
    )
    .await;
    problem(
        local.get("/companies?limit=0", &examiner).await,
        StatusCode::BAD_REQUEST,
        "malformed-request",
    )
    .await;
    problem(
        local.get("/companies?limit=abc", &examiner).await,
        StatusCode::BAD_REQUEST,
        "malformed-request",
    )
    .await;
    problem(
        local.get("/companies?q=%ZZ", &examiner).await,
        StatusCode::BAD_REQUEST,
        "malformed-request",
    )
    .await;
}

#[tokio::test]
async fn each_read_takes_one_round_trip_for_its_data_and_one_cached_for_the_caller() {
    let local = Local::start(true).await;
    let examiner = agency_user("TX-DOB", &["examiner"], "ex@tx-dob.example");
    let trips = || local.table().round_trips().total();
    // First call: the caller's agency registration (then cached) and the company.
    let before = trips();
    assert_eq!(local.get("/companies/900001", &examiner).await.status(), 200);
    assert_eq!(trips() - before, 2);
    let cases = [
        ("/companies/900002", 1),
        ("/agencies/TX-DOB", 1),
        ("/companies?q=acorn", 1),
        ("/agencies/TX-DOB/users", 1),
    ];
    for (path, budget) in cases {
        let before = trips();
        assert_eq!(local.get(path, &examiner).await.status(), 200, "{path}");
        assert_eq!(trips() - before, budget, "{path}");
    }
    // A command: one read of the current state, one transaction.
    let admin = csbs_admin();
    let before = trips();
    assert_eq!(
        local
            .put("/companies/900003", &admin, &company_body("Cedar Hollow Lending"))
            .await
            .status(),
        200
    );
    assert_eq!(trips() - before, 2);
}
