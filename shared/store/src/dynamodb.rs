//! The DynamoDB table backend: one table (`pk`, `sk`), overloaded GSIs `gsi1` and `gsi2`
//! (`gsiNpk`, `gsiNsk`), `ttl` for expiry, `ver` for optimistic concurrency, `kind`, and the
//! entity under `data` as a map converted by `serde_dynamo`.

use crate::cursor::Position;
use crate::item::{Index, IndexKey, Item, Key};
use crate::table::{BackendQuery, Condition, SortKey, TableBackend, Write};
use crate::StoreError;
use async_trait::async_trait;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Delete, Put, TransactWriteItem};
use aws_sdk_dynamodb::Client;
use std::collections::HashMap;

type Attributes = HashMap<String, AttributeValue>;

#[derive(Clone)]
pub struct DynamoTable {
    client: Client,
    table_name: String,
}

fn backend_err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

/// A failed call: a request DynamoDB will never accept (an item over 400 KB, a bad key) is
/// `Invalid`; throttling, network and service faults are `Backend` (retry later).
fn call_err<E, R>(e: SdkError<E, R>) -> StoreError
where
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let permanent = matches!(
        e.as_service_error().and_then(|s| s.code()),
        Some("ValidationException" | "SerializationException")
    );
    let text = aws_sdk_dynamodb::error::DisplayErrorContext(e).to_string();
    if permanent {
        StoreError::Invalid(text)
    } else {
        StoreError::Backend(text)
    }
}

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_string())
}

fn n(v: impl ToString) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

fn index_attrs(index: Index) -> (&'static str, &'static str) {
    match index {
        Index::Gsi1 => ("gsi1pk", "gsi1sk"),
        Index::Gsi2 => ("gsi2pk", "gsi2sk"),
    }
}

fn key_attrs(key: &Key) -> Attributes {
    HashMap::from([("pk".to_string(), s(&key.pk)), ("sk".to_string(), s(&key.sk))])
}

fn to_attributes(item: &Item) -> Result<Attributes, StoreError> {
    let mut a = key_attrs(&item.key());
    for index in Index::ALL {
        if let Some(ik) = item.index_key(index) {
            let (p, k) = index_attrs(index);
            a.insert(p.into(), s(&ik.pk));
            a.insert(k.into(), s(&ik.sk));
        }
    }
    a.insert("kind".into(), s(&item.kind));
    a.insert("ver".into(), n(item.version));
    if let Some(ttl) = item.ttl {
        a.insert("ttl".into(), n(ttl));
    }
    let data: AttributeValue =
        serde_dynamo::to_attribute_value(&item.data).map_err(|e| StoreError::Invalid(e.to_string()))?;
    a.insert("data".into(), data);
    Ok(a)
}

fn get_s(a: &Attributes, name: &str) -> Option<String> {
    a.get(name).and_then(|v| v.as_s().ok()).cloned()
}

fn get_n(a: &Attributes, name: &str) -> Option<String> {
    a.get(name).and_then(|v| v.as_n().ok()).cloned()
}

fn from_attributes(mut a: Attributes) -> Result<Item, StoreError> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("item without {what}"));
    let pk = get_s(&a, "pk").ok_or_else(|| corrupt("pk"))?;
    let sk = get_s(&a, "sk").ok_or_else(|| corrupt("sk"))?;
    let index_key = |a: &Attributes, index: Index| {
        let (p, k) = index_attrs(index);
        Some(IndexKey {
            pk: get_s(a, p)?,
            sk: get_s(a, k)?,
        })
    };
    let gsi1 = index_key(&a, Index::Gsi1);
    let gsi2 = index_key(&a, Index::Gsi2);
    let kind = get_s(&a, "kind").unwrap_or_default();
    let version = get_n(&a, "ver")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| corrupt("ver"))?;
    let ttl = get_n(&a, "ttl").and_then(|v| v.parse().ok());
    let data = match a.remove("data") {
        Some(v) => serde_dynamo::from_attribute_value(v).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        None => serde_json::Value::Null,
    };
    Ok(Item {
        pk,
        sk,
        gsi1,
        gsi2,
        kind,
        version,
        ttl,
        data,
    })
}

