//! Requests per second and latency of `ses-local` (release build, embedded store, training
//! data) for `GET /companies/{nmlsId}`, from a loopback load generator in this process.
//! `cargo build --release -p ses-local && cargo bench -p ses-tests --bench local_load`
//! (CONCURRENCY and SECONDS in the environment change the load.)

mod common;

use common::*;
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let concurrency: usize = std::env::var("CONCURRENCY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(32);
    let seconds: u64 = std::env::var("SECONDS").ok().and_then(|v| v.parse().ok()).unwrap_or(10);
    let server = LocalServer::start();
    let token = String::from_utf8(
        Command::new(release_binary("ses-local"))
            .args([
                "token",
                "--type",
                "agency",
                "--agency",
                "TX-DOB",
                "--roles",
                "examiner",
                "--email",
                "load@tx-dob.example",
            ])
            .output()
            .expect("token")
            .stdout,
    )
    .expect("utf-8")
    .trim()
    .to_string();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let base = server.base.clone();
    let (latencies, errors, elapsed) = rt.block_on(async move {
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(concurrency)
            .build()
            .expect("client");
        for _ in 0..200 {
            if http.get(format!("{base}/health")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        // Warm up.
        for _ in 0..200 {
            let _ = http
                .get(format!("{base}/companies/900001"))
                .bearer_auth(&token)
                .send()
                .await;
        }
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let started = Instant::now();
        let mut tasks = Vec::new();
        for worker in 0..concurrency {
            let (http, base, token) = (http.clone(), base.clone(), token.clone());
            tasks.push(tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0u64;
                let mut i = worker;
                while Instant::now() < deadline {
                    let url = format!("{base}/companies/{}", 900_001 + (i % 24));
                    i += concurrency;
                    let t = Instant::now();
                    match http.get(&url).bearer_auth(&token).send().await {
                        Ok(r) if r.status() == 200 => {
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
    let mut sorted = latencies;
    sorted.sort_unstable();
    println!("GET /companies/{{nmlsId}} on ses-local (release, embedded), {concurrency} concurrent clients, {seconds} s, loopback:");
    println!("  requests: {}  errors: {errors}", sorted.len());
    println!(
        "  throughput: {:.0} requests/s",
        sorted.len() as f64 / elapsed.as_secs_f64()
    );
    if !sorted.is_empty() {
        println!(
            "  latency p50: {} µs  p99: {} µs  max: {} µs",
            percentile(&sorted, 0.50),
            percentile(&sorted, 0.99),
            sorted[sorted.len() - 1]
        );
    }
}
