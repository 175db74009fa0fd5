//! The `enrollment-expiry` handler (EventBridge schedule, daily): pending enrollments past
//! their expiry end as expired, each told once. A failed run is retried by the schedule.

use ses_edge::AppState;
use ses_services::enrollment::expire_due;

/// One run; its summary is the function's answer.
pub async fn handle(state: &AppState) -> Result<serde_json::Value, String> {
    let run = expire_due(state).await.map_err(|e| e.to_string())?;
    tracing::info!(
        expired = run.expired.len(),
        skipped = run.skipped.len(),
        "enrollment expiry run"
    );
    Ok(serde_json::json!({ "job": "enrollment-expiry", "summary": run }))
}
