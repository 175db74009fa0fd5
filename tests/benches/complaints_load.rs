//! The agency complaint list (first page and a deep page) and a complaint's `GET`, under a
//! loopback load, on `ses-local` (release, embedded store) holding 100,000 complaints across
//! 60 agencies made by `ses-local generate`; and `ses-local`'s memory at rest and under load.
//! `cargo build --release -p ses-local && cargo bench -p ses-tests --bench complaints_load`
//! (COMPLAINTS, AGENCIES, CONCURRENCY, SECONDS and DEEP_PAGE in the environment change it.)

mod common;

use common::*;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// One request of a scenario: its URL and the token to send.
type Call = (String, String);

struct Outcome {
    latencies: Vec<u64>,
    errors: u64,
    elapsed: Duration,
}

async fn load(http: &reqwest::Client, calls: Arc<Vec<Call>>, concurrency: usize, seconds: u64) -> Outcome {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let (http, calls) = (http.clone(), calls.clone());
        tasks.push(tokio::spawn(async move {
            let (mut latencies, mut errors, mut i) = (Vec::new(), 0u64, worker);
            while Instant::now() < deadline {
                let (url, token) = &calls[i % calls.len()];
                i += concurrency;
                let t = Instant::now();
                match http.get(url).bearer_auth(token).send().await {
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
    let mut out = Outcome {
        latencies: vec![],
        errors: 0,
        elapsed: Duration::ZERO,
    };
    for t in tasks {
        let (l, e) = t.await.expect("worker");
        out.latencies.extend(l);
        out.errors += e;
    }
    out.elapsed = started.elapsed();
    out.latencies.sort_unstable();
    out
}

fn main() {
    let complaints = env("COMPLAINTS", 100_000);
    let agencies = env("AGENCIES", 60);
    let concurrency = env("CONCURRENCY", 32);
    let seconds = env("SECONDS", 10) as u64;
    let deep_page = env("DEEP_PAGE", 40);

    let dir = tempfile::tempdir().expect("dir");
    let started = Instant::now();
    let generated = Command::new(release_binary("ses-local"))
        .args([
            "generate",
            "--complaints",
            &complaints.to_string(),
            "--agencies",
            &agencies.to_string(),
            "--data-dir",
        ])
        .arg(dir.path())
        .output()
        .expect("ses-local generate");
    assert!(
        generated.status.success(),
        "{}",
        String::from_utf8_lossy(&generated.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&generated.stdout).expect("summary");
    let codes: Vec<String> = summary["agencies"]
        .as_array()
        .expect("agencies")
        .iter()
        .map(|c| c.as_str().unwrap_or_default().to_string())
        .collect();
    println!(
        "generated {complaints} complaints, {} companies, {} agencies in {:.1} s ({} transactions)",
        summary["companies"],
        codes.len(),
        started.elapsed().as_secs_f64(),
        summary["transactions"]
    );
    let store_bytes = std::fs::metadata(dir.path().join("ses.redb"))
        .map(|m| m.len())
        .unwrap_or(0);

    let server = LocalServer::start_in(dir, false);
    let tokens: Vec<String> = codes
        .iter()
        .map(|code| {
            token(&[
                "--agency",
                code,
                "--roles",
                "staff_director",
                "--email",
                &format!("director@{}.example", code.to_lowercase()),
            ])
        })
        .collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let base = server.base.clone();
    let pid = server.pid();
    rt.block_on(async move {
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(concurrency)
            .build()
            .expect("client");
        server.ready(&http).await;
        // The calls of each scenario: every agency's first page, a deep page of every agency
        // (reached by following cursors), and complaints met on the way.
        let mut first = Vec::new();
        let mut deep = Vec::new();
        let mut one = Vec::new();
        for token in &tokens {
            let url = format!("{base}/complaints?limit=25");
            first.push((url.clone(), token.clone()));
            let mut cursor: Option<String> = None;
            for page in 0..deep_page {
                let url = match &cursor {
                    Some(c) => format!("{base}/complaints?limit=25&cursor={c}"),
                    None => url.clone(),
                };
                let body: serde_json::Value = http.get(&url).bearer_auth(token).send().await.expect("page").json().await.expect("json");
                for item in body["items"].as_array().into_iter().flatten().take(if page % 10 == 0 { 5 } else { 0 }) {
                    one.push((format!("{base}/complaints/{}", item["complaintId"].as_str().unwrap_or_default()), token.clone()));
                }
                match body["nextCursor"].as_str() {
                    Some(c) => cursor = Some(c.to_string()),
                    None => break,
                }
            }
            if let Some(c) = cursor {
                deep.push((format!("{base}/complaints?limit=25&cursor={c}"), token.clone()));
            }
        }
        let (rest, _) = memory_kib(pid);
        println!(
            "ses-local at rest (after the walk): {:.1} MiB resident; store file {:.1} MiB",
            rest as f64 / 1024.0,
            store_bytes as f64 / 1_048_576.0
        );
        println!("{concurrency} concurrent clients, {seconds} s per scenario, loopback (the load generator shares the cores):");
        println!("{:<44} {:>9} {:>8} {:>9} {:>9} {:>7}", "scenario", "requests", "req/s", "p50 µs", "p99 µs", "errors");
        let scenarios = [
            ("GET /complaints (first page)".to_string(), first),
            (format!("GET /complaints (page {}, via cursor)", deep_page + 1), deep),
            ("GET /complaints/{complaintId}".to_string(), one),
        ];
        for (name, calls) in scenarios {
            let o = load(&http, Arc::new(calls), concurrency, seconds).await;
            let n = o.latencies.len();
            let (p50, p99) = if n > 0 { (percentile(&o.latencies, 0.50), percentile(&o.latencies, 0.99)) } else { (0, 0) };
            println!("{name:<44} {n:>9} {:>8.0} {p50:>9} {p99:>9} {:>7}", n as f64 / o.elapsed.as_secs_f64(), o.errors);
        }
        let (now, peak) = memory_kib(pid);
        println!(
            "ses-local under load: {:.1} MiB resident now, {:.1} MiB peak",
            now as f64 / 1024.0,
            peak as f64 / 1024.0
        );
    });
}
