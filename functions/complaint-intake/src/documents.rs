//! Documents of a complaint: declared here, uploaded straight to storage with a short-lived
//! URL, downloaded the same way once available. The bytes never pass through a function.

use crate::http::{json, CREATED};
use crate::opening::{begin_or_replay, Opening};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::{Extension, Json};
use ses_domain::complaint::document::{DocumentView, NewDocument};
use ses_domain::complaint::Intent;
use ses_domain::DocumentId;
use ses_domain::{Actor, ComplaintDocument};
use ses_edge::paging::filtered_page;
use ses_edge::{ApiError, ApiResult, AppState, Caller, IdempotentJson, Page, PageParams, PathParams};
use ses_services::complaint::{self as service, ComplaintsConfig};
use ses_store::documents::DocumentKey;
use ses_store::layout::{complaint_partition, document_key, document_object_key, document_write, DOCUMENT_PREFIX};
use ses_store::Query;
use std::collections::BTreeMap;
use std::sync::Arc;

// What the client needs to upload.
/// `PUT` the bytes to `uploadUrl` with exactly `uploadHeaders`.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = DocumentUpload)]
#[serde(rename_all = "camelCase")]
pub struct Upload {
    #[schema(value_type = String)]
    document_id: DocumentId,
    upload_url: String,
    upload_headers: BTreeMap<String, String>,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String)]
    expires_at: time::OffsetDateTime,
}

/// Declares a document and answers where to `PUT` its bytes (with exactly those headers).
#[utoipa::path(operation_id = "declare_complaint_document", post, path = "/complaints/{complaintId}/documents", tag = "documents",
    params(("complaintId" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    request_body = ses_domain::complaint::document::NewDocument,
    responses((status = 201, body = crate::documents::Upload), (status = 403, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn declare(
    State(state): State<AppState>,
    Extension(config): Extension<Arc<ComplaintsConfig>>,
    Caller(p): Caller,
    path: PathParams,
    IdempotentJson(idem, body): IdempotentJson,
) -> ApiResult<Response> {
    let (loaded, v) = begin_or_replay!(Opening::new(&state, &p, &path, Intent::AddDocument), &idem);
    let id = loaded.complaint.complaint_id;
    let new = NewDocument::from_json(&body)?;
    let now = state.now();
    let document_id: DocumentId = ses_services::ids::ordered();
    let object_key = document_object_key(&id, &document_id);
    let key = DocumentKey::parse(&object_key)?;
    let by = Actor::from(&p);
    let d = ComplaintDocument::declare(new, document_id.clone(), id.clone(), object_key, v, by.clone(), now);
    let upload = config
        .documents
        .presign_put(&key, &d.content_type, d.size, config.upload_ttl)
        .await?;
    let details = serde_json::json!({ "documentId": document_id, "fileName": d.file_name, "shareWithCompany": d.share_with_company });
    let writes = vec![
        document_write(&d)?,
        service::history(&id, by, "document_added", details, now)?,
    ];
    let answer = Upload {
        document_id,
        upload_url: upload.url,
        upload_headers: upload.headers,
        expires_at: upload.expires_at,
    };
    idem.commit(&state, &p, writes, CREATED, json(&answer)?).await
}

/// The complaint's documents the caller may see, oldest first.
#[utoipa::path(operation_id = "list_complaint_documents", get, path = "/complaints/{complaintId}/documents", tag = "documents",
    params(("complaintId" = String, Path), ("limit" = Option<u32>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = ses_edge::paging::DocumentPage)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    Caller(p): Caller,
    path: PathParams,
    page: PageParams,
) -> ApiResult<Json<Page<DocumentView>>> {
    let (loaded, v) = Opening::new(&state, &p, &path, Intent::Read).open().await?;
    let query = Query::partition(complaint_partition(&loaded.complaint.complaint_id)).prefix(DOCUMENT_PREFIX);
    let page = filtered_page(&state.table, query, page, |item| {
        let d: ComplaintDocument = item.entity()?;
        Ok(d.visible_to(v).then(|| d.view(None)))
    })
    .await?;
    Ok(Json(page))
}

/// A document, with a short-lived download URL once it is available.
#[utoipa::path(operation_id = "get_complaint_document", get, path = "/complaints/{complaintId}/documents/{documentId}", tag = "documents",
    params(("complaintId" = String, Path), ("documentId" = String, Path)),
    responses((status = 200, body = ses_domain::complaint::document::DocumentView),
        (status = 409, body = ses_edge::problem::Problem)),
    security(("bearer" = [])))]
pub async fn get(
    State(state): State<AppState>,
    Extension(config): Extension<Arc<ComplaintsConfig>>,
    Caller(p): Caller,
    path: PathParams,
) -> ApiResult<(StatusCode, Json<DocumentView>)> {
    let document_id = path.parse("documentId", DocumentId::parse)?;
    let (loaded, v) = Opening::new(&state, &p, &path, Intent::Read).open().await?;
    let id = loaded.complaint.complaint_id;
    let d: ComplaintDocument = state
        .table
        .get(&document_key(&id, &document_id))
        .await?
        .ok_or(ApiError::NotFound)?
        .entity()?;
    if !d.visible_to(v) {
        return Err(ApiError::NotFound);
    }
    d.downloadable()?;
    let key = DocumentKey::parse(&d.object_key)?;
    let url = config.documents.presign_get(&key, config.download_ttl).await?;
    Ok((StatusCode::OK, Json(d.view(Some(url)))))
}
