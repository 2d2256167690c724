//! Consent and hand-off through the real server, on both engines: who may
//! call which server function, what staff see after a carer withdraws, and
//! a carer's whole journey from sharing to "who has seen my plan".

use crate::support;

use reqwest::{Client, StatusCode, header};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use support::people::*;
use support::with_server as run;
use support::{Engine, TestServer};

async fn the_health_check_says_loudly_when_the_holidays_file_misses_this_year(s: TestServer) {
    let health: Value = Client::new().get(s.url("/health")).send().await.expect("health").json().await.expect("json");
    assert_eq!(health["holidays"]["status"], "ok", "{health}");
    drop(s);
    let engine = Engine::Sqlite;
    let stale = r#"{"region": "Scotland", "years": [2030], "holidays": [{"date": "2030-01-01", "name": "New Year's Day"}]}"#;
    let Some(s) = TestServer::start_with(engine, |state| {
        state.holidays = std::sync::Arc::new(app::domain::calendar::Holidays::parse(stale).expect("a holidays file"));
    })
    .await
    else {
        return;
    };
    let res = Client::new().get(s.url("/health")).send().await.expect("health");
    assert_eq!(res.status(), StatusCode::OK, "the server still serves");
    let health: Value = res.json().await.expect("json");
    assert_eq!(health["holidays"]["status"], "missing", "{health}");
    assert!(health["holidays"]["message"].as_str().is_some_and(|m| m.contains("no holidays for 2026")), "{health}");
}

on_both_engines!(run =>
    every_server_function_allows_exactly_who_it_should,
    after_withdrawal_no_staff_request_returns_any_plan_text,
    a_carer_shares_two_sections_a_worker_reads_them_and_the_carer_sees_who_looked,
    bad_sharing_input_gets_a_clear_message_and_changes_nothing,
    the_health_check_says_loudly_when_the_holidays_file_misses_this_year,
    a_worker_adds_their_view_beside_the_carers_and_the_carer_reads_it,
    consent_changes_stop_at_thirty_a_day_but_withdrawing_never_does,
    the_sharing_page_shows_a_page_of_history_at_a_time_and_the_download_keeps_it_all,
    a_worker_is_told_why_a_plan_closed_to_them_and_never_who_has_it_now,
);

/// The sections a carer shares, alternately, to change them each time.
fn sections(n: usize) -> Value {
    if n.is_multiple_of(2) { json!(["area-health"]) } else { json!(["about-me", "area-health"]) }
}

/// "Download my data" for one carer, as JSON.
async fn download(s: &TestServer, who: &Actor) -> Value {
    let res = Client::new()
        .get(s.url("/my-data.json"))
        .header(header::COOKIE, who.cookie.clone().expect("signed in"))
        .send()
        .await
        .expect("download");
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.expect("JSON")
}

