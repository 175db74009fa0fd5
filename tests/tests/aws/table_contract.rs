//! The table port's contract, run against both backends: the embedded store (redb) and
//! DynamoDB (on the moto server). The embedded default cannot drift from DynamoDB semantics.

use crate::support;

use serde_json::json;
use ses_store::{Condition, Index, Item, Key, Query, StoreError, Table, Write};
use std::collections::HashSet;

fn item(pk: &str, sk: &str, version: u64) -> Item {
    Item::new(
        Key::new(pk, sk),
        "thing",
        version,
        json!({ "pk": pk, "sk": sk, "v": version, "nested": { "list": [1, "two", null, true] } }),
    )
}

/// Runs a contract check against both backends.
macro_rules! contract {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;

            #[tokio::test]
            async fn embedded() {
                let (table, _dir) = support::embedded_table();
                ($body)(table).await;
            }

            #[tokio::test]
            async fn dynamodb() {
                let (table, _name, _client) = support::dynamo_table().await;
                ($body)(table).await;
            }
        }
    };
}

contract!(a_conditional_put_that_fails_writes_nothing, |t: Table| async move {
    t.transact(vec![Write::put(item("P", "A", 1), Condition::NotExists)])
        .await
        .unwrap();
    let again = t
        .transact(vec![Write::put(item("P", "A", 9), Condition::NotExists)])
        .await;
    assert_eq!(again, Err(StoreError::ConditionFailed { failed: vec![0] }));
    assert_eq!(t.get(&Key::new("P", "A")).await.unwrap().unwrap().version, 1);
});

contract!(
    a_version_condition_lets_exactly_one_writer_through,
    |t: Table| async move {
        t.transact(vec![Write::put(item("P", "A", 1), Condition::NotExists)])
            .await
            .unwrap();
        t.transact(vec![Write::put(item("P", "A", 2), Condition::VersionIs(1))])
            .await
            .unwrap();
        let stale = t
            .transact(vec![Write::put(item("P", "A", 2), Condition::VersionIs(1))])
            .await;
        assert_eq!(stale, Err(StoreError::ConditionFailed { failed: vec![0] }));
        let got = t.get(&Key::new("P", "A")).await.unwrap().unwrap();
        assert_eq!(got.version, 2);
        assert_eq!(got.data["nested"]["list"], json!([1, "two", null, true]));
    }
);

contract!(
    a_transaction_with_one_failing_condition_writes_nothing_and_says_which,
    |t: Table| async move {
        t.transact(vec![Write::put(item("P", "B", 1), Condition::NotExists)])
            .await
            .unwrap();
        let result = t
            .transact(vec![
                Write::put(item("P", "A", 1), Condition::NotExists),
                Write::put(item("P", "B", 2), Condition::NotExists),
                Write::put(item("Q", "C", 1), Condition::None),
                Write::Check {
                    key: Key::new("P", "Z"),
                    condition: Condition::Exists,
                },
            ])
            .await;
        assert_eq!(result, Err(StoreError::ConditionFailed { failed: vec![1, 3] }));
        assert!(t.get(&Key::new("P", "A")).await.unwrap().is_none());
        assert!(t.get(&Key::new("Q", "C")).await.unwrap().is_none());
        assert_eq!(t.get(&Key::new("P", "B")).await.unwrap().unwrap().version, 1);
    }
);

contract!(deletes_and_checks_honour_their_conditions, |t: Table| async move {
    t.transact(vec![Write::put(item("P", "A", 3), Condition::NotExists)])
        .await
        .unwrap();
    let wrong = t
        .transact(vec![Write::Delete {
            key: Key::new("P", "A"),
            condition: Condition::VersionIs(2),
        }])
        .await;
    assert_eq!(wrong, Err(StoreError::ConditionFailed { failed: vec![0] }));
    t.transact(vec![
        Write::Check {
            key: Key::new("P", "A"),
            condition: Condition::VersionIs(3),
        },
        Write::put(item("P", "B", 1), Condition::NotExists),
    ])
    .await
    .unwrap();
    t.transact(vec![Write::Delete {
        key: Key::new("P", "A"),
        condition: Condition::VersionIs(3),
    }])
    .await
    .unwrap();
    assert!(t.get(&Key::new("P", "A")).await.unwrap().is_none());
});

contract!(
    an_expired_item_reads_as_absent_and_can_be_replaced,
    |t: Table| async move {
        let past = time::OffsetDateTime::now_utc().unix_timestamp() - 10;
        t.transact(vec![Write::put(item("T", "X", 1).with_ttl(past), Condition::NotExists)])
            .await
            .unwrap();
        assert!(t.get(&Key::new("T", "X")).await.unwrap().is_none());
        t.transact(vec![Write::put(item("T", "X", 1), Condition::NotExists)])
            .await
            .unwrap();
        assert!(t.get(&Key::new("T", "X")).await.unwrap().is_some());
    }
);

async fn collect(t: &Table, query: Query) -> Vec<String> {
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = t.query(query.clone().cursor(cursor)).await.unwrap();
        assert!(page.items.len() <= query.limit);
        seen.extend(page.items.iter().map(|i| i.sk.clone()));
        match page.next_cursor {
            Some(c) => {
                assert_eq!(page.items.len(), query.limit, "a page before the last is full");
                cursor = Some(c)
            }
            None => break,
        }
    }
    seen
}