/// A condition as a DynamoDB expression with its names and values.
fn expression(condition: Condition, now: i64) -> Option<(String, HashMap<String, String>, Attributes)> {
    let names = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    match condition {
        Condition::None => None,
        Condition::NotExists => Some((
            "attribute_not_exists(#pk) OR #ttl <= :now".into(),
            names(&[("#pk", "pk"), ("#ttl", "ttl")]),
            HashMap::from([(":now".to_string(), n(now))]),
        )),
        Condition::Exists => Some((
            "attribute_exists(#pk) AND (attribute_not_exists(#ttl) OR #ttl > :now)".into(),
            names(&[("#pk", "pk"), ("#ttl", "ttl")]),
            HashMap::from([(":now".to_string(), n(now))]),
        )),
        Condition::VersionIs(v) => Some((
            "#ver = :ver".into(),
            names(&[("#ver", "ver")]),
            HashMap::from([(":ver".to_string(), n(v))]),
        )),
    }
}

impl DynamoTable {
    pub fn new(client: Client, table_name: impl Into<String>) -> DynamoTable {
        DynamoTable {
            client,
            table_name: table_name.into(),
        }
    }

    /// From the shared SDK configuration (environment, `AWS_ENDPOINT_URL` honoured).
    pub fn from_conf(conf: &aws_config::SdkConfig, table_name: impl Into<String>) -> DynamoTable {
        DynamoTable::new(Client::new(conf), table_name)
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    fn transact_item(&self, w: &Write, now: i64) -> Result<TransactWriteItem, StoreError> {
        let cond = expression(w.condition(), now);
        let (expr, names, values) = match cond {
            Some((e, n, v)) => (Some(e), Some(n), Some(v)),
            None => (None, None, None),
        };
        Ok(match w {
            Write::Put { item, .. } => TransactWriteItem::builder()
                .put(
                    Put::builder()
                        .table_name(&self.table_name)
                        .set_item(Some(to_attributes(item)?))
                        .set_condition_expression(expr)
                        .set_expression_attribute_names(names)
                        .set_expression_attribute_values(values)
                        .build()
                        .map_err(backend_err)?,
                )
                .build(),
            Write::Delete { key, .. } => TransactWriteItem::builder()
                .delete(
                    Delete::builder()
                        .table_name(&self.table_name)
                        .set_key(Some(key_attrs(key)))
                        .set_condition_expression(expr)
                        .set_expression_attribute_names(names)
                        .set_expression_attribute_values(values)
                        .build()
                        .map_err(backend_err)?,
                )
                .build(),
            Write::Check { key, .. } => TransactWriteItem::builder()
                .condition_check(
                    ConditionCheck::builder()
                        .table_name(&self.table_name)
                        .set_key(Some(key_attrs(key)))
                        .condition_expression(
                            expr.unwrap_or_else(|| "attribute_exists(#pk) OR attribute_not_exists(#pk)".into()),
                        )
                        .set_expression_attribute_names(Some(
                            names.unwrap_or_else(|| HashMap::from([("#pk".into(), "pk".into())])),
                        ))
                        .set_expression_attribute_values(values)
                        .build()
                        .map_err(backend_err)?,
                )
                .build(),
        })
    }
}

#[async_trait]
impl TableBackend for DynamoTable {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table_name)
            .set_key(Some(key_attrs(key)))
            .consistent_read(true)
            .send()
            .await
            .map_err(call_err)?;
        out.item.map(from_attributes).transpose()
    }

    async fn query(&self, q: &BackendQuery) -> Result<Vec<Item>, StoreError> {
        let (pk_attr, sk_attr) = match q.index {
            None => ("pk", "sk"),
            Some(index) => index_attrs(index),
        };
        let mut names = HashMap::from([("#pk".to_string(), pk_attr.to_string())]);
        let mut values = HashMap::from([(":pk".to_string(), s(&q.pk))]);
        let mut expr = "#pk = :pk".to_string();
        match &q.sort {
            SortKey::Any => {}
            SortKey::Prefix(p) => {
                names.insert("#sk".into(), sk_attr.into());
                values.insert(":p".into(), s(p));
                expr.push_str(" AND begins_with(#sk, :p)");
            }
            SortKey::Between(a, b) => {
                names.insert("#sk".into(), sk_attr.into());
                values.insert(":a".into(), s(a));
                values.insert(":b".into(), s(b));
                expr.push_str(" AND #sk BETWEEN :a AND :b");
            }
        }
        let mut start = match &q.after {
            None => None,
            Some(Position { key, index_key }) => {
                let mut k = key_attrs(key);
                if let Some(index) = q.index {
                    let ik = index_key.as_ref().ok_or(StoreError::BadCursor)?;
                    let (p, sk) = index_attrs(index);
                    k.insert(p.into(), s(&ik.pk));
                    k.insert(sk.into(), s(&ik.sk));
                }
                Some(k)
            }
        };
        let mut items = Vec::new();
        loop {
            let want = q.limit.saturating_sub(items.len());
            let out = self
                .client
                .query()
                .table_name(&self.table_name)
                .set_index_name(q.index.map(|i| i.name().to_string()))
                .key_condition_expression(&expr)
                .set_expression_attribute_names(Some(names.clone()))
                .set_expression_attribute_values(Some(values.clone()))
                .scan_index_forward(!q.newest_first)
                .limit(i32::try_from(want).unwrap_or(i32::MAX))
                .set_exclusive_start_key(start.take())
                .set_consistent_read(q.index.is_none().then_some(true))
                .send()
                .await
                .map_err(call_err)?;
            for a in out.items.unwrap_or_default() {
                items.push(from_attributes(a)?);
            }
            match out.last_evaluated_key {
                Some(k) if items.len() < q.limit => start = Some(k),
                _ => break,
            }
        }
        Ok(items)
    }

    async fn transact(&self, writes: &[Write], now_epoch: i64) -> Result<(), StoreError> {
        let items = writes
            .iter()
            .map(|w| self.transact_item(w, now_epoch))
            .collect::<Result<Vec<_>, _>>()?;
        let result = self
            .client
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(SdkError::ServiceError(e)) => match e.err() {
                TransactWriteItemsError::TransactionCanceledException(ex) => {
                    let reasons = ex.cancellation_reasons();
                    let failed: Vec<usize> = reasons
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| r.code() == Some("ConditionalCheckFailed"))
                        .map(|(i, _)| i)
                        .collect();
                    if !failed.is_empty() {
                        Err(StoreError::ConditionFailed { failed })
                    } else if reasons.iter().any(|r| r.code() == Some("TransactionConflict")) {
                        Err(StoreError::Conflict)
                    } else {
                        Err(backend_err(format!("transaction cancelled: {ex}")))
                    }
                }
                TransactWriteItemsError::TransactionInProgressException(_) => Err(StoreError::Conflict),
                _ => Err(call_err(SdkError::ServiceError(e))),
            },
            Err(e) => Err(call_err(e)),
        }
    }
}

