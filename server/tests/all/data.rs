//! "Download my data" through the real server, on both engines: the file
//! holds everything about the carer (their words, their worker's notes,
//! comments, agreed plans, consent, referrals, who looked), matches the
//! published schema, and holds nothing of another carer.

use crate::support;

use reqwest::{Client, StatusCode, header};
use serde_json::{Value, json};
use support::TestServer;
use support::people::*;
use support::with_server as run;

on_both_engines!(run =>
    a_carer_downloads_everything_held_about_them_and_nothing_else,
);

/// Written only into the second carer's plan.
const OTHER: &str = "otter-under-the-bridge";

async fn download(s: &TestServer, who: &Actor) -> (StatusCode, Option<String>, String) {
    let mut request = Client::new().get(s.url("/my-data.json"));
    if let Some(cookie) = &who.cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let res = request.send().await.expect("download");
    let disposition = res.headers().get(header::CONTENT_DISPOSITION).and_then(|v| v.to_str().ok()).map(str::to_owned);
    (res.status(), disposition, res.text().await.expect("body"))
}

async fn a_carer_downloads_everything_held_about_them_and_nothing_else(s: TestServer) {
    let (manager, _) = manager(&s).await;
    let (worker, _) = worker(&s, &manager, "Wendy Worker").await;
    let (carer, carer_id) = register(&s, "Cara").await;
    let (other, other_id) = register(&s, "Olive").await;
    write_and_hand_off(&s, &carer, "no").await;
    other.json(&s, "plan/answers", json!({"key": "emergency", "base_version": 0, "changes": {"contacts": OTHER}})).await;
    write_and_hand_off(&s, &other, "no").await;
    for id in [carer_id, other_id] {
        worker.answer(&s, app::api::worker::PickUp { carer_id: id }).await;
        write_support_plan(&s, &worker, id).await;
    }
    let notes =
        json!({"carer_id": carer_id, "key": "worker-area:health", "base_version": 0, "changes": {"notes": format!("Notes: {CANARY}")}});
    worker.json(&s, "worker/answers", notes).await;
    carer.json(&s, "sharing/social-work", json!({"sections": ["area-health"]})).await;
    worker.json(&s, "worker/refer", json!({"carer_id": carer_id, "sections": ["area-health"], "legal_reason": null})).await;
    send_to_carer(&s, &worker, carer_id, "", "").await;
    let version = carer.answer(&s, app::api::agreement::MyAgreement {}).await["state"]["version"].clone();
    carer.json(&s, "agreement/comment", json!({"version": version, "comment": format!("Comment: {CANARY}")})).await;
    send_to_carer(&s, &worker, carer_id, "", "Answered").await;
    sign(&s, &carer).await;

    let (status, disposition, file) = download(&s, &carer).await;
    assert_eq!(status, StatusCode::OK, "{file}");
    assert!(disposition.is_some_and(|d| d.starts_with("attachment")), "a file to keep");
    let data: Value = serde_json::from_str(&file).expect("JSON");

    // It matches the schema published in the repository.
    let schema: Value = serde_json::from_str(include_str!("../../../app/schema/my-data.v1.json")).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let wrong: Vec<String> = validator.iter_errors(&data).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(wrong.is_empty(), "the file does not match its schema:\n{}", wrong.join("\n"));
    let mut broken = data.clone();
    broken["plan"][0]["version"] = json!("one");
    assert!(!validator.is_valid(&broken), "the schema can fail");

    // Everything about the carer is there.
    assert_eq!(data["account"]["email"], "cara@example.org");
    for words in [
        format!("Health: {CANARY}"),
        format!("Money: {UNSHARED}"),
        format!("Notes: {CANARY}"),
        format!("Comment: {CANARY}"),
        "07700 900 982".to_owned(),
        "I agree that".to_owned(),
    ] {
        assert!(file.contains(&words), "{words} is not in the file");
    }
    assert_eq!(data["agreed_plans"].as_array().map(Vec::len), Some(1));
    assert_eq!(data["referrals"].as_array().map(Vec::len), Some(1));
    assert_eq!(data["agreement"]["stage"], "agreed");
    assert!(data["seen_by"].as_array().is_some_and(|s| s.iter().any(|v| v["name"] == "Wendy Worker")));
    assert_eq!(data["consent_records"].as_array().map(Vec::len), Some(2), "the centre and social work");

    // Nothing of anyone else's.
    for theirs in [OTHER, "olive@example.org", "wendy@centre.example", &other_id.to_string()] {
        assert!(!file.contains(theirs), "the file holds {theirs}");
    }
    let (_, _, theirs) = download(&s, &other).await;
    assert!(theirs.contains(OTHER) && !theirs.contains(&format!("Notes: {CANARY}")), "each carer gets their own");

    // Only a carer, only their own.
    for (who, caller, status) in [("a worker", &worker, 403), ("a manager", &manager, 403), ("a visitor", &Actor { cookie: None }, 401)] {
        let (got, _, body) = download(&s, caller).await;
        assert_eq!(got.as_u16(), status, "{who}");
        assert!(!body.contains(CANARY), "{who} was sent plan text");
    }
    // The home page offers it.
    let (_, _, home) = carer.page(&s, "/").await;
    assert!(home.contains("href=\"/my-data.json\"") && home.contains("Download all your data"), "{home}");
}
