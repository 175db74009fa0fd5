//! The table's stream on moto, read through the streams API and shaped as the Lambda event
//! the event source mapping delivers; and what the email peer has received.

use aws_sdk_dynamodbstreams::types::{AttributeValue, ShardIteratorType};
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};

/// An attribute as DynamoDB JSON (`{"S": ...}`), as stream events carry it.
fn dynamodb_json(v: &AttributeValue) -> Value {
    match v {
        AttributeValue::S(s) => json!({ "S": s }),
        AttributeValue::N(n) => json!({ "N": n }),
        AttributeValue::Bool(b) => json!({ "BOOL": b }),
        AttributeValue::Null(_) => json!({ "NULL": true }),
        AttributeValue::L(l) => json!({ "L": l.iter().map(dynamodb_json).collect::<Vec<_>>() }),
        AttributeValue::M(m) => {
            json!({ "M": m.iter().map(|(k, v)| (k.clone(), dynamodb_json(v))).collect::<Map<_, _>>() })
        }
        other => panic!("unexpected attribute {other:?}"),
    }
}

fn image(m: Option<HashMap<String, AttributeValue>>) -> Map<String, Value> {
    m.unwrap_or_default()
        .iter()
        .map(|(k, v)| (k.clone(), dynamodb_json(v)))
        .collect()
}

/// A table's stream. Each read starts at the shards' horizon (moto's continuation iterators
/// do not see later writes); `next_event` skips what it delivered before, `all_event`
/// delivers everything again (a redelivery).
pub struct TableStream {
    client: aws_sdk_dynamodbstreams::Client,
    arn: String,
    seen: HashSet<String>,
}

impl TableStream {
    pub async fn open(table: &str) -> TableStream {
        let conf = super::aws_conf().await;
        let tables = aws_sdk_dynamodb::Client::new(&conf);
        let client = aws_sdk_dynamodbstreams::Client::new(&conf);
        let description = tables.describe_table().table_name(table).send().await.unwrap();
        let arn = description.table.unwrap().latest_stream_arn.unwrap();
        TableStream {
            client,
            arn,
            seen: HashSet::new(),
        }
    }

    /// The records not delivered before.
    pub async fn next_event(&mut self) -> aws_lambda_events::event::dynamodb::Event {
        self.read(true).await
    }

    /// Every record so far, delivered before or not.
    pub async fn all_event(&mut self) -> aws_lambda_events::event::dynamodb::Event {
        self.read(false).await
    }

    async fn read(&mut self, only_new: bool) -> aws_lambda_events::event::dynamodb::Event {
        let stream = self
            .client
            .describe_stream()
            .stream_arn(&self.arn)
            .send()
            .await
            .unwrap();
        let mut records = Vec::new();
        for shard in stream.stream_description.unwrap().shards.unwrap_or_default() {
            let iterator = self
                .client
                .get_shard_iterator()
                .stream_arn(&self.arn)
                .shard_id(shard.shard_id.unwrap())
                .shard_iterator_type(ShardIteratorType::TrimHorizon)
                .send()
                .await
                .unwrap()
                .shard_iterator
                .unwrap();
            let out = self.client.get_records().shard_iterator(iterator).send().await.unwrap();
            for r in out.records.unwrap_or_default() {
                let new = self.seen.insert(r.event_id.clone().unwrap_or_default());
                if only_new && !new {
                    continue;
                }
                let d = r.dynamodb.unwrap();
                records.push(json!({
                    "eventID": r.event_id, "eventName": r.event_name.unwrap().as_str(), "eventVersion": "1.1",
                    "eventSource": "aws:dynamodb", "awsRegion": "us-east-1", "eventSourceARN": self.arn,
                    "dynamodb": {
                        "ApproximateCreationDateTime": 1_700_000_000,
                        "Keys": image(d.keys), "NewImage": image(d.new_image),
                        "SequenceNumber": d.sequence_number, "SizeBytes": d.size_bytes.unwrap_or(1),
                        "StreamViewType": "NEW_AND_OLD_IMAGES"
                    }
                }));
            }
        }
        serde_json::from_value(json!({ "Records": records })).expect("a stream event")
    }
}

/// Every message the email peer (aws-ses-v2-local) has received.
pub async fn peer_mail() -> Vec<Value> {
    let store: Value = reqwest::get(format!("{}/store", super::mail_endpoint()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    store["emails"].as_array().unwrap().clone()
}
