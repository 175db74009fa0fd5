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
        LocalServer::start_in(tempfile::tempdir().expect("dir"), true)
    }

    /// On a data directory made beforehand (e.g. by `ses-local generate`).
    pub fn start_in(dir: tempfile::TempDir, training_data: bool) -> LocalServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("port")
            .port();
        let child = Command::new(release_binary("ses-local"))
            .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--data-dir"])
            .arg(dir.path())
            .args(if training_data {
                &["--training-data"][..]
            } else {
                &[][..]
            })
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

    pub fn pid(&self) -> u32 {
        self.child.id()
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

/// Resident and peak resident memory of a process, in KiB (`VmRSS`, `VmHWM`).
pub fn memory_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}
