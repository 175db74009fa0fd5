//! The `ses-local` binary as a user runs it: `serve` on the embedded default, `token`, and
//! data that survives a restart.

use crate::support;

use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn serve(data_dir: &std::path::Path, port: u16) -> Server {
    let child = Command::new(support::binary("ses-local"))
        .args([
            "serve",
            "--training-data",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(data_dir)
        .env("SES_LOCAL_JWT_SECRET", "binary-test-secret")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start ses-local");
    let server = Server(child);
    for _ in 0..200 {
        if reqwest::get(format!("http://127.0.0.1:{port}/health")).await.is_ok() {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("ses-local did not answer on port {port}");
}

fn token(args: &[&str]) -> String {
    let out = Command::new(support::binary("ses-local"))
        .arg("token")
        .args(args)
        .env("SES_LOCAL_JWT_SECRET", "binary-test-secret")
        .output()
        .expect("run ses-local token");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("utf-8").trim().to_string()
}

#[tokio::test]
async fn a_token_from_the_cli_works_and_data_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let port = support::free_port();
    let http = reqwest::Client::new();
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
        "a@tx-dob.example",
    ]);
    {
        let _server = serve(dir.path(), port).await;
        let me: Value = http
            .get(format!("http://127.0.0.1:{port}/me"))
            .bearer_auth(&examiner)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(me["roles"], json!(["examiner"]));
        let r = http
            .put(format!("http://127.0.0.1:{port}/companies/777"))
            .bearer_auth(&admin)
            .json(&json!({ "name": "Survivor Lending", "nmlsContact": null, "nmlsComplaintsContact": null }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
    }
    let _server = serve(dir.path(), port).await;
    let c: Value = http
        .get(format!("http://127.0.0.1:{port}/companies/777"))
        .bearer_auth(&examiner)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(c["name"], "Survivor Lending");
    // Training data loaded twice is still one set.
    let all: Value = http
        .get(format!("http://127.0.0.1:{port}/companies?limit=100"))
        .bearer_auth(&examiner)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(all["items"].as_array().unwrap().len(), 25);
}

#[test]
fn a_bad_setting_stops_ses_local_as_it_stops_a_function() {
    // ENROLLMENT_TTL_DAYS is read by the one typed configuration the functions read it with:
    // a value out of range is an error at start-up, never a silent default.
    let dir = tempfile::tempdir().unwrap();
    let port = support::free_port();
    let mut child = Command::new(support::binary("ses-local"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--data-dir"])
        .arg(dir.path())
        .env("ENROLLMENT_TTL_DAYS", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ses-local serve");
    let started = std::time::Instant::now();
    while child.try_wait().expect("wait for ses-local").is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("ses-local started with ENROLLMENT_TTL_DAYS=0 instead of refusing it");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("ses-local's output");
    assert!(
        !out.status.success(),
        "ses-local exited successfully with ENROLLMENT_TTL_DAYS=0"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("ENROLLMENT_TTL_DAYS must be a whole number of days from 1 to 90"),
        "the error names the setting: {stderr}"
    );
}
