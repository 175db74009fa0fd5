//! The document port's contract on both adapters: S3 (moto) and `ses-local`'s folder with
//! signed local URLs. An HTTP PUT of bytes to the presigned upload URL, then a GET of the
//! download URL, returns the same bytes; what arrived is seen by `head`.

use crate::support;

use ses_store::documents::{DocumentKey, DocumentStore, S3Documents};
use std::sync::Arc;
use std::time::Duration;

fn pdf_bytes(n: usize) -> Vec<u8> {
    let mut b = b"%PDF-1.7\n".to_vec();
    b.extend((0..n).map(|i| (i % 251) as u8));
    b
}

async fn round_trip(docs: Arc<dyn DocumentStore>) {
    let http = reqwest::Client::new();
    let bytes = pdf_bytes(300_000);
    let key = DocumentKey::new("documents").unwrap();
    let upload = docs
        .presign_put(&key, "application/pdf", bytes.len() as u64, Duration::from_secs(300))
        .await
        .unwrap();
    assert!(upload.url.starts_with("http"));
    assert_eq!(
        upload.headers.get("content-type").map(String::as_str),
        Some("application/pdf")
    );
    assert!(
        !upload.url.contains("pdf?") && !upload.url.to_lowercase().contains("report"),
        "keys are opaque"
    );
    let mut put = http.put(&upload.url).body(bytes.clone());
    for (k, v) in &upload.headers {
        if k != "content-length" {
            put = put.header(k, v);
        }
    }
    let r = put.send().await.unwrap();
    assert!(
        r.status().is_success(),
        "upload: {} {}",
        r.status(),
        r.text().await.unwrap_or_default()
    );

    let info = docs.head(&key).await.unwrap().expect("the upload is there");
    assert_eq!(info.size, bytes.len() as u64);
    assert_eq!(info.content_type.as_deref(), Some("application/pdf"));

    let url = docs.presign_get(&key, Duration::from_secs(300)).await.unwrap();
    let got = http.get(&url).send().await.unwrap();
    assert!(got.status().is_success());
    assert_eq!(got.bytes().await.unwrap().to_vec(), bytes);

    let report = DocumentKey::new("reports").unwrap();
    docs.put(&report, b"a,b\n1,2\n".to_vec(), "text/csv").await.unwrap();
    let (read, info) = docs.get(&report).await.unwrap().unwrap();
    assert_eq!(read, b"a,b\n1,2\n");
    assert_eq!(info.content_type.as_deref(), Some("text/csv"));

    let missing = DocumentKey::new("documents").unwrap();
    assert!(docs.head(&missing).await.unwrap().is_none());
    assert!(docs.get(&missing).await.unwrap().is_none());
}

#[tokio::test]
async fn s3_presigned_upload_and_download_return_the_same_bytes() {
    let conf = support::aws_conf().await;
    let docs = S3Documents::from_conf(&conf, support::unique("ses-docs"));
    let bucket = support::unique("ses-docs");
    docs.client().create_bucket().bucket(&bucket).send().await.unwrap();
    round_trip(Arc::new(S3Documents::from_conf(&conf, bucket))).await;
}

#[tokio::test]
async fn local_signed_upload_and_download_return_the_same_bytes() {
    let local = support::Local::start(false).await;
    round_trip(local.app.state.documents.clone()).await;
}

#[tokio::test]
async fn local_urls_refuse_tampering_the_wrong_type_and_the_wrong_size() {
    let local = support::Local::start(false).await;
    let docs = local.app.state.documents.clone();
    let http = reqwest::Client::new();
    let key = DocumentKey::new("documents").unwrap();
    let upload = docs
        .presign_put(&key, "image/png", 10, Duration::from_secs(300))
        .await
        .unwrap();
    let wrong_type = http
        .put(&upload.url)
        .header("content-type", "text/html")
        .body(vec![0u8; 10])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), 403);
    let too_big = http
        .put(&upload.url)
        .header("content-type", "image/png")
        .body(vec![0u8; 11])
        .send()
        .await
        .unwrap();
    assert_eq!(too_big.status(), 413);
    let too_small = http
        .put(&upload.url)
        .header("content-type", "image/png")
        .body(vec![0u8; 9])
        .send()
        .await
        .unwrap();
    assert_eq!(too_small.status(), 400);
    assert!(docs.head(&key).await.unwrap().is_none(), "nothing half-stored");
    let tampered = upload.url.replace("sig=", "sig=A");
    let forged = http
        .put(&tampered)
        .header("content-type", "image/png")
        .body(vec![0u8; 10])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let other_key = upload.url.replace(key.as_str(), "documents/someone-elses");
    assert_eq!(
        http.put(&other_key)
            .header("content-type", "image/png")
            .body(vec![0u8; 10])
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    // A download link cannot be used to upload, nor an upload link to download.
    let download = docs.presign_get(&key, Duration::from_secs(300)).await.unwrap();
    assert_eq!(
        http.put(&download)
            .header("content-type", "image/png")
            .body(vec![0u8; 10])
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(http.get(&upload.url).send().await.unwrap().status(), 403);
    let ok = http
        .put(&upload.url)
        .header("content-type", "image/png")
        .body(vec![7u8; 10])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(
        http.get(&download)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
            .to_vec(),
        vec![7u8; 10]
    );
}

#[test]
fn document_keys_are_opaque() {
    for bad in ["", "/a", "a/", "a//b", "Report.pdf", "jane doe", "a/../b", "a.b"] {
        assert!(DocumentKey::parse(bad).is_err(), "{bad:?} accepted");
    }
    assert!(DocumentKey::parse("documents/01kaevents").is_ok());
}
