//! Path parameters. A path id that does not parse is 404 (API.md), never axum's plain text.

use crate::problem::ApiError;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use std::collections::HashMap;

pub struct PathParams(pub HashMap<String, String>);

impl PathParams {
    pub fn get(&self, name: &str) -> Result<&str, ApiError> {
        self.0.get(name).map(String::as_str).ok_or(ApiError::NotFound)
    }

    /// Parses a parameter with a value type's constructor; a malformed id is 404.
    pub fn parse<T>(&self, name: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Result<T, ApiError> {
        parse(self.get(name)?).map_err(|_| ApiError::NotFound)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PathParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map(|Path(p)| PathParams(p))
            .map_err(|_| ApiError::NotFound)
    }
}
