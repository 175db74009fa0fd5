//! The embedded store's transactional write and point read, per operation (criterion).
//! `cargo bench -p ses-tests --bench store`

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::json;
use ses_store::embedded::EmbeddedTable;
use ses_store::{Condition, Item, Key, Query, Table, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

fn company(n: u64, version: u64) -> Item {
    Item::new(
        Key::new(format!("COMPANY#{n}"), "COMPANY"),
        "company",
        version,
        json!({ "nmlsId": n.to_string(), "name": format!("Company {n}"), "enrollmentStatus": "not_enrolled",
                "nmlsContact": { "name": "Pat Morgan", "email": "pat@company.example", "phone": "+12145550100" } }),
    )
    .with_index(ses_store::Index::Gsi1, "COMPANYNAME", format!("company {n}#{n}"))
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("dir");
    let table = Table::new(
        Arc::new(EmbeddedTable::open(&dir.path().join("bench.redb")).expect("open")),
        b"bench",
    );
    rt.block_on(async {
        for chunk in (0..10_000u64).collect::<Vec<_>>().chunks(100) {
            let writes = chunk
                .iter()
                .map(|&n| Write::put(company(n, 1), Condition::NotExists))
                .collect();
            table.transact(writes).await.expect("seed");
        }
    });
    let next = AtomicU64::new(1_000_000);
    c.bench_function(
        "embedded: transaction (new item + history + outbox, conditional)",
        |b| {
            b.iter(|| {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let writes = vec![
                    Write::put(company(n, 1), Condition::NotExists),
                    Write::put(
                        Item::new(
                            Key::new(format!("COMPANY#{n}"), format!("HISTORY#{n}")),
                            "history",
                            1,
                            json!({ "action": "directory_updated" }),
                        ),
                        Condition::NotExists,
                    ),
                    Write::put(
                        Item::new(
                            Key::new(format!("OUTBOX#{n}"), "OUTBOX"),
                            "outbox",
                            1,
                            json!({ "subject": "s" }),
                        ),
                        Condition::NotExists,
                    ),
                ];
                rt.block_on(table.transact(writes)).expect("write")
            })
        },
    );
    let version = AtomicU64::new(1);
    c.bench_function("embedded: versioned update of one item", |b| {
        b.iter(|| {
            let v = version.fetch_add(1, Ordering::Relaxed);
            rt.block_on(table.transact(vec![Write::put(company(42, v + 1), Condition::VersionIs(v))]))
                .expect("update")
        })
    });
    let key = Key::new("COMPANY#4242", "COMPANY");
    c.bench_function("embedded: point read", |b| {
        b.iter(|| rt.block_on(table.get(&key)).expect("get").expect("found"))
    });
    c.bench_function("embedded: index query, page of 25", |b| {
        b.iter(|| {
            rt.block_on(
                table.query(
                    Query::index(ses_store::Index::Gsi1, "COMPANYNAME")
                        .prefix("company 5")
                        .limit(25),
                ),
            )
            .expect("query")
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(std::time::Duration::from_secs(5));
    targets = bench
}
criterion_main!(benches);