/// Creates the table as `infra/template.yaml` declares it (keys, both GSIs, stream, TTL),
/// unless it exists. For `ses-local --backend aws` against a local endpoint, and the tests.
pub async fn ensure_table(client: &Client, table_name: &str) -> Result<(), StoreError> {
    use aws_sdk_dynamodb::types::{
        AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection, ProjectionType,
        ScalarAttributeType, StreamSpecification, StreamViewType, TimeToLiveSpecification,
    };
    if client.describe_table().table_name(table_name).send().await.is_ok() {
        return Ok(());
    }
    let attr = |name: &str| {
        AttributeDefinition::builder()
            .attribute_name(name)
            .attribute_type(ScalarAttributeType::S)
            .build()
            .map_err(backend_err)
    };
    let key = |name: &str, kind: KeyType| {
        KeySchemaElement::builder()
            .attribute_name(name)
            .key_type(kind)
            .build()
            .map_err(backend_err)
    };
    let mut request = client
        .create_table()
        .table_name(table_name)
        .billing_mode(BillingMode::PayPerRequest)
        .key_schema(key("pk", KeyType::Hash)?)
        .key_schema(key("sk", KeyType::Range)?)
        .stream_specification(
            StreamSpecification::builder()
                .stream_enabled(true)
                .stream_view_type(StreamViewType::NewAndOldImages)
                .build()
                .map_err(backend_err)?,
        );
    for name in ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"] {
        request = request.attribute_definitions(attr(name)?);
    }
    for index in Index::ALL {
        let (p, s) = index_attrs(index);
        request = request.global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name(index.name())
                .key_schema(key(p, KeyType::Hash)?)
                .key_schema(key(s, KeyType::Range)?)
                .projection(Projection::builder().projection_type(ProjectionType::All).build())
                .build()
                .map_err(backend_err)?,
        );
    }
    request
        .send()
        .await
        .map_err(|e| backend_err(aws_sdk_dynamodb::error::DisplayErrorContext(e)))?;
    client
        .update_time_to_live()
        .table_name(table_name)
        .time_to_live_specification(
            TimeToLiveSpecification::builder()
                .enabled(true)
                .attribute_name("ttl")
                .build()
                .map_err(backend_err)?,
        )
        .send()
        .await
        .map_err(|e| backend_err(aws_sdk_dynamodb::error::DisplayErrorContext(e)))?;
    Ok(())
}
