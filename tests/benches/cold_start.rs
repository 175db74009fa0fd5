//! A function binary's init — process start to its first Runtime API `next` request, AWS
//! clients built — and its stripped size. Release binaries, as deployed.
//! `cargo build --release -p directory -p enrollment -p enrollment-response -p enrollment-expiry -p mail-dispatch -p mail-events -p complaint-intake -p information-request-reminders -p document-events`
//! (one invocation, so no function links `ses-local`'s features), then `cargo bench -p ses-tests --bench cold_start`

#[allow(dead_code)]
#[path = "../tests/support/runtime_api.rs"]
mod runtime_api;

mod common;

use common::*;
use std::time::Duration;

/// CPU time the process has used so far, in milliseconds (`/proc/PID/schedstat`: ns on CPU).
fn cpu_time_ms(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/schedstat")).ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e6)
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let runs = 20;
    let http = vec![
        ("TABLE_NAME", "ses"),
        ("CURSOR_SECRET", "bench-secret"),
        ("PUBLIC_BASE_URL", "https://app.ses.example"),
    ];
    let response = [http.clone(), vec![("SIGN_IN_URL", "https://app.ses.example/sign-in")]].concat();
    for (name, env) in [
        ("directory", http.clone()),
        ("enrollment", http.clone()),
        ("enrollment-response", response),
        ("enrollment-expiry", http.clone()),
        (
            "mail-dispatch",
            vec![("TABLE_NAME", "ses"), ("MAIL_FROM", "no-reply@ses.example")],
        ),
        ("mail-events", vec![("TABLE_NAME", "ses")]),
        (
            "complaint-intake",
            [http.clone(), vec![("DOCUMENT_BUCKET", "ses-documents")]].concat(),
        ),
        ("information-request-reminders", http.clone()),
        (
            "document-events",
            vec![("TABLE_NAME", "ses"), ("DOCUMENT_BUCKET", "ses-documents")],
        ),
    ] {
        let binary = release_binary(name);
        let size = std::fs::metadata(&binary).expect("size").len();
        let mut walls = Vec::new();
        let mut cpus = Vec::new();
        for _ in 0..runs {
            rt.block_on(async {
                let api = runtime_api::RuntimeApi::start().await;
                let mut env: Vec<(&str, String)> = env.iter().map(|(k, v)| (*k, v.to_string())).collect();
                // The warming read at init meets a closed port at once (no network here).
                env.push(("AWS_ENDPOINT_URL", "http://127.0.0.1:9".into()));
                env.push(("AWS_MAX_ATTEMPTS", "1".into()));
                let f = runtime_api::spawn(&binary, &api, &env);
                let first = api.first_next().await;
                walls.push(first.duration_since(f.started));
                if let Some(cpu) = cpu_time_ms(f.child.id()) {
                    cpus.push(cpu);
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            });
        }
        walls.sort();
        cpus.sort_by(|a, b| a.total_cmp(b));
        println!(
            "{name}: stripped size {:.1} MB; init to first `next` over {runs} runs: median {:.1} ms, max {:.1} ms wall; CPU median {:.1} ms",
            size as f64 / 1_048_576.0,
            walls[runs / 2].as_secs_f64() * 1000.0,
            walls[runs - 1].as_secs_f64() * 1000.0,
            cpus.get(cpus.len() / 2).copied().unwrap_or(f64::NAN),
        );
    }
}
