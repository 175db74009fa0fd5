//! Latency of `POST /companies/{nmlsId}/enrollments` on `ses-local` (release, embedded store)
//! under a loopback load of 200 concurrent clients, each enrollment on its own company.
//! `cargo build --release -p ses-local && cargo bench -p ses-tests --bench enrollment_load`
//! (CONCURRENCY and REQUESTS in the environment change the load.)

mod common;

use common::*;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn main() {
    let concurrency: usize = std::env::var("CONCURRENCY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let requests: usize = std::env::var("REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000);
    let server = LocalServer::start();
    let admin = token(&[
        "--type",
        "csbs",
        "--roles",
        "csbs_admin",
        "--email",
        "admin@csbs.example",
    ]);
    let examiner = token(&[
        "--type",
        "agency",
        "--agency",
        "TX-DOB",
        "--roles",
        "examiner",
        "--email",
        "load@tx-dob.example",
    ]);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let base = server.base.clone();
    let (mut latencies, errors, elapsed) = rt.block_on(async move {
        let http = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build().expect("client");
        for _ in 0..200 {
            if http.get(format!("{base}/health")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        // One company per enrollment.
        for n in 0..requests {
            let body = json!({ "name": format!("Load Test Lending {n:05}"), "nmlsContact": null, "nmlsComplaintsContact": null });
            let r = http.put(format!("{base}/companies/{}", 7_000_000 + n)).bearer_auth(&admin).json(&body).send().await.expect("put");
            assert!(r.status().is_success());
        }
        let next = Arc::new(AtomicUsize::new(0));
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..concurrency {
            let (http, base, examiner, next) = (http.clone(), base.clone(), examiner.clone(), next.clone());
            tasks.push(tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0u64;
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= requests {
                        break;
                    }
                    let body = json!({ "firstName": "Load", "lastName": "Test", "email": format!("user{n}@load.example"), "phone": "469-555-0100" });
                    let t = Instant::now();
                    match http.post(format!("{base}/companies/{}/enrollments", 7_000_000 + n)).bearer_auth(&examiner).json(&body).send().await {
                        Ok(r) if r.status() == 201 => {
                            let _ = r.bytes().await;
                            latencies.push(t.elapsed().as_micros() as u64);
                        }
                        _ => errors += 1,
                    }
                }
                (latencies, errors)
            }));
        }
        let mut all = Vec::new();
        let mut errors = 0;
        for t in tasks {
            let (l, e) = t.await.expect("worker");
            all.extend(l);
            errors += e;
        }
        (all, errors, started.elapsed())
    });
    drop(server);
    latencies.sort_unstable();
    println!("POST /companies/{{nmlsId}}/enrollments on ses-local (release, embedded), {concurrency} concurrent clients, loopback:");
    println!(
        "  enrollments: {}  errors: {errors}  in {:.1} s",
        latencies.len(),
        elapsed.as_secs_f64()
    );
    println!(
        "  throughput: {:.0} enrollments/s",
        latencies.len() as f64 / elapsed.as_secs_f64()
    );
    if !latencies.is_empty() {
        println!(
            "  latency p50: {:.1} ms  p99: {:.1} ms  max: {:.1} ms",
            percentile(&latencies, 0.5) as f64 / 1000.0,
            percentile(&latencies, 0.99) as f64 / 1000.0,
            latencies[latencies.len() - 1] as f64 / 1000.0
        );
    }
}
