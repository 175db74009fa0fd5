//! What the bench binaries share: release binaries of the workspace, `ses-local` as a server,
//! its tokens, percentiles.

#![allow(dead_code)]

use std::process::{Child, Command, Stdio};

/// A release binary, built beforehand (`cargo build --release -p NAME`).
pub fn release_binary(name: &str) -> std::path::PathBuf {
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

pub fn percentile(sorted: &[u64], p: f64) -> u64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// `ses-local` (release) with training data in a temporary folder; killed when dropped.
pub struct LocalServer {
    child: Child,
    pub base: String,
    _dir: tempfile::TempDir,
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl LocalServer {
    pub fn start() -> LocalServer {
        let dir = tempfile::tempdir().expect("dir");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("port")
            .port();
        let child = Command::new(release_binary("ses-local"))
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
        LocalServer {
            child,
            base: format!("http://127.0.0.1:{port}"),
            _dir: dir,
        }
    }

    /// Waits until it answers.
    pub async fn ready(&self, http: &reqwest::Client) {
        for _ in 0..400 {
            if http.get(format!("{}/health", self.base)).send().await.is_ok() {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        panic!("ses-local did not start");
    }
}

/// A token from `ses-local token ARGS`.
pub fn token(args: &[&str]) -> String {
    let out = Command::new(release_binary("ses-local"))
        .arg("token")
        .args(args)
        .output()
        .expect("ses-local token");
    String::from_utf8(out.stdout).expect("utf-8").trim().to_string()
}
