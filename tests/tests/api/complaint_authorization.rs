//! Who may call each complaint route: every route is called as every kind of caller and the
//! answer checked against a table. Bodies are invalid on purpose where a route writes, so a
//! caller who is let through gets 422 (or the state's 409) and nothing changes: 403 and 404
//! then show exactly who is stopped, and how (API.md "404 or 403").

use crate::support;

use serde_json::{json, Value};
use support::complaints::*;
use support::{agency_user, csbs_admin, Local};

/// The callers, in the order of each row's expected statuses.
const CALLERS: [&str; 9] = [
    "owner staff_director",
    "owner examiner",
    "owner without role",
    "agency shared with",
    "another agency",
    "user of the company",
    "user of another company",
    "csbs admin",
    "no token",
];

#[tokio::test]
async fn every_complaint_route_answers_every_kind_of_caller_as_the_table_says() {
    let local = Local::start(true).await;
    let api = Api::new(&local);
    api.examiner_seen().await;
    let c = api.file("900001").await;
    let cid = id(&c, "complaintId");
    let due = time::OffsetDateTime::now_utc().date().to_string();
    let (s, r) = api
        .post(
            &format!("/complaints/{cid}/information-requests"),
            &director(),
            json!({ "questions": ["q"], "dueOn": due }),
        )
        .await;
    assert_eq!(s, 201);
    let rid = id(&r, "requestId");
    let (s, _) = api
        .post(
            &format!("/complaints/{cid}/shares"),
            &director(),
            json!({ "agencyId": "NY-DFS" }),
        )
        .await;
    assert_eq!(s, 201);
    let (s, d) = api
        .post(
            &format!("/complaints/{cid}/documents"),
            &acorn(),
            json!({ "fileName": "a.txt", "contentType": "text/plain", "size": 3 }),
        )
        .await;
    assert_eq!(s, 201);
    let did = id(&d, "documentId");

    let tokens: Vec<Option<String>> = vec![
        Some(director()),
        Some(examiner()),
        Some(roleless()),
        Some(other_agency()),
        Some(agency_user(
            "CA-DFPI",
            &["staff_director", "examiner"],
            "dir@dfpi.ca.example",
        )),
        Some(acorn()),
        Some(bluebonnet()),
        Some(csbs_admin()),
        None,
    ];
    let c = format!("/complaints/{cid}");
    let req = format!("{c}/information-requests/{rid}");
    let empty = Some(json!({}));
    #[rustfmt::skip]
    let table: Vec<(&str, String, Option<Value>, [u16; 9])> = vec![
        ("POST", "/complaints".into(), empty.clone(),                       [422, 422, 403, 422, 422, 403, 403, 403, 401]),
        ("GET", "/complaints".into(), None,                                 [200, 200, 200, 200, 200, 200, 200, 403, 401]),
        ("GET", c.clone(), None,                                            [200, 200, 200, 200, 404, 200, 404, 404, 401]),
        ("PATCH", c.clone(), empty.clone(),                                 [422, 422, 403, 403, 404, 403, 404, 404, 401]),
        ("GET", format!("{c}/history"), None,                               [200, 200, 200, 200, 404, 200, 404, 404, 401]),
        ("POST", format!("{c}/notes"), empty.clone(),                       [422, 422, 403, 403, 404, 403, 404, 404, 401]),
        ("POST", format!("{c}/assignment"), empty.clone(),                  [422, 403, 403, 403, 404, 403, 404, 404, 401]),
        ("POST", format!("{c}/status"), empty.clone(),                      [422, 422, 403, 403, 404, 403, 404, 404, 401]),
        ("POST", format!("{c}/information-requests"), empty.clone(),        [422, 422, 403, 403, 404, 403, 404, 404, 401]),
        ("GET", format!("{c}/information-requests"), None,                  [200, 200, 200, 200, 404, 200, 404, 404, 401]),
        ("POST", format!("{req}/responses"), empty.clone(),                 [403, 403, 403, 403, 404, 422, 404, 404, 401]),
        ("POST", format!("{req}/accept"), empty.clone(),                    [409, 409, 403, 403, 404, 403, 404, 404, 401]),
        ("POST", format!("{req}/extend"), empty.clone(),                    [422, 422, 403, 403, 404, 403, 404, 404, 401]),
        ("POST", format!("{req}/cancel"), Some(json!({ "reason": "" })),    [422, 422, 403, 403, 404, 403, 404, 404, 401]),
        ("POST", format!("{c}/documents"), empty.clone(),                   [422, 422, 403, 403, 404, 422, 404, 404, 401]),
        ("GET", format!("{c}/documents"), None,                             [200, 200, 200, 200, 404, 200, 404, 404, 401]),
        ("GET", format!("{c}/documents/{did}"), None,                       [409, 409, 409, 409, 404, 409, 404, 404, 401]),
        ("POST", format!("{c}/shares"), empty.clone(),                      [422, 422, 403, 403, 404, 403, 404, 404, 401]),
        ("DELETE", format!("{c}/shares/CA-DFPI"), None,                     [404, 404, 403, 403, 404, 403, 404, 404, 401]),
    ];

    let mut wrong = vec![];
    for (method, path, body, expected) in &table {
        for (i, token) in tokens.iter().enumerate() {
            let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
            let mut request = local.http.request(m, local.url(path));
            if let Some(t) = token {
                request = request.bearer_auth(t);
            }
            if let Some(b) = body {
                request = request.json(b);
            }
            let r = request.send().await.unwrap();
            let status = r.status().as_u16();
            if status >= 400 {
                assert_eq!(
                    r.headers()["content-type"],
                    "application/problem+json",
                    "{method} {path}"
                );
            }
            if status != expected[i] {
                let text = r.text().await.unwrap_or_default();
                wrong.push(format!(
                    "{method} {path} as {}: {status}, expected {} ({text})",
                    CALLERS[i], expected[i]
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    let (_, history) = api
        .get(&format!("/complaints/{cid}/history?limit=100"), &director())
        .await;
    let actions: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["created", "information_request_sent", "shared", "document_added"],
        "no call of the table changed anything"
    );
}
