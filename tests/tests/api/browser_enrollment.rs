//! The enrollment link in headless Chromium (Debian's chromium, driven by playwright-core from
//! `tools/npm`): decline from the mail page, then confirm with the two contacts after the local
//! sign-in. Screenshots are kept in `artifacts/browser/`.

use crate::support;

use serde_json::{json, Value};
use support::{agency_user, Local};

#[tokio::test]
async fn an_invitee_declines_and_another_confirms_in_a_browser() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let npm = root.join("tools/npm");
    assert!(
        npm.join("node_modules/playwright-core").exists(),
        "playwright-core is missing: run scripts/peers-install npm (scripts/test does)"
    );
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        std::path::Path::new(&chromium).exists(),
        "{chromium} is missing: run scripts/peers-install chromium as root (apt-get install chromium)"
    );

    let local = Local::start(true).await;
    let examiner = agency_user("TX-DOB", &["examiner"], "avery.quinn@tx-dob.example");
    for (nmls, email) in [
        ("900010", "first.person@juniper-bay.example"),
        ("900011", "second.person@kestrel.example"),
    ] {
        let body = json!({ "firstName": "Jo", "lastName": "Park", "email": email, "phone": "469-555-0100" });
        let r = local
            .http
            .post(local.url(&format!("/companies/{nmls}/enrollments")))
            .bearer_auth(&examiner)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
    }
    local.app.state.dispatch_outbox().await.unwrap();

    let shots = root.join("artifacts/browser");
    std::fs::create_dir_all(&shots).unwrap();
    let out = tokio::process::Command::new("node")
        .arg(root.join("tests/browser/enrollment.mjs"))
        .env("NPM_DIR", &npm)
        .env("CHROMIUM", &chromium)
        .env("BASE_URL", &local.base)
        .env("FIRST_INVITEE", "first.person@juniper-bay.example")
        .env("SECOND_INVITEE", "second.person@kestrel.example")
        .env("SCREENSHOTS", &shots)
        .output()
        .await
        .expect("run node");
    assert!(
        out.status.success(),
        "browser flow failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for shot in [
        "1-response-page.png",
        "2-declined.png",
        "3-agency-told.png",
        "4-sign-in.png",
        "5-contacts.png",
        "6-confirmed.png",
    ] {
        assert!(shots.join(shot).exists(), "{shot}");
    }

    let c: Value = local.get("/companies/900011", &examiner).await.json().await.unwrap();
    assert_eq!(c["enrollmentStatus"], "enrolled");
    assert_eq!(c["complaintsContact"]["phone"], "+14695550123");
    let d: Value = local
        .get("/companies/900010/enrollments", &examiner)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        d["items"][0]["declineReason"],
        "I handle mortgages, not this license. Ask Sam."
    );
}
