//! `ses-local serve | token | openapi | generate`.

use clap::{Parser, Subcommand};
use ses_local::config::{Backend, LocalConfig, DEFAULT_JWT_SECRET};
use ses_local::LocalApp;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "ses-local",
    version,
    about = "The SES backend on one port, with an embedded store"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve every route.
    Serve {
        #[arg(long, default_value = "127.0.0.1:3000")]
        addr: SocketAddr,
        #[arg(long, default_value = ".ses-local")]
        data_dir: PathBuf,
        /// Load fictitious agencies, companies and people (idempotent).
        #[arg(long)]
        training_data: bool,
        #[arg(long, value_enum, default_value = "embedded")]
        backend: Backend,
        /// Base of links in emails (default: http://ADDR).
        #[arg(long, env = "PUBLIC_BASE_URL")]
        public_base_url: Option<String>,
    },
    /// Print a signed token for a local caller.
    Token {
        /// agency, company, csbs or service
        #[arg(long = "type", default_value = "agency")]
        kind: String,
        #[arg(long)]
        agency: Option<String>,
        /// Comma- or space-separated roles, e.g. examiner,staff_user
        #[arg(long, default_value = "")]
        roles: String,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        sub: Option<String>,
        #[arg(long)]
        given_name: Option<String>,
        #[arg(long)]
        family_name: Option<String>,
        /// Write email_verified: false into the token.
        #[arg(long)]
        unverified: bool,
        /// Lifetime in minutes.
        #[arg(long, default_value_t = 720)]
        minutes: i64,
    },
    /// Print the OpenAPI 3.1 document.
    Openapi,
    /// Write a large fictitious complaint load into a data directory (for benchmarks).
    Generate {
        #[arg(long, default_value = ".ses-local")]
        data_dir: PathBuf,
        #[arg(long, default_value_t = 100_000)]
        complaints: usize,
        #[arg(long, default_value_t = 60)]
        agencies: usize,
    },
}

fn secret() -> String {
    std::env::var("SES_LOCAL_JWT_SECRET")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| DEFAULT_JWT_SECRET.to_string())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve {
            addr,
            data_dir,
            training_data,
            backend,
            public_base_url,
        } => {
            ses_edge::runtime::init_logging();
            let config = LocalConfig {
                addr,
                data_dir,
                training_data,
                backend,
                jwt_secret: secret(),
                public_base_url: public_base_url.unwrap_or_else(|| format!("http://{addr}")),
                cursor_secret: std::env::var("CURSOR_SECRET")
                    .unwrap_or_else(|_| format!("ses-local-cursor:{}", secret())),
                table_name: std::env::var("TABLE_NAME").ok(),
                mail_from: std::env::var("MAIL_FROM").unwrap_or_else(|_| "no-reply@ses.example".into()),
                document_bucket: std::env::var("DOCUMENT_BUCKET").ok().filter(|b| !b.is_empty()),
                enrollment: ses_services::enrollment::EnrollmentConfig::from_env()?,
            };
            let app = LocalApp::build(&config).await?;
            app.spawn_dispatcher();
            let listener = tokio::net::TcpListener::bind(config.addr).await?;
            tracing::info!(addr = %listener.local_addr()?, data_dir = %config.data_dir.display(), "ses-local serving; mail at /_local/mail");
            axum::serve(listener, app.router())
                .with_graceful_shutdown(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await?;
        }
        Command::Token {
            kind,
            agency,
            roles,
            email,
            sub,
            given_name,
            family_name,
            unverified,
            minutes,
        } => {
            let roles: Vec<&str> = roles.split([',', ' ']).filter(|r| !r.is_empty()).collect();
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            let sub = sub
                .or_else(|| email.clone().map(|e| format!("local|{e}")))
                .unwrap_or_else(|| format!("local|{kind}"));
            let mut claims = serde_json::json!({
                "sub": sub, "ses_type": kind, "ses_roles": roles, "iat": now, "exp": now + minutes * 60,
                "email_verified": !unverified,
            });
            let fields = [
                ("email", email),
                ("ses_agency", agency),
                ("given_name", given_name),
                ("family_name", family_name),
            ];
            for (k, v) in fields {
                if let Some(v) = v {
                    claims[k] = serde_json::Value::String(v);
                }
            }
            println!("{}", ses_edge::LocalTokens::new(&secret()).sign(&claims)?);
        }
        Command::Generate {
            data_dir,
            complaints,
            agencies,
        } => {
            std::fs::create_dir_all(&data_dir)?;
            let store = ses_store::embedded::EmbeddedTable::open(&data_dir.join("ses.redb"))?;
            let table = ses_store::Table::new(std::sync::Arc::new(store), b"generator");
            let started = std::time::Instant::now();
            let done =
                ses_local::complaint_generator::generate(&table, complaints, agencies, time::OffsetDateTime::now_utc())
                    .await?;
            eprintln!("generated in {:.1} s", started.elapsed().as_secs_f64());
            println!("{}", serde_json::to_string(&done)?);
        }
        Command::Openapi => {
            println!("{}", ses_local::openapi_json()?);
        }
    }
    Ok(())
}
