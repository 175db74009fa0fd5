//! Complaints on the AWS adapters: the table on DynamoDB and documents on S3, both on the
//! moto server. The list entries move between partitions and indexes as the complaint changes
//! (status, assignee, sharing), and a document goes from a presigned PUT through the upload
//! check to a presigned GET that returns the same bytes.

use crate::support;

use serde_json::json;
use ses_services::complaint::ComplaintsConfig;
use ses_store::documents::S3Documents;
use std::sync::Arc;
use support::complaints::{acorn, director, examiner, new_complaint, other_agency, ACORN_ADMIN, EXAMINER};

/// The ids of a complaint list's page.
async fn ids(api: &support::Client, path: &str, token: &str) -> Vec<String> {
    let (s, b) = api.call("GET", path, token, None).await;
    assert_eq!(s, 200, "{path}: {b}");
    b["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["complaintId"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_complaint_is_worked_on_dynamodb_with_its_documents_on_s3() {
    let (table, _, _) = support::dynamo_table().await;
    ses_local::training_data::load(&table, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let conf = support::aws_conf().await;
    let bucket = support::unique("ses-docs");
    let s3 = S3Documents::from_conf(&conf, bucket.clone());
    s3.client().create_bucket().bucket(&bucket).send().await.unwrap();
    let documents = Arc::new(S3Documents::from_conf(&conf, bucket));

    let (api, state) = support::serve(table.clone(), |state, _| {
        complaint_intake::router(state.clone(), ComplaintsConfig::new(documents.clone()))
            .merge(directory::router(state))
    })
    .await;

    let (s, _) = api.call("GET", "/me", &examiner(), None).await;
    assert_eq!(s, 200);
    let (s, c) = api
        .call("POST", "/complaints", &director(), Some(new_complaint("900001")))
        .await;
    assert_eq!(s, 201, "{c}");
    let cid = c["complaintId"].as_str().unwrap().to_string();
    let (s, other) = api
        .call("POST", "/complaints", &director(), Some(new_complaint("900002")))
        .await;
    assert_eq!(s, 201, "{other}");
    let other_id = other["complaintId"].as_str().unwrap().to_string();
    assert_ne!(c["complaintNumber"], other["complaintNumber"]);

    assert_eq!(
        ids(&api, "/complaints", &director()).await,
        [other_id.clone(), cid.clone()]
    );
    assert_eq!(
        ids(&api, "/complaints?nmlsId=900001", &director()).await,
        vec![cid.clone()]
    );
    assert_eq!(ids(&api, "/complaints", &acorn()).await, vec![cid.clone()]);

    let (s, _) = api
        .call(
            "POST",
            &format!("/complaints/{cid}/assignment"),
            &director(),
            Some(json!({ "assigneeEmail": EXAMINER })),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(
        ids(&api, "/complaints?assignee=me", &examiner()).await,
        vec![cid.clone()]
    );
    let due = time::OffsetDateTime::now_utc().date().to_string();
    let (s, r) = api
        .call(
            "POST",
            &format!("/complaints/{cid}/information-requests"),
            &examiner(),
            Some(json!({ "questions": ["Why?"], "dueOn": due })),
        )
        .await;
    assert_eq!(s, 201, "{r}");
    let rid = r["requestId"].as_str().unwrap().to_string();
    assert_eq!(
        ids(&api, "/complaints?status=awaiting_company", &director()).await,
        vec![cid.clone()]
    );
    assert_eq!(
        ids(&api, "/complaints?status=received", &director()).await,
        vec![other_id.clone()]
    );
    assert_eq!(
        ids(&api, "/complaints?status=awaiting_company", &acorn()).await,
        vec![cid.clone()]
    );

    // The company uploads straight to S3; the upload check makes the document available.
    let (s, d) = api
        .call(
            "POST",
            &format!("/complaints/{cid}/documents"),
            &acorn(),
            Some(json!({ "fileName": "refund.txt", "contentType": "text/plain", "size": 6 })),
        )
        .await;
    assert_eq!(s, 201, "{d}");
    let did = d["documentId"].as_str().unwrap().to_string();
    let mut put = api.http.put(d["uploadUrl"].as_str().unwrap()).body(b"refund".to_vec());
    for (k, v) in d["uploadHeaders"].as_object().unwrap() {
        put = put.header(k, v.as_str().unwrap());
    }
    assert!(put.send().await.unwrap().status().is_success());
    let key = format!("complaints/{}/{}", cid.to_lowercase(), did.to_lowercase());
    let outcome = ses_services::complaint::uploads::object_created(&state, documents.as_ref(), &key)
        .await
        .unwrap();
    assert_eq!(
        outcome,
        ses_services::complaint::uploads::UploadOutcome::Available {
            document_id: ses_domain::DocumentId::parse(&did).unwrap()
        }
    );
    let (s, answered) = api
        .call(
            "POST",
            &format!("/complaints/{cid}/information-requests/{rid}/responses"),
            &acorn(),
            Some(json!({ "text": "Refunded; receipt attached.", "documentIds": [did] })),
        )
        .await;
    assert_eq!(s, 201, "{answered}");
    assert_eq!(answered["responses"][0]["respondedBy"]["email"], ACORN_ADMIN);
    let (s, doc) = api
        .call("GET", &format!("/complaints/{cid}/documents/{did}"), &director(), None)
        .await;
    assert_eq!(s, 200, "{doc}");
    let bytes = api
        .http
        .get(doc["downloadUrl"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&bytes[..], b"refund");

    // An upload that is not what was declared (the local S3 does not check the signed length)
    // is rejected and never served.
    let (s, d) = api
        .call(
            "POST",
            &format!("/complaints/{cid}/documents"),
            &director(),
            Some(json!({ "fileName": "short.txt", "contentType": "text/plain", "size": 10 })),
        )
        .await;
    assert_eq!(s, 201, "{d}");
    let short = d["documentId"].as_str().unwrap().to_string();
    let mut put = api.http.put(d["uploadUrl"].as_str().unwrap()).body(b"only5".to_vec());
    for (k, v) in d["uploadHeaders"].as_object().unwrap() {
        if k != "content-length" {
            put = put.header(k, v.as_str().unwrap());
        }
    }
    assert!(put.send().await.unwrap().status().is_success());
    let key = format!("complaints/{}/{}", cid.to_lowercase(), short.to_lowercase());
    let outcome = ses_services::complaint::uploads::object_created(&state, documents.as_ref(), &key)
        .await
        .unwrap();
    assert!(
        matches!(
            outcome,
            ses_services::complaint::uploads::UploadOutcome::Rejected { .. }
        ),
        "{outcome:?}"
    );
    let (s, body) = api
        .call(
            "GET",
            &format!("/complaints/{cid}/documents/{short}"),
            &director(),
            None,
        )
        .await;
    assert_eq!(s, 409, "a rejected document is never served: {body}");

    // Sharing puts an entry under the other agency; revoking takes it away.
    let (s, _) = api
        .call(
            "POST",
            &format!("/complaints/{cid}/shares"),
            &director(),
            Some(json!({ "agencyId": "NY-DFS" })),
        )
        .await;
    assert_eq!(s, 201);
    assert_eq!(ids(&api, "/complaints", &other_agency()).await, vec![cid.clone()]);
    assert_eq!(
        ids(&api, "/complaints?status=company_responded", &other_agency()).await,
        vec![cid.clone()]
    );
    let (s, _) = api
        .call("DELETE", &format!("/complaints/{cid}/shares/NY-DFS"), &director(), None)
        .await;
    assert_eq!(s, 204);
    assert_eq!(ids(&api, "/complaints", &other_agency()).await, Vec::<String>::new());

    let (s, closed) = api
        .call(
            "POST",
            &format!("/complaints/{cid}/status"),
            &director(),
            Some(json!({ "status": "closed", "resolution": { "kind": "non_monetary_relief", "summary": "Fees waived" } })),
        )
        .await;
    assert_eq!(s, 200, "{closed}");
    assert_eq!(
        ids(&api, "/complaints?status=closed", &director()).await,
        vec![cid.clone()]
    );
    assert_eq!(
        ids(&api, "/complaints?status=company_responded", &director()).await,
        Vec::<String>::new()
    );
    let (_, history) = api
        .call("GET", &format!("/complaints/{cid}/history"), &director(), None)
        .await;
    assert_eq!(history["items"].as_array().unwrap().len(), 9, "{history}");
}
