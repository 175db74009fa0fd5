//! Ports and adapters. The table (get, query with cursors, one conditional transaction), the
//! mail sender, and documents; the embedded adapters (redb, folders) for `ses-local` and the
//! AWS adapters (DynamoDB, SES v2, S3) for Lambda. The contract tests in `tests/` run the
//! same suite against both table backends.

pub mod clock;
pub mod cursor;
pub mod documents;
pub mod error;
pub mod item;
pub mod layout;
pub mod mail_sender;
pub mod outbox;
pub mod table;

#[cfg(feature = "aws-table")]
pub mod dynamodb;
#[cfg(feature = "embedded")]
pub mod embedded;

pub use error::StoreError;
pub use item::{Index, IndexKey, Item, Key};
pub use table::{Condition, Page, Query, SortKey, Table, TableBackend, Write};
