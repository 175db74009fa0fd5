//! The `information-request-reminders` handler (EventBridge schedule, daily): the due-in-2-days
//! and overdue reminders, each sent once.

use ses_edge::AppState;
use ses_services::complaint::reminders::run;

/// One run; its summary is the function's answer. A run with a reminder that could not be
/// sent fails, so the schedule retries it; what was sent is not sent again.
pub async fn handle(state: &AppState) -> Result<serde_json::Value, String> {
    let run = run(state).await.map_err(|e| e.to_string())?;
    tracing::info!(
        due_soon = run.due_soon.len(),
        overdue = run.overdue.len(),
        skipped = run.skipped.len(),
        failed = run.failed.len(),
        "information request reminders run"
    );
    if !run.failed.is_empty() {
        return Err(format!(
            "{} reminder(s) could not be sent: {:?}",
            run.failed.len(),
            run.failed
        ));
    }
    Ok(serde_json::json!({ "job": "information-request-reminders", "summary": run }))
}
