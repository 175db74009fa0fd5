//! `?limit=&cursor=` of every list (limit 1–100, default 25), and the `Page<T>` answer.

use crate::problem::ApiError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageParams {
    pub limit: usize,
    pub cursor: Option<String>,
}

pub const DEFAULT_LIMIT: usize = 25;
pub const MAX_LIMIT: usize = 100;

/// The query string as name/value pairs, percent-decoded; 400 when it does not decode.
pub fn query_pairs(uri: &axum::http::Uri) -> Result<Vec<(String, String)>, ApiError> {
    form_pairs(uri.query().unwrap_or(""))
}

/// Name/value pairs of a query string or a form-encoded body; 400 when it does not decode.
pub fn form_pairs(q: &str) -> Result<Vec<(String, String)>, ApiError> {
    let mut out = Vec::new();
    for pair in q.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        out.push((decode(k)?, decode(v)?));
    }
    Ok(out)
}

fn decode(s: &str) -> Result<String, ApiError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => return Err(ApiError::Malformed("the query string has a bad percent-escape".into())),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| ApiError::Malformed("the query string is not UTF-8".into()))
}

impl<S: Send + Sync> FromRequestParts<S> for PageParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let mut params = PageParams {
            limit: DEFAULT_LIMIT,
            cursor: None,
        };
        for (k, v) in query_pairs(&parts.uri)? {
            match k.as_str() {
                "limit" => {
                    params.limit = v
                        .parse::<usize>()
                        .ok()
                        .filter(|l| (1..=MAX_LIMIT).contains(l))
                        .ok_or_else(|| {
                            ApiError::Malformed(format!("limit must be a whole number from 1 to {MAX_LIMIT}"))
                        })?;
                }
                "cursor" if !v.is_empty() => params.cursor = Some(v),
                _ => {}
            }
        }
        Ok(params)
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// A type answered in pages, and the name of its page's schema in the OpenAPI document.
#[cfg(feature = "openapi")]
pub trait Listed: utoipa::ToSchema {
    const PAGE: &'static str;
}

#[cfg(feature = "openapi")]
impl<T: Listed> utoipa::PartialSchema for Page<T> {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, SchemaType, Type};
        use utoipa::openapi::Ref;
        ObjectBuilder::new()
            .property("items", ArrayBuilder::new().items(Ref::from_schema_name(T::name())))
            .required("items")
            .property(
                "nextCursor",
                ObjectBuilder::new().schema_type(SchemaType::from_iter([Type::String, Type::Null])),
            )
            .into()
    }
}

#[cfg(feature = "openapi")]
impl<T: Listed> utoipa::ToSchema for Page<T> {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed(T::PAGE)
    }

    fn schemas(schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>) {
        schemas.push((T::name().into(), T::schema()));
        T::schemas(schemas);
    }
}

/// The pages the API answers: each item type's page schema and its alias (an operation's `body`
/// names a page by its alias).
macro_rules! pages {
    ($($(#[$doc:meta])* $alias:ident = $item:ty;)*) => {
        $(
            #[cfg(feature = "openapi")]
            impl Listed for $item {
                const PAGE: &'static str = stringify!($alias);
            }

            $(#[$doc])*
            pub type $alias = Page<$item>;
        )*
    };
}

pages! {
    /// A page of history events.
    HistoryPage = ses_domain::HistoryEvent;
    /// A page of the directory's companies.
    CompanyPage = ses_domain::Company;
    /// A page of an agency's users seen through `/me`.
    AgencyUserPage = ses_domain::SeenAgencyUser;
    /// A page of enrollments (a company's or an agency's).
    EnrollmentPage = ses_domain::Enrollment;
    /// A page of complaints as lists show them.
    ComplaintSummaryPage = ses_domain::complaint::ComplaintSummary;
    /// A page of a complaint's information requests.
    InformationRequestPage = ses_domain::complaint::information_request::InformationRequestView;
    /// A page of a complaint's documents.
    DocumentPage = ses_domain::complaint::document::DocumentView;
}

/// One page of a query whose items are filtered after reading (a role, a status): reading
/// goes on (at most ten reads) until the page is full or the list ends, so a page is never
/// short in the middle of the list. `keep` turns an item into an answer, or `None` to skip it.
pub async fn filtered_page<T>(
    table: &ses_store::Table,
    query: ses_store::Query,
    params: PageParams,
    mut keep: impl FnMut(&ses_store::Item) -> Result<Option<T>, ApiError>,
) -> Result<Page<T>, ApiError> {
    let mut items = Vec::with_capacity(params.limit);
    let mut cursor = params.cursor;
    for _ in 0..10 {
        let want = params.limit - items.len();
        let result = table.query(query.clone().limit(want).cursor(cursor)).await?;
        for item in &result.items {
            if let Some(t) = keep(item)? {
                items.push(t);
            }
        }
        cursor = result.next_cursor;
        if items.len() >= params.limit || cursor.is_none() {
            break;
        }
    }
    Ok(Page {
        items,
        next_cursor: cursor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_and_plus() {
        assert_eq!(
            form_pairs("q=lone+star%26co&limit=5").unwrap(),
            vec![("q".into(), "lone star&co".into()), ("limit".into(), "5".into())]
        );
        assert!(form_pairs("q=%zz").is_err());
        assert!(form_pairs("q=%ff").is_err());
    }
}
