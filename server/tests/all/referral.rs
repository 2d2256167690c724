//! Referral to social work through the real server, on both engines:
//! refused without the carer's share to social work, exactly the sections
//! it covers with one, nothing after the carer withdraws it; and the one
//! exception, a legal reason, shown to the carer and to managers.

use crate::support;

use reqwest::{Client, StatusCode, header};
use serde_json::{Value, json};
use support::TestServer;
use support::people::*;
use support::with_server as run;

on_both_engines!(run =>
    a_referral_holds_exactly_what_the_carer_shares_with_social_work_until_they_withdraw,
    a_legal_reason_needs_a_real_justification_and_the_carer_and_managers_see_it,
);

/// Downloads a referral's JSON file as `who`.
async fn download(s: &TestServer, who: &Actor, id: &str) -> (StatusCode, String) {
    let mut request = Client::new().get(s.url(&format!("/worker/referral/{id}/package.json")));
    if let Some(cookie) = &who.cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let res = request.send().await.expect("download");
    (res.status(), res.text().await.expect("body"))
}

fn refer_body(carer: uuid::Uuid, sections: &[&str], reason: Option<&str>) -> Value {
    json!({"carer_id": carer, "sections": sections, "legal_reason": reason})
}

async fn a_referral_holds_exactly_what_the_carer_shares_with_social_work_until_they_withdraw(s: TestServer) {
    let (manager, _) = manager(&s).await;
    let (other, _) = worker(&s, &manager, "Oscar Other").await;
    let (worker, _) = worker(&s, &manager, "Wendy Worker").await;
    let (carer, carer_id) = register(&s, "Cara").await;
    write_and_hand_off(&s, &carer, "no").await;
    worker.answer(&s, app::api::worker::PickUp { carer_id }).await;

    // Without a share to social work, nothing is sent, and the worker is told why.
    let (status, text) = worker.call(&s, "worker/refer", refer_body(carer_id, &["area-health"], None)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert!(text.contains("has not agreed to share their plan with social work"), "{text}");
    let (status, page) = worker.post(&s, &format!("/worker/refer/{carer_id}"), &[("sections", "area-health")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("There is a problem") && page.contains("has not agreed"), "{page}");

    // The carer shares Health (not About me) with social work, from their Sharing page.
    let (_, page) = carer.post(&s, "/sharing/social-work", &[("intent", "give"), ("sections", "area-health")]).await;
    assert!(page.contains("You now share your plan with social work"), "{page}");
    let (status, text) = worker.call(&s, "worker/refer", refer_body(carer_id, &["about-me", "area-health"], None)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert!(text.contains("About me"), "the part outside the share is named: {text}");
    let id = worker.json(&s, "worker/refer", refer_body(carer_id, &["area-health"], None)).await;
    let id = id.as_str().expect("an id").to_owned();

    // The package holds exactly Health: the printable page and the JSON file.
    let (status, _, page) = worker.page(&s, &format!("/worker/referral/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("Health: {CANARY}")), "{page}");
    assert!(!page.contains(&format!("About me: {CANARY}")) && !page.contains(UNSHARED), "nothing else: {page}");
    let (status, file) = download(&s, &worker, &id).await;
    assert_eq!(status, StatusCode::OK, "{file}");
    let file: Value = serde_json::from_str(&file).expect("a JSON file");
    assert_eq!(file["format"], "carerspace-referral");
    assert_eq!(file["referral"]["basis"], "consent");
    let sections: Vec<&str> = file["sections"].as_array().expect("sections").iter().filter_map(|s| s["id"].as_str()).collect();
    assert_eq!(sections, ["area-health"]);
    let text = file.to_string();
    assert!(text.contains(&format!("Health: {CANARY}")) && !text.contains(&format!("About me: {CANARY}")), "{text}");
    for (who, caller) in [("another worker", &other), ("the carer", &carer), ("the manager", &manager)] {
        let (status, body) = download(&s, caller, &id).await;
        assert!(matches!(status.as_u16(), 403 | 404), "{who}: {status}");
        assert!(!body.contains(CANARY), "{who} was sent plan text");
    }

    // The carer sees the referral, and that the worker sent it.
    let (_, _, sharing) = carer.page(&s, "/sharing").await;
    assert!(sharing.contains("Referrals to social work") && sharing.contains("Made with your consent"), "{sharing}");
    assert!(sharing.contains("The parts you share with social work, to refer you to them"), "the access log says so: {sharing}");

    // Withdrawing the share withdraws the referral: nobody can open it, by any way in.
    let view = carer.answer(&s, app::api::sharing::Sharing { history_before: None, seen_before: None }).await;
    let share = view["shares"].as_array().expect("shares").iter().find(|s| s["recipient_id"] == "social-work").expect("the share").clone();
    let (_, page) = carer
        .post(
            &s,
            "/sharing/social-work",
            &[("intent", "withdraw"), ("share_id", share["share_id"].as_str().expect("id")), ("sequence", &share["sequence"].to_string())],
        )
        .await;
    assert!(page.contains("You have withdrawn your consent to share with social work"), "{page}");
    let (status, _, page) = worker.page(&s, &format!("/worker/referral/{id}")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!page.contains(CANARY));
    let (status, body) = download(&s, &worker, &id).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!body.contains(CANARY));
    let (status, body) = worker.call(&s, "worker/referral", json!({"id": id})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (_, _, sharing) = carer.page(&s, "/sharing").await;
    assert!(sharing.contains("nobody can open it any more"), "{sharing}");
    let (_, _, overview) = worker.page(&s, &format!("/worker/plan/{carer_id}")).await;
    assert!(overview.contains("The carer withdrew their consent on"), "{overview}");
    // The centre share (and the worker's plan) is untouched.
    assert!(overview.contains(&format!("Health: {CANARY}")) || overview.contains("Health and wellbeing"));
    // And nothing new can be sent without a new share.
    let (status, _) = worker.call(&s, "worker/refer", refer_body(carer_id, &["area-health"], None)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn a_legal_reason_needs_a_real_justification_and_the_carer_and_managers_see_it(s: TestServer) {
    let (manager, _) = manager(&s).await;
    let (worker, _) = worker(&s, &manager, "Wendy Worker").await;
    let (carer, carer_id) = register(&s, "Cara").await;
    write_and_hand_off(&s, &carer, "yes").await;
    worker.answer(&s, app::api::worker::PickUp { carer_id }).await;

    let (status, text) = worker.call(&s, "worker/refer", refer_body(carer_id, &["about-me"], Some("She is at risk."))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert!(text.contains("legal_reason") && text.contains("at least 100 characters"), "{text}");
    let (status, _) = worker.call(&s, "worker/refer", refer_body(carer_id, &["area-finance"], Some(&"x".repeat(200)))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a part the carer did not share with the worker is never sent");

    let reason = "Cara told me today that her son threatened her with a knife last night and that she is afraid to go home this evening.";
    let (status, page) = worker
        .post(&s, &format!("/worker/refer/{carer_id}"), &[("sections", "about-me"), ("basis", "legal"), ("legal_reason", reason)])
        .await;
    assert!(matches!(status.as_u16(), 200 | 302 | 303), "{status} {page}");
    let overview = worker.json(&s, "worker/plan", json!({"carer_id": carer_id, "section": null})).await;
    let referral = &overview["referrals"][0];
    assert_eq!(referral["legal_reason"], reason, "{overview}");
    let (status, _, page) = worker.page(&s, &format!("/worker/referral/{}", referral["id"].as_str().expect("id"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("for a legal reason") && page.contains(&format!("About me: {CANARY}")), "{page}");

    // The carer sees it, with the reason, and in "who has seen your plan".
    let (_, _, sharing) = carer.page(&s, "/sharing").await;
    assert!(sharing.contains("Made without your consent") && sharing.contains("threatened her with a knife"), "{sharing}");
    assert!(sharing.contains("to refer you to social work for a legal reason"), "{sharing}");
    // Managers list it with its justification; workers cannot.
    let (_, _, list) = manager.page(&s, "/manager/referrals").await;
    assert!(list.contains("threatened her with a knife") && list.contains("Cara"), "{list}");
    let (status, _) = worker.send(&s, app::api::referral::LegalReferrals {}).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
