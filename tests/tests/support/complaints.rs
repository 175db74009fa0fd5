//! Helpers of the complaint tests: callers of the training data, JSON calls, a complaint.

#![allow(dead_code)]

use super::{agency_user, answer, company_user, Local};
use reqwest::StatusCode;
use serde_json::{json, Value};

pub const DIRECTOR: &str = "dir@dob.texas.example";
pub const EXAMINER: &str = "ex@dob.texas.example";
pub const ACORN_ADMIN: &str = "dana.fletcher@acorn-ridge.example";
pub const BLUEBONNET_ADMIN: &str = "luis.serrano@bluebonnet.example";

pub fn director() -> String {
    agency_user("TX-DOB", &["staff_director"], DIRECTOR)
}

pub fn examiner() -> String {
    agency_user("TX-DOB", &["examiner"], EXAMINER)
}

pub fn staff_user() -> String {
    agency_user("TX-DOB", &["staff_user"], "staff@dob.texas.example")
}

pub fn roleless() -> String {
    agency_user("TX-DOB", &[], "reader@dob.texas.example")
}

pub fn other_agency() -> String {
    agency_user("NY-DFS", &["staff_director", "examiner"], "dir@dfs.ny.example")
}

pub fn acorn() -> String {
    company_user(ACORN_ADMIN)
}

pub fn bluebonnet() -> String {
    company_user(BLUEBONNET_ADMIN)
}

pub fn new_complaint(nmls: &str) -> Value {
    json!({
        "nmlsId": nmls,
        "consumer": { "firstName": "Maria", "lastName": "Lopez", "email": "maria.lopez@consumer.example", "phone": "512-555-0111", "state": "TX" },
        "product": "Mortgage", "issue": "Escrow account", "narrative": "My escrow account was overcharged by $400.",
        "receivedOn": "2026-11-02", "channel": "web", "desiredResolution": "SECRET-WISH: refund the $400"
    })
}

pub struct Api<'a> {
    pub local: &'a Local,
}

impl<'a> Api<'a> {
    pub fn new(local: &'a Local) -> Api<'a> {
        Api { local }
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        answer(self.local.get(path, token).await).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        answer(self.local.post(path, token, &body).await).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        answer(self.local.patch(path, token, &body).await).await
    }

    pub async fn delete(&self, path: &str, token: &str) -> (StatusCode, Value) {
        answer(self.local.delete(path, token).await).await
    }

    /// Files a complaint against `nmls` as the director; answers it.
    pub async fn file(&self, nmls: &str) -> Value {
        let (s, c) = self.post("/complaints", &director(), new_complaint(nmls)).await;
        assert_eq!(s, 201, "{c}");
        c
    }

    /// The examiner signs in once, so the agency can assign to them.
    pub async fn examiner_seen(&self) {
        let (s, me) = self.get("/me", &examiner()).await;
        assert_eq!(s, 200, "{me}");
    }

    /// Sends all pending mail and answers what was delivered.
    pub async fn mail(&self) -> Vec<Value> {
        self.local.mail().await
    }

    pub async fn advance_days(&self, days: i64) {
        let (s, b) = self.post("/_local/clock", "", json!({ "advanceDays": days })).await;
        assert_eq!(s, 200, "{b}");
    }

    pub async fn run_job(&self, name: &str) -> Value {
        let (s, b) = self.post(&format!("/_local/jobs/{name}"), "", json!({})).await;
        assert_eq!(s, 200, "{b}");
        b["summary"].clone()
    }

    /// Declares a document as `token`, uploads `bytes`, answers its id.
    pub async fn upload(&self, complaint: &str, token: &str, bytes: &[u8], share: bool) -> String {
        let (s, d) = self
            .post(
                &format!("/complaints/{complaint}/documents"),
                token,
                json!({ "fileName": "statement.txt", "contentType": "text/plain", "size": bytes.len(), "shareWithCompany": share }),
            )
            .await;
        assert_eq!(s, 201, "{d}");
        let mut put = self
            .local
            .http
            .put(d["uploadUrl"].as_str().unwrap())
            .body(bytes.to_vec());
        for (k, v) in d["uploadHeaders"].as_object().unwrap() {
            put = put.header(k, v.as_str().unwrap());
        }
        let r = put.send().await.unwrap();
        assert!(r.status().is_success(), "upload: {}", r.status());
        d["documentId"].as_str().unwrap().to_string()
    }
}

pub fn id(v: &Value, field: &str) -> String {
    v[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} in {v}"))
        .to_string()
}
