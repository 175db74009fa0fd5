//! A company's administrators keep its users and contacts (SPEC.md §1).

use crate::support;

use serde_json::{json, Value};
use support::{company_user, Local};

fn person(email: &str) -> Value {
    json!({ "firstName": "Robin", "lastName": "Diaz", "email": email, "phone": "469 555 0177" })
}

#[tokio::test]
async fn admins_add_promote_and_remove_users_but_never_the_last_admin() {
    let local = Local::start(true).await;
    let dana = company_user("dana.fletcher@acorn-ridge.example");
    let users_url = local.url("/companies/900001/users");

    let (s, robin) = support::answer(
        local
            .http
            .post(&users_url)
            .bearer_auth(&dana)
            .json(&person("Robin@Acorn-Ridge.example"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 201, "{robin}");
    assert_eq!(robin["status"], "invited");
    assert_eq!(robin["admin"], false);
    assert_eq!(robin["email"], "robin@acorn-ridge.example");
    let robin_id = robin["userId"].as_str().unwrap().to_string();
    let (s, _) = support::answer(
        local
            .http
            .post(&users_url)
            .bearer_auth(&dana)
            .json(&person("robin@acorn-ridge.example"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 409, "an email already there");
    assert!(
        local
            .mail()
            .await
            .iter()
            .any(|m| m["to"][0] == "robin@acorn-ridge.example"),
        "the new user is emailed"
    );

    // Robin's first sign-in makes them active; a plain user may not manage users.
    let robin_token = company_user("robin@acorn-ridge.example");
    let me: Value = local.get("/me", &robin_token).await.json().await.unwrap();
    assert_eq!(me["companies"][0]["nmlsId"], "900001");
    let (s, _) = support::answer(
        local
            .http
            .post(&users_url)
            .bearer_auth(&robin_token)
            .json(&person("x@acorn-ridge.example"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 403);
    let list: Value = local
        .http
        .get(&users_url)
        .bearer_auth(&robin_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let robin_now = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["userId"] == robin_id.as_str())
        .unwrap()
        .clone();
    assert_eq!(robin_now["status"], "active");

    // The last admin is kept.
    let dana_id = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "dana.fletcher@acorn-ridge.example")
        .unwrap()["userId"]
        .as_str()
        .unwrap()
        .to_string();
    let demote = local
        .http
        .patch(local.url(&format!("/companies/900001/users/{dana_id}")))
        .bearer_auth(&dana)
        .json(&json!({ "admin": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(demote.status(), 409);
    let delete = local.delete(&format!("/companies/900001/users/{dana_id}"), &dana).await;
    assert_eq!(delete.status(), 409);
    let promote = local
        .http
        .patch(local.url(&format!("/companies/900001/users/{robin_id}")))
        .bearer_auth(&dana)
        .json(&json!({ "admin": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(promote.status(), 200);
    let delete = local
        .delete(&format!("/companies/900001/users/{dana_id}"), &robin_token)
        .await;
    assert_eq!(delete.status(), 204);
    let (s, _) = support::answer(
        local
            .http
            .post(&users_url)
            .bearer_auth(&dana)
            .json(&person("y@acorn-ridge.example"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 403, "a removed admin no longer manages users");

    // Contacts, and the history of it all.
    let contacts = json!({ "saContact": person("sa@acorn-ridge.example"), "complaintsContact": person("complaints@acorn-ridge.example") });
    let r = local
        .http
        .put(local.url("/companies/900001/contacts"))
        .bearer_auth(&robin_token)
        .json(&contacts)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.json::<Value>().await.unwrap()["saContact"]["email"],
        "sa@acorn-ridge.example"
    );
    let bad = local
        .http
        .put(local.url("/companies/900001/contacts"))
        .bearer_auth(&robin_token)
        .json(&json!({ "saContact": {} }))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let history: Value = local
        .get("/companies/900001/history", &robin_token)
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "user_added",
            "user_activated",
            "user_role_changed",
            "user_removed",
            "contacts_changed"
        ]
    );

    // Another company's user sees none of it.
    let luis = company_user("luis.serrano@bluebonnet.example");
    assert_eq!(
        local
            .http
            .get(&users_url)
            .bearer_auth(&luis)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(local.get("/companies/900001/history", &luis).await.status(), 403);
    assert_eq!(
        local
            .http
            .put(local.url("/companies/900001/contacts"))
            .bearer_auth(&luis)
            .json(&contacts)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
}
