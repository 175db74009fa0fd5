//! Latency of `POST /companies/{nmlsId}/enrollments` on `ses-local` (release, embedded store)
//! under a loopback load of 200 concurrent clients, each enrollment on its own company.
//! `cargo build --release -p ses-local && cargo bench -p ses-tests --bench enrollment_load`
//! (CONCURRENCY and REQUESTS in the environment change the load.)

use serde_json::json;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn release_binary(name: &str) -> std::path::PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let path = target.join("release").join(name);
    assert!(
        path.exists(),
        "{} is missing: cargo build --release -p {name}",
        path.display()
    );
    path
}

fn token(args: &[&str]) -> String {
    let out = Command::new(release_binary("ses-local"))
        .arg("token")
        .args(args)
        .output()
        .expect("token");
    String::from_utf8(out.stdout).expect("utf-8").trim().to_string()
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let concurrency: usize = std::env::var("CONCURRENCY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let requests: usize = std::env::var("REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000);
    let dir = tempfile::tempdir().expect("dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let mut server = Command::new(release_binary("ses-local"))
        .args([
            "serve",
            "--training-data",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(dir.path())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start ses-local");
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
    let base = format!("http://127.0.0.1:{port}");
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
    let _ = server.kill();
    let _ = server.wait();
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
