//! The document port: short-lived presigned upload and download URLs (the bytes never pass
//! through a function), a head to see what arrived, and direct put/get for files the system
//! writes itself (reports, credentials). Adapters: S3, and a folder served by `ses-local`
//! through signed, expiring local URLs.

use crate::StoreError;
use async_trait::async_trait;
use std::collections::BTreeMap;
use std::time::Duration;
use time::OffsetDateTime;

/// An opaque object key: lower-case letters, digits, `-`, `_` and `/` only, so no name,
/// file name or personal data can reach a key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocumentKey(String);

impl DocumentKey {
    pub fn parse(raw: &str) -> Result<DocumentKey, StoreError> {
        let ok = (1..=200).contains(&raw.len())
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_/".contains(&b))
            && !raw.starts_with('/')
            && !raw.ends_with('/')
            && !raw.contains("//");
        if ok {
            Ok(DocumentKey(raw.to_string()))
        } else {
            Err(StoreError::Invalid(format!("not an opaque document key: {raw:?}")))
        }
    }

    /// A new key under a prefix such as `documents`.
    pub fn new(prefix: &str) -> Result<DocumentKey, StoreError> {
        DocumentKey::parse(&format!("{prefix}/{}", ulid::Ulid::new().to_string().to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a client needs to upload: `PUT` the bytes to `url` with exactly `headers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadUrl {
    pub url: String,
    pub headers: BTreeMap<String, String>,
    pub expires_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectInfo {
    pub size: u64,
    pub content_type: Option<String>,
}

#[async_trait]
pub trait DocumentStore: Send + Sync {
    async fn presign_put(
        &self,
        key: &DocumentKey,
        content_type: &str,
        size: u64,
        ttl: Duration,
    ) -> Result<UploadUrl, StoreError>;
    async fn presign_get(&self, key: &DocumentKey, ttl: Duration) -> Result<String, StoreError>;
    async fn head(&self, key: &DocumentKey) -> Result<Option<ObjectInfo>, StoreError>;
    async fn put(&self, key: &DocumentKey, bytes: Vec<u8>, content_type: &str) -> Result<(), StoreError>;
    async fn get(&self, key: &DocumentKey) -> Result<Option<(Vec<u8>, ObjectInfo)>, StoreError>;
}

#[cfg(feature = "embedded")]
pub use local::{LocalDocuments, LocalGrant, LocalOp};

/// The folder adapter, for `ses-local` only (the `embedded` feature).
#[cfg(feature = "embedded")]
mod local {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use hmac::{Hmac, Mac};
    use serde::{Deserialize, Serialize};
    use sha2::Sha256;
    use std::path::PathBuf;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum LocalOp {
        Put,
        Get,
    }

    /// What a verified local URL allows.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct LocalGrant {
        pub op: LocalOp,
        pub key: String,
        pub exp: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub content_type: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub size: Option<u64>,
    }

    #[derive(Serialize, Deserialize)]
    struct Meta {
        size: u64,
        content_type: String,
    }

    /// Documents in a folder; URLs on `ses-local`'s `/_local/documents/` signed with HMAC.
    pub struct LocalDocuments {
        dir: PathBuf,
        base_url: String,
        secret: Vec<u8>,
    }

    fn io(e: std::io::Error) -> StoreError {
        StoreError::Backend(e.to_string())
    }

    impl LocalDocuments {
        pub fn open(dir: PathBuf, base_url: &str, secret: &[u8]) -> Result<LocalDocuments, StoreError> {
            std::fs::create_dir_all(&dir).map_err(io)?;
            Ok(LocalDocuments {
                dir,
                base_url: base_url.trim_end_matches('/').to_string(),
                secret: secret.to_vec(),
            })
        }

        fn path(&self, key: &DocumentKey) -> PathBuf {
            self.dir.join(key.as_str())
        }

        fn meta_path(&self, key: &DocumentKey) -> PathBuf {
            self.dir.join(format!("{}.meta.json", key.as_str()))
        }

        fn mac(&self, payload: &[u8]) -> Result<Hmac<Sha256>, StoreError> {
            let mut mac =
                Hmac::<Sha256>::new_from_slice(&self.secret).map_err(|e| StoreError::Invalid(e.to_string()))?;
            mac.update(payload);
            Ok(mac)
        }

        fn url(&self, grant: &LocalGrant) -> Result<String, StoreError> {
            let payload = serde_json::to_vec(grant).map_err(|e| StoreError::Invalid(e.to_string()))?;
            let sig = self.mac(&payload)?.finalize().into_bytes();
            Ok(format!(
                "{}/_local/documents/{}?grant={}&sig={}",
                self.base_url,
                grant.key,
                URL_SAFE_NO_PAD.encode(payload),
                URL_SAFE_NO_PAD.encode(sig)
            ))
        }

        /// Checks a local URL's grant and signature, and that it is for this key and not expired.
        pub fn verify(&self, key: &str, grant: &str, sig: &str, now_epoch: i64) -> Result<LocalGrant, StoreError> {
            let payload = URL_SAFE_NO_PAD.decode(grant).map_err(|_| StoreError::BadCursor)?;
            let sig = URL_SAFE_NO_PAD.decode(sig).map_err(|_| StoreError::BadCursor)?;
            self.mac(&payload)?
                .verify_slice(&sig)
                .map_err(|_| StoreError::BadCursor)?;
            let grant: LocalGrant = serde_json::from_slice(&payload).map_err(|_| StoreError::BadCursor)?;
            if grant.key != key || grant.exp < now_epoch {
                return Err(StoreError::BadCursor);
            }
            Ok(grant)
        }

        fn write(&self, key: &DocumentKey, bytes: &[u8], content_type: &str) -> Result<(), StoreError> {
            let path = self.path(key);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io)?;
            }
            // Write then rename, so a reader never sees half a document.
            let tmp = path.with_extension("partial");
            std::fs::write(&tmp, bytes).map_err(io)?;
            std::fs::rename(&tmp, &path).map_err(io)?;
            let meta = serde_json::to_vec(&Meta {
                size: bytes.len() as u64,
                content_type: content_type.to_string(),
            })
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
            std::fs::write(self.meta_path(key), meta).map_err(io)
        }

        /// Where an upload is written while it arrives.
        pub fn partial_path(&self, key: &DocumentKey) -> Result<PathBuf, StoreError> {
            let path = self.path(key).with_extension("partial");
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io)?;
            }
            Ok(path)
        }

        /// Makes a fully received upload the document.
        pub fn finish_upload(
            &self,
            key: &DocumentKey,
            partial: &std::path::Path,
            size: u64,
            content_type: &str,
        ) -> Result<(), StoreError> {
            std::fs::rename(partial, self.path(key)).map_err(io)?;
            let meta = serde_json::to_vec(&Meta {
                size,
                content_type: content_type.to_string(),
            })
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
            std::fs::write(self.meta_path(key), meta).map_err(io)
        }

        /// The stored bytes' path and what they are.
        pub fn file(&self, key: &DocumentKey) -> Result<Option<(PathBuf, ObjectInfo)>, StoreError> {
            Ok(self.read_meta(key)?.map(|info| (self.path(key), info)))
        }

        fn read_meta(&self, key: &DocumentKey) -> Result<Option<ObjectInfo>, StoreError> {
            match std::fs::read(self.meta_path(key)) {
                Ok(b) => {
                    let m: Meta = serde_json::from_slice(&b).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    Ok(Some(ObjectInfo {
                        size: m.size,
                        content_type: Some(m.content_type),
                    }))
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(io(e)),
            }
        }
    }

    fn expiry(ttl: Duration) -> OffsetDateTime {
        OffsetDateTime::now_utc() + ttl
    }

    #[async_trait]
    impl DocumentStore for LocalDocuments {
        async fn presign_put(
            &self,
            key: &DocumentKey,
            content_type: &str,
            size: u64,
            ttl: Duration,
        ) -> Result<UploadUrl, StoreError> {
            let expires_at = expiry(ttl);
            let grant = LocalGrant {
                op: LocalOp::Put,
                key: key.as_str().into(),
                exp: expires_at.unix_timestamp(),
                content_type: Some(content_type.into()),
                size: Some(size),
            };
            Ok(UploadUrl {
                url: self.url(&grant)?,
                headers: BTreeMap::from([("content-type".to_string(), content_type.to_string())]),
                expires_at,
            })
        }

        async fn presign_get(&self, key: &DocumentKey, ttl: Duration) -> Result<String, StoreError> {
            let grant = LocalGrant {
                op: LocalOp::Get,
                key: key.as_str().into(),
                exp: expiry(ttl).unix_timestamp(),
                content_type: None,
                size: None,
            };
            self.url(&grant)
        }

        async fn head(&self, key: &DocumentKey) -> Result<Option<ObjectInfo>, StoreError> {
            self.read_meta(key)
        }

        async fn put(&self, key: &DocumentKey, bytes: Vec<u8>, content_type: &str) -> Result<(), StoreError> {
            self.write(key, &bytes, content_type)
        }

        async fn get(&self, key: &DocumentKey) -> Result<Option<(Vec<u8>, ObjectInfo)>, StoreError> {
            let Some(info) = self.read_meta(key)? else {
                return Ok(None);
            };
            let bytes = std::fs::read(self.path(key)).map_err(io)?;
            Ok(Some((bytes, info)))
        }
    }
}

#[cfg(feature = "aws-documents")]
pub use s3::S3Documents;

#[cfg(feature = "aws-documents")]
mod s3 {
    use super::*;
    use aws_sdk_s3::presigning::PresigningConfig;
    use aws_sdk_s3::primitives::ByteStream;
    use aws_sdk_s3::Client;

    fn backend(e: impl std::fmt::Display) -> StoreError {
        StoreError::Backend(e.to_string())
    }

    /// Documents in one private bucket.
    pub struct S3Documents {
        client: Client,
        bucket: String,
    }

    impl S3Documents {
        pub fn new(client: Client, bucket: impl Into<String>) -> S3Documents {
            S3Documents {
                client,
                bucket: bucket.into(),
            }
        }

        /// From the shared SDK configuration; path-style addressing when an endpoint is set
        /// (a local S3-compatible endpoint has no per-bucket host names).
        pub fn from_conf(conf: &aws_config::SdkConfig, bucket: impl Into<String>) -> S3Documents {
            let path_style = conf.endpoint_url().is_some();
            let s3 = aws_sdk_s3::config::Builder::from(conf)
                .force_path_style(path_style)
                .build();
            S3Documents::new(Client::from_conf(s3), bucket)
        }

        pub fn client(&self) -> &Client {
            &self.client
        }
    }

    fn presigning(ttl: Duration) -> Result<PresigningConfig, StoreError> {
        PresigningConfig::expires_in(ttl).map_err(|e| StoreError::Invalid(e.to_string()))
    }

    #[async_trait]
    impl DocumentStore for S3Documents {
        async fn presign_put(
            &self,
            key: &DocumentKey,
            content_type: &str,
            size: u64,
            ttl: Duration,
        ) -> Result<UploadUrl, StoreError> {
            let request = self
                .client
                .put_object()
                .bucket(&self.bucket)
                .key(key.as_str())
                .content_type(content_type)
                .content_length(i64::try_from(size).map_err(|e| StoreError::Invalid(e.to_string()))?)
                .presigned(presigning(ttl)?)
                .await
                .map_err(backend)?;
            let headers = request
                .headers()
                .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
                .collect();
            Ok(UploadUrl {
                url: request.uri().to_string(),
                headers,
                expires_at: OffsetDateTime::now_utc() + ttl,
            })
        }

        async fn presign_get(&self, key: &DocumentKey, ttl: Duration) -> Result<String, StoreError> {
            let request = self
                .client
                .get_object()
                .bucket(&self.bucket)
                .key(key.as_str())
                .presigned(presigning(ttl)?)
                .await
                .map_err(backend)?;
            Ok(request.uri().to_string())
        }

        async fn head(&self, key: &DocumentKey) -> Result<Option<ObjectInfo>, StoreError> {
            match self
                .client
                .head_object()
                .bucket(&self.bucket)
                .key(key.as_str())
                .send()
                .await
            {
                Ok(out) => Ok(Some(ObjectInfo {
                    size: out.content_length.and_then(|l| u64::try_from(l).ok()).unwrap_or(0),
                    content_type: out.content_type,
                })),
                Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => Ok(None),
                Err(e) => Err(backend(aws_sdk_s3::error::DisplayErrorContext(e))),
            }
        }

        async fn put(&self, key: &DocumentKey, bytes: Vec<u8>, content_type: &str) -> Result<(), StoreError> {
            self.client
                .put_object()
                .bucket(&self.bucket)
                .key(key.as_str())
                .content_type(content_type)
                .body(ByteStream::from(bytes))
                .send()
                .await
                .map_err(|e| backend(aws_sdk_s3::error::DisplayErrorContext(e)))?;
            Ok(())
        }

        async fn get(&self, key: &DocumentKey) -> Result<Option<(Vec<u8>, ObjectInfo)>, StoreError> {
            match self
                .client
                .get_object()
                .bucket(&self.bucket)
                .key(key.as_str())
                .send()
                .await
            {
                Ok(out) => {
                    let content_type = out.content_type.clone();
                    let bytes = out.body.collect().await.map_err(backend)?.into_bytes().to_vec();
                    Ok(Some((
                        bytes.clone(),
                        ObjectInfo {
                            size: bytes.len() as u64,
                            content_type,
                        },
                    )))
                }
                Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => Ok(None),
                Err(e) => Err(backend(aws_sdk_s3::error::DisplayErrorContext(e))),
            }
        }
    }
}
