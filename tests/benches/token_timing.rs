//! Whether the enrollment link's answer tells a used token from an unknown or malformed one
//! by its timing: median and p90 latency of `GET /enrollment-responses/{token}` (all 410) on
//! `ses-local` (release, embedded store) for each kind, interleaved.
//! `cargo build --release -p ses-local && cargo bench -p ses-tests --bench token_timing`

mod common;

use common::*;
use serde_json::{json, Value};
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let rounds = 3000;
    let server = LocalServer::start();
    let out = Command::new(release_binary("ses-local"))
        .args([
            "token",
            "--type",
            "agency",
            "--agency",
            "TX-DOB",
            "--roles",
            "examiner",
            "--email",
            "t@tx-dob.example",
        ])
        .output()
        .expect("token");
    let examiner = String::from_utf8(out.stdout).expect("utf-8").trim().to_string();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let base = server.base.clone();
    rt.block_on(async move {
        let http = reqwest::Client::new();
        for _ in 0..200 {
            if http.get(format!("{base}/health")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let body = json!({ "firstName": "T", "lastName": "T", "email": "used@cedar.example", "phone": "469-555-0100" });
        let r = http.post(format!("{base}/companies/900003/enrollments")).bearer_auth(&examiner).json(&body).send().await.expect("enroll");
        assert_eq!(r.status(), 201);
        let mut used = String::new();
        for _ in 0..100 {
            let out: Value = http.get(format!("{base}/_local/outbox")).send().await.expect("outbox").json().await.expect("json");
            if let Some(m) = out["items"].as_array().and_then(|i| i.iter().find(|m| m["to"][0] == "used@cedar.example")) {
                let text = m["text"].as_str().unwrap_or_default();
                used = text[text.find(&base).unwrap_or(0)..].split_whitespace().next().unwrap_or_default().to_string();
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let r = http.post(format!("{used}/decline")).json(&json!({})).send().await.expect("decline");
        assert_eq!(r.status(), 200);
        let kinds = [
            ("used", used.clone()),
            ("unknown (well-formed)", format!("{base}/enrollment-responses/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")),
            ("malformed", format!("{base}/enrollment-responses/x")),
        ];
        let mut samples: Vec<Vec<u64>> = vec![vec![]; kinds.len()];
        for _ in 0..rounds {
            for (i, (_, url)) in kinds.iter().enumerate() {
                let t = Instant::now();
                let r = http.get(url).send().await.expect("get");
                assert_eq!(r.status(), 410);
                let _ = r.bytes().await;
                samples[i].push(t.elapsed().as_micros() as u64);
            }
        }
        println!("GET /enrollment-responses/{{token}} on ses-local (release, embedded), {rounds} interleaved requests each, all 410:");
        for ((label, _), s) in kinds.iter().zip(samples.iter_mut()) {
            s.sort_unstable();
            println!("  {label:<22} median {:>4} µs  p90 {:>4} µs", s[s.len() / 2], s[s.len() * 9 / 10]);
        }
    });
    drop(server);
}