/// 4,358 share changes were once accepted from one carer in four minutes.
/// Now a day holds thirty gifts or changes of consent; the next is refused
/// with a message saying when, nothing stored is lost, and withdrawing is
/// never refused.
async fn consent_changes_stop_at_thirty_a_day_but_withdrawing_never_does(s: TestServer) {
    let (carer, carer_id) = register(&s, "Cara").await;
    write_and_hand_off(&s, &carer, "no").await;
    for n in 0..29 {
        let (share, sequence) = current_share(&s, &carer).await;
        carer.json(&s, "sharing/change", json!({"share_id": share, "sequence": sequence, "sections": sections(n)})).await;
    }
    let (share, sequence) = current_share(&s, &carer).await;
    assert_eq!(sequence, 30, "the gift and 29 changes");
    let (status, text) = carer.call(&s, "sharing/change", json!({"share_id": share, "sequence": sequence, "sections": sections(29)})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{text}");
    for words in ["30 times in the last 24 hours", "You can change it again in 24 hours", "You can still withdraw your consent at any time"]
    {
        assert!(text.contains(words), "{words}: {text}");
    }
    assert_eq!(current_share(&s, &carer).await, (share.clone(), 30), "nothing changed");

    // Without JavaScript the message is beside the choice, with what was ticked.
    let sequence_text = sequence.to_string();
    let (status, html) =
        carer.post(&s, "/sharing/change", &[("share_id", &share), ("sequence", &sequence_text), ("sections", "about-me")]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{html}");
    assert!(html.contains("There is a problem") && html.contains("30 times in the last 24 hours"), "{html}");
    assert!(html.contains(r#"value="about-me" checked"#) && !html.contains(r#"value="area-health" checked"#), "{html}");
    let (status, text) = carer.call(&s, "sharing/social-work", json!({"sections": ["area-health"]})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "giving a new consent counts too: {text}");

    // Withdrawing is never limited.
    carer.json(&s, "sharing/withdraw", json!({"share_id": share, "sequence": sequence})).await;
    let data = download(&s, &carer).await;
    assert_eq!(data["consent_records"].as_array().map(Vec::len), Some(31), "every record is kept");

    // Sharing again waits for the day to pass, and loses none of the answers.
    let hand_off_version = || async {
        let records = s.db.store.plan_records(carer_id).await.expect("plan");
        records.iter().find(|r| r.key.to_string() == "hand-off").expect("the hand-off answers").version
    };
    let version = hand_off_version().await;
    let (status, _) = carer.call(&s, "sharing/hand-off", json!({"version": version})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    s.clock.advance(24 * 60 * 60);
    let carer = sign_in_again(&s, "Cara").await;
    assert_eq!(hand_off_version().await, version, "the answers are still there");
    carer.json(&s, "sharing/hand-off", json!({"version": version})).await;
    assert_eq!(current_share(&s, &carer).await.1, 1, "shared again the next day");
}

/// The Sharing page and the `sharing` function hold one page of consent
/// records and of looks at the plan, newest first, with links to older
/// pages that work without JavaScript; "Download my data" still has all.
async fn the_sharing_page_shows_a_page_of_history_at_a_time_and_the_download_keeps_it_all(s: TestServer) {
    let (manager, _) = manager(&s).await;
    let (worker, _) = worker(&s, &manager, "Wendy Worker").await;
    let (carer, carer_id) = register(&s, "Cara").await;
    write_and_hand_off(&s, &carer, "no").await;
    for n in 0..24 {
        let (share, sequence) = current_share(&s, &carer).await;
        carer.json(&s, "sharing/change", json!({"share_id": share, "sequence": sequence, "sections": sections(n)})).await;
        s.clock.advance(1);
    }
    worker.answer(&s, app::api::worker::PickUp { carer_id }).await;
    for _ in 0..25 {
        worker.json(&s, "worker/plan", json!({"carer_id": carer_id, "section": null})).await;
        s.clock.advance(1);
    }

    let first = carer.answer(&s, app::api::sharing::Sharing { history_before: None, seen_before: None }).await;
    let history = first["history"].as_array().expect("history");
    assert_eq!(history.len(), 20, "one page");
    assert_eq!(history[0]["change"], "What is shared changed", "newest first");
    let older = first["older_history"].as_str().expect("an older page");
    let rest = carer.json(&s, "sharing", json!({"history_before": older})).await;
    let rest_history = rest["history"].as_array().expect("history");
    assert_eq!(rest_history.len(), 5);
    assert_eq!(rest_history[4]["change"], "Consent given", "the oldest last");
    assert!(rest["older_history"].is_null());
    let ids: BTreeSet<&str> = history.iter().chain(rest_history).filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids.len(), 25, "no record twice, none missed");

    assert_eq!(first["seen"].as_array().map(Vec::len), Some(20));
    let older_seen = first["older_seen"].as_str().expect("older looks");
    let rest = carer.json(&s, "sharing", json!({"seen_before": older_seen})).await;
    assert_eq!(rest["seen"].as_array().map(Vec::len), Some(5));
    assert!(rest["older_seen"].is_null());
    let unreadable = carer.json(&s, "sharing", json!({"history_before": "not-a-place", "seen_before": "1.2.3.4"})).await;
    assert_eq!(unreadable["history"], first["history"], "a place that cannot be read gives the newest page");

    // The page, without JavaScript: twenty receipts and a link to the rest.
    let (status, _, html) = carer.page(&s, "/sharing").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html.matches(">Receipt<").count(), 20, "{html}");
    assert_eq!(html.matches("Wendy Worker<br").count(), 20, "one page of looks");
    let link = |html: &str, words: &str| -> String {
        let end = html.find(&format!(">{words}</a>")).unwrap_or_else(|| panic!("no link {words}: {html}"));
        let start = html[..end].rfind("href=\"").expect("href") + 6;
        html[start..end].split('"').next().expect("href").replace("&amp;", "&")
    };
    let older = link(&html, "Older changes");
    assert!(older.starts_with("/sharing?history=") && older.ends_with("#consent-history"), "{older}");
    let (status, _, older_page) = carer.page(&s, older.split('#').next().unwrap_or_default()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(older_page.matches(">Receipt<").count(), 5);
    assert_eq!(older_page.matches("Wendy Worker<br").count(), 20, "the looks stay where they were");
    assert!(older_page.contains(">Newest changes</a>"));
    let older_looks = link(&older_page, "Older entries");
    assert!(older_looks.contains("history=") && older_looks.contains("seen="), "both lists keep their place: {older_looks}");
    let (_, _, both_older) = carer.page(&s, older_looks.split('#').next().unwrap_or_default()).await;
    assert_eq!((both_older.matches(">Receipt<").count(), both_older.matches("Wendy Worker<br").count()), (5, 5));

    // "Download my data" still has everything.
    let data = download(&s, &carer).await;
    assert_eq!(data["consent_records"].as_array().map(Vec::len), Some(25));
    assert_eq!(data["seen_by"].as_array().map(Vec::len), Some(25));
}

/// Everyone the matrix calls as, and the plans they reach for.
struct World {
    anonymous: Actor,
    owner: Actor,
    other_carer: Actor,
    idle_worker: Actor,
    allocated: Actor,
    reallocated_away: Actor,
    deactivated: Actor,
    manager: Actor,
    manager_id: uuid::Uuid,
    /// The owner's plan: allocated to `allocated`, which `reallocated_away` had first.
    owned: uuid::Uuid,
    /// A plan `allocated` picked up whose carer then withdrew.
    withdrawn: uuid::Uuid,
    share: (String, i64),
    receipt: String,
    /// The owner's plan as they signed it.
    agreed: String,
    /// The owner's plan, referred to social work with their consent.
    referral: String,
}

async fn world(s: &TestServer) -> World {
    let (manager, manager_id) = manager(s).await;
    let (idle_worker, _) = worker(s, &manager, "Ivy Idle").await;
    let (allocated, allocated_id) = worker(s, &manager, "Alex Allocated").await;
    let (reallocated_away, _) = worker(s, &manager, "Rory Reallocated").await;
    let (deactivated, deactivated_id) = worker(s, &manager, "Dana Deactivated").await;
    let (owner, owned) = register(s, "Owen").await;
    let (withdrawer, withdrawn) = register(s, "Wilma").await;
    let (third, third_id) = register(s, "Thea").await;
    let (other_carer, _) = register(s, "Olive").await;
    for carer in [&owner, &withdrawer, &third] {
        write_and_hand_off(s, carer, "yes").await;
    }
    reallocated_away.answer(s, app::api::worker::PickUp { carer_id: owned }).await;
    manager.json(s, "manager/reallocate", json!({"carer_id": owned, "worker_id": allocated_id.to_string()})).await;
    write_support_plan(s, &allocated, owned).await;
    let (status, text) = send_to_carer(s, &allocated, owned, "", "").await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let agreed = sign(s, &owner).await;
    owner.json(s, "sharing/social-work", json!({"sections": ["area-health"]})).await;
    let referral = allocated
        .json(s, "worker/refer", json!({"carer_id": owned, "sections": ["area-health"], "legal_reason": null}))
        .await
        .as_str()
        .expect("a referral id")
        .to_owned();
    allocated.answer(s, app::api::worker::PickUp { carer_id: withdrawn }).await;
    let (share_id, sequence) = current_share(s, &withdrawer).await;
    withdrawer.json(s, "sharing/withdraw", json!({"share_id": share_id, "sequence": sequence})).await;
    deactivated.answer(s, app::api::worker::PickUp { carer_id: third_id }).await;
    manager.json(s, "manager/deactivate", json!({"user_id": deactivated_id})).await;
    let share = current_share(s, &owner).await;
    let view = owner.answer(s, app::api::sharing::Sharing { history_before: None, seen_before: None }).await;
    let receipt = view["history"][0]["id"].as_str().expect("a receipt").to_owned();
    World {
        anonymous: Actor { cookie: None },
        owner,
        other_carer,
        idle_worker,
        allocated,
        reallocated_away,
        deactivated,
        manager,
        manager_id,
        owned,
        withdrawn,
        share,
        receipt,
        agreed,
        referral,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    Owner,
    OtherCarer,
    IdleWorker,
    Allocated,
    AllocatedAfterWithdrawal,
    ReallocatedAway,
    Deactivated,
    Manager,
}

const EVERYONE: [Who; 9] = [
    Who::Anonymous,
    Who::Owner,
    Who::OtherCarer,
    Who::IdleWorker,
    Who::Allocated,
    Who::AllocatedAfterWithdrawal,
    Who::ReallocatedAway,
    Who::Deactivated,
    Who::Manager,
];
const CARERS: &[Who] = &[Who::Owner, Who::OtherCarer];
const WORKERS: &[Who] = &[Who::IdleWorker, Who::Allocated, Who::AllocatedAfterWithdrawal, Who::ReallocatedAway];
const STAFF: &[Who] = &[Who::IdleWorker, Who::Allocated, Who::AllocatedAfterWithdrawal, Who::ReallocatedAway, Who::Manager];

/// One row of the matrix: a server function, the body each caller sends
/// (given the plan they reach for), and who may call it. `None`: open to
/// everyone (signing in, registering), called by a visitor only.
struct Row {
    function: &'static str,
    body: fn(&World, uuid::Uuid) -> Value,
    allowed: Option<&'static [Who]>,
}

fn rows() -> Vec<Row> {
    vec![
        Row { function: "register", body: |_, _| json!({"form": {"name": "", "email": "no", "password": ""}}), allowed: None },
        Row { function: "sign-in", body: |_, _| json!({"form": {"email": "nobody@example.org", "password": ""}}), allowed: None },
        Row { function: "sign-out", body: |_, _| json!({}), allowed: None },
        Row { function: "whoami", body: |_, _| json!({}), allowed: None },
        Row { function: "invitation", body: |_, _| json!({"token": "made-up"}), allowed: None },
        Row { function: "set-password", body: |_, _| json!({"form": {"token": "made-up", "password": ""}}), allowed: None },
        Row { function: "staff", body: |_, _| json!({}), allowed: Some(&[Who::Manager]) },
        Row {
            function: "staff/create",
            body: |_, _| json!({"form": {"name": "", "email": "", "role": "worker"}}),
            allowed: Some(&[Who::Manager]),
        },
        Row { function: "plan", body: |_, _| json!({}), allowed: Some(CARERS) },
        Row {
            function: "plan/answers",
            body: |_, _| json!({"key": "emergency", "base_version": 999, "changes": {"contacts": "x"}}),
            allowed: Some(CARERS),
        },
        Row {
            function: "plan/section",
            body: |_, _| json!({"key": "emergency", "base_version": 999, "fields": {"contacts": "x"}}),
            allowed: Some(CARERS),
        },
        Row {
            function: "plan/remove",
            body: |_, _| json!({"key": format!("person:{}", uuid::Uuid::nil()), "base_version": 1}),
            allowed: Some(CARERS),
        },
        Row { function: "plan/review-now", body: |_, _| json!({}), allowed: Some(CARERS) },
        Row { function: "sharing", body: |_, _| json!({}), allowed: Some(CARERS) },
        Row { function: "sharing/state", body: |_, _| json!({}), allowed: Some(CARERS) },
        Row { function: "sharing/choose", body: |_, _| json!({"version": 0, "sections": ["nowhere"]}), allowed: Some(CARERS) },
        Row { function: "sharing/hand-off", body: |_, _| json!({"version": -5}), allowed: Some(CARERS) },
        Row {
            function: "sharing/change",
            body: |w, _| json!({"share_id": w.share.0, "sequence": 999, "sections": ["about-me"]}),
            allowed: Some(&[Who::Owner]),
        },
        Row { function: "sharing/withdraw", body: |w, _| json!({"share_id": w.share.0, "sequence": 999}), allowed: Some(&[Who::Owner]) },
        Row { function: "sharing/receipt", body: |w, _| json!({"id": w.receipt}), allowed: Some(&[Who::Owner]) },
        Row { function: "worker/queue", body: |_, _| json!({}), allowed: Some(STAFF) },
        Row { function: "worker/caseload", body: |_, _| json!({}), allowed: Some(WORKERS) },
        // Any worker may try (and is told who has it); nobody else may.
        Row { function: "worker/pick-up", body: |_, plan| json!({"carer_id": plan}), allowed: Some(WORKERS) },
        Row { function: "worker/plan", body: |_, plan| json!({"carer_id": plan, "section": null}), allowed: Some(&[Who::Allocated]) },
        Row {
            function: "worker/answers",
            body: |_, plan| json!({"carer_id": plan, "key": "worker-area:health", "base_version": 999, "changes": {"notes": "x"}}),
            allowed: Some(&[Who::Allocated]),
        },
        Row {
            function: "worker/section",
            body: |_, plan| json!({"carer_id": plan, "key": "worker-area:health", "base_version": 999, "fields": {"notes": "x"}}),
            allowed: Some(&[Who::Allocated]),
        },
        Row {
            function: "worker/remove",
            body: |_, plan| json!({"carer_id": plan, "key": format!("worker-action:{}", uuid::Uuid::nil()), "base_version": 1}),
            allowed: Some(&[Who::Allocated]),
        },
        Row { function: "manager/allocations", body: |_, _| json!({}), allowed: Some(&[Who::Manager]) },
        Row {
            function: "manager/reallocate",
            body: |w, plan| json!({"carer_id": plan, "worker_id": w.manager_id.to_string()}),
            allowed: Some(&[Who::Manager]),
        },
        Row { function: "manager/deactivate", body: |w, _| json!({"user_id": w.manager_id}), allowed: Some(&[Who::Manager]) },
        Row { function: "agreement", body: |_, _| json!({}), allowed: Some(CARERS) },
        // The owner already shares with social work: told so (409); nothing
        // chosen for anyone else (422).
        Row { function: "sharing/social-work", body: |_, _| json!({"sections": []}), allowed: Some(CARERS) },
        Row {
            function: "worker/refer",
            body: |_, plan| json!({"carer_id": plan, "sections": [], "legal_reason": null}),
            allowed: Some(&[Who::Allocated]),
        },
        // The referral of the plan each caller reaches for (the withdrawn plan has none).
        Row {
            function: "worker/referral",
            body: |w, plan| json!({"id": if plan == w.owned { w.referral.clone() } else { uuid::Uuid::nil().to_string() }}),
            allowed: Some(&[Who::Allocated]),
        },
        Row { function: "manager/referrals", body: |_, _| json!({}), allowed: Some(&[Who::Manager]) },
        Row { function: "manager/figures", body: |_, _| json!({}), allowed: Some(&[Who::Manager]) },
        Row { function: "manager/plan", body: |_, plan| json!({"carer_id": plan}), allowed: Some(&[Who::Manager]) },
        // Nothing is waiting to be signed: a carer is told so (409).
        Row { function: "agreement/sign", body: |_, _| json!({"version": 999, "fingerprint": "0"}), allowed: Some(CARERS) },
        Row { function: "agreement/comment", body: |_, _| json!({"version": 999, "comment": "x"}), allowed: Some(CARERS) },
        Row { function: "agreement/agreed", body: |w, _| json!({"id": w.agreed}), allowed: Some(&[Who::Owner]) },
        Row {
            function: "worker/send",
            body: |_, plan| json!({"carer_id": plan, "version": 999, "review_on": "", "answer": ""}),
            allowed: Some(&[Who::Allocated]),
        },
        Row { function: "deletion", body: |_, _| json!({}), allowed: Some(CARERS) },
        // Nothing chosen, no password: told so (422) before anything is checked or deleted.
        Row { function: "deletion/now", body: |_, _| json!({"scope": "", "password": ""}), allowed: Some(CARERS) },
        Row { function: "manager/deletions", body: |_, _| json!({}), allowed: Some(&[Who::Manager]) },
        // No request at that version: a manager is told so (409 or 422).
        Row {
            function: "manager/deletions/complete",
            body: |_, plan| json!({"carer_id": plan, "version": 999}),
            allowed: Some(&[Who::Manager]),
        },
        Row {
            function: "manager/deletions/hold",
            body: |_, plan| json!({"carer_id": plan, "version": 999, "ground": "", "note": "", "review_on": ""}),
            allowed: Some(&[Who::Manager]),
        },
        Row {
            function: "manager/deletions/release",
            body: |_, plan| json!({"carer_id": plan, "version": 999}),
            allowed: Some(&[Who::Manager]),
        },
        // Last, because the owner asking withdraws their shares (the other
        // carer never shared, so is told to delete at once instead: 409).
        Row { function: "deletion/ask", body: |_, _| json!({}), allowed: Some(CARERS) },
    ]
}

fn actor(w: &World, who: Who) -> (&Actor, uuid::Uuid) {
    match who {
        Who::Anonymous => (&w.anonymous, w.owned),
        Who::Owner => (&w.owner, w.owned),
        Who::OtherCarer => (&w.other_carer, w.owned),
        Who::IdleWorker => (&w.idle_worker, w.owned),
        Who::Allocated => (&w.allocated, w.owned),
        Who::AllocatedAfterWithdrawal => (&w.allocated, w.withdrawn),
        Who::ReallocatedAway => (&w.reallocated_away, w.owned),
        Who::Deactivated => (&w.deactivated, w.owned),
        Who::Manager => (&w.manager, w.owned),
    }
}

async fn every_server_function_allows_exactly_who_it_should(s: TestServer) {
    let rows = rows();
    let registered: BTreeSet<String> =
        leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path.trim_start_matches("/api/").to_owned()).collect();
    let tabled: BTreeSet<String> = rows.iter().map(|r| r.function.to_owned()).collect();
    assert_eq!(registered, tabled, "every server function the server registers needs a row here, and only those");

    let w = world(&s).await;
    let mut wrong = Vec::new();
    for row in &rows {
        let Some(allowed) = row.allowed else {
            let (status, text) = w.anonymous.call(&s, row.function, (row.body)(&w, w.owned)).await;
            if status.is_server_error() || text.contains(CANARY) {
                wrong.push(format!("{} as a visitor: {status} {text}", row.function));
            }
            continue;
        };
        for who in EVERYONE {
            let (caller, plan) = actor(&w, who);
            let (status, text) = caller.call(&s, row.function, (row.body)(&w, plan)).await;
            // Allowed: the call got past "who are you" (it may still be
            // refused on its content: a stale version, a bad field).
            let got_in = matches!(status.as_u16(), 200 | 409 | 422);
            let refused = matches!(status.as_u16(), 401 | 403 | 404);
            let should = allowed.contains(&who);
            if (should && !got_in) || (!should && !refused) {
                wrong.push(format!("{} as {who:?}: {status} {text}", row.function));
            }
            if !should && text.contains(CANARY) {
                wrong.push(format!("{} as {who:?} was refused but sent plan text", row.function));
            }
        }
    }
    assert!(wrong.is_empty(), "the matrix does not hold:\n{}", wrong.join("\n"));
}

async fn after_withdrawal_no_staff_request_returns_any_plan_text(s: TestServer) {
    let w = world(&s).await;
    let plan = w.withdrawn;
    // The worker who had it, another worker, and the manager.
    for (who, caller) in [("the allocated worker", &w.allocated), ("another worker", &w.idle_worker), ("the manager", &w.manager)] {
        // Every part of a plan, by every way in: the overview, each section, the print view.
        let framework = app::framework::Framework::shipped("scotland").expect("framework");
        let mut every = vec![Value::Null, json!("all"), json!("support")];
        every.extend(app::domain::sharing::Section::all(&framework).iter().map(|s| json!(s.to_string())));
        for section in every {
            let (status, text) = caller.call(&s, "worker/plan", json!({"carer_id": plan, "section": section})).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who} opening {section}: {text}");
            assert!(!text.contains(CANARY) && !text.contains(UNSHARED), "{who} got plan text: {text}");
        }
        for path in [
            format!("/worker/plan/{plan}"),
            format!("/worker/plan/{plan}/about-me"),
            format!("/worker/plan/{plan}/area-health"),
            format!("/worker/plan/{plan}/all"),
            format!("/worker/plan/{plan}/area-finance"),
            format!("/worker/support/{plan}"),
        ] {
            let (status, headers, html) = caller.page(&s, &path).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who} opening {path}");
            assert!(html.contains("The carer has withdrawn consent"), "{who} at {path} is told why: {html}");
            assert!(!html.contains(CANARY) && !html.contains(UNSHARED), "{who} at {path} saw plan text");
            assert_eq!(headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()), Some("no-store"), "{path}");
        }
        for function in ["worker/queue", "worker/caseload", "manager/allocations"] {
            let (_, text) = caller.call(&s, function, json!({})).await;
            assert!(!text.contains(CANARY), "{who} calling {function}");
        }
    }
    let caseload = w.allocated.answer(&s, app::api::worker::Caseload {}).await.to_string();
    assert!(caseload.contains("Withdrawn") && caseload.contains(&plan.to_string()), "{caseload}");
    assert!(!caseload.contains("Wilma"), "only the line that consent was withdrawn remains: {caseload}");
    let queue = w.manager.answer(&s, app::api::worker::WorkerQueue {}).await.to_string();
    assert!(!queue.contains(&plan.to_string()), "a withdrawn plan leaves the queue");
    // The same worker can still open the plan they do have: the refusal is about withdrawal, not them.
    let (status, text) = w.allocated.call(&s, "worker/plan", json!({"carer_id": w.owned, "section": "area-health"})).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(text.contains(CANARY));
}

async fn a_carer_shares_two_sections_a_worker_reads_them_and_the_carer_sees_who_looked(s: TestServer) {
    let (manager, _) = manager(&s).await;
    let (worker, _) = worker(&s, &manager, "Wendy Worker").await;
    let (carer, carer_id) = register(&s, "Cara").await;
    write_and_hand_off(&s, &carer, "yes").await;
    let view = carer.answer(&s, app::api::sharing::Sharing { history_before: None, seen_before: None }).await;
    assert!(view["state"]["Waiting"]["due_by"].as_str().is_some(), "the carer is told by when: {view}");

    let queue = worker.answer(&s, app::api::worker::WorkerQueue {}).await;
    let row = &queue["rows"][0];
    assert_eq!(row["carer_name"], "Cara");
    assert_eq!(row["sections"], json!(["About me and my caring role", "Health and wellbeing"]));
    assert_eq!(row["clocks"].as_array().map(Vec::len), Some(3), "terminal illness: three clocks");
    // Identified and asked on Monday 21 September 2026: each clock with the day it counts to.
    assert_eq!(row["clocks"][0], json!(["Support plan offered", "due in 1 working day (Tuesday 22 September 2026)", false]));
    assert_eq!(row["clocks"][1], json!(["First conversation", "due in 4 working days (Friday 25 September 2026)", false]));
    let (_, _, queue_page) = worker.page(&s, "/worker").await;
    assert!(queue_page.contains("Plan prepared: due in 9 working days (Friday 2 October 2026)"), "{queue_page}");
    assert!(!queue.to_string().contains(CANARY), "the queue shows no plan text");
    let (status, _) = worker.call(&s, "worker/plan", json!({"carer_id": carer_id, "section": "area-health"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "nobody reads a plan before picking it up");

    worker.answer(&s, app::api::worker::PickUp { carer_id }).await;
    let overview = worker.json(&s, "worker/plan", json!({"carer_id": carer_id, "section": null})).await;
    assert_eq!(overview["contact"]["safe_to_leave_message"], false);
    let health = worker.json(&s, "worker/plan", json!({"carer_id": carer_id, "section": "area-health"})).await.to_string();
    assert!(health.contains(&format!("Health: {CANARY}")) && !health.contains("About me:"), "{health}");
    let all = worker.json(&s, "worker/plan", json!({"carer_id": carer_id, "section": "all"})).await.to_string();
    assert!(all.contains("About me:") && !all.contains(UNSHARED), "everything shared and nothing else: {all}");
    for unshared in ["area-finance", "breaks", "hand-off", "../about-me"] {
        let (status, text) = worker.call(&s, "worker/plan", json!({"carer_id": carer_id, "section": unshared})).await;
        assert!(matches!(status.as_u16(), 403 | 404), "{unshared}: {status}");
        assert!(!text.contains(UNSHARED));
    }
    let (status, _, html) = worker.page(&s, &format!("/worker/plan/{carer_id}/area-finance")).await;
    assert!(matches!(status.as_u16(), 403 | 404) && !html.contains(UNSHARED), "a URL for a section not shared is refused");

    let view = carer.answer(&s, app::api::sharing::Sharing { history_before: None, seen_before: None }).await;
    assert_eq!(view["state"]["WithWorker"]["worker"], "Wendy Worker");
    let seen = view["seen"].as_array().expect("seen");
    let what: Vec<&str> = seen.iter().map(|r| r["what"].as_str().unwrap_or_default()).collect();
    assert_eq!(
        what,
        ["Everything you share, all at once", "Health and wellbeing", "Your contact details and the list of what you share"],
        "every look, newest first, and no refused one"
    );
    assert!(seen.iter().all(|r| r["who"] == "Wendy Worker" && r["role"] == "Carer support worker"));

    // Narrowing the share takes effect on the next request.
    let (share, sequence) = current_share(&s, &carer).await;
    carer.json(&s, "sharing/change", json!({"share_id": share, "sequence": sequence, "sections": ["area-health"]})).await;
    let (status, _) = worker.call(&s, "worker/plan", json!({"carer_id": carer_id, "section": "about-me"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "About me is no longer shared");
    let records =
        carer.answer(&s, app::api::sharing::Sharing { history_before: None, seen_before: None }).await["history"].as_array().map(Vec::len);
    assert_eq!(records, Some(2), "the change added a consent record");
}

async fn bad_sharing_input_gets_a_clear_message_and_changes_nothing(s: TestServer) {
    let (carer, _) = register(&s, "Bea").await;
    // Sending with nothing answered: each message links to its answer's row, whose Change link opens its page.
    let (status, html) = carer.post(&s, "/ready/check", &[("__version", "0")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for (row, change) in [("sections", "/ready/sections"), ("contact", "/ready/contact"), ("person", "/ready/person")] {
        assert!(html.contains(&format!("href=\"#{row}\"")) && html.contains(&format!("id=\"{row}\"")), "{row}: {html}");
        assert!(html.contains(&format!("href=\"{change}\"")), "{change}");
    }
    let (status, text) = carer.call(&s, "sharing/choose", json!({"version": 0, "sections": ["area-nowhere"]})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert!(text.contains("Choose again"), "{text}");
    write_and_hand_off(&s, &carer, "no").await;
    // Finance has answers but the carer now says they would rather not talk about it.
    carer.json(&s, "plan/answers", json!({"key": "area:finance", "base_version": 1, "changes": {"skip": "yes"}})).await;
    let (share, sequence) = current_share(&s, &carer).await;
    let cases = [
        ("sharing/change", json!({"share_id": share, "sequence": sequence, "sections": ["area-finance"]}), 422, "Choose again"),
        ("sharing/change", json!({"share_id": share, "sequence": sequence, "sections": ["nowhere"]}), 422, "Choose again"),
        ("sharing/change", json!({"share_id": share, "sequence": sequence, "sections": []}), 422, "withdraw"),
        ("sharing/change", json!({"share_id": share, "sequence": sequence - 1, "sections": ["about-me"]}), 409, "another window"),
        ("sharing/hand-off", json!({"version": 1}), 409, ""),
        ("sharing/change", json!({"share_id": share, "sequence": "one", "sections": []}), 400, ""),
    ];
    for (function, body, expected, says) in cases {
        let (status, text) = carer.call(&s, function, body.clone()).await;
        assert_eq!(status.as_u16(), expected, "{function} {body}: {text}");
        assert!(text.contains(says), "{function} {body}: {text}");
    }
    carer.json(&s, "sharing/withdraw", json!({"share_id": share, "sequence": sequence})).await;
    let (status, text) = carer.call(&s, "sharing/withdraw", json!({"share_id": share, "sequence": sequence + 1})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{text}");
    assert!(text.contains("already withdrawn"), "{text}");
    let view = carer.answer(&s, app::api::sharing::Sharing { history_before: None, seen_before: None }).await;
    assert_eq!(view["history"].as_array().map(Vec::len), Some(2), "given, withdrawn; nothing else: {view}");
}

async fn a_worker_adds_their_view_beside_the_carers_and_the_carer_reads_it(s: TestServer) {
    let (manager, _) = manager(&s).await;
    let (other, _) = worker(&s, &manager, "Owen Other").await;
    let (worker, _) = worker(&s, &manager, "Wendy Worker").await;
    let (carer, carer_id) = register(&s, "Cara").await;
    write_and_hand_off(&s, &carer, "no").await;
    let part =
        |key: &str, version: i64, changes: Value| json!({"carer_id": carer_id, "key": key, "base_version": version, "changes": changes});
    let (status, _) = worker.call(&s, "worker/answers", part("worker-area:health", 0, json!({"notes": "too soon"}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "nobody writes in a plan before picking it up");
    worker.answer(&s, app::api::worker::PickUp { carer_id }).await;

    // The worker rates Health lower than the carer did, and writes notes.
    let saved = worker
        .json(&s, "worker/answers", part("worker-area:health", 0, json!({"rating": "low", "notes": "Sleeping better: osprey"})))
        .await;
    assert_eq!(version_of(&saved), 1);
    let overview = worker.json(&s, "worker/plan", json!({"carer_id": carer_id, "section": null})).await;
    assert_eq!(overview["support"]["level"], "SelfManaged", "the worker's rating counts where they gave one: {overview}");
    for (who, caller, status) in [("another worker", &other, 403), ("the carer", &carer, 403)] {
        let (got, _) = caller.call(&s, "worker/answers", part("worker-area:health", 1, json!({"notes": "x"}))).await;
        assert_eq!(got.as_u16(), status, "{who}");
    }
    let (status, _) =
        carer.call(&s, "plan/answers", json!({"key": "worker-area:health", "base_version": 1, "changes": {"notes": "mine now"}})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the carer cannot write the worker's part");
    let (status, _) = worker.call(&s, "worker/answers", part("worker-area:finance", 0, json!({"notes": "x"}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no notes on an area that is not shared");
    let (status, _) = worker.call(&s, "worker/answers", part("area:health", 0, json!({"now": "x"}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the worker cannot write the carer's answers");

    // A level other than the suggested one needs a reason.
    let plan_page = |fields: Value| json!({"carer_id": carer_id, "key": "worker-plan", "base_version": 0, "fields": fields});
    let (status, text) =
        worker.call(&s, "worker/section", plan_page(json!({"has_needs": "yes", "needs": "A break", "support_level": "priority"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert!(text.contains("level_reason"), "{text}");
    let reasoned = json!({"has_needs": "yes", "needs": "A break every month", "support_level": "priority",
        "outcomes": "Sleep through two nights a week: dipper",
        "level_reason": "Her mother's condition is getting worse quickly"});
    worker.json(&s, "worker/section", plan_page(reasoned)).await;

    // An action agreed with the carer: added, read by the carer, removed only by the worker.
    let action = format!("worker-action:{}", uuid::Uuid::new_v4());
    let agreed = json!({"carer_id": carer_id, "key": action, "base_version": 0,
        "fields": {"text": "Ask about a sitting service: kestrel", "who": "carers-centre", "target": "2027-01-15"}});
    worker.json(&s, "worker/section", agreed).await;
    let (status, _, overview) = worker.page(&s, &format!("/worker/plan/{carer_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(overview.contains("Ask about a sitting service: kestrel") && overview.contains("Add an agreed action"), "{overview}");
    let (status, _) = carer.call(&s, "plan/remove", json!({"key": action, "base_version": 1})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the carer cannot remove the worker's action");

    // The carer reads all of it, beside their own answers.
    let (_, _, summary) = carer.page(&s, "/plan/summary").await;
    for words in [
        "Your worker&#x27;s rating",
        "Low impact (you rated it substantial impact)",
        "Sleeping better: osprey",
        "A break every month",
        "getting worse quickly",
        "Sleep through two nights a week: dipper",
    ] {
        assert!(summary.contains(words) || summary.contains(&words.replace("&#x27;", "'")), "{words} is not on the carer's summary");
    }
    assert!(
        summary.contains("Ask about a sitting service: kestrel") && summary.contains("by 15 January 2027"),
        "the agreed action is in the carer's plan"
    );
    let (status, text) = worker.call(&s, "worker/remove", json!({"carer_id": carer_id, "key": action, "base_version": 7})).await;
    assert_eq!((status, text.as_str()), (StatusCode::OK, "false"), "a stale removal removes nothing");
    let removed = worker.json(&s, "worker/remove", json!({"carer_id": carer_id, "key": action, "base_version": 1})).await;
    assert_eq!(removed, json!(true));
    let (_, _, summary) = carer.page(&s, "/plan/summary").await;
    assert!(!summary.contains("kestrel"), "removed");
    let (_, _, area) = carer.page(&s, "/plan/area/health").await;
    assert!(area.contains("Sleeping better: osprey"), "the carer's own area page shows the worker's notes");

    // After withdrawal the worker writes nothing more.
    let (share, sequence) = current_share(&s, &carer).await;
    carer.json(&s, "sharing/withdraw", json!({"share_id": share, "sequence": sequence})).await;
    let (status, text) = worker.call(&s, "worker/answers", part("worker-area:health", 1, json!({"notes": "after"}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(text.contains("ConsentWithdrawn"), "{text}");
}

/// A worker who loses a plan is told why, on every page of it and when
/// they save: the carer withdrew, asked for deletion, or a manager moved
/// the plan (never to whom). A worker who never had it learns nothing. A
/// worker whose account was closed while a page was open is told so once,
/// and their browser is told to forget what it kept.
async fn a_worker_is_told_why_a_plan_closed_to_them_and_never_who_has_it_now(s: TestServer) {
    let w = world(&s).await;
    let save = |carer: uuid::Uuid| json!({"carer_id": carer, "key": "worker-area:health", "base_version": 0, "changes": {"notes": "Spoke about sleep"}});
    // Moved: the worker who had it, on every page and when saving.
    let (status, text) = w.reallocated_away.call(&s, "worker/answers", save(w.owned)).await;
    assert_eq!((status, text.as_str()), (StatusCode::FORBIDDEN, "\"PlanMoved\""));
    for path in
        [format!("/worker/plan/{}", w.owned), format!("/worker/plan/{}/area-health", w.owned), format!("/worker/support/{}", w.owned)]
    {
        let (status, _, html) = w.reallocated_away.page(&s, &path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(html.contains("This plan has been moved") && html.contains("a manager has moved it"), "{path}: {html}");
        assert!(!html.contains("Alex Allocated") && !html.contains(CANARY), "{path}: never who has it, nor the plan");
    }
    // A worker who never had it is told nothing more than before.
    let (status, text) = w.idle_worker.call(&s, "worker/answers", save(w.owned)).await;
    assert_eq!((status, text.as_str()), (StatusCode::FORBIDDEN, "\"Forbidden\""));
    let (_, _, html) = w.idle_worker.page(&s, &format!("/worker/plan/{}", w.owned)).await;
    assert!(!html.contains("moved"), "{html}");

    // Withdrawn, then asked for deletion: the worker who had it is told each.
    let (status, text) = w.allocated.call(&s, "worker/answers", save(w.withdrawn)).await;
    assert_eq!((status, text.as_str()), (StatusCode::FORBIDDEN, "\"ConsentWithdrawn\""));
    let (asker, asker_id) = register(&s, "Della").await;
    write_and_hand_off(&s, &asker, "no").await;
    w.allocated.answer(&s, app::api::worker::PickUp { carer_id: asker_id }).await;
    asker.answer(&s, app::api::deletion::AskForDeletion {}).await;
    let (status, text) = w.allocated.call(&s, "worker/answers", save(asker_id)).await;
    assert_eq!((status, text.as_str()), (StatusCode::FORBIDDEN, "\"PlanDeleted\""));
    let (status, _, html) = w.allocated.page(&s, &format!("/worker/plan/{asker_id}/area-health")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("The carer has asked for their plan to be deleted"), "{html}");

    // Closed: the deactivated worker's page, still open, is told once, and
    // its browser is told to forget what it kept; after that, signed out.
    let (closing, closing_id) = worker(&s, &w.manager, "Cal Closing").await;
    w.manager.json(&s, "manager/deactivate", json!({"user_id": closing_id})).await;
    let res = Client::new()
        .post(s.url("/api/worker/answers"))
        .header(header::COOKIE, closing.cookie.clone().expect("signed in"))
        .json(&save(w.owned))
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(res.headers().get("clear-site-data").and_then(|v| v.to_str().ok()), Some("\"storage\""));
    assert_eq!(res.text().await.expect("body"), "\"AccountClosed\"");
    let (status, text) = closing.call(&s, "worker/answers", save(w.owned)).await;
    assert_eq!((status, text.as_str()), (StatusCode::UNAUTHORIZED, "\"Unauthorized\""));
}
