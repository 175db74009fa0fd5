//! `PUT|GET /_local/documents/{key}`: `ses-local`'s stand-in for S3 presigned URLs. The URL's
//! grant is signed and expires; an upload must carry the declared content type and exactly
//! the declared size, and is streamed to disk (up to 1 GiB), never held in memory. A stored
//! upload is checked at once, as `document-events` does for S3.

use crate::LocalState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use ses_edge::{ApiError, ApiResult, PathParams};
use ses_store::documents::{DocumentKey, LocalGrant, LocalOp};
use tokio::io::AsyncWriteExt;

pub struct Signed {
    grant: String,
    sig: String,
}

impl Signed {
    /// The link's `grant` and `sig`; a link without them is not valid (403, as problem+json).
    fn from_uri(uri: &Uri) -> ApiResult<Signed> {
        let pairs = ses_edge::paging::query_pairs(uri)?;
        let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        match (get("grant"), get("sig")) {
            (Some(grant), Some(sig)) => Ok(Signed { grant, sig }),
            _ => Err(ApiError::Forbidden("this link is not valid or has expired".into())),
        }
    }
}

fn grant(s: &LocalState, key: &str, q: &Signed, op: LocalOp) -> ApiResult<(DocumentKey, LocalGrant)> {
    let denied = || ApiError::Forbidden("this link is not valid or has expired".into());
    let docs = s.local_documents.as_ref().ok_or(ApiError::NotFound)?;
    let grant = docs
        .verify(key, &q.grant, &q.sig, time::OffsetDateTime::now_utc().unix_timestamp())
        .map_err(|_| denied())?;
    if grant.op != op {
        return Err(denied());
    }
    Ok((DocumentKey::parse(key).map_err(|_| denied())?, grant))
}

pub async fn upload(
    State(s): State<LocalState>,
    path: PathParams,
    uri: Uri,
    request: Request,
) -> ApiResult<StatusCode> {
    let q = Signed::from_uri(&uri)?;
    let (key, grant) = grant(&s, path.get("key")?, &q, LocalOp::Put)?;
    let docs = s.local_documents.as_ref().ok_or(ApiError::NotFound)?;
    let declared_type = grant.content_type.clone().unwrap_or_default();
    let sent_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if sent_type != declared_type {
        return Err(ApiError::Forbidden(format!(
            "send Content-Type: {declared_type}, as declared"
        )));
    }
    let expected = grant.size.unwrap_or(0);
    let partial = docs.partial_path(&key)?;
    let mut file = tokio::fs::File::create(&partial).await.map_err(ApiError::internal)?;
    let mut received: u64 = 0;
    let mut stream = request.into_body().into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| ApiError::Malformed(e.to_string()))?;
        received += chunk.len() as u64;
        if received > expected {
            drop(file);
            let _ = tokio::fs::remove_file(&partial).await;
            return Err(ApiError::PayloadTooLarge(format!(
                "the upload is over its declared {expected} bytes"
            )));
        }
        file.write_all(&chunk).await.map_err(ApiError::internal)?;
    }
    file.flush().await.map_err(ApiError::internal)?;
    drop(file);
    if received != expected {
        let _ = tokio::fs::remove_file(&partial).await;
        return Err(ApiError::Malformed(format!(
            "the upload has {received} bytes, not the declared {expected}"
        )));
    }
    docs.finish_upload(&key, &partial, received, &declared_type)?;
    // The local store's own check stands in for the S3 notification: a complaint document is
    // available as soon as its bytes are stored.
    ses_services::complaint::uploads::object_created(&s.app, s.documents.as_ref(), key.as_str()).await?;
    Ok(StatusCode::OK)
}

pub async fn download(State(s): State<LocalState>, path: PathParams, uri: Uri) -> ApiResult<Response> {
    let q = Signed::from_uri(&uri)?;
    let (key, _) = grant(&s, path.get("key")?, &q, LocalOp::Get)?;
    let docs = s.local_documents.as_ref().ok_or(ApiError::NotFound)?;
    let (file_path, info) = docs.file(&key)?.ok_or(ApiError::NotFound)?;
    let file = tokio::fs::File::open(&file_path).await.map_err(ApiError::internal)?;
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(file));
    let content_type = info.content_type.unwrap_or_else(|| "application/octet-stream".into());
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_LENGTH, info.size.to_string()),
            (header::CACHE_CONTROL, "private, no-store".into()),
        ],
        body,
    )
        .into_response())
}
