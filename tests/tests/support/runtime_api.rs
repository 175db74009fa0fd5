//! A Lambda Runtime API endpoint (the interface Lambda offers a function's process), so the
//! real function binaries can be run as Lambda runs them and fed real-shaped events.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::routing::{get, post};
use axum::Router;
use serde_json::Value;
use std::collections::VecDeque;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

#[derive(Debug, Clone)]
pub enum Outcome {
    Response(Value),
    Error(Value),
}

#[derive(Default)]
struct Shared {
    queue: Mutex<VecDeque<(String, Value)>>,
    outcomes: Mutex<Vec<(String, Outcome)>>,
    first_next: Mutex<Option<Instant>>,
    init_error: Mutex<Option<Value>>,
    changed: Notify,
}

pub struct RuntimeApi {
    shared: Arc<Shared>,
    pub addr: String,
}

async fn next(State(s): State<Arc<Shared>>) -> (HeaderMap, String) {
    {
        let mut first = s.first_next.lock().unwrap();
        first.get_or_insert_with(Instant::now);
    }
    s.changed.notify_waiters();
    loop {
        let item = s.queue.lock().unwrap().pop_front();
        if let Some((id, event)) = item {
            let mut h = HeaderMap::new();
            h.insert("lambda-runtime-aws-request-id", HeaderValue::from_str(&id).unwrap());
            let deadline = (std::time::SystemTime::now() + Duration::from_secs(30))
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_millis();
            h.insert(
                "lambda-runtime-deadline-ms",
                HeaderValue::from_str(&deadline.to_string()).unwrap(),
            );
            h.insert(
                "lambda-runtime-invoked-function-arn",
                HeaderValue::from_static("arn:aws:lambda:us-east-1:123456789012:function:ses-test"),
            );
            h.insert(
                "lambda-runtime-trace-id",
                HeaderValue::from_static("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"),
            );
            return (h, event.to_string());
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

async fn response(State(s): State<Arc<Shared>>, Path(id): Path<String>, body: String) -> &'static str {
    let value = serde_json::from_str(&body).unwrap_or(Value::String(body));
    s.outcomes.lock().unwrap().push((id, Outcome::Response(value)));
    s.changed.notify_waiters();
    "{}"
}

async fn error(State(s): State<Arc<Shared>>, Path(id): Path<String>, body: String) -> &'static str {
    let value = serde_json::from_str(&body).unwrap_or(Value::String(body));
    s.outcomes.lock().unwrap().push((id, Outcome::Error(value)));
    s.changed.notify_waiters();
    "{}"
}

async fn init_error(State(s): State<Arc<Shared>>, body: String) -> &'static str {
    *s.init_error.lock().unwrap() = Some(serde_json::from_str(&body).unwrap_or(Value::String(body)));
    s.changed.notify_waiters();
    "{}"
}

impl RuntimeApi {
    pub async fn start() -> RuntimeApi {
        let shared = Arc::new(Shared::default());
        let app = Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next))
            .route("/2018-06-01/runtime/invocation/{id}/response", post(response))
            .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
            .route("/2018-06-01/runtime/init/error", post(init_error))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        RuntimeApi { shared, addr }
    }

    pub fn push(&self, request_id: &str, event: Value) {
        self.shared
            .queue
            .lock()
            .unwrap()
            .push_back((request_id.to_string(), event));
    }

    /// Waits for the outcome of an invocation.
    pub async fn outcome(&self, request_id: &str) -> Outcome {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some((_, o)) = self
                .shared
                .outcomes
                .lock()
                .unwrap()
                .iter()
                .find(|(id, _)| id == request_id)
            {
                return o.clone();
            }
            if let Some(e) = self.shared.init_error.lock().unwrap().clone() {
                panic!("the function failed to start: {e}");
            }
            assert!(Instant::now() < deadline, "no outcome for {request_id}");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// When the process first asked for work (the end of its init).
    pub async fn first_next(&self) -> Instant {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(t) = *self.shared.first_next.lock().unwrap() {
                return t;
            }
            if let Some(e) = self.shared.init_error.lock().unwrap().clone() {
                panic!("the function failed to start: {e}");
            }
            assert!(Instant::now() < deadline, "the function never asked for work");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
}

/// A function process, killed when dropped.
pub struct Function {
    pub child: Child,
    pub started: Instant,
}

impl Drop for Function {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts a function binary as Lambda would, with these extra environment variables.
pub fn spawn(binary: &std::path::Path, api: &RuntimeApi, env: &[(&str, String)]) -> Function {
    let mut cmd = Command::new(binary);
    cmd.env("AWS_LAMBDA_RUNTIME_API", &api.addr)
        .env("AWS_LAMBDA_FUNCTION_NAME", binary.file_name().unwrap())
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/ses-test")
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/22/[$LATEST]test")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let started = Instant::now();
    Function {
        child: cmd.spawn().expect("start the function binary"),
        started,
    }
}
