//! What the black-box tests share: the real peers (moto server for DynamoDB and S3,
//! aws-ses-v2-local for email), reached through the environment that `scripts/test` sets,
//! and `ses-local` on a free port.

#![allow(dead_code)]

pub mod complaints;
pub mod runtime_api;
pub mod stream;

use ses_local::config::{Backend, LocalConfig};
use ses_local::LocalApp;
use ses_store::dynamodb::{ensure_table, DynamoTable};
use ses_store::embedded::EmbeddedTable;
use ses_store::Table;
use std::sync::Arc;

const HOW: &str = "start the test peers first: scripts/peers-install && scripts/peers start && . \"$(scripts/peers env)\" (scripts/test does all of this)";

/// The moto server's endpoint; a test that needs it fails (never skips) without it.
pub fn moto_endpoint() -> String {
    std::env::var("MOTO_ENDPOINT").unwrap_or_else(|_| panic!("MOTO_ENDPOINT is not set: {HOW}"))
}

/// The aws-ses-v2-local endpoint.
pub fn mail_endpoint() -> String {
    std::env::var("MAIL_PEER_ENDPOINT").unwrap_or_else(|_| panic!("MAIL_PEER_ENDPOINT is not set: {HOW}"))
}

/// SDK configuration as a Lambda would have it, pointed at the peers.
pub async fn aws_conf() -> aws_config::SdkConfig {
    let endpoint = moto_endpoint();
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
            "test", "test", None, None, "tests",
        ))
        .load()
        .await
}

pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", ulid::Ulid::new().to_string().to_lowercase())
}

/// A fresh DynamoDB table on moto.
pub async fn dynamo_table() -> (Table, String, aws_sdk_dynamodb::Client) {
    let conf = aws_conf().await;
    let client = aws_sdk_dynamodb::Client::new(&conf);
    let name = unique("ses-test");
    ensure_table(&client, &name)
        .await
        .unwrap_or_else(|e| panic!("cannot create a table on moto at {}: {e}; {HOW}", moto_endpoint()));
    (
        Table::new(Arc::new(DynamoTable::new(client.clone(), &name)), b"test-cursor-secret"),
        name,
        client,
    )
}

/// A fresh embedded table in a temporary folder (kept alive by the returned guard).
pub fn embedded_table() -> (Table, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let table = EmbeddedTable::open(&dir.path().join("ses.redb")).expect("open redb");
    (Table::new(Arc::new(table), b"test-cursor-secret"), dir)
}

pub const JWT_SECRET: &str = "test-secret";

/// A server under test at `base`, and the requests the tests make of it.
pub struct Client {
    pub base: String,
    pub http: reqwest::Client,
}

/// `ses-local` on the embedded store, serving on a free port; its requests are the `Client`'s.
pub struct Local {
    pub app: Arc<LocalApp>,
    pub dir: tempfile::TempDir,
    pub client: Client,
}

impl std::ops::Deref for Local {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.client
    }
}

/// Serves `routes` (built on a state whose links point at the server) through the edge's
/// stack with the local token verifier, on a free port: routers on the AWS adapters, or a
/// test's own router. Answers the client and the state.
pub async fn serve(
    table: Table,
    routes: impl FnOnce(ses_edge::AppState, &str) -> axum::Router,
) -> (Client, ses_edge::AppState) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let state = ses_edge::AppState::new(
        table,
        Arc::new(ses_store::clock::SystemClock::default()),
        ses_edge::EdgeConfig {
            public_base_url: base.clone(),
        },
    );
    let app = ses_edge::stack::stack(
        routes(state.clone(), &base),
        ses_edge::Verifier::LocalHs256(Arc::new(ses_edge::LocalTokens::new(JWT_SECRET))),
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (Client::new(base), state)
}

pub fn local_config(dir: &std::path::Path, training_data: bool) -> LocalConfig {
    LocalConfig {
        addr: "127.0.0.1:0".parse().expect("addr"),
        data_dir: dir.to_path_buf(),
        training_data,
        backend: Backend::Embedded,
        jwt_secret: JWT_SECRET.into(),
        public_base_url: "http://ses.test".into(),
        cursor_secret: "cursor".into(),
        table_name: None,
        mail_from: "no-reply@ses.example".into(),
        document_bucket: None,
        enrollment: Default::default(),
    }
}

impl Local {
    pub async fn start(training_data: bool) -> Local {
        let dir = tempfile::tempdir().expect("temp dir");
        Local::start_in(dir, training_data).await
    }

    pub async fn start_in(dir: tempfile::TempDir, training_data: bool) -> Local {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let mut config = local_config(dir.path(), training_data);
        config.public_base_url = base.clone();
        let app = Arc::new(LocalApp::build(&config).await.expect("ses-local builds"));
        app.spawn_dispatcher();
        let router = app.router();
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Local {
            app,
            dir,
            client: Client::new(base),
        }
    }