contract!(
    paging_visits_every_item_once_in_order_both_ways,
    |t: Table| async move {
        let mut writes = Vec::new();
        for i in 0..57 {
            writes.push(Write::put(item("PAGE", &format!("ITEM#{i:03}"), 1), Condition::None));
        }
        writes.push(Write::put(item("PAGE", "OTHER#1", 1), Condition::None));
        writes.push(Write::put(item("PAGE2", "ITEM#000", 1), Condition::None));
        t.transact(writes).await.unwrap();
        let expected: Vec<String> = (0..57).map(|i| format!("ITEM#{i:03}")).collect();
        for limit in [1, 10, 57, 100] {
            let forward = collect(&t, Query::partition("PAGE").prefix("ITEM#").limit(limit)).await;
            assert_eq!(forward, expected, "limit {limit}");
            let backward = collect(&t, Query::partition("PAGE").prefix("ITEM#").newest_first().limit(limit)).await;
            let mut reversed = expected.clone();
            reversed.reverse();
            assert_eq!(backward, reversed, "limit {limit}");
        }
        let all = collect(&t, Query::partition("PAGE").limit(7)).await;
        assert_eq!(all.len(), 58);
        let range = collect(&t, Query::partition("PAGE").between("ITEM#010", "ITEM#019").limit(3)).await;
        assert_eq!(range, expected[10..20].to_vec());
    }
);

contract!(
    index_queries_find_items_across_partitions_and_page,
    |t: Table| async move {
        let mut writes = Vec::new();
        for i in 0..23 {
            let name = if i % 2 == 0 {
                format!("acme {i:02}")
            } else {
                format!("zeta {i:02}")
            };
            writes.push(Write::put(
                item(&format!("CO#{i}"), "CO", 1).with_index(Index::Gsi1, "NAMES", format!("{name}#{i}")),
                Condition::None,
            ));
        }
        t.transact(writes).await.unwrap();
        let mut seen = HashSet::new();
        let mut cursor = None;
        loop {
            let page = t
                .query(
                    Query::index(Index::Gsi1, "NAMES")
                        .prefix("acme")
                        .limit(4)
                        .cursor(cursor),
                )
                .await
                .unwrap();
            for i in &page.items {
                assert!(i.gsi1.as_ref().unwrap().sk.starts_with("acme"));
                assert!(seen.insert(i.pk.clone()), "{} seen twice", i.pk);
            }
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(seen.len(), 12);
        // Moving an item's index key moves it in the index.
        let moved = item("CO#0", "CO", 2).with_index(Index::Gsi1, "NAMES", "zzz#0");
        t.transact(vec![Write::put(moved, Condition::VersionIs(1))])
            .await
            .unwrap();
        let acme = t
            .query(Query::index(Index::Gsi1, "NAMES").prefix("acme").limit(100))
            .await
            .unwrap();
        assert_eq!(acme.items.len(), 11);
        let last = t
            .query(Query::index(Index::Gsi1, "NAMES").newest_first().limit(1))
            .await
            .unwrap();
        assert_eq!(last.items[0].pk, "CO#0");
    }
);

contract!(a_forged_or_replayed_cursor_is_refused, |t: Table| async move {
    let mut writes = Vec::new();
    for i in 0..5 {
        writes.push(Write::put(item("C", &format!("{i}"), 1), Condition::None));
    }
    t.transact(writes).await.unwrap();
    let page = t.query(Query::partition("C").limit(2)).await.unwrap();
    let cursor = page.next_cursor.unwrap();
    let other = t
        .query(Query::partition("D").limit(2).cursor(Some(cursor.clone())))
        .await;
    assert_eq!(other, Err(StoreError::BadCursor));
    let mut forged = cursor.clone();
    forged.insert(3, 'x');
    assert_eq!(
        t.query(Query::partition("C").limit(2).cursor(Some(forged))).await,
        Err(StoreError::BadCursor)
    );
    assert_eq!(
        t.query(Query::partition("C").limit(2).cursor(Some("garbage".into())))
            .await,
        Err(StoreError::BadCursor)
    );
});

contract!(of_two_racing_creators_exactly_one_wins, |t: Table| async move {
    let mut handles = Vec::new();
    for n in 0..8 {
        let t = t.clone();
        handles.push(tokio::spawn(async move {
            t.transact(vec![
                Write::put(item("RACE", "ONE", 1), Condition::NotExists),
                Write::put(item("RACE", &format!("by-{n}"), 1), Condition::None),
            ])
            .await
        }));
    }
    let mut wins = 0;
    for h in handles {
        match h.await.unwrap() {
            Ok(()) => wins += 1,
            Err(StoreError::ConditionFailed { .. }) | Err(StoreError::Conflict) => {}
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!(wins, 1);
    let page = t
        .query(Query::partition("RACE").prefix("by-").limit(100))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1, "only the winner's other write landed");
});

contract!(bad_requests_are_refused_before_the_backend, |t: Table| async move {
    assert!(matches!(t.transact(vec![]).await, Err(StoreError::Invalid(_))));
    let dup = t
        .transact(vec![
            Write::put(item("P", "A", 1), Condition::None),
            Write::put(item("P", "A", 1), Condition::None),
        ])
        .await;
    assert!(matches!(dup, Err(StoreError::Invalid(_))));
    let too_many: Vec<Write> = (0..101)
        .map(|i| Write::put(item("P", &format!("{i}"), 1), Condition::None))
        .collect();
    assert!(matches!(t.transact(too_many).await, Err(StoreError::Invalid(_))));
    assert!(matches!(
        t.get(&Key::new("P\0", "A")).await,
        Err(StoreError::Invalid(_))
    ));
});