    pub fn table(&self) -> &Table {
        &self.app.state.app.table
    }

    /// Every message in the outbox (`GET /_local/outbox`), oldest first.
    pub async fn outbox(&self) -> Vec<serde_json::Value> {
        let out: serde_json::Value = self
            .http
            .get(self.url("/_local/outbox"))
            .send()
            .await
            .expect("the outbox answers")
            .json()
            .await
            .expect("the outbox is JSON");
        out["items"].as_array().expect("outbox items").clone()
    }

    /// The outbox after sending what is pending (as the dispatcher does after each commit).
    pub async fn mail(&self) -> Vec<serde_json::Value> {
        self.app.state.dispatch_outbox().await.expect("the outbox is sent");
        self.outbox().await
    }
}

impl Client {
    pub fn new(base: String) -> Client {
        Client {
            base,
            http: reqwest::Client::new(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `GET path` as the caller with this token.
    pub async fn get(&self, path: &str, token: &str) -> reqwest::Response {
        self.send(self.http.get(self.url(path)), token).await
    }

    /// `POST path` with a JSON body.
    pub async fn post(&self, path: &str, token: &str, body: &serde_json::Value) -> reqwest::Response {
        self.send(self.http.post(self.url(path)).json(body), token).await
    }

    /// `PUT path` with a JSON body.
    pub async fn put(&self, path: &str, token: &str, body: &serde_json::Value) -> reqwest::Response {
        self.send(self.http.put(self.url(path)).json(body), token).await
    }

    /// `PATCH path` with a JSON body.
    pub async fn patch(&self, path: &str, token: &str, body: &serde_json::Value) -> reqwest::Response {
        self.send(self.http.patch(self.url(path)).json(body), token).await
    }

    /// `DELETE path`.
    pub async fn delete(&self, path: &str, token: &str) -> reqwest::Response {
        self.send(self.http.delete(self.url(path)), token).await
    }

    /// Any method on `path`, with an optional JSON body: the answer's status and JSON body.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<serde_json::Value>,
    ) -> (reqwest::StatusCode, serde_json::Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("an HTTP method");
        let mut request = self.http.request(method, self.url(path));
        if let Some(b) = body {
            request = request.json(&b);
        }
        answer(self.send(request, token).await).await
    }

    /// `GET path`, its JSON body.
    pub async fn get_json(&self, path: &str, token: &str) -> serde_json::Value {
        self.get(path, token).await.json().await.expect("a JSON answer")
    }

    async fn send(&self, request: reqwest::RequestBuilder, token: &str) -> reqwest::Response {
        request
            .bearer_auth(token)
            .send()
            .await
            .unwrap_or_else(|e| panic!("the server at {} does not answer: {e}", self.base))
    }
}

/// An answer's status and JSON body (`null` when it has none).
pub async fn answer(r: reqwest::Response) -> (reqwest::StatusCode, serde_json::Value) {
    let status = r.status();
    let text = r.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(serde_json::Value::Null))
}

/// A signed local token with these claims (an hour's lifetime unless `exp` is given).
pub fn token(claims: serde_json::Value) -> String {
    let mut claims = claims;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    if claims.get("exp").is_none() {
        claims["exp"] = serde_json::json!(now + 3600);
    }
    ses_edge::LocalTokens::new(JWT_SECRET).sign(&claims).expect("sign")
}

pub fn csbs_admin() -> String {
    token(
        serde_json::json!({ "sub": "csbs-1", "email": "admin@csbs.example", "given_name": "Casey", "family_name": "Admin", "ses_type": "csbs", "ses_roles": ["csbs_admin"] }),
    )
}

pub fn agency_user(agency: &str, roles: &[&str], email: &str) -> String {
    token(
        serde_json::json!({ "sub": format!("sub-{email}"), "email": email, "given_name": "Alex", "family_name": "Examiner", "ses_type": "agency", "ses_agency": agency, "ses_roles": roles }),
    )
}

pub fn company_user(email: &str) -> String {
    token(serde_json::json!({ "sub": format!("sub-{email}"), "email": email, "ses_type": "company" }))
}

/// A binary of the workspace, built by `cargo build --workspace --bins` (scripts/test does).
pub fn binary(name: &str) -> std::path::PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let path = target.join("debug").join(name);
    assert!(
        path.exists(),
        "{} is missing: build it first with cargo build --workspace --bins (scripts/test does)",
        path.display()
    );
    path
}

/// A free loopback port.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// Checks a problem+json answer: status, content type, request id, slug; answers its body.
pub async fn problem(r: reqwest::Response, status: reqwest::StatusCode, slug: &str) -> serde_json::Value {
    assert_eq!(r.status(), status);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    assert!(r.headers().contains_key("x-request-id"));
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(body["type"].as_str().unwrap().ends_with(&format!("/{slug}")), "{body}");
    assert_eq!(body["status"], status.as_u16());
    body
}
